import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

import { DEFAULT_REALM_DIR } from '../src/index.ts';

export const DEMO_PASSWORD = 'demo';

export async function passwordGrant(issuer: string, fields: Record<string, string>) {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'cli', ...fields }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string | number | undefined> };
}

export async function refreshGrant(issuer: string, clientId: string, refreshToken: string) {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string | number | undefined> };
}

/** Verifies an access token the way a resource server of the platform would. */
export function accessTokenVerifier(issuer: string) {
  const jwks = createRemoteJWKSet(new URL(`${issuer}/protocol/openid-connect/certs`));
  return async (token: string): Promise<JWTPayload> =>
    (await jwtVerify(token, jwks, { issuer, audience: 'onenet-api', algorithms: ['RS256'] })).payload;
}

export const decodePayload = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));

/**
 * A copy of infra/keycloak whose portal client also accepts `origin`, the way a developer would
 * add their own origin; everything else is the committed realm.
 */
export function realmDirWithPortalAt(origin: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dev-idp-realm-'));
  const realm = JSON.parse(readFileSync(join(DEFAULT_REALM_DIR, 'realm-onenet.json'), 'utf8'));
  const portal = realm.clients.find((c: { clientId: string }) => c.clientId === 'portal');
  portal.redirectUris = [`${origin}/*`];
  portal.webOrigins = [origin];
  portal.attributes['post.logout.redirect.uris'] = `${origin}/*`;
  writeFileSync(join(dir, 'realm-onenet.json'), JSON.stringify(realm));
  writeFileSync(join(dir, 'demo-users.json'), readFileSync(join(DEFAULT_REALM_DIR, 'demo-users.json')));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<{ server: Server; origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
