// The verifier against a real JWKS endpoint on loopback, standing in for Keycloak's certs URL.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { createVerifier, AuthError, type TokenVerifier } from '../src/index.ts';

const audience = 'onenet-api';
let server: Server;
let issuer: string;
let keys: JWK[] = [];
let privateKey: CryptoKey;
let publicKey: CryptoKey;
let verifier: TokenVerifier;
let jwksHits = 0;

const claims = {
  preferred_username: 'babu-staff',
  family_name: '廖',
  given_name: '春花',
  realm_access: { roles: ['staff', 'offline_access'] },
  tenant_code: '451102',
  tenant_path: '450000/451100/451102',
};

async function sign(overrides: { iss?: string; aud?: string; exp?: number | string; nbf?: string; kid?: string; key?: CryptoKey; payload?: object } = {}) {
  const jwt = new SignJWT({ ...claims, ...overrides.payload })
    .setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? 'k1', typ: 'JWT' })
    .setIssuer(overrides.iss ?? issuer)
    .setAudience(overrides.aud ?? audience)
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? '5m');
  if (overrides.nbf) jwt.setNotBefore(overrides.nbf);
  return jwt.sign(overrides.key ?? privateKey);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  ({ privateKey, publicKey } = await generateKeyPair('RS256'));
  keys = [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }];
  server = createServer((_req, res) => {
    jwksHits += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  issuer = `http://127.0.0.1:${address.port}/realms/onenet`;
  verifier = createVerifier({ issuer, audience, jwksUrl: `http://127.0.0.1:${address.port}/certs`, keyRefetchCooldownMs: 200 });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function rejection(token: string): Promise<AuthError> {
  const error = await verifier.verify(token).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AuthError);
  expect((error as AuthError).statusCode).toBe(401);
  return error as AuthError;
}

describe('token verification', () => {
  it('maps a valid Keycloak token to the principal, keeping platform roles only', async () => {
    const principal = await verifier.verify(await sign());
    expect(principal).toEqual({
      userId: 'user-1', username: 'babu-staff', name: '廖春花', roles: ['staff'],
      tenantCode: '451102', tenantPath: '450000/451100/451102',
    });
  });

  it('fetches the key set once and serves later requests from the cache', async () => {
    const before = jwksHits;
    for (let i = 0; i < 5; i++) await verifier.verify(await sign());
    expect(jwksHits - before).toBe(0);
  });

  it('rejects an expired token', async () => {
    expect((await rejection(await sign({ exp: Math.floor(Date.now() / 1000) - 60 }))).message).toMatch(/expired/);
  });
  it('rejects a token that is not yet valid', async () => {
    expect((await rejection(await sign({ nbf: '10m' }))).message).toMatch(/nbf/);
  });
  it('rejects a token from a foreign issuer', async () => {
    expect((await rejection(await sign({ iss: 'https://evil.example/realms/onenet' }))).message).toMatch(/iss/);
  });
  it('rejects a token for another audience', async () => {
    expect((await rejection(await sign({ aud: 'account' }))).message).toMatch(/aud/);
  });
  it('rejects alg none', async () => {
    const good = (await sign()).split('.');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${good[1]}.`;
    expect((await rejection(unsigned)).message).toMatch(/algorithm|malformed/);
  });
  it('rejects HS256 signed with the public key as the secret', async () => {
    const pem = await exportSPKI(publicKey);
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(issuer).setAudience(audience).setSubject('user-1').setIssuedAt().setExpirationTime('5m')
      .sign(new TextEncoder().encode(pem));
    expect((await rejection(forged)).message).toMatch(/algorithm/);
  });
  it('rejects a tampered payload (roles raised to admin)', async () => {
    const [header, , signature] = (await sign()).split('.');
    const payload = b64({ ...claims, realm_access: { roles: ['admin'] }, iss: issuer, aud: audience, sub: 'user-1', iat: 1, exp: 9_999_999_999 });
    expect((await rejection(`${header}.${payload}.${signature}`)).message).toMatch(/signature/);
  });
  it('rejects a token signed by a key the issuer does not publish', async () => {
    const stranger = await generateKeyPair('RS256');
    expect((await rejection(await sign({ key: stranger.privateKey, kid: 'k1' }))).message).toMatch(/signature/);
  });
  it('rejects a token without a tenant', async () => {
    expect((await rejection(await sign({ payload: { tenant_path: undefined, tenant_code: undefined } }))).message).toMatch(/tenant_path/);
  });

  it('follows key rotation: a token with a new key id is accepted once the issuer publishes it', async () => {
    const next = await generateKeyPair('RS256');
    keys = [...keys, { ...(await exportJWK(next.publicKey)), kid: 'k2', alg: 'RS256', use: 'sig' }];
    await new Promise((r) => setTimeout(r, 250)); // past the refetch cooldown
    const principal = await verifier.verify(await sign({ key: next.privateKey, kid: 'k2' }));
    expect(principal.username).toBe('babu-staff');
  });

  it('remembers a verified token only until it expires', async () => {
    const strict = createVerifier({ issuer, audience, jwksUrl: `${new URL(issuer).origin}/certs`, clockToleranceSeconds: 0 });
    // exp is whole seconds: a token made at x.999 s with exp x+1 would have 1 ms to live, and the
    // first check could already be late (CI saw it). Rounding up gives it 1 to 2 s.
    const exp = Math.ceil(Date.now() / 1000) + 1;
    const shortLived = await sign({ exp });
    expect((await strict.verify(shortLived)).username).toBe('babu-staff');
    expect((await strict.verify(shortLived)).username).toBe('babu-staff'); // from the cache
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 100));
    const error = await strict.verify(shortLived).then(() => undefined, (e: unknown) => e);
    expect((error as AuthError).message).toMatch(/expired/);
  });

  it('a cached token changed by one byte is verified afresh and fails', async () => {
    const token = await sign();
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await rejection(flipped)).message).toMatch(/signature/);
  });
});
