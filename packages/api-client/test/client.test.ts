// The client against a real service (the kit, PostgreSQL, NATS) and a real identity provider:
// tokens come from the token provider before every call, and failures arrive as typed errors
// that name what was wrong.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp, type DevIdp } from '@onenet/dev-idp';
import { startTestService, type TestService } from '@onenet/kit/testing';
import { ApiNetworkError, ApiProblem, createServiceClient, unwrap } from '../src/index.ts';
import type { paths } from './fixtures/petitions.generated.ts';
import { petitionsService } from './fixtures/petitions-service.ts';

async function passwordGrant(issuer: string, username: string): Promise<string> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'cli', username, password: 'demo' }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`password grant for ${username} failed: ${body.error}`);
  return body.access_token;
}

describe('api client against a kit service', () => {
  let idp: DevIdp;
  let service: TestService;
  let deputyToken: string;
  // The edge serves each service under /api/<name>; this stands in for it with the same paths.
  let edge: { origin: string; close(): Promise<void> };

  beforeAll(async () => {
    idp = await startDevIdp({ port: 0 });
    service = await startTestService(petitionsService, { env: { OIDC_ISSUER: idp.issuer } });
    deputyToken = await passwordGrant(idp.issuer, 'hejie-deputy');
    const upstream = new URL(service.url);
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').replace(/^\/api\/petitions/, '') || '/';
      if (!req.url?.startsWith('/api/petitions/')) {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
        return;
      }
      const forward = fetch(new URL(path, upstream), {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection')) as Record<string, string>,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : (req as unknown as BodyInit),
        duplex: 'half',
      } as RequestInit);
      forward.then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      }, () => res.writeHead(502).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    edge = {
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  });

  afterAll(async () => {
    await edge?.close();
    await service?.stop();
    await idp?.close();
  });

  it('asks the token provider before every call and sends its token', async () => {
    let asked = 0;
    const api = createServiceClient<paths>('petitions', { baseUrl: edge.origin, token: async () => { asked += 1; return deputyToken; } });
    const created = await unwrap(api.POST('/petitions', { body: { title: '贺街镇道路硬化', urgency: 2 } }));
    expect(created.title).toBe('贺街镇道路硬化');
    expect(created.submittedBy).toBe('54d6f0de-54fa-4701-837a-037d3046d321');
    const read = await unwrap(api.GET('/petitions/{id}', { params: { path: { id: created.id } } }));
    expect(read).toEqual(created);
    expect(asked).toBe(2);
  });

  it('turns a 400 into an ApiProblem naming every bad field', async () => {
    const api = createServiceClient<paths>('petitions', { baseUrl: edge.origin, token: () => deputyToken });
    const error = await api.POST('/petitions', { body: { title: 'x', urgency: 9 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    const problem = error as ApiProblem;
    expect(problem.status).toBe(400);
    expect(problem.kind).toBe('invalid');
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['/body/title', '/body/urgency']);
    expect(problem.fieldError('urgency')).toMatch(/<= 3/);
    expect(problem.bodyFieldErrors()).toHaveProperty('title');
    expect(problem.requestId).toBeTruthy();
    expect(problem.request.method).toBe('POST');
  });

  it('says 401 without a token, and carries a workflow conflict\'s extension members', async () => {
    const anonymous = createServiceClient<paths>('petitions', { baseUrl: edge.origin });
    const unauthenticated = (await anonymous.POST('/petitions', { body: { title: '路灯', urgency: 1 } }).catch((e: unknown) => e)) as ApiProblem;
    expect(unauthenticated.kind).toBe('unauthenticated');

    const api = createServiceClient<paths>('petitions', { baseUrl: edge.origin, token: () => deputyToken });
    const id = '0195f3a0-0000-7000-8000-000000000001';
    const conflict = (await api.POST('/petitions/{id}/withdraw', { params: { path: { id } } }).catch((e: unknown) => e)) as ApiProblem;
    expect(conflict.kind).toBe('conflict');
    expect(conflict.detail).toContain('can no longer be withdrawn');
    expect(conflict.extensions.currentState).toBe('registered');

    const missing = (await api.GET('/petitions/{id}', { params: { path: { id } } }).catch((e: unknown) => e)) as ApiProblem;
    expect(missing.kind).toBe('not-found');
  });

  it('reports an edge error page (not problem+json) by its status, and no answer as ApiNetworkError', async () => {
    const wrongPrefix = createServiceClient<paths>('nowhere', { baseUrl: edge.origin });
    const gateway = (await wrongPrefix.GET('/petitions/{id}', { params: { path: { id: 'x' } } }).catch((e: unknown) => e)) as ApiProblem;
    expect(gateway).toBeInstanceOf(ApiProblem);
    expect(gateway.status).toBe(502);
    expect(gateway.kind).toBe('unavailable');
    expect(gateway.detail).toBeUndefined();

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = createServiceClient<paths>('petitions', { baseUrl: `http://127.0.0.1:${port}` });
    const error = await offline.GET('/petitions/{id}', { params: { path: { id: 'x' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiNetworkError);
  });
});
