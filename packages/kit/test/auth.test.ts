// The auth slot: routes declare access; callers are identified by the default authenticator
// (@onenet/auth's Keycloak verifier, from OIDC_ISSUER) against a real JWKS endpoint on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTransport } from '@onenet/bus/testing';
import { buildService, createLogger, defineService } from '../src/index.ts';
import { memoryLogDestination, startTestService, type TestService } from '../src/testing.ts';
import { notesService } from './fixtures/notes-service.ts';

let jwks: Server;
let issuer: string;
let privateKey: CryptoKey;
let service: TestService;

async function token(roles: string[], tenantPath = '450000/451100/451102') {
  return new SignJWT({ preferred_username: 'liao', realm_access: { roles }, tenant_path: tenantPath })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience('onenet-api')
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const keys = [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }];
  jwks = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/realms/onenet`;
  service = await startTestService(notesService, { env: { OIDC_ISSUER: issuer } });
});

afterAll(async () => {
  await service?.stop();
  await new Promise((resolve) => jwks?.close(resolve));
});

const get = async (path: string, bearer?: string) => {
  const response = await fetch(`${service.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: response.status, id: response.headers.get('x-request-id'), body: (await response.json()) as Record<string, unknown> };
};

describe('route access', () => {
  it('lets a caller with the role in, as request.principal, and logs its tenant on the request line', async () => {
    const res = await get('/mine', await token(['staff']));
    expect(res).toMatchObject({ status: 200, body: { user: 'user-1' } });
    const line = service.logs.find((l) => l.request_id === res.id && l.msg === 'request');
    expect(line).toMatchObject({ tenant: '450000/451100/451102', user: 'user-1', status: 200 });
  });

  it('refuses a caller without the role (403) and a bad or missing token (401), as problems', async () => {
    expect(await get('/mine', await token(['deputy']))).toMatchObject({ status: 403, body: { type: 'urn:onenet:problem:forbidden', detail: 'requires one of the roles: staff' } });
    expect(await get('/mine', 'not.a.token')).toMatchObject({ status: 401, body: { type: 'urn:onenet:problem:unauthorized', detail: 'token malformed' } });
    expect(await get('/mine')).toMatchObject({ status: 401, body: { status: 401 } });
  });

  it('serves public routes even when the caller sends a stale token', async () => {
    expect(await get('/greeting', 'expired.or.garbage')).toMatchObject({ status: 200, body: { greeting: 'hello' } });
  });

  it('refuses to build a service with a route that does not say who may call it', async () => {
    const careless = defineService({
      name: 'kit-careless',
      schema: 'kit_careless',
      migrations: {},
      routes(app) {
        app.get('/open', async () => ({ ok: true }));
      },
    });
    const transport = await createTestTransport({ kind: 'in-process' });
    try {
      await expect(
        buildService(careless, { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' }, transport, logger: createLogger({ service: 't', destination: memoryLogDestination([]) }) }),
      ).rejects.toThrow('route GET /open declares no config.access');
    } finally {
      await transport.dispose();
    }
  });
});
