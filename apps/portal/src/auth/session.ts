// Who is signed in, read from the access token's claims (infra/keycloak/README.md): name,
// tenant, roles, and the deputy or unit the account is linked to.
import type { TenantIndex } from '../tenant-index.ts';

export const ROLES = ['deputy', 'liaison', 'staff', 'leader', 'handler', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  userId: string;
  username: string;
  /** Family name first, no space: 廖春花 (Keycloak's own full name would be "春花 廖"). */
  displayName: string;
  tenantCode: string;
  tenantPath: string;
  roles: Role[];
  deputyId?: string;
  unitId?: string;
  /** Every seat's tenant (Keycloak group paths), e.g. a city deputy who also sits in a county. */
  groups: string[];
  /** Seconds since the epoch when the access token expires. */
  expiresAt: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function sessionFromClaims(claims: Record<string, unknown>): Session {
  const realmRoles = ((claims.realm_access as { roles?: unknown } | undefined)?.roles ?? []) as unknown[];
  const roles = ROLES.filter((r) => realmRoles.includes(r));
  const family = str(claims.family_name) ?? '';
  const given = str(claims.given_name) ?? '';
  const username = str(claims.preferred_username) ?? '';
  const tenantPath = str(claims.tenant_path) ?? '';
  return {
    userId: str(claims.sub) ?? '',
    username,
    displayName: `${family}${given}` || str(claims.name) || username,
    tenantCode: str(claims.tenant_code) ?? tenantPath.split('/').pop() ?? '',
    tenantPath,
    roles,
    ...(str(claims.deputy_id) ? { deputyId: str(claims.deputy_id) } : {}),
    ...(str(claims.unit_id) ? { unitId: str(claims.unit_id) } : {}),
    groups: Array.isArray(claims.groups) ? claims.groups.filter((g): g is string => typeof g === 'string') : [],
    expiresAt: typeof claims.exp === 'number' ? claims.exp : 0,
  };
}

/** Where each role works; a person with several roles starts at the first of this order. */
const HOME_ORDER: [Role, string][] = [
  ['deputy', '/work/deputy'],
  ['staff', '/work/staff'],
  ['handler', '/work/handler'],
  ['leader', '/work/leader'],
  ['liaison', '/work/liaison'],
];

export function homePath(roles: readonly Role[]): string {
  return HOME_ORDER.find(([role]) => roles.includes(role))?.[1] ?? '/work/account';
}

/** Roles whose rights cover the user's tenant and every tenant below it. */
const SUBTREE_ROLES: Role[] = ['staff', 'leader', 'admin', 'liaison', 'finance'];

/**
 * The tenants the user may look at: for supervising roles their tenant's whole subtree; for
 * everyone, each seat's tenant. Empty when there is nothing to switch between.
 */
export function switchableTenants(session: Session, index: TenantIndex): string[] {
  const codes = new Set<string>();
  if (session.roles.some((r) => SUBTREE_ROLES.includes(r))) {
    const walk = (code: string) => {
      codes.add(code);
      for (const child of index.children(code)) walk(child.code);
    };
    if (index.get(session.tenantCode)) walk(session.tenantCode);
  }
  for (const group of session.groups) {
    const seat = index.byGroupPath(group);
    if (seat) codes.add(seat.code);
  }
  codes.add(session.tenantCode);
  return codes.size > 1 ? [...codes] : [];
}
