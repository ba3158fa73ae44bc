// keycloak-js decodes the refresh token as a JWT (keycloak-js#149), so an opaque oidc-provider
// refresh token makes `init()` fail with "Unable to decode token". Keycloak itself issues
// HS512-signed JWTs with `typ: "Refresh"`. oidc-provider stores a refresh token under the value
// its model's generateTokenId() returns and looks it up by exactly that value; since version 6
// it offers no refresh-token format option (node-oidc-provider#593), so the RefreshToken model
// of this provider instance generates Keycloak-shaped values instead. Storage, lookup, rotation,
// reuse detection and revocation all stay oidc-provider's.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

import type Provider from 'oidc-provider';

interface RefreshTokenFields {
  accountId?: string;
  clientId?: string;
  sid?: string;
  scope?: string;
  nonce?: string;
  iat?: number;
  exp?: number;
  readonly expiration: number;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function issueKeycloakShapedRefreshTokens(provider: Provider): void {
  // Only this process ever reads the signature; it makes the value look and verify like Keycloak's.
  const secret = randomBytes(64);
  const issuer = provider.issuer;
  Object.defineProperty(provider.RefreshToken.prototype, 'generateTokenId', {
    configurable: true,
    writable: true,
    value(this: RefreshTokenFields): string {
      const now = Math.floor(Date.now() / 1000);
      // Fixing iat and exp here keeps the stored token and the claims inside its value identical.
      this.iat ??= now;
      this.exp ??= this.iat + this.expiration;
      const header = base64url({ alg: 'HS512', typ: 'JWT' });
      const payload = base64url({
        exp: this.exp,
        iat: this.iat,
        // The random jti is what makes the value unguessable.
        jti: randomUUID(),
        iss: issuer,
        aud: issuer,
        sub: this.accountId,
        typ: 'Refresh',
        azp: this.clientId,
        ...(this.nonce ? { nonce: this.nonce } : {}),
        ...(this.sid ? { sid: this.sid } : {}),
        scope: this.scope,
      });
      const signature = createHmac('sha512', secret).update(`${header}.${payload}`).digest('base64url');
      return `${header}.${payload}.${signature}`;
    },
  });
}
