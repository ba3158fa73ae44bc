// The platform as `npm start` runs it (apps/platform's startPlatform: services, dev IdP, edge
// serving the built portal), on free ports and a fresh database, driven by Debian's Chromium.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startPlatform } from '@onenet/platform';

export const portalRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = resolve(portalRoot, '../..');
export const resultsDir = join(portalRoot, 'test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'demo';

const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

/** A base such that base+1 … base+count are all free (the launcher numbers services that way). */
async function freeRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const ports = Array.from({ length: count }, (_, i) => base + i + 1);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
  throw new Error('no free port range for the services');
}

/**
 * A stand-in repository root: the services that can run (a src/main.ts exists — others are still
 * being written), the built portal, and the realm whose portal client accepts this test's origin
 * (the committed realm names http://localhost:8080 only).
 */
function stageRepoRoot(origin: string): { dir: string; services: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'onenet-portal-e2e-'));
  mkdirSync(join(dir, 'services'));
  const services: string[] = [];
  for (const name of readdirSync(join(repoRoot, 'services'))) {
    const serviceDir = join(repoRoot, 'services', name);
    if (!existsSync(join(serviceDir, 'package.json')) || !existsSync(join(serviceDir, 'src/main.ts'))) continue;
    symlinkSync(serviceDir, join(dir, 'services', name));
    services.push(name);
  }
  mkdirSync(join(dir, 'apps/portal'), { recursive: true });
  symlinkSync(join(portalRoot, 'dist'), join(dir, 'apps/portal/dist'));
  const realmDir = join(dir, 'infra/keycloak');
  mkdirSync(realmDir, { recursive: true });
  cpSync(join(repoRoot, 'infra/keycloak'), realmDir, { recursive: true });
  const realm = JSON.parse(readFileSync(join(realmDir, 'realm-onenet.json'), 'utf8'));
  const portal = realm.clients.find((c: { clientId: string }) => c.clientId === 'portal');
  portal.redirectUris = [`${origin}/*`];
  portal.webOrigins = [origin];
  portal.attributes['post.logout.redirect.uris'] = `${origin}/*`;
  writeFileSync(join(realmDir, 'realm-onenet.json'), JSON.stringify(realm));
  return { dir, services };
}

export interface E2E {
  url: string;
  services: string[];
  browser: Browser;
  /** What the platform printed (its services' lines tagged), for a failing test's message. */
  logs: string[];
  stop(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  if (!existsSync(join(portalRoot, 'dist/index.html'))) {
    const { build } = await import('vite');
    // Vitest runs with NODE_ENV=test, which Vite would build into the bundle: antd's development
    // mode, and rc-component's fixed id 'test-id' on every field and dialog title (so a dialog's
    // accessible name became another element's). What is tested is the production build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root: portalRoot, logLevel: 'warn', mode: 'production' });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }
  const database = `portal_e2e_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  const databaseUrl = new URL(PG_ADMIN_URL);
  databaseUrl.pathname = `/${database}`;

  const port = await freePort();
  const url = `http://localhost:${port}`;
  const staged = stageRepoRoot(url);
  const dataDir = join(staged.dir, '.data');
  const logs: string[] = [];
  let platform: Awaited<ReturnType<typeof startPlatform>> | undefined;
  let browser: Browser | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => undefined);
    await platform?.stop().catch(() => undefined);
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    await client.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await client.end();
    rmSync(staged.dir, { recursive: true, force: true });
  };
  try {
    platform = await startPlatform({
      repoRoot: staged.dir,
      dataDir,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: databaseUrl.toString(),
        NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
        DEV_IDP_PORT: String(await freePort()),
        SERVICE_PORT_BASE: String(await freeRange(Math.max(staged.services.length, 1))),
        LOG_LEVEL: 'warn',
      },
      log: (line) => logs.push(line),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    await cleanUp();
    throw new Error(`the platform did not start: ${(error as Error).message}\n${logs.slice(-30).join("\n")}`, { cause: error });
  }
  return { url, services: staged.services, browser, logs, stop: cleanUp };
}

export const DESKTOP = { viewport: { width: 1366, height: 860 } };
export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export async function newPage(e2e: E2E, options: Parameters<Browser['newContext']>[0] = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the IdP's Chinese login page, starting from the public site's button. */
export async function login(page: Page, e2e: E2E, username: string, path = '/'): Promise<void> {
  await page.goto(`${e2e.url}${path}`);
  await page.getByTestId('login').click();
  await page.waitForSelector('#kc-login');
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('#kc-login');
  await page.waitForURL(/\/work\//);
  await page.getByTestId('user-name').waitFor({ state: 'attached' });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core on the page as it is: the serious and critical findings. */
export async function accessibilityFindings(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ content: axeSource });
  // Colours are judged at rest: a toast fading in (antd's message) has a transparent moment whose
  // contrast axe would report. Finite animations are let finish; spinners (infinite) are not waited for.
  await page.evaluate(() =>
    Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))),
  );
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
