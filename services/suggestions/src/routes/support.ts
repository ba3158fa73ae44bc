// What the route modules share: dependencies, access declarations, the caller's tenant scope,
// common schemas.
import type { FastifyRequest } from 'fastify';
import type { Access, Principal } from '@onenet/auth';
import { requirePrincipal, Type, type ServiceContext, type TSchema } from '@onenet/kit';
import type { suggestionsConfig } from '../config.ts';
import type { FileStorage } from '@onenet/files';
import type { Trx } from '../workflow/engine.ts';
import { withAfterCommit } from '../http/public-answers.ts';

export interface RouteDeps {
  ctx: ServiceContext<typeof suggestionsConfig, any>;
  storage: FileStorage;
}

export const PUBLIC: Access = { public: true };
/** Anyone who works on or follows items; what each sees is narrowed by part. */
export const PARTICIPANTS: Access = { roles: ['deputy', 'staff', 'handler', 'leader', 'admin'] };
export const DEPUTIES: Access = { roles: ['deputy'] };
export const STAFF: Access = { roles: ['staff'] };
export const STAFF_OR_LEADER: Access = { roles: ['staff', 'leader'] };
export const HANDLERS: Access = { roles: ['handler'] };
export const SUPERVISORS: Access = { roles: ['staff', 'leader', 'admin'] };
export const SETTINGS_EDITORS: Access = { roles: ['staff', 'admin'] };
export const OPINION_TRIAGERS: Access = { roles: ['deputy', 'staff', 'liaison'] };

/** Runs fn in the caller's tenant scope (a transaction under row-level security). */
export function scoped<T>(deps: RouteDeps, request: FastifyRequest, fn: (trx: Trx, principal: Principal) => Promise<T>): Promise<T> {
  const principal = requirePrincipal(request);
  return withAfterCommit((run) => deps.ctx.withCallerTenant(request, run), (trx) => fn(trx, principal));
}

/** The same for the public site: the whole region, read-only use. */
export function asPublic<T>(deps: RouteDeps, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return deps.ctx.withTenant(deps.ctx.config.SCAN_ROOT_TENANT, fn);
}

export const Uuid = Type.String({ format: 'uuid' });
export const DateOnly = Type.String({ format: 'date', description: 'a calendar date, 2026-10-10' });
export const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const IdParams = Type.Object({ id: Uuid });
export const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
export const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};
export const TenantQuery = Type.Optional(Type.String({ pattern: '^[0-9]{6,12}(/[0-9]{6,12})*$', description: 'a division code or tenant path' }));
export const Comment = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const Reason = Type.Object({ reason: Text(2000) }, { additionalProperties: false });
export const StateResult = Type.Object({ id: Uuid, state: Type.String() });
