// Every route declares who may call it. Generated from the service's own OpenAPI document, so a
// route added later is covered without touching this file: anonymous callers get 401 on every
// non-public route, a role no registry route admits (finance) gets 403, always as problem+json;
// public routes answer without a token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEJIE, startRegistry, type Registry } from './support.ts';

let r: Registry;
let routes: { method: string; path: string; public: boolean }[] = [];

const PUBLIC_PATHS = new Set(['/public/profiles', '/public/profiles/{id}', '/public/profiles/{id}/photo']);

beforeAll(async () => {
  r = await startRegistry();
  const spec = (await r.as().get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m) && !path.startsWith('/docs'))
      .map((method) => ({ method: method.toUpperCase(), path, public: PUBLIC_PATHS.has(path) })),
  );
});
afterAll(async () => r?.stop());

const concrete = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'year' ? '2024' : name === 'item' ? 'sign' : '00000000-0000-4000-8000-000000000000'));

async function call(method: string, path: string, token?: string) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  if (hasBody) headers['content-type'] = 'application/json';
  return fetch(`${r.url}${concrete(path)}`, { method, headers, body: hasBody ? '{}' : undefined });
}

describe('route access', () => {
  it('the service documents its routes', () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  it('no token: 401 problem+json on every non-public route; public routes answer', async () => {
    for (const route of routes) {
      const response = await call(route.method, route.path);
      if (route.public) {
        expect([200, 404], `${route.method} ${route.path}`).toContain(response.status);
      } else {
        expect(response.status, `${route.method} ${route.path}`).toBe(401);
        expect(response.headers.get('content-type'), `${route.method} ${route.path}`).toContain('application/problem+json');
      }
    }
  });

  it('a role the registry does not serve: 403 on every non-public route', async () => {
    const token = await r.token({ roles: ['finance'], tenantPath: HEJIE });
    for (const route of routes.filter((x) => !x.public)) {
      const response = await call(route.method, route.path, token);
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it('a bad token is 401 even with a role that would be allowed', async () => {
    const token = await r.token({ roles: ['staff'], tenantPath: HEJIE });
    const tampered = `${token.slice(0, -4)}AAAA`;
    const response = await call('GET', '/persons', tampered);
    expect(response.status).toBe(401);
  });
});
