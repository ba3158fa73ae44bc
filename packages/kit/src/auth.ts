// The authentication slot. Every service route declares who may call it in `config.access`
// (an @onenet/auth Access: `{ public: true }` or `{ roles: [...] }`); a route without one does
// not start. Who the caller is comes from an Authenticator — by default the Keycloak token
// verifier of @onenet/auth when OIDC_ISSUER is set — and lands in `request.principal`.
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { Logger } from 'pino';
import { AuthError, authorize, bearerToken, createVerifier, isPublic, type Access, type Principal, type TokenVerifier } from '@onenet/auth';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; undefined for anonymous calls (public routes only). */
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** Who may call this route. Required on every service route. */
    access?: Access;
  }
}

export interface Authenticator {
  /** The caller of a request, undefined when it carries no credentials; throws AuthError(401) on bad ones. */
  authenticate(request: FastifyRequest): Promise<Principal | undefined>;
}

/** Bearer tokens checked by a @onenet/auth verifier. */
export function bearerAuthenticator(verifier: TokenVerifier): Authenticator {
  return {
    async authenticate(request) {
      const token = bearerToken(request.headers.authorization);
      return token === undefined ? undefined : verifier.verify(token);
    },
  };
}

export function oidcAuthenticator(issuer: string, audience: string): Authenticator {
  return bearerAuthenticator(createVerifier({ issuer, audience }));
}

/** Fails fast at start when a service route forgets to say who may call it. */
export function requireAccessDeclaration(route: RouteOptions): void {
  if (!route.config?.access) {
    const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
    throw new Error(`route ${methods} ${route.url} declares no config.access (e.g. { public: true } or { roles: ['staff'] })`);
  }
}

/** The principal of a request that must have one (routes with roles always do). */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AuthError(401, 'login required: send a bearer token');
  return request.principal;
}

/**
 * Authenticates and authorizes by route. Public routes never fail on credentials (a stale token
 * must not break the public site) but still learn who the caller is when it can. Returns
 * undefined when there is nothing to check (kept synchronous for the common public request).
 */
export function checkAccess(request: FastifyRequest, access: Access | undefined, authenticator: Authenticator | undefined): Promise<void> | undefined {
  if (!access) return undefined; // the kit's own routes (health, docs) and unknown routes
  const open = isPublic(access);
  if (open && request.headers.authorization === undefined) return undefined;
  return identify(request, authenticator, open).then((principal) => {
    if (principal) {
      request.principal = principal;
      // The request's own logger (fastify makes one per request), so bound in place: a child of
      // it would cost a request several microseconds more.
      (request.log as Logger).setBindings({ tenant: principal.tenantPath, user: principal.userId });
    }
    authorize(principal, access);
  });
}

async function identify(request: FastifyRequest, authenticator: Authenticator | undefined, open: boolean): Promise<Principal | undefined> {
  if (!authenticator) {
    if (open) return undefined;
    throw new AuthError(401, 'this service has no identity provider configured (OIDC_ISSUER)');
  }
  try {
    return await authenticator.authenticate(request);
  } catch (error) {
    if (open) return undefined;
    throw error;
  }
}
