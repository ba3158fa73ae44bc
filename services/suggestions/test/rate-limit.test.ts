// The public opinion form's rate limit holds across replicas: two instances of the service on
// one database count one address's opinions together.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessTransport } from '@onenet/bus';
import { buildService, createLogger } from '@onenet/kit';
import { suggestionsService } from '../src/service.ts';
import { startIdp, startService, type Service } from './helpers.ts';

const LIMIT = 4;
let idp: Awaited<ReturnType<typeof startIdp>>;
let first: Service;
let second: Awaited<ReturnType<typeof buildService>>;
let secondUrl: string;
const filesDir = mkdtempSync(join(tmpdir(), 'suggestions-replica-'));

beforeAll(async () => {
  idp = await startIdp();
  const env = { OIDC_ISSUER: idp.issuer, OIDC_AUDIENCE: 'onenet-api', DEADLINE_SCAN_INTERVAL_MS: '0', OPINION_RATE_LIMIT: String(LIMIT), OPINION_RATE_WINDOW_MS: '600000' };
  first = await startService(idp, { env });
  // A second replica on the same database.
  second = await buildService(suggestionsService(), {
    env: { ...env, DATABASE_URL: first.database.appUrl, MIGRATION_DATABASE_URL: first.database.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', FILES_DIR: filesDir },
    transport: new InProcessTransport(),
    logger: createLogger({ service: 'suggestions', level: 'error' }),
  });
  secondUrl = (await second.start()).url;
});

afterAll(async () => {
  await second?.close();
  await first?.stop();
  await idp?.dispose();
  rmSync(filesDir, { recursive: true, force: true });
});

async function send(base: string, body: string) {
  const form = new FormData();
  form.append('township', '451102101');
  form.append('body', body);
  const response = await fetch(`${base}/public/opinions`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as any, retryAfter: response.headers.get('retry-after') };
}

it('counts one address’s opinions across two replicas against one limit, each route apart', async () => {
  const results = [];
  for (let i = 0; i < LIMIT + 2; i++) results.push(await send(i % 2 ? secondUrl : first.url, `第${i}条意见`));
  expect(results.map((r) => r.status)).toEqual([...Array(LIMIT).fill(201), 429, 429]);
  expect(results[LIMIT]!.body).toMatchObject({ status: 429, detail: expect.stringMatching(/too many opinions/) });
  expect(Number(results[LIMIT]!.retryAfter)).toBeGreaterThan(500);
  // Following an opinion has its own limit: still open to the same address.
  const followed = await fetch(`${secondUrl}/public/opinions/${results[0]!.body.receiptCode}`);
  expect(followed.status).toBe(200);
  // Nothing refused was stored, everything accepted was.
  const stored = await first.database.db.selectFrom('suggestions.opinions').select('receipt_code').execute();
  expect(stored.map((s) => s.receipt_code).sort()).toEqual(results.filter((r) => r.status === 201).map((r) => r.body.receiptCode).sort());
});
