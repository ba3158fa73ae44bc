// The authorization matrix, generated from the services' route declarations: every route ×
// anonymous and every role × the caller's own, child, parent and sibling tenant (for routes
// scoped by a `tenant` parameter) gets the answer its declaration promises — through real
// HTTP, with real tokens from the development identity provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, isPublic, type Role } from '@onenet/auth';
import { startDevIdp, type DevIdp } from '@onenet/dev-idp';
import { startTestService, type TestService } from '@onenet/kit/testing';
import type { DeclaredRoute } from '@onenet/kit';
import { children, parent } from '@onenet/tenancy';
import { discoverServices, loadServiceDefinition } from '@onenet/kit/discovery';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** One demo user per role (infra/keycloak/demo-users.json), at different levels of the tree. */
const USERS: Record<Role, string> = {
  deputy: 'hejie-deputy',
  liaison: 'hejie-liaison',
  staff: 'bb-staff',
  leader: 'hz-leader',
  handler: 'bb-handler',
  finance: 'bb-finance',
  admin: 'hz-admin',
};
const NIL_UUID = '00000000-0000-4000-8000-000000000000';

let idp: DevIdp;
const tokens = new Map<Role, { token: string; tenantPath: string }>();

async function passwordGrant(username: string): Promise<{ token: string; tenantPath: string }> {
  const response = await fetch(`${idp.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'cli', username, password: 'demo', scope: 'openid' }),
  });
  if (!response.ok) throw new Error(`token for ${username}: HTTP ${response.status} ${await response.text()}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { tenant_path: string };
  return { token, tenantPath: claims.tenant_path };
}

beforeAll(async () => {
  idp = await startDevIdp({ port: 0 });
  for (const role of ROLES) tokens.set(role, await passwordGrant(USERS[role]));
});
afterAll(async () => idp?.close());

interface Answer {
  status: number;
  detail: string;
}

async function ask(base: string, route: DeclaredRoute, token?: string, tenant?: string): Promise<Answer> {
  const path = route.url.replace(/:[A-Za-z]+/g, NIL_UUID);
  const url = new URL(`${base}${path}`);
  if (tenant) url.searchParams.set('tenant', tenant);
  // A search needs its words; other required parameters may fail validation (400), which still
  // shows the caller got past authorization.
  if (route.query.includes('q')) url.searchParams.set('q', '人大');
  const hasBody = !['GET', 'DELETE'].includes(route.method);
  const response = await fetch(url, {
    method: route.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    ...(hasBody ? { body: '{}' } : {}),
  });
  const text = await response.text();
  let detail = '';
  try {
    detail = String((JSON.parse(text) as { detail?: unknown }).detail ?? '');
  } catch {
    // not JSON (a file download): no detail
  }
  return { status: response.status, detail };
}

/** The kit's own refusals, told apart from a handler's domain answers (404 for a nil id …). */
const refusedForRole = (a: Answer) => a.status === 403 && /requires one of the roles/.test(a.detail);
const refusedForTenant = (a: Answer) => a.status === 403 && /outside the caller's reach/.test(a.detail);

const services = discoverServices(repoRoot);

describe.each(services.map((s) => [s.name, s] as const))('authorization matrix: %s', (_name, entry) => {
  let service: TestService;
  beforeAll(async () => {
    const definition = await loadServiceDefinition(entry);
    service = await startTestService(definition, { env: { OIDC_ISSUER: idp.issuer, OIDC_AUDIENCE: 'onenet-api' } });
  });
  afterAll(async () => service?.stop());

  it('every route declares who may call it, and each caller gets that answer', async () => {
    expect(service.routes.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const route of service.routes) {
      const name = `${route.method} ${route.url}`;
      const anonymous = await ask(service.url, route);
      if (isPublic(route.access)) {
        if ([401, 403].includes(anonymous.status)) wrong.push(`${name}: public, but anonymous got ${anonymous.status}`);
        continue;
      }
      if (anonymous.status !== 401) wrong.push(`${name}: anonymous got ${anonymous.status}, expected 401`);
      const allowed = route.access.roles;
      for (const role of ROLES) {
        const caller = tokens.get(role)!;
        const answer = await ask(service.url, route, caller.token);
        const mayCall = allowed === 'any' || allowed.includes(role);
        if (mayCall && (answer.status === 401 || refusedForRole(answer))) wrong.push(`${name}: ${role} may call it, got ${answer.status} ${answer.detail}`);
        if (!mayCall && !refusedForRole(answer)) wrong.push(`${name}: ${role} may not call it, got ${answer.status}`);
        if (!mayCall || !route.query.includes('tenant') || route.method !== 'GET') continue;

        // Scoped by tenant: own and below are answered, parent and siblings refused.
        const own = caller.tenantPath;
        const up = parent(own.split('/').at(-1) as string);
        const relations: [string, string | undefined, boolean][] = [
          ['own', own, true],
          ['child', children(own.split('/').at(-1) as string)[0]?.code, true],
          ['parent', up?.code, false],
          ['sibling', up ? children(up.code).find((t) => t.code !== own.split('/').at(-1))?.code : undefined, false],
        ];
        for (const [relation, code, visible] of relations) {
          if (!code) continue;
          const scoped = await ask(service.url, route, caller.token, code);
          if (visible && (refusedForTenant(scoped) || scoped.status === 401)) wrong.push(`${name}?tenant=${relation}: ${role} got ${scoped.status} ${scoped.detail}`);
          if (!visible && !refusedForTenant(scoped) && scoped.status !== 403) wrong.push(`${name}?tenant=${relation} (${code}): ${role} got ${scoped.status}, expected 403`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
