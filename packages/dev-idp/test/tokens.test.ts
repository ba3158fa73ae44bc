// The dev IdP over plain HTTP, as scripts, tests and services see it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_REALM_DIR, RealmLoadError, loadRealm, startDevIdp, type DevIdp } from '../src/index.ts';
import { DEMO_PASSWORD, accessTokenVerifier, decodePayload, passwordGrant, refreshGrant } from './helpers.ts';

let idp: DevIdp;
let verify: ReturnType<typeof accessTokenVerifier>;

beforeAll(async () => {
  idp = await startDevIdp();
  verify = accessTokenVerifier(idp.issuer);
});
afterAll(async () => {
  await idp?.close();
});

const login = async (username: string, scope = 'openid') => {
  const { status, body } = await passwordGrant(idp.issuer, { username, password: DEMO_PASSWORD, scope });
  expect(status, JSON.stringify(body)).toBe(200);
  return body as { access_token: string; refresh_token: string; id_token: string; expires_in: number };
};

describe('discovery', () => {
  it('is served where Keycloak serves it, naming Keycloak’s endpoint paths', async () => {
    const response = await fetch(`${idp.url}/realms/onenet/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    const oidc = `${idp.issuer}/protocol/openid-connect`;
    expect(idp.issuer).toBe(`${idp.url}/realms/onenet`);
    expect(doc).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${oidc}/auth`,
      token_endpoint: `${oidc}/token`,
      jwks_uri: `${oidc}/certs`,
      userinfo_endpoint: `${oidc}/userinfo`,
      end_session_endpoint: `${oidc}/logout`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'password']));
  });

  it('publishes an RS256 signing key at /protocol/openid-connect/certs', async () => {
    const { keys } = (await (await fetch(`${idp.issuer}/protocol/openid-connect/certs`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0]?.d).toBeUndefined();
  });
});

describe('password grant (cli client)', () => {
  it('gives a township deputy an RS256 access token carrying tenant, roles, groups and deputy id', async () => {
    const tokens = await login('hejie-deputy');
    expect(decodeProtectedHeader(tokens.access_token).alg).toBe('RS256');
    const claims = await verify(tokens.access_token);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: 'onenet-api',
      sub: '54d6f0de-54fa-4701-837a-037d3046d321',
      azp: 'cli',
      typ: 'Bearer',
      preferred_username: 'hejie-deputy',
      tenant_code: '451102101',
      tenant_path: '450000/451100/451102/451102101',
      deputy_id: 'a7d0ef91-59d7-4feb-940b-1aac33f4039d',
      groups: ['/广西壮族自治区/贺州市/八步区/贺街镇'],
      realm_access: { roles: ['default-roles-onenet', 'deputy', 'offline_access', 'uma_authorization'] },
    });
    expect(claims.unit_id).toBeUndefined();
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it('gives a county handler the unit id of the department and no deputy id', async () => {
    const claims = await verify((await login('bb-handler')).access_token);
    expect(claims).toMatchObject({ tenant_code: '451102', unit_id: '6fab4f01-eb5e-4f67-9120-23bd806f9951' });
    expect(claims.deputy_id).toBeUndefined();
    expect((claims.realm_access as { roles: string[] }).roles).toContain('handler');
  });

  it('gives a deputy with a city and a county seat one login with both groups and the city as tenant', async () => {
    const claims = await verify((await login('HZ-Deputy')).access_token);
    expect(claims).toMatchObject({
      preferred_username: 'hz-deputy',
      tenant_code: '451100',
      tenant_path: '450000/451100',
      groups: ['/广西壮族自治区/贺州市', '/广西壮族自治区/贺州市/八步区'],
    });
  });

  it('issues an ID token for the cli client when openid is asked for', async () => {
    const idToken = decodePayload((await login('gx-leader')).id_token);
    expect(idToken).toMatchObject({ iss: idp.issuer, aud: 'cli', tenant_code: '450000', family_name: '韦', given_name: '振华' });
    expect(idToken.realm_access).toBeUndefined();
  });

  it('rejects a wrong password, an unknown user and a missing username', async () => {
    const wrong = await passwordGrant(idp.issuer, { username: 'hejie-deputy', password: 'nope' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.body.access_token).toBeUndefined();

    const unknown = await passwordGrant(idp.issuer, { username: 'nobody', password: DEMO_PASSWORD });
    expect(unknown.body.error).toBe('invalid_grant');

    const missing = await passwordGrant(idp.issuer, { password: DEMO_PASSWORD });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'invalid_request', error_description: "missing required parameter 'username'" });
  });

  it('is refused to clients without direct access grants', async () => {
    const portal = await passwordGrant(idp.issuer, { client_id: 'portal', username: 'hz-staff', password: DEMO_PASSWORD });
    expect(portal.status).toBe(400);
    expect(portal.body).toMatchObject({ error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' });
    expect(portal.body.access_token).toBeUndefined();
  });
});

describe('refresh', () => {
  it('hands out a refresh token keycloak-js can decode, and trades it for a fresh access token', async () => {
    const tokens = await login('bb-staff');
    expect(decodePayload(tokens.refresh_token)).toMatchObject({ typ: 'Refresh', azp: 'cli', iss: idp.issuer });

    const refreshed = await refreshGrant(idp.issuer, 'cli', tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const access = refreshed.body.access_token as string;
    expect(access).not.toBe(tokens.access_token);
    expect(await verify(access)).toMatchObject({ preferred_username: 'bb-staff', tenant_code: '451102', aud: 'onenet-api' });
  });

  it('refuses a refresh token that was never issued, and one of another client', async () => {
    const forged = await refreshGrant(idp.issuer, 'cli', 'eyJhbGciOiJIUzUxMiJ9.eyJ0eXAiOiJSZWZyZXNoIn0.x');
    expect(forged.body.error).toBe('invalid_grant');
    const tokens = await login('bb-staff');
    const otherClient = await refreshGrant(idp.issuer, 'portal', tokens.refresh_token);
    expect(otherClient.body.error).toBe('invalid_grant');
  });
});

describe('userinfo', () => {
  const userinfo = (token: string) =>
    fetch(`${idp.issuer}/protocol/openid-connect/userinfo`, { headers: { authorization: `Bearer ${token}` } });

  it('accepts the JWT access token and answers with the user’s claims', async () => {
    const response = await userinfo((await login('hejie-liaison')).access_token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      sub: '1ee434b7-8edc-4bac-904b-fb72c9fce259', preferred_username: 'hejie-liaison', tenant_code: '451102101',
    });
  });

  it('refuses an ID token, a tampered token and no token', async () => {
    const tokens = await login('hejie-liaison');
    expect((await userinfo(tokens.id_token)).status).toBe(401);
    const [h, p, s] = tokens.access_token.split('.') as [string, string, string];
    const tampered = Buffer.from(JSON.stringify({ ...decodePayload(tokens.access_token), tenant_code: '450000' })).toString('base64url');
    expect(p).not.toBe(tampered);
    expect((await userinfo(`${h}.${tampered}.${s}`)).status).toBe(401);
    const none = await fetch(`${idp.issuer}/protocol/openid-connect/userinfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="onenet"/);
  });

  it('needs the openid scope', async () => {
    const response = await userinfo((await login('hejie-liaison', '')).access_token);
    expect(response.status).toBe(403);
  });
});

describe('authorization endpoint', () => {
  const authorize = (params: Record<string, string>) =>
    fetch(`${idp.issuer}/protocol/openid-connect/auth?${new URLSearchParams({
      client_id: 'portal', response_type: 'code', scope: 'openid', redirect_uri: 'http://localhost:8080/app/', ...params,
    })}`, { redirect: 'manual' });

  it('sends a portal request with PKCE to the login page', async () => {
    const response = await authorize({ code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/realms\/onenet\/login-actions\//);
  });

  it('accepts the mobile app’s custom-scheme redirect URI', async () => {
    const response = await authorize({
      client_id: 'mobile', redirect_uri: 'cn.onenet.app:/oauth2redirect',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/realms\/onenet\/login-actions\//);
  });

  it('refuses a portal request without PKCE', async () => {
    const response = await authorize({});
    const location = new URL(response.headers.get('location') ?? '', idp.url);
    expect(location.origin + location.pathname).toBe('http://localhost:8080/app/');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/requires PKCE/);
  });

  it('refuses a redirect URI outside the client’s registered ones', async () => {
    const response = await authorize({ redirect_uri: 'http://evil.example/cb', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('redirect_uri');
  });
});

describe('keys and realm files', () => {
  it('keeps its signing key in keyDir, so tokens outlive a restart', async () => {
    const keyDir = mkdtempSync(join(tmpdir(), 'dev-idp-keys-'));
    try {
      const before = await startDevIdp({ keyDir });
      const token = (await passwordGrant(before.issuer, { username: 'gx-admin', password: DEMO_PASSWORD })).body.access_token as string;
      const port = Number(new URL(before.url).port);
      await before.close();
      const after = await startDevIdp({ keyDir, port });
      try {
        expect(await accessTokenVerifier(after.issuer)(token)).toMatchObject({ preferred_username: 'gx-admin' });
      } finally {
        await after.close();
      }
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
    }
  });

  it('refuses a realm whose users point at unknown groups or that uses mappers it cannot apply', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-idp-bad-realm-'));
    try {
      const realm = JSON.parse(readFileSync(join(DEFAULT_REALM_DIR, 'realm-onenet.json'), 'utf8'));
      writeFileSync(join(dir, 'realm-onenet.json'), JSON.stringify(realm));
      writeFileSync(join(dir, 'users.json'), JSON.stringify({
        realm: 'onenet', users: [{ id: 'u1', username: 'x', groups: ['/广西壮族自治区/不存在市'] }],
      }));
      expect(() => loadRealm(dir, 'onenet')).toThrow(/user x: unknown group \/广西壮族自治区\/不存在市/);

      realm.clientScopes[0].protocolMappers.push({ name: 'script', protocolMapper: 'oidc-script-based-protocol-mapper' });
      writeFileSync(join(dir, 'realm-onenet.json'), JSON.stringify(realm));
      writeFileSync(join(dir, 'users.json'), JSON.stringify({ realm: 'onenet', users: [] }));
      expect(() => loadRealm(dir, 'onenet')).toThrow(RealmLoadError);
      expect(() => loadRealm(dir, 'onenet')).toThrow(/unsupported type oidc-script-based-protocol-mapper/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
