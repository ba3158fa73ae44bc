// What happens when things die: the NATS server goes away mid-stream; a consumer process is
// killed before it acknowledges.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { streamFor } from '@onenet/contracts';
import { natsUrl, startNatsServer } from '@onenet/testing';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { enqueue, NatsTransport, startConsumer, startOutboxRelay } from '../src/index.ts';
import { jetstreamManager } from '@nats-io/jetstream';
import { SCHEMA, effects, encode, recordEffect, recorder, testDatabase, testEvents, uniqueId, waitFor } from './helpers.ts';

const tenantPath = '450000';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe('resilience', () => {
  it('loses nothing while NATS is down: every event reaches each of two consumers exactly once', { timeout: 90_000 }, async () => {
    const server = await startNatsServer();
    const t = await testDatabase();
    const transport = await NatsTransport.connect({ servers: server.url });
    const { Thing } = testEvents();
    let failedAttempts = 0;
    const relayLogger = { ...quiet, warn: () => void failedAttempts++ };
    const relay = startOutboxRelay({ db: t.db, pool: t.pool, schema: SCHEMA, transport, logger: relayLogger, publishTimeoutMs: 500, maxBackoffMs: 500 });
    const durables = ['bustest--outage-a', 'bustest--outage-b'];
    const consumers = await Promise.all(
      durables.map((durable) =>
        startConsumer({
          db: t.db,
          schema: SCHEMA,
          transport,
          durable,
          events: [Thing],
          ackWaitMs: 2_000,
          backoff: [100],
          logger: quiet,
          handle: (e, trx) => recordEffect(trx, durable, e.id, e.data.n),
        }),
      ),
    );
    const produce = async (from: number, to: number) => {
      for (let n = from; n < to; n++) await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n }, tenantPath, actor: null }));
    };
    const allHandled = (count: number) => async () => {
      for (const durable of durables) if ((await effects(t.db, durable)).length < count) return false;
      return true;
    };
    try {
      await produce(0, 10);
      await waitFor(allHandled(10));

      await server.stop();
      await waitFor(() => !transport.isConnected());
      // The services keep committing while the broker is away.
      await produce(10, 60);
      // The relay keeps trying and failing, and the events wait in the outbox.
      await waitFor(() => failedAttempts >= 3, { what: 'the relay to fail a few times' });
      const { rows } = await sql<{ count: string }>`select count(*) from ${sql.table(`${SCHEMA}.outbox`)} where published_at is null`.execute(t.db);
      expect(Number(rows[0]?.count)).toBe(50);

      await server.start();
      await produce(60, 70);
      await waitFor(allHandled(70), { timeoutMs: 60_000 });

      for (const durable of durables) {
        const rows = await effects(t.db, durable);
        expect(rows.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 70 }, (_, n) => n));
        expect(new Set(rows.map((r) => r.event_id)).size).toBe(70);
      }
    } finally {
      await Promise.all(consumers.map((c) => c.stop()));
      await relay.stop();
      await transport.close();
      await server.dispose();
      await t.drop();
    }
  });

  it('redelivers to another process when a consumer process dies before acknowledging', { timeout: 60_000 }, async () => {
    const t = await testDatabase();
    const transport = await NatsTransport.connect({ servers: natsUrl() });
    const { service, Thing } = testEvents();
    const durable = 'bustest--dying';
    const relay = startOutboxRelay({ db: t.db, pool: t.pool, schema: SCHEMA, transport });
    try {
      const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/dying-consumer.ts', import.meta.url))], {
        env: { ...process.env, DATABASE_URL: t.url, NATS_URL: natsUrl(), SERVICE: service, DURABLE: durable },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = once(child, 'exit');
      await waitFor(() => child.stdout.read()?.toString().includes('ready'), { what: 'the consumer process to start' });
      const envelope = await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: 42 }, tenantPath, actor: null }));
      const [, signal] = await exited;
      expect(signal).toBe('SIGKILL');
      // It died inside the handler's transaction: no effect, no ack.
      expect(await effects(t.db, durable)).toEqual([]);

      const deliveries: number[] = [];
      const survivor = await startConsumer({
        db: t.db,
        schema: SCHEMA,
        transport,
        durable,
        events: [Thing],
        ackWaitMs: 1_000,
        handle: async (e, trx) => {
          deliveries.push(e.data.n);
          await recordEffect(trx, durable, e.id, e.data.n);
        },
      });
      await waitFor(async () => (await effects(t.db, durable)).length === 1);
      await survivor.stop();
      expect(deliveries).toEqual([42]);
      expect(await effects(t.db, durable)).toEqual([{ event_id: envelope.id, n: 42 }]);
    } finally {
      await relay.stop();
      await transport.deleteStream(streamFor(service).name);
      await transport.close();
      await t.drop();
    }
  });
});

/** A NATS transport of its own (on the machine's server) and a fresh stream on it. */
async function connectWithStream() {
  const transport = await NatsTransport.connect({ servers: natsUrl() });
  const id = uniqueId();
  const stream = { name: `BUSTEST_${id.toUpperCase()}`, subjects: [`bustest.${id}.>`] };
  await transport.ensureStream(stream);
  return { transport, id, stream };
}

describe('a durable deleted under a running consumer', () => {
  it('is created again and consumption resumes', { timeout: 60_000 }, async () => {
    const { transport, id, stream } = await connectWithStream();
    const r = recorder();
    const sub = await transport.consume({ stream: stream.name, durable: 'test--deleted', filterSubjects: [] }, r.handler);
    try {
      await transport.publish(`bustest.${id}.a`, encode('before'));
      await waitFor(() => r.bodies().includes('before'));
      const jsm = await jetstreamManager(transport.connection);
      await jsm.consumers.delete(stream.name, 'test--deleted');
      await transport.publish(`bustest.${id}.a`, encode('after'));
      await waitFor(() => r.bodies().includes('after'), { timeoutMs: 30_000 });
    } finally {
      await sub.stop();
      await transport.deleteStream(stream.name);
      await transport.close();
    }
  });
});

describe('a consumer whose connection is closed', () => {
  it('ends with the connection instead of retrying every second', { timeout: 30_000 }, async () => {
    const { transport, stream } = await connectWithStream();
    const sub = await transport.consume({ stream: stream.name, durable: 'test--closed', filterSubjects: [] }, recorder().handler);
    const errors: unknown[][] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    try {
      await transport.close();
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // two of the loop's retry pauses
      expect(errors.map((args) => String(args[0]))).not.toContainEqual(expect.stringContaining('stopped receiving; restarting'));
      await sub.stop(); // returns: the loop has ended
    } finally {
      spy.mockRestore();
      const cleanup = await NatsTransport.connect({ servers: natsUrl() });
      await cleanup.deleteStream(stream.name);
      await cleanup.close();
    }
  });
});
