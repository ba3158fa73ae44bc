// `npm start` as a user runs it: nothing configured (embedded PostgreSQL, a local nats-server,
// the development IdP), one origin, Ctrl-C stops everything; and the in-process fallback.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPlatform } from '../src/platform.ts';
import { freePort } from './ports.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Ports for one platform: the edge, the IdP, embedded PostgreSQL and NATS, and a block for services. */
async function ports() {
  return {
    PORT: String(await freePort()),
    DEV_IDP_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    EMBEDDED_NATS_PORT: String(await freePort()),
    SERVICE_PORT_BASE: String(20_000 + Math.floor(Math.random() * 20_000)),
  };
}

async function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        done(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`platform exited with ${code}; output:\n${output}`));
    });
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A platform's environment on a database of its own (dropped after the file), with a data directory. */
async function onScratchDatabase(name: string, settings: NodeJS.ProcessEnv): Promise<{ dataDir: string; env: NodeJS.ProcessEnv; lines: string[] }> {
  const database = `onenet_platform_${name}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  cleanups.push(async () => {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });
  const dataDir = mkdtempSync(join(tmpdir(), `onenet-${name}-`));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ...(await ports()), DATABASE_URL: databaseUrl.toString(), LOG_LEVEL: 'error', ...settings };
  delete env.NATS_URL;
  delete env.OIDC_ISSUER;
  return { dataDir, env, lines: [] };
}

describe('npm start with nothing configured', () => {
  it('brings up embedded PostgreSQL, nats-server, the IdP and every service on one origin, and stops on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onenet-start-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env: NodeJS.ProcessEnv = { ...process.env, ...(await ports()), DATA_DIR: dataDir };
    for (const name of ['DATABASE_URL', 'NATS_URL', 'OIDC_ISSUER']) delete env[name];
    const child = spawn(process.execPath, ['apps/platform/src/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => void child.kill('SIGKILL'));

    const output = await waitForOutput(child, /Ctrl-C stops everything/, 120_000);
    const base = /One Network is up: (\S+?)\/?\s/.exec(output)?.[1] as string;
    expect(output).toMatch(/PostgreSQL: 内置 embedded/);
    expect(output).toMatch(/NATS: .*nats-server/);
    expect(output).toMatch(/hejie-deputy/); // the demo accounts are listed

    expect((await fetch(`${base}/`)).status).toBe(200);
    const discovery = await (await fetch(`${base}/realms/onenet/.well-known/openid-configuration`)).json() as { issuer: string };
    expect(discovery.issuer).toBe(`${base}/realms/onenet`);
    for (const service of ['deputy-registry', 'suggestions']) {
      const ready = await fetch(`${base}/api/${service}/readyz`);
      expect(ready.status, service).toBe(200);
      expect(await ready.json()).toMatchObject({ checks: { database: 'ok', nats: 'ok', migrations: 'ok' } });
    }
    const missing = await fetch(`${base}/api/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);

    const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    // Everything it started is gone: the edge and the embedded database no longer answer.
    await expect(fetch(`${base}/`)).rejects.toThrow();
    // No service is left running without its launcher.
    for (const offset of [1, 2]) await expect(fetch(`http://127.0.0.1:${Number(env.SERVICE_PORT_BASE) + offset}/healthz`)).rejects.toThrow();
    await expect(new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres`, connectionTimeoutMillis: 1_000 }).connect()).rejects.toThrow();
  }, 180_000);
});

describe('without a nats-server', () => {
  it('runs every service in one process over the in-process transport and says so', async () => {
    const { dataDir, env, lines } = await onScratchDatabase('inproc', { NATS_SERVER_BIN: 'none' });
    const platform = await startPlatform({ repoRoot, dataDir, env, log: (line) => lines.push(line) });
    try {
      expect(lines.join('\n')).toMatch(/in-process transport/);
      for (const service of ['deputy-registry', 'suggestions']) {
        const ready = await fetch(`${platform.url}/api/${service}/readyz`);
        expect(ready.status, service).toBe(200);
      }
    } finally {
      await platform.stop();
    }
  }, 120_000);
});

describe('a service that cannot start', () => {
  it('ends the wait at once, naming the service and its configuration error', async () => {
    // A wrong value the registry refuses at start; the wait would otherwise last READY_TIMEOUT_SECONDS.
    const { dataDir, env, lines } = await onScratchDatabase('bad', { REGISTRY_REPORT_CACHE_SECONDS: 'soon', READY_TIMEOUT_SECONDS: '600' });
    const started = startPlatform({ repoRoot, dataDir, env, log: (line) => lines.push(line) });
    await expect(started).rejects.toThrow(/deputy-registry exited with code [1-9]/);
    expect(lines.join('\n')).toMatch(/REGISTRY_REPORT_CACHE_SECONDS/);
  }, 120_000);
});
