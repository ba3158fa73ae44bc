import { isTenantPath } from '@onenet/tenancy';

// One principal type for every caller, mapped once from a Keycloak access token.

export const ROLES = ['deputy', 'liaison', 'staff', 'leader', 'handler', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Keycloak user id (`sub`). */
  userId: string;
  username: string;
  name: string;
  /** Platform roles only; Keycloak's own (offline_access, default-roles-…) are dropped. */
  roles: Role[];
  /** The user's congress: division code and path from the region down. */
  tenantCode: string;
  tenantPath: string;
  /** Set for deputies: the registry's person id. */
  deputyId?: string;
  /** Set for handlers: the handling unit they act for. */
  unitId?: string;
}

export interface AccessTokenClaims {
  sub?: string;
  preferred_username?: string;
  name?: string;
  family_name?: string;
  given_name?: string;
  realm_access?: { roles?: string[] };
  tenant_code?: string;
  tenant_path?: string;
  deputy_id?: string;
  unit_id?: string;
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export class AuthError extends Error {
  readonly statusCode: 401 | 403;
  constructor(statusCode: 401 | 403, message: string) {
    super(message);
    this.name = statusCode === 401 ? 'Unauthorized' : 'Forbidden';
    this.statusCode = statusCode;
  }
}

export function principalFromClaims(claims: AccessTokenClaims): Principal {
  if (!claims.sub) throw new AuthError(401, 'token has no subject (sub)');
  const tenantPath = claims.tenant_path ?? '';
  if (!isTenantPath(tenantPath)) throw new AuthError(401, 'token carries no valid tenant_path; the user is not attached to a congress');
  const tenantCode = claims.tenant_code ?? tenantPath.split('/').at(-1) ?? '';
  if (!tenantPath.endsWith(tenantCode)) throw new AuthError(401, 'token tenant_code does not match tenant_path');
  return {
    userId: claims.sub,
    username: claims.preferred_username ?? claims.sub,
    // Chinese names are family name first, without a space (廖春花), unlike Keycloak's `name`.
    name: claims.family_name || claims.given_name ? `${claims.family_name ?? ''}${claims.given_name ?? ''}` : (claims.name ?? claims.preferred_username ?? claims.sub),
    roles: (claims.realm_access?.roles ?? []).filter(isRole),
    tenantCode,
    tenantPath,
    ...(claims.deputy_id ? { deputyId: claims.deputy_id } : {}),
    ...(claims.unit_id ? { unitId: claims.unit_id } : {}),
  };
}
