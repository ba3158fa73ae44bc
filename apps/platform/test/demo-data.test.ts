// Demo data: `npm start` with the demo realm gives the demo accounts the records behind them
// (a deputy's registry record and seats, a handler's unit), once; never in production, with an
// external IdP, or with ONENET_DEMO_DATA=off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPlatform } from '../src/platform.ts';
import { freePort } from './ports.ts';
import { demoDataSkipped, readDemoAccounts } from '../src/demo.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function platformOn(database: string, extra: NodeJS.ProcessEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'onenet-demo-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const lines: string[] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(await freePort()),
    DEV_IDP_PORT: String(await freePort()),
    SERVICE_PORT_BASE: String(20_000 + Math.floor(Math.random() * 20_000)),
    DATABASE_URL: url.toString(),
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    LOG_LEVEL: 'error',
    ...extra,
  };
  delete env.OIDC_ISSUER;
  delete env.NODE_ENV;
  const platform = await startPlatform({ repoRoot, dataDir, env, log: (line) => lines.push(line) });
  return { platform, lines };
}

async function newDatabase(): Promise<string> {
  const database = `onenet_demo_${Date.now()}_${Math.floor(Math.random() * 1000)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${database} with (force)`);
    await client.end();
  });
  return database;
}

async function token(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/realms/onenet/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'cli', username, password: 'demo', scope: 'openid' }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const get = async (base: string, path: string, bearer: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } });

describe('demo data', () => {
  it('reads the demo accounts from the realm: seats from groups, unit names from the generator', async () => {
    const accounts = await readDemoAccounts(join(repoRoot, 'infra/keycloak'));
    const hz = accounts.find((a) => a.username === 'hz-deputy');
    expect(hz?.seats).toEqual(['450000/451100', '450000/451100/451102']);
    expect(accounts.find((a) => a.username === 'bb-handler')?.unit).toMatchObject({ name: '八步区住房和城乡建设局', tenantPath: '450000/451100/451102' });
    expect(demoDataSkipped({ NODE_ENV: 'production' })).toMatch(/production/);
    expect(demoDataSkipped({ OIDC_ISSUER: 'https://sso.example.gov.cn/realms/onenet' })).toMatch(/OIDC_ISSUER/);
    expect(demoDataSkipped({ ONENET_DEMO_DATA: 'off' })).toMatch(/off/);
    expect(demoDataSkipped({})).toBeUndefined();
  });

  it('npm start gives a demo deputy their record and seats and a handler their unit, once', async () => {
    const database = await newDatabase();
    const first = await platformOn(database);
    try {
      const base = first.platform.url;
      const deputy = await token(base, 'hz-deputy');
      const me = await get(base, '/api/deputy-registry/me', deputy);
      expect(me.status).toBe(200);
      const record = (await me.json()) as { name: string; mandates: { tenantPath: string; level: string }[] };
      expect(record.name).toBe('钟明远');
      expect(record.mandates.map((m) => `${m.level} ${m.tenantPath}`).sort()).toEqual(['city 450000/451100', 'county 450000/451100/451102']);
      // The township deputy's seat reaches the suggestions service: a draft is accepted.
      const township = await token(base, 'hejie-deputy');
      await expect
        .poll(async () => (await fetch(`${base}/api/suggestions/suggestions`, { method: 'POST', headers: { authorization: `Bearer ${township}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'suggestion', period: 'between-sessions', title: '关于贺街镇河堤加固的建议', body: '汛期前请加固贺街镇临江河堤，保障沿岸群众安全。' }) })).status)
        .toBe(201);
      const units = (await (await get(base, '/api/suggestions/units', await token(base, 'bb-staff'))).json()) as { items: { id: string; name: string }[] };
      expect(units.items.map((u) => u.name)).toContain('八步区住房和城乡建设局');
      expect(first.lines.join('\n')).toMatch(/演示数据 demo data: person 廖春花/);
    } finally {
      await first.platform.stop();
    }
    const second = await platformOn(database);
    await second.platform.stop();
    expect(second.lines.join('\n')).not.toMatch(/demo data: (person|mandate|unit) /);
    expect(second.lines.join('\n')).toMatch(/demo data present/);
  }, 180_000);
});
