// The platform path — enqueue in a transaction → relay → stream → idempotent consumer — over
// both transports.
import { streamFor, type Envelope, type EventEnvelope } from '@onenet/contracts';
import type { TestDatabase } from '@onenet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractValidationError } from '@onenet/contracts';
import { enqueue, enqueueAll, outgoing, listParked, startConsumer, startOutboxRelay, type OutboxRelay, type Transport } from '../src/index.ts';
import { SCHEMA, effects, encode, recordEffect, recorder, sleep, testDatabase, testEvents, transportKinds, waitFor } from './helpers.ts';
import { createDb, createPool } from '@onenet/db';
import { sql } from 'kysely';

const tenantPath = '450000/451100';
const actor = { userId: 'u-1', name: '测试员' };

describe.each(transportKinds)('platform path over the $kind transport', ({ create }) => {
  let transport: Transport;
  let t: TestDatabase;
  let relay: OutboxRelay;
  const streams: string[] = [];

  beforeAll(async () => {
    [transport, t] = await Promise.all([create(), testDatabase()]);
    // A poll this slow means every prompt delivery below came through LISTEN/NOTIFY.
    relay = startOutboxRelay({ db: t.db, pool: t.pool, schema: SCHEMA, transport, pollIntervalMs: 60_000 });
  });
  afterAll(async () => {
    // Teardown is bounded: on a loaded CI machine one stuck step must not fail the suite.
    const bounded = (step: Promise<unknown>) => Promise.race([step, new Promise((r) => setTimeout(r, 10_000).unref())]);
    await bounded(relay.stop());
    for (const name of streams) await bounded(transport.deleteStream(name));
    await bounded(transport.close());
    await t.drop();
  }, 120_000);

  function service() {
    const s = testEvents();
    streams.push(streamFor(s.service).name);
    return s;
  }

  /** A plain durable consumer of `stream`: every message the relay published to it, in order. */
  async function watch(stream: Parameters<Transport['ensureStream']>[0], durable: string) {
    const probe = recorder();
    await transport.ensureStream(stream);
    const sub = await transport.consume({ stream: stream.name, durable, filterSubjects: [] }, probe.handler);
    return { ...probe, stop: () => sub.stop() };
  }

  it('delivers an event enqueued in a committed transaction, and never one whose transaction rolled back', async () => {
    const { Thing } = service();
    const received: EventEnvelope<typeof Thing>[] = [];
    const consumer = await startConsumer({
      db: t.db,
      schema: SCHEMA,
      transport,
      durable: 'bustest--basic',
      events: [Thing],
      handle: async (envelope, trx) => {
        received.push(envelope);
        await recordEffect(trx, 'bustest--basic', envelope.id, envelope.data.n);
      },
    });
    const first = await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: 1 }, tenantPath, actor }));
    await t.db
      .transaction()
      .execute(async (trx) => {
        await enqueue(trx, SCHEMA, Thing, { data: { n: 2 }, tenantPath, actor });
        throw new Error('the business change failed');
      })
      .catch(() => {});
    await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: 3 }, tenantPath, actor: null }));
    await waitFor(async () => (await effects(t.db, 'bustest--basic')).length === 2);
    await consumer.stop();
    expect(received.map((e) => e.data.n)).toEqual([1, 3]);
    expect(received[0]).toEqual(first);
    expect(first).toMatchObject({ type: Thing.type, version: 1, tenantPath, actor });
  });

  it('wakes the relay when a transaction commits, even right after one that rolled back', async () => {
    // The CI flake: a rolled-back producer used the process's NOTIFY slot, the next commit came
    // after the relay had stopped lingering, and its event waited for the (here 60 s) poll.
    const { Thing } = service();
    const probe = await watch(Thing.stream, 'bustest--after-rollback');
    try {
      await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: 1 }, tenantPath, actor }));
      await waitFor(() => probe.seen.length === 1);
      await t.db
        .transaction()
        .execute(async (trx) => {
          await enqueue(trx, SCHEMA, Thing, { data: { n: 2 }, tenantPath, actor });
          throw new Error('the business change failed');
        })
        .catch(() => {});
      await t.db.transaction().execute(async (trx) => {
        await enqueue(trx, SCHEMA, Thing, { data: { n: 3 }, tenantPath, actor });
        await sleep(400); // past the relay's linger
      });
      await waitFor(() => probe.seen.length === 2);
    } finally {
      await probe.stop();
    }
    expect(probe.bodies().map((e) => (e as Envelope<{ n: number }>).data.n)).toEqual([1, 3]);
  });

  it('the relay opens its connection again when PostgreSQL ends it', async () => {
    const { Thing } = service();
    const probe = await watch(Thing.stream, 'bustest--relay-reconnect');
    try {
      await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: 1 }, tenantPath, actor }));
      await waitFor(() => probe.seen.length === 1);
      const { rows } = await sql<{ ended: boolean }>`select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and application_name like '%outbox-relay'`.execute(t.db);
      expect(rows).toEqual([{ ended: true }]);
      await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: 2 }, tenantPath, actor }));
      await waitFor(() => probe.seen.length === 2);
      expect(probe.bodies().map((e) => (e as Envelope<{ n: number }>).data.n)).toEqual([1, 2]);
    } finally {
      await probe.stop();
    }
  });

  it('a producer on another pool than the relay wakes it with NOTIFY', async () => {
    const { Thing } = service();
    const pool = createPool(t.url, { max: 2 });
    const db = createDb<any>(pool);
    try {
      const probe = await watch(Thing.stream, 'bustest--other-pool');
      for (let n = 0; n < 3; n++) {
        await db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n }, tenantPath, actor }));
        await waitFor(() => probe.seen.length === n + 1);
        await sleep(300); // past the relay's linger: each event needs its own notification
      }
      expect(probe.bodies().map((e) => (e as Envelope<{ n: number }>).data.n)).toEqual([0, 1, 2]);
      await probe.stop();
    } finally {
      await db.destroy();
    }
  });

  it('refuses an invalid event, naming the field, and stores nothing', async () => {
    const { Thing } = service();
    const error = await t.db
      .transaction()
      .execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: -1 }, tenantPath, actor }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractValidationError);
    expect((error as ContractValidationError).issues).toEqual([{ path: '/data/n', message: 'must be >= 0' }]);
    const rows = await t.db.selectFrom(`${SCHEMA}.outbox`).select('id').where('subject', '=', Thing.subject).execute();
    expect(rows).toEqual([]);
  });

  it('handles an event delivered twice only once', async () => {
    const { Thing } = service();
    await transport.ensureStream(Thing.stream);
    const envelope = Thing.envelope({ data: { n: 7 }, tenantPath, actor });
    // Two publishes under different msgIds: what a redelivery after the dedupe window looks like.
    await transport.publish(Thing.subject, encode(envelope), { msgId: 'first' });
    await transport.publish(Thing.subject, encode(envelope), { msgId: 'second' });
    const seen: number[] = [];
    const consumer = await startConsumer({
      db: t.db,
      schema: SCHEMA,
      transport,
      durable: 'bustest--twice',
      events: [Thing],
      handle: async (e, trx) => {
        seen.push(e.data.n);
        await recordEffect(trx, 'bustest--twice', e.id, e.data.n);
      },
    });
    const probe = recorder();
    const sub = await transport.consume({ stream: Thing.stream.name, durable: 'bustest--probe', filterSubjects: [] }, probe.handler);
    await waitFor(() => probe.seen.length === 2);
    await sub.stop();
    // Both copies are in the stream; the consumer must have settled both before it stops.
    await waitFor(async () => (await t.db.selectFrom(`${SCHEMA}.inbox`).select('event_id').where('consumer', '=', 'bustest--twice').execute()).length === 1);
    await consumer.stop();
    expect(seen).toEqual([7]);
    expect(await effects(t.db, 'bustest--twice')).toEqual([{ event_id: envelope.id, n: 7 }]);
  });

  it('retries a failing handler with back-off until it succeeds, with effects once', async () => {
    const { Thing } = service();
    let attempts = 0;
    const consumer = await startConsumer({
      db: t.db,
      schema: SCHEMA,
      transport,
      durable: 'bustest--retry',
      events: [Thing],
      backoff: [20, 40],
      maxDeliver: 5,
      logger: quiet,
      handle: async (e, trx) => {
        attempts++;
        await recordEffect(trx, 'bustest--retry', e.id, e.data.n);
        // The effect above is rolled back with the failed attempt.
        if (attempts < 3) throw new Error(`flaky dependency (attempt ${attempts})`);
      },
    });
    await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: 1 }, tenantPath, actor }));
    await waitFor(async () => (await effects(t.db, 'bustest--retry')).length === 1);
    await consumer.stop();
    expect(attempts).toBe(3);
    expect(await effects(t.db, 'bustest--retry')).toHaveLength(1);
  });

  it('parks a poison event after maxDeliver attempts, and replays it once fixed', async () => {
    const { Thing } = service();
    let broken = true;
    let attempts = 0;
    const durable = 'bustest--poison';
    const consumer = await startConsumer({
      db: t.db,
      schema: SCHEMA,
      transport,
      durable,
      events: [Thing],
      backoff: [10],
      maxDeliver: 3,
      logger: quiet,
      handle: async (e, trx) => {
        attempts++;
        if (broken) throw new Error(`cannot handle n=${e.data.n}`);
        await recordEffect(trx, durable, e.id, e.data.n);
      },
    });
    const envelope = await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: 13 }, tenantPath, actor }));
    const [parked] = await waitFor(async () => {
      const rows = await listParked({ db: t.db, schema: SCHEMA, durable });
      return rows.length > 0 ? rows : undefined;
    });
    expect(attempts).toBe(3);
    expect(parked).toMatchObject({ consumer: durable, eventId: envelope.id, subject: Thing.subject, deliveryCount: 3 });
    expect(parked?.error).toContain('cannot handle n=13');
    expect(JSON.parse(parked!.payload)).toEqual(envelope);
    expect(parked?.headers['Nats-Msg-Id']).toBe(envelope.id);

    broken = false;
    expect(await consumer.replayParked(parked!.id)).toBe('handled');
    expect(await effects(t.db, durable)).toEqual([{ event_id: envelope.id, n: 13 }]);
    expect(await listParked({ db: t.db, schema: SCHEMA, durable })).toEqual([]);
    await expect(consumer.replayParked(parked!.id)).rejects.toThrow(/already replayed/);
    await consumer.stop();
  });

  it('handles waiting events in one transaction; one bad event in a batch holds back none of the others', async () => {
    const { Thing } = service();
    await transport.ensureStream(Thing.stream);
    const durable = 'bustest--batch';
    const envelopes = Array.from({ length: 12 }, (_, n) => Thing.envelope({ data: { n }, tenantPath, actor }));
    // Published before the consumer starts, so the first deliveries arrive together.
    for (const e of envelopes) await transport.publish(Thing.subject, encode(e), { msgId: e.id });
    const transactions = new Set<unknown>();
    const consumer = await startConsumer({
      db: t.db,
      schema: SCHEMA,
      transport,
      durable,
      events: [Thing],
      maxDeliver: 2,
      backoff: [10],
      logger: quiet,
      handle: async (e, trx) => {
        transactions.add(trx);
        if (e.data.n === 5) throw new Error('event 5 is poison');
        await recordEffect(trx, durable, e.id, e.data.n);
      },
    });
    await waitFor(async () => (await listParked({ db: t.db, schema: SCHEMA, durable })).length === 1);
    await waitFor(async () => (await effects(t.db, durable)).length === 11);
    await consumer.stop();
    const handled = await effects(t.db, durable);
    expect(handled.map((r) => r.n).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11]);
    expect(new Set(handled.map((r) => r.event_id)).size).toBe(11);
    // The batch with the poison event was rolled back and its events retried one by one.
    expect(transactions.size).toBeGreaterThan(12);

    // Good events that were waiting share transactions.
    const more = Array.from({ length: 12 }, (_, n) => Thing.envelope({ data: { n: 100 + n }, tenantPath, actor }));
    for (const e of more) await transport.publish(Thing.subject, encode(e), { msgId: e.id });
    transactions.clear();
    const again = await startConsumer({
      db: t.db,
      schema: SCHEMA,
      transport,
      durable,
      events: [Thing],
      handle: async (e, trx) => {
        transactions.add(trx);
        await recordEffect(trx, durable, e.id, e.data.n);
      },
    });
    await waitFor(async () => (await effects(t.db, durable)).length === 23);
    await again.stop();
    expect(transactions.size).toBeLessThan(12);
  });

  it('parks a message that breaks its contract at once', async () => {
    const { Thing } = service();
    await transport.ensureStream(Thing.stream);
    const durable = 'bustest--contract';
    const consumer = await startConsumer({ db: t.db, schema: SCHEMA, transport, durable, events: [Thing], logger: quiet, handle: async () => {} });
    const bad = { ...Thing.envelope({ data: { n: 1 }, tenantPath, actor }), data: { n: 'one' } };
    await transport.publish(Thing.subject, encode(bad), { msgId: bad.id });
    const [parked] = await waitFor(async () => {
      const rows = await listParked({ db: t.db, schema: SCHEMA, durable });
      return rows.length > 0 ? rows : undefined;
    });
    await consumer.stop();
    expect(parked).toMatchObject({ eventId: bad.id, deliveryCount: 1 });
    expect(parked?.error).toContain('/data/n must be integer');
  });

  it('one consumer receives several event types from several services', async () => {
    const a = service();
    const b = service();
    const got: string[] = [];
    const consumer = await startConsumer({
      db: t.db,
      schema: SCHEMA,
      transport,
      durable: 'bustest--many',
      events: [a.Thing, a.Other, b.Thing],
      handle: async (e) => {
        got.push(`${e.type}:${e.data.n}`);
      },
    });
    await t.db.transaction().execute(async (trx) => {
      await enqueue(trx, SCHEMA, a.Thing, { data: { n: 1 }, tenantPath, actor });
      await enqueue(trx, SCHEMA, a.Other, { data: { n: 2 }, tenantPath, actor });
      await enqueue(trx, SCHEMA, b.Thing, { data: { n: 3 }, tenantPath, actor });
      await enqueue(trx, SCHEMA, b.Other, { data: { n: 4 }, tenantPath, actor });
    });
    await waitFor(() => got.length === 3);
    await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, b.Thing, { data: { n: 5 }, tenantPath, actor }));
    await waitFor(() => got.length === 4);
    await consumer.stop();
    expect(got.sort()).toEqual([`${a.Thing.type}:1`, `${a.Other.type}:2`, `${b.Thing.type}:3`, `${b.Thing.type}:5`].sort());
  });

  it('publishes in commit order', async () => {
    const { Thing } = service();
    for (let n = 0; n < 30; n++) await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n }, tenantPath, actor }));
    const probe = await watch(Thing.stream, 'bustest--order');
    await waitFor(() => probe.seen.length === 30);
    await probe.stop();
    expect(probe.bodies().map((e) => (e as Envelope<{ n: number }>).data.n)).toEqual(Array.from({ length: 30 }, (_, n) => n));
  });

  it('several events enqueued together are published in the order given, all or none with their transaction', async () => {
    const { Thing, Other } = service();
    const events = [outgoing(Thing, { data: { n: 1 }, tenantPath, actor }), outgoing(Other, { data: { n: 2 }, tenantPath, actor }), outgoing(Thing, { data: { n: 3 }, tenantPath, actor })];
    const envelopes = await t.db.transaction().execute((trx) => enqueueAll(trx, SCHEMA, events));
    await t.db
      .transaction()
      .execute(async (trx) => {
        await enqueueAll(trx, SCHEMA, [outgoing(Thing, { data: { n: 4 }, tenantPath, actor })]);
        throw new Error('the business change failed');
      })
      .catch(() => {});
    // One invalid event refuses the whole batch, naming the field.
    const refused = await t.db
      .transaction()
      .execute((trx) => enqueueAll(trx, SCHEMA, [outgoing(Thing, { data: { n: 5 }, tenantPath, actor }), outgoing(Other, { data: { n: -6 }, tenantPath, actor })]))
      .catch((e: unknown) => e);
    expect((refused as ContractValidationError).issues).toEqual([{ path: '/data/n', message: 'must be >= 0' }]);
    const probe = await watch(Thing.stream, 'bustest--together');
    await waitFor(() => probe.seen.length === 3);
    await new Promise((r) => setTimeout(r, 200)); // nothing else arrives
    await probe.stop();
    expect(probe.bodies()).toEqual(envelopes);
    expect(probe.bodies().map((e) => (e as Envelope<{ n: number }>).data.n)).toEqual([1, 2, 3]);
  });

  it('several relays share the outbox and publish each event once', async () => {
    const { Thing } = service();
    // Two fresh relays, so their counters hold this test's rows only.
    await relay.stop();
    const replicas = [startOutboxRelay({ db: t.db, pool: t.pool, schema: SCHEMA, transport, batchSize: 7 }), startOutboxRelay({ db: t.db, pool: t.pool, schema: SCHEMA, transport, batchSize: 7 })];
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, batch) =>
        t.db.transaction().execute(async (trx) => {
          for (let i = 0; i < 20; i++) ids.push((await enqueue(trx, SCHEMA, Thing, { data: { n: batch * 20 + i }, tenantPath, actor })).id);
        }),
      ),
    );
    const probe = await watch(Thing.stream, 'bustest--replicas');
    await waitFor(() => probe.seen.length === 200);
    await probe.stop();
    await Promise.all(replicas.map((r) => r.stop()));
    relay = startOutboxRelay({ db: t.db, pool: t.pool, schema: SCHEMA, transport, pollIntervalMs: 60_000 });
    expect(new Set(probe.bodies().map((e) => (e as Envelope).id))).toEqual(new Set(ids));
    // SKIP LOCKED: no row was published by both relays.
    expect(replicas.map((r) => r.published).reduce((a, b) => a + b)).toBe(200);
    const unpublished = await t.db.selectFrom(`${SCHEMA}.outbox`).select('id').where('published_at', 'is', null).execute();
    expect(unpublished).toEqual([]);
  });
});

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
