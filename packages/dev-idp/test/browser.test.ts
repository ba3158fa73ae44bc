// keycloak-js 26, unchanged, in headless Chromium: logs a demo user in through the dev IdP's
// Chinese login page with PKCE, calls a protected endpoint with the token, refreshes, reads
// userinfo and logs out.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDevIdp, type DevIdp } from '../src/index.ts';
import { DEMO_PASSWORD, accessTokenVerifier, listen, realmDirWithPortalAt, refreshGrant } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const keycloakJs = readFileSync(createRequire(import.meta.url).resolve('keycloak-js'), 'utf8');

interface PageResult {
  authenticated?: boolean;
  status?: number;
  body?: { claims?: Record<string, unknown>; error?: string };
  token?: string;
  refreshToken?: string;
  error?: string;
}

// The portal stand-in: keycloak-js's own file, a page that logs in and calls the API, and the
// API itself, which accepts only tokens it can verify against the IdP's keys.
function portalPage(idpUrl: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>portal</title></head>
<body>
<pre id="out">loading</pre>
<button id="logout" type="button">logout</button>
<script type="module">
import Keycloak from '/keycloak.js';
const kc = new Keycloak({ url: ${JSON.stringify(idpUrl)}, realm: 'onenet', clientId: 'portal' });
window.kc = kc;
try {
  const authenticated = await kc.init({ onLoad: 'login-required', pkceMethod: 'S256', checkLoginIframe: false });
  const api = await fetch('/api/whoami', { headers: { Authorization: 'Bearer ' + kc.token } });
  window.result = { authenticated, status: api.status, body: await api.json(), token: kc.token, refreshToken: kc.refreshToken };
} catch (error) {
  window.result = { error: String(error && error.message || error) };
}
document.getElementById('out').textContent = JSON.stringify(window.result);
document.getElementById('logout').addEventListener('click', () => kc.logout());
</script>
</body></html>`;
}

describe('keycloak-js in a browser against the dev IdP', () => {
  let idp: DevIdp;
  let browser: Browser;
  let page: Page;
  let portal: Awaited<ReturnType<typeof listen>>;
  let realmDir: ReturnType<typeof realmDirWithPortalAt>;
  const authRequests: URL[] = [];

  beforeAll(async () => {
    // Filled in once the IdP runs; the portal starts first because the realm must name its origin.
    const idpSide: { url: string; verify?: (token: string) => Promise<unknown> } = { url: '' };
    portal = await listen(async (req, res) => {
      const path = (req.url ?? '/').split(/[?#]/)[0];
      if (path === '/keycloak.js') {
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.end(keycloakJs);
      } else if (path === '/api/whoami') {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        res.setHeader('Content-Type', 'application/json');
        try {
          if (!token || !idpSide.verify) throw new Error('no token');
          res.end(JSON.stringify({ claims: await idpSide.verify(token) }));
        } catch (error) {
          res.statusCode = 401;
          res.end(JSON.stringify({ error: String(error) }));
        }
      } else if (path === '/') {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(portalPage(idpSide.url));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    realmDir = realmDirWithPortalAt(portal.origin);
    idp = await startDevIdp({ realmDir: realmDir.dir });
    idpSide.url = idp.url;
    idpSide.verify = accessTokenVerifier(idp.issuer);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/protocol/openid-connect/auth')) authRequests.push(url);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await portal?.close();
    realmDir?.remove();
  });

  const result = async () => {
    await page.waitForFunction(() => (globalThis as { result?: unknown }).result !== undefined);
    return page.evaluate(() => (globalThis as unknown as { result: PageResult }).result);
  };

  let first: PageResult;

  it('sends the user to a Chinese login page, which refuses a wrong password', async () => {
    await page.goto(portal.origin);
    await page.waitForSelector('#kc-login');
    expect(new URL(page.url()).origin).toBe(new URL(idp.url).origin);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('label[for=username]')).toContain('用户名');
    expect(await page.textContent('#kc-login')).toContain('登录');

    await page.fill('#username', 'hejie-deputy');
    await page.fill('#password', 'wrong-password');
    await page.click('#kc-login');
    await page.waitForSelector('#input-error');
    expect(await page.textContent('#input-error')).toContain('用户名或密码错误');
    expect(await page.inputValue('#username')).toBe('hejie-deputy');
  });

  it('logs in with PKCE and the token opens the protected endpoint', async () => {
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('#kc-login');
    first = await result();
    expect(first.error).toBeUndefined();
    expect(first.authenticated).toBe(true);

    const [authRequest] = authRequests;
    expect(authRequest?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authRequest?.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    expect(first.status).toBe(200);
    expect(first.body?.claims).toMatchObject({
      tenant_code: '451102101',
      tenant_path: '450000/451100/451102/451102101',
      deputy_id: 'a7d0ef91-59d7-4feb-940b-1aac33f4039d',
      groups: ['/广西壮族自治区/贺州市/八步区/贺街镇'],
      azp: 'portal',
      iss: idp.issuer,
      aud: 'onenet-api',
    });
    expect((first.body?.claims?.realm_access as { roles: string[] }).roles).toContain('deputy');
  });

  it('refreshes the token and reads userinfo with it, as keycloak-js does', async () => {
    const refreshed = await page.evaluate(async () => {
      const kc = (globalThis as unknown as { kc: { updateToken(s: number): Promise<boolean>; token: string; loadUserInfo(): Promise<Record<string, unknown>> } }).kc;
      const done = await kc.updateToken(-1);
      return { done, token: kc.token, userinfo: await kc.loadUserInfo() };
    });
    expect(refreshed.done).toBe(true);
    expect(refreshed.token).not.toBe(first.token);
    expect(refreshed.userinfo).toMatchObject({ preferred_username: 'hejie-deputy', tenant_code: '451102101' });
  });

  it('logs out without a confirmation page and ends the session', async () => {
    const refreshToken = first.refreshToken as string;
    expect((await refreshGrant(idp.issuer, 'portal', refreshToken)).status).toBe(200);
    await page.evaluate(() => {
      (globalThis as { result?: unknown }).result = undefined;
    });
    await page.click('#logout');
    // Back at the portal, login-required finds no session and shows the login form again.
    await page.waitForSelector('#kc-login');
    expect(new URL(page.url()).origin).toBe(new URL(idp.url).origin);

    const stale = await refreshGrant(idp.issuer, 'portal', refreshToken);
    expect(stale.status).toBe(400);
    expect(stale.body.error).toBe('invalid_grant');
  });

  it('answers keycloak-js\'s third-party-cookie probe as Keycloak does', async () => {
    const probe = await browser.newPage();
    try {
      await probe.goto(portal.origin);
      // Runs in the page (a string, as this file is type-checked without the DOM library).
      const probeUrl = `${idp.issuer}/protocol/openid-connect/3p-cookies/step1.html`;
      const answer = await probe.evaluate(`new Promise((resolve) => {
        window.addEventListener('message', (event) => resolve(String(event.data)));
        const frame = document.createElement('iframe');
        frame.src = ${JSON.stringify(probeUrl)};
        document.body.append(frame);
      })`);
      expect(['supported', 'unsupported']).toContain(answer);
    } finally {
      await probe.close();
    }
  });
});
