// Who may call a route: each route declares roles and the relations its caller's congress may
// have to the congress owning the resource. Upper levels supervise lower ones; siblings and
// parents are never reachable.
import { relation, isTenantPath } from '@onenet/tenancy';
import { AuthError, type Principal, type Role } from './principal.ts';

export type Access =
  /** Anyone, without login (the public site). */
  | { public: true }
  | {
      roles: readonly Role[] | 'any';
      /**
       * Relations of the resource's tenant to the caller's that are allowed; default
       * ['self', 'descendant']: own congress and those below.
       */
      tenant?: readonly ('self' | 'descendant')[];
    };

export const isPublic = (access: Access): access is { public: true } => 'public' in access;

/**
 * Throws 401 when a login is needed and missing, 403 when the caller lacks the role or the
 * resource's tenant is outside what the route allows.
 */
export function authorize(principal: Principal | undefined, access: Access, resourceTenantPath?: string): void {
  if (isPublic(access)) return;
  if (!principal) throw new AuthError(401, 'login required: send a bearer token');
  if (access.roles !== 'any' && !access.roles.some((role) => principal.roles.includes(role))) {
    throw new AuthError(403, `requires one of the roles: ${access.roles.join(', ')}`);
  }
  if (resourceTenantPath !== undefined) {
    const allowed = access.tenant ?? ['self', 'descendant'];
    if (!isTenantPath(resourceTenantPath)) throw new AuthError(403, `not a tenant: ${JSON.stringify(resourceTenantPath)}`);
    if (!(allowed as readonly string[]).includes(relation(principal.tenantPath, resourceTenantPath))) {
      throw new AuthError(403, `tenant ${resourceTenantPath} is outside the caller's reach (${principal.tenantPath})`);
    }
  }
}
