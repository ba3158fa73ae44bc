// The service as a real process: a configuration it cannot run with stops it with one line and
// exit code 78; SIGTERM lets a request in flight finish, reports not ready meanwhile, exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsUrl, startOtlpCollector } from '@onenet/testing';
import { createTestDatabase, type TestDatabase } from '@onenet/db/testing';
import { migrationsOf } from '../src/index.ts';
import { notesService } from './fixtures/notes-service.ts';

const main = fileURLToPath(new URL('./fixtures/notes-main.ts', import.meta.url));

/** A clean environment: nothing of the test runner's own (OTEL_*, LOG_LEVEL…) leaks in. */
const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
  /** Resolves with the first stdout line (parsed JSON) matching. */
  line(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

function start(env: Record<string, string>, args: string[] = []): Run {
  const child = spawn(process.execPath, [main, ...args], { env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    stdout.push(text);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    for (const waiter of [...waiters]) {
      if (waiter.match(parsed)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(parsed);
      }
    }
  });
  createInterface({ input: child.stderr! }).on('line', (text) => stderr.push(text));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    stdout,
    stderr,
    exited,
    line: (match) =>
      new Promise((resolve, reject) => {
        const found = stdout.map((t) => { try { return JSON.parse(t) as Record<string, unknown>; } catch { return undefined; } }).find((l) => l && match(l));
        if (found) return resolve(found);
        waiters.push({ match, resolve });
        void exited.then((code) => reject(new Error(`process exited (${code}) first; stderr: ${stderr.join('\n')}; stdout: ${stdout.join('\n')}`)));
      }),
  };
}

describe('configuration errors', () => {
  it('stops with exit code 78 and one line naming a missing variable', async () => {
    const run = start({});
    expect(await run.exited).toBe(78);
    expect(run.stderr).toEqual(['config error: DATABASE_URL is required (a PostgreSQL URL, e.g. postgres://user@host:5432/db)']);
    expect(run.stdout).toEqual([]);
  });

  it('names a wrong variable and the problem, and never echoes a URL (it may hold a password)', async () => {
    const run = start({ DATABASE_URL: 'mysql://root:hunter2@db/x', PORT: 'eighty' });
    expect(await run.exited).toBe(78);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toBe(
      'config error: PORT must be a TCP port, 0–65535, got "eighty"; DATABASE_URL must be a PostgreSQL URL, e.g. postgres://user@host:5432/db',
    );
    expect(run.stderr[0]).not.toContain('hunter2');
  });
});

describe('graceful shutdown', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ schema: notesService.schema, migrations: migrationsOf(notesService) });
  });
  afterAll(() => database?.drop());

  it('finishes a request in flight after SIGTERM, reports not ready meanwhile, and exits 0', async () => {
    const run = start({
      DATABASE_URL: database.appUrl,
      MIGRATION_DATABASE_URL: database.url,
      NATS_URL: natsUrl(),
      PORT: '0',
      HOST: '127.0.0.1',
      // Margins for a busy machine: the readiness probe below must land within the delay, and
      // the slow request must still be running when the delay ends and the listener closes.
      SHUTDOWN_DELAY_MS: '3000',
      SHUTDOWN_TIMEOUT_MS: '8000',
      LOG_LEVEL: 'debug',
    });
    try {
      const listening = await run.line((l) => l.msg === 'listening');
      const url = listening.address as string;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);

      const slow = fetch(`${url}/slow?ms=4000`).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
      await run.line((l) => l.msg === 'slow request started');
      run.child.kill('SIGTERM');
      await run.line((l) => l.msg === 'shutting down');

      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ detail: 'not ready: shutting down' });

      expect(await slow).toEqual({ status: 200, body: { waited: 4000 } });
      const code = await run.exited;
      expect(code, `exit code; the service logged:\n${run.stdout.join('\n')}`).toBe(0);
      expect(run.stderr).toEqual([]);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });

  it('exports its traces and metrics over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const collector = await startOtlpCollector();
    const run = start({
      DATABASE_URL: database.appUrl,
      MIGRATION_DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    });
    try {
      const url = (await run.line((l) => l.msg === 'listening')).address as string;
      const created = await fetch(`${url}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'exported', priority: 1 }) });
      expect(created.status).toBe(201);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      const traces = collector.bodiesAt('/v1/traces');
      const metrics = collector.bodiesAt('/v1/metrics');
      expect(traces).toContain('POST /notes');
      expect(traces).toContain('kit-notes');
      expect(metrics).toContain('http.server.request.duration');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      await collector.close();
    }
  });

  it('migrate applies the migrations and exits without serving', async () => {
    const fresh = await createTestDatabase({ schema: 'kit_other', migrations: {} });
    try {
      const run = start({ DATABASE_URL: fresh.url, LOG_LEVEL: 'info' }, ['migrate']);
      expect(await run.exited).toBe(0);
      const done = run.stdout.map((t) => JSON.parse(t) as { msg: string; migrations?: string[] }).find((l) => l.msg === 'migrations applied');
      expect(done?.migrations).toEqual([...Object.keys(migrationsOf(notesService))].sort());
      const { rows } = await fresh.pool.query("select count(*)::int as n from information_schema.tables where table_schema = 'kit_notes'");
      expect(rows[0].n).toBeGreaterThanOrEqual(4); // outbox, inbox, parked, note (+ bookkeeping)
    } finally {
      await fresh.drop();
    }
  });
});
