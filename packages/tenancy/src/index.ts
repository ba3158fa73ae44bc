// @onenet/tenancy — the tenant directory (region → city → county → township). The tree is read
// from infra/keycloak/tenants.json, the same file the Keycloak realm's groups are generated from,
// or from the file ONENET_TENANTS_FILE names (a realm generated for load tests, whose services
// and identity provider must agree on a larger tree).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { TenantDirectory, type Tenant } from './directory.ts';
import { parseTenantTree } from './tree.ts';

export { TenantDirectory, UnknownTenantError, type Tenant } from './directory.ts';
export {
  InvalidTenantTreeError,
  TENANT_KINDS,
  parseTenantTree,
  type TenantKind,
  type TenantNode,
} from './tree.ts';
export {
  InvalidTenantPathError,
  canSee,
  codeOfPath,
  isTenantPath,
  isWithin,
  relation,
  type TenantRelation,
} from './paths.ts';

export const DEFAULT_TENANTS_FILE = fileURLToPath(new URL('../../../infra/keycloak/tenants.json', import.meta.url));

export function loadTenantDirectory(file: string = DEFAULT_TENANTS_FILE): TenantDirectory {
  return new TenantDirectory(parseTenantTree(JSON.parse(readFileSync(file, 'utf8'))));
}

/** The tenants file this process uses: ONENET_TENANTS_FILE when set, else infra/keycloak/tenants.json. */
export const TENANTS_FILE: string = process.env.ONENET_TENANTS_FILE || DEFAULT_TENANTS_FILE;

/** The platform's tenant directory, read once from TENANTS_FILE. */
export const tenants: TenantDirectory = loadTenantDirectory(TENANTS_FILE);

// The same lookups as plain functions on the platform directory.
export const getTenant = (code: string): Tenant | undefined => tenants.getTenant(code);
export const parent = (code: string): Tenant | undefined => tenants.parent(code);
export const children = (code: string): Tenant[] => tenants.children(code);
export const ancestors = (code: string): Tenant[] => tenants.ancestors(code);
export const descendants = (code: string): Tenant[] => tenants.descendants(code);
export const pathOf = (code: string): string => tenants.pathOf(code);
export const kindOf = (code: string): Tenant['kind'] => tenants.kindOf(code);
export const levelOf = (code: string): number => tenants.levelOf(code);
