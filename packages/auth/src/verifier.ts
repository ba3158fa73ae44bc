// Verifies Keycloak access tokens against the issuer's JWKS. The algorithm is pinned (RS256),
// so `alg: none` and HS256-signed-with-the-public-key tokens fail before any key is tried;
// jose caches the key set and refetches it when a token names a key id it has not seen
// (Keycloak key rotation), at most once per cooldown.
import { createRemoteJWKSet, jwtVerify, errors, type JWTVerifyGetKey } from 'jose';
import { AuthError, principalFromClaims, type AccessTokenClaims, type Principal } from './principal.ts';

export interface VerifierOptions {
  /** e.g. https://sso.example.gov.cn/realms/onenet */
  issuer: string;
  /** The services' audience client, `onenet-api`. */
  audience: string;
  /** Defaults to Keycloak's `<issuer>/protocol/openid-connect/certs`. */
  jwksUrl?: string;
  /** Seconds of clock skew tolerated on exp/nbf. */
  clockToleranceSeconds?: number;
  /**
   * After a refetch, a token naming an unknown key id waits this long before the next refetch,
   * so garbage tokens cannot make the service hammer the identity provider.
   */
  keyRefetchCooldownMs?: number;
  /** Verified tokens remembered (until they expire) so a client's repeated calls skip the RSA check. */
  cacheSize?: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export function keycloakJwksUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/protocol/openid-connect/certs`;
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim "${error.claim}" is not acceptable (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token signed with an unknown key';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'token malformed';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) return 'token could not be verified';
  return 'token could not be verified';
}

export function createVerifier(options: VerifierOptions, keys?: JWTVerifyGetKey): TokenVerifier {
  const jwks = keys ?? createRemoteJWKSet(new URL(options.jwksUrl ?? keycloakJwksUrl(options.issuer)), {
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: options.keyRefetchCooldownMs ?? 10_000,
    timeoutDuration: 5_000,
  });
  // A portal or mobile client reuses one access token for minutes; checking its RSA signature on
  // every call is most of the cost of authentication. The cache holds the principal of a token
  // that verified, keyed by the whole token (so any change of a byte is a miss), until its exp.
  const cacheSize = options.cacheSize ?? 10_000;
  const cache = new Map<string, { principal: Principal; expiresAtMs: number }>();
  return {
    async verify(token) {
      const cached = cache.get(token);
      if (cached) {
        if (Date.now() < cached.expiresAtMs) return cached.principal;
        cache.delete(token);
      }
      let claims: AccessTokenClaims & { exp?: number };
      try {
        const result = await jwtVerify(token, jwks, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ['RS256'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
          requiredClaims: ['exp', 'iat', 'sub'],
        });
        claims = result.payload as AccessTokenClaims;
      } catch (error) {
        throw new AuthError(401, reason(error));
      }
      const principal = principalFromClaims(claims);
      if (cacheSize > 0 && claims.exp) {
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string); // oldest first
        cache.set(token, { principal, expiresAtMs: claims.exp * 1000 });
      }
      return principal;
    },
  };
}

/** The bearer token of an Authorization header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AuthError(401, 'Authorization header must be "Bearer <token>"');
  return match[1];
}
