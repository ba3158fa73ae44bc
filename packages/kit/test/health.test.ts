// /healthz and /readyz against real dependencies that really go away.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsServer, type NatsServerHandle } from '@onenet/testing';
import { createTestDatabase, type TestDatabase } from '@onenet/db/testing';
import { NatsTransport } from '@onenet/bus';
import { migrate } from '@onenet/db';
import { NamespacedTransport, createTestTransport, waitFor } from '@onenet/bus/testing';
import { buildService, createLogger, migrationsOf, type Service } from '../src/index.ts';
import { memoryLogDestination, startTestService, type TestService } from '../src/testing.ts';
import { notesService } from './fixtures/notes-service.ts';

const quietLogger = () => createLogger({ service: 'test', level: 'silent', destination: memoryLogDestination([]) });

async function readyz(service: Service) {
  const response = await service.app.inject({ method: 'GET', url: '/readyz' });
  return { status: response.statusCode, type: response.headers['content-type'], body: response.json() as Record<string, any> };
}

describe('with everything up', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(notesService);
  });
  afterAll(() => service?.stop());

  it('is alive and ready, and says what it checked', async () => {
    expect((await service.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect(await readyz(service)).toMatchObject({ status: 200, body: { status: 'ready', checks: { database: 'ok', nats: 'ok', migrations: 'ok' } } });
  });

  it('opens its database connections with JIT compilation off', async () => {
    // Row-level security inflates the planner's estimates: with JIT on, PostgreSQL compiled
    // statements that read a page of rows, for tens of milliseconds each.
    const { rows } = await sql<{ jit: string }>`show jit`.execute(service.ctx.db);
    expect(rows).toEqual([{ jit: 'off' }]);
  });
});

describe('when NATS goes away', () => {
  let nats: NatsServerHandle;
  let database: TestDatabase;
  let transport: NamespacedTransport;
  let service: Service;

  beforeAll(async () => {
    nats = await startNatsServer();
    database = await createTestDatabase({ schema: notesService.schema, migrations: migrationsOf(notesService) });
    transport = new NamespacedTransport(await NatsTransport.connect({ servers: nats.url, name: 'kit-health-test' }));
    service = await buildService(notesService, { env: { DATABASE_URL: database.appUrl }, transport, logger: quietLogger(), migrate: false });
  });
  afterAll(async () => {
    await service?.close();
    await transport?.close();
    await database?.drop();
    await nats?.dispose();
  });

  it('reports not ready naming NATS while it is down, and ready again when it is back', async () => {
    expect((await readyz(service)).status).toBe(200);
    await nats.stop();
    await waitFor(() => !transport.isConnected(), { what: 'the transport to notice' });
    const down = await readyz(service);
    expect(down.status).toBe(503);
    expect(down.type).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({ status: 503, type: 'urn:onenet:problem:not-ready', detail: 'not ready: nats disconnected', checks: { database: 'ok', nats: 'disconnected', migrations: 'ok' } });
    // Alive all the same: a broker outage is no reason to restart the process.
    expect((await service.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await nats.start();
    await waitFor(async () => (await readyz(service)).status === 200, { what: 'ready again' });
  });
});

describe('when the database is unreachable', () => {
  it('reports not ready naming the database', async () => {
    const transport = await createTestTransport();
    // Nothing listens on port 1.
    const service = await buildService(notesService, { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }, transport, logger: quietLogger(), migrate: false });
    try {
      const { status, body } = await readyz(service);
      expect(status).toBe(503);
      expect(body.checks).toEqual({ database: 'unreachable', nats: 'ok', migrations: 'unknown (database unreachable)' });
      expect(body.detail).toContain('database unreachable');
    } finally {
      await service.close();
      await transport.dispose();
    }
  });
});

describe('when migrations are pending', () => {
  it('reports not ready naming the pending migrations, and ready once they are applied', async () => {
    const database = await createTestDatabase({ schema: notesService.schema, migrations: migrationsOf(notesService) });
    const transport = await createTestTransport();
    const newer = {
      ...notesService,
      migrations: {
        ...notesService.migrations,
        '202602010000_note_colour': { up: async (db: Kysely<any>) => db.schema.withSchema('kit_notes').alterTable('note').addColumn('colour', 'text').execute() },
      },
    };
    const service = await buildService(newer, { env: { DATABASE_URL: database.appUrl, MIGRATION_DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1' }, transport, logger: quietLogger() });
    try {
      const before = await readyz(service);
      expect(before.status).toBe(503);
      expect(before.body.checks.migrations).toBe('1 pending (202602010000_note_colour)');
      await service.start(); // migrates first
      expect((await readyz(service)).status).toBe(200);
    } finally {
      await service.close();
      await transport.dispose();
      await database.drop();
    }
  });

  it('with MIGRATE_ON_START=false a service leaves them to the migration job and stays not ready until it has run', async () => {
    const database = await createTestDatabase({ schema: notesService.schema, migrations: migrationsOf(notesService) });
    const transport = await createTestTransport();
    const newer = {
      ...notesService,
      migrations: { ...notesService.migrations, '202602010000_note_colour': { up: async (db: Kysely<any>) => db.schema.withSchema('kit_notes').alterTable('note').addColumn('colour', 'text').execute() } },
    };
    const env = { DATABASE_URL: database.appUrl, MIGRATION_DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1' };
    const service = await buildService(newer, { env: { ...env, MIGRATE_ON_START: 'false' }, transport, logger: quietLogger() });
    try {
      await service.start();
      expect((await readyz(service)).body.checks.migrations).toBe('1 pending (202602010000_note_colour)');
      await migrate(database.db, { schema: newer.schema, migrations: migrationsOf(newer) }); // the job
      expect((await readyz(service)).status).toBe(200);
    } finally {
      await service.close();
      await transport.dispose();
      await database.drop();
    }
  });
});

