// What the route modules share: the service's dependencies, the request's tenant scope, access
// declarations, tenant parameters, and "export any list to Excel".
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Access, Principal } from '@onenet/auth';
import { requirePrincipal, type ServiceContext } from '@onenet/kit';
import { getTenant } from '@onenet/tenancy';
import type { registryConfig } from '../config.ts';
import type { RegistryDatabase } from '../db/schema.ts';
import type { Scope } from '../db/scope.ts';
import type { LedgerColumn, LedgerRow } from '../domain/ledgers.ts';
import { listXlsx, XLSX_CONTENT_TYPE } from '../files/ledger-files.ts';
import type { FileStorage } from '@onenet/files';
import type { Secrets } from '../secrets.ts';

export interface RouteDeps {
  ctx: ServiceContext<typeof registryConfig, RegistryDatabase>;
  secrets: Secrets;
  storage: FileStorage;
}

// ---- who may call what (each route declares one of these in config.access)
/** Anyone, without login: the public site. */
export const PUBLIC: Access = { public: true };
/** Reading the registry: congress staff, leaders, admins and the liaisons who run groups. */
export const READERS: Access = { roles: ['staff', 'admin', 'leader', 'liaison'], tenant: ['self', 'descendant'] };
/** Reading one's own record, besides the readers above. */
export const READERS_OR_DEPUTY: Access = { roles: ['staff', 'admin', 'leader', 'liaison', 'deputy'], tenant: ['self', 'descendant'] };
/** People and mandates: the staff of the congress that elected them. */
export const REGISTRARS: Access = { roles: ['staff', 'admin'], tenant: ['self'] };
/** Stations, groups and settings of a congress and those below it. */
export const ORGANISERS: Access = { roles: ['staff', 'admin'], tenant: ['self', 'descendant'] };
/** Recording what happens: activities, plans, stations' books, assistance. */
export const RECORDERS: Access = { roles: ['liaison', 'staff', 'admin'], tenant: ['self', 'descendant'] };
/** The audit trail. */
export const AUDITORS: Access = { roles: ['staff', 'admin', 'leader'], tenant: ['self', 'descendant'] };

/** Runs fn in the caller's tenant scope (a transaction under row-level security). */
export function scoped<T>(deps: RouteDeps, request: FastifyRequest, fn: (scope: Scope, principal: Principal) => Promise<T>): Promise<T> {
  const principal = requirePrincipal(request);
  return deps.ctx.withCallerTenant(request, (trx) => fn({ trx, tenantPath: principal.tenantPath, actor: { userId: principal.userId, name: principal.name } }, principal));
}

/** The tenant's name from the directory (贺街镇), or null for codes it does not know. */
export { tenantParam } from '@onenet/kit';

export function tenantName(path: string): string | null {
  return getTenant(path.split('/').at(-1)!)?.name ?? null;
}

/** "八步区贺街镇": the names of a path below the region and city levels, when known. */
export function placeName(path: string): string | null {
  const names = path
    .split('/')
    .slice(1)
    .map((code) => getTenant(code)?.name);
  if (names.some((n) => n === undefined)) return null;
  return names.join('');
}

/** Sends the list as JSON or, with ?format=xlsx, as a one-sheet workbook with Chinese headers. */
export async function sendList<T>(reply: FastifyReply, format: 'json' | 'xlsx' | undefined, title: string, columns: LedgerColumn[], json: T, rows: () => LedgerRow[]): Promise<T | FastifyReply> {
  if (format !== 'xlsx') return json;
  const file = await listXlsx(title, columns, rows());
  return reply
    .type(XLSX_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.xlsx`)}`)
    .send(file);
}

export const today = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
export const currentYear = (): number => Number(today().slice(0, 4));
