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
  return {
    async verify(token) {
      let claims: AccessTokenClaims;
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
      return principalFromClaims(claims);
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
