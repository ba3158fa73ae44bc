// Keycloak's userinfo endpoint accepts its JWT access tokens. oidc-provider's does not: it only
// knows access tokens it stored, and it refuses any token with an audience. JWT access tokens
// are never stored, so this endpoint verifies them itself (signature, issuer, type, expiry)
// and answers with the claims the realm's mappers release to userinfo.
import type { KeyObject } from 'node:crypto';

import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

import { claimsFor } from './provider.ts';
import type { Realm } from './realm.ts';

export interface UserinfoOptions {
  realm: Realm;
  /** Read per request: the issuer is known only once the server listens. */
  issuer: () => string;
  publicKey: KeyObject;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer +([^ ]+)$/i.exec(header);
    return match?.[1];
  }
  const body = request.body as { access_token?: unknown } | undefined;
  return typeof body?.access_token === 'string' ? body.access_token : undefined;
}

export function userinfoHandlers({ realm, issuer, publicKey }: UserinfoOptions) {
  const anyClientOrigin = (origin: string) =>
    [...realm.clients.keys()].some((id) => realm.webOriginsOf(id).includes(origin));

  function allowOrigin(request: FastifyRequest, reply: FastifyReply, allowed: (origin: string) => boolean) {
    const origin = request.headers.origin;
    reply.header('Vary', 'Origin');
    if (origin && allowed(origin)) {
      reply.header('Access-Control-Allow-Origin', origin);
      reply.header('Access-Control-Allow-Credentials', 'true');
    }
  }

  function deny(reply: FastifyReply, status: 401 | 403, error: string, description: string) {
    return reply
      .code(status)
      .header('WWW-Authenticate', `Bearer realm="${realm.name}", error="${error}", error_description="${description}"`)
      .send({ error, error_description: description });
  }

  async function userinfo(request: FastifyRequest, reply: FastifyReply) {
    reply.header('Cache-Control', 'no-store');
    const token = bearerToken(request);
    if (!token) {
      allowOrigin(request, reply, anyClientOrigin);
      return deny(reply, 401, 'invalid_request', 'missing bearer token');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, publicKey, { issuer: issuer(), algorithms: ['RS256'], typ: 'at+jwt' }));
    } catch (error) {
      allowOrigin(request, reply, anyClientOrigin);
      const description = error instanceof joseErrors.JWTExpired ? 'token expired' : 'token verification failed';
      return deny(reply, 401, 'invalid_token', description);
    }
    const clientId = typeof payload.azp === 'string' ? payload.azp : undefined;
    allowOrigin(request, reply, (origin) => (clientId ? realm.webOriginsOf(clientId).includes(origin) : false));
    const scope = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scope.includes('openid')) return deny(reply, 403, 'insufficient_scope', 'missing openid scope');
    const user = payload.sub ? realm.userById(payload.sub) : undefined;
    const mapped = clientId && user && user.enabled !== false
      ? claimsFor(realm, 'userinfo', clientId, user.id, scope)
      : undefined;
    if (!mapped) return deny(reply, 401, 'invalid_token', 'user or client not found');
    return reply.send({ sub: payload.sub, ...mapped.claims });
  }

  async function preflight(request: FastifyRequest, reply: FastifyReply) {
    allowOrigin(request, reply, anyClientOrigin);
    reply.header('Access-Control-Allow-Methods', 'GET, POST');
    const requested = request.headers['access-control-request-headers'];
    if (requested) reply.header('Access-Control-Allow-Headers', requested);
    reply.header('Access-Control-Max-Age', '3600');
    return reply.code(204).send();
  }

  return { userinfo, preflight };
}
