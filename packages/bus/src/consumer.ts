// Durable, idempotent consumers. Each event is handled in a transaction that also records
// (consumer, event id) in the inbox, so a redelivered event is acknowledged without effect.
// A failing event is redelivered with back-off; after maxDeliver attempts it is parked (kept in
// `<schema>.parked` with the error) and terminated, and can be replayed once fixed.
import type { EventDefinition, EventEnvelope, StreamSpec } from '@onenet/contracts';
import { SpanKind, SpanStatusCode, type Context } from '@opentelemetry/api';
import { sql, type Kysely, type Transaction } from 'kysely';
import { BusError } from './errors.ts';
import { consoleLogger, errorFields, type BusLogger } from './logger.ts';
import type { BusTables } from './migrations.ts';
import { extractContext, tracer } from './tracing.ts';
import type { Delivery, Headers, Subscription, Transport } from './transport/types.ts';

export interface HandlerOptions<D extends EventDefinition> {
  db: Kysely<any>;
  schema: string;
  /** `<consumer-service>--<purpose>`, e.g. `registry--annual-duties`. */
  durable: string;
  events: readonly D[];
  /** Runs in the transaction that records the event in the inbox; throw to retry. */
  handle(envelope: EventEnvelope<D>, trx: Transaction<any>): Promise<void>;
}

export interface ConsumerOptions<D extends EventDefinition> extends HandlerOptions<D> {
  transport: Transport;
  /** Attempts before an event is parked. Default 5. */
  maxDeliver?: number;
  /** Delay before the n-th retry (ms); the last value repeats. Default [1 s, 5 s, 30 s, 2 min]. */
  backoff?: number[];
  /** An attempt not acknowledged within this is redelivered (the process died). Default 30 s. */
  ackWaitMs?: number;
  /**
   * Most events handled in one transaction. Events already waiting when a transaction starts
   * share it (one commit instead of many); if any of them fails, each is retried alone. Events
   * are handled one batch at a time, in delivery order. Use 1 for slow handlers. Default 100.
   */
  batchSize?: number;
  logger?: BusLogger;
  /** Inbox rows (the idempotency record) are deleted after this long. Default 30 days. */
  retainInboxMs?: number;
}

export interface Consumer {
  /** Stops taking events and waits for the ones in hand. */
  stop(): Promise<void>;
  /** Re-runs a parked event through this consumer's handler. */
  replayParked(id: string): Promise<ReplayOutcome>;
}

export type ReplayOutcome = 'handled' | 'already-handled';

export interface ParkedEvent {
  id: string;
  consumer: string;
  eventId: string | null;
  subject: string;
  payload: string;
  headers: Headers;
  error: string;
  deliveryCount: number;
  parkedAt: Date;
}

const DURABLE = /^[a-z][a-z0-9-]*--[a-z][a-z0-9-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const decoder = new TextDecoder();
const PRUNE_EVERY_MS = 3_600_000;

const bus = <T>(db: Kysely<T>, schema: string) => (db as unknown as Kysely<BusTables>).withSchema(schema);
const describeError = (error: unknown) => (error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error));

/** Parses a delivered message into an envelope of one of the consumer's events (throws if it is not). */
function readEnvelope<D extends EventDefinition>(bySubject: Map<string, D>, subject: string, payload: string): EventEnvelope<D> {
  const definition = bySubject.get(subject);
  if (!definition) throw new BusError(`no contract for ${subject} among this consumer's events`);
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new BusError(`payload on ${subject} is not JSON`);
  }
  return definition.parseEnvelope(json) as EventEnvelope<D>;
}

/** Inbox insert + handler in one transaction; false if the event was handled before. */
async function handleOnce<D extends EventDefinition>(options: HandlerOptions<D>, envelope: EventEnvelope<D>, also?: (trx: Transaction<any>) => Promise<void>) {
  return options.db.transaction().execute(async (trx) => {
    const inserted = await bus(trx, options.schema)
      .insertInto('inbox')
      .values({ consumer: options.durable, event_id: envelope.id })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    const fresh = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    if (fresh) await options.handle(envelope, trx);
    await also?.(trx);
    return fresh;
  });
}

function inConsumerSpan<T>(subject: string, durable: string, parent: Context, attributes: Record<string, string | number>, fn: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(
    `process ${subject}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'process',
        'messaging.destination.name': subject,
        'messaging.consumer.group.name': durable,
        ...attributes,
      },
    },
    parent,
    async (span) => {
      try {
        return await fn();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export async function startConsumer<D extends EventDefinition>(options: ConsumerOptions<D>): Promise<Consumer> {
  const { db, schema, transport, durable, events } = options;
  if (!DURABLE.test(durable)) throw new BusError(`durable "${durable}" must be named <consumer-service>--<purpose>`);
  if (events.length === 0) throw new BusError(`consumer ${durable} has no events`);
  const logger = options.logger ?? consoleLogger;
  const maxDeliver = options.maxDeliver ?? 5;
  const backoff = options.backoff ?? [1_000, 5_000, 30_000, 120_000];
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const retainInboxMs = options.retainInboxMs ?? 30 * 86_400_000;
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const bySubject = new Map(events.map((e) => [e.subject, e]));

  async function park(delivery: Delivery, payload: string, eventId: string | null, error: unknown): Promise<void> {
    const reason = describeError(error);
    await bus(db, schema)
      .insertInto('parked')
      .values({ consumer: durable, event_id: eventId, subject: delivery.subject, payload, headers: delivery.headers, error: reason, delivery_count: delivery.deliveryCount })
      .onConflict((oc) => oc.columns(['consumer', 'event_id']).doUpdateSet({ error: reason, delivery_count: delivery.deliveryCount, parked_at: sql`now()`, replayed_at: null }))
      .execute();
    logger.error({ durable, subject: delivery.subject, eventId, deliveryCount: delivery.deliveryCount, ...errorFields(error) }, 'event parked');
  }

  /** Parks and terminates; if even parking fails (database down), retries later instead. */
  async function giveUp(delivery: Delivery, payload: string, eventId: string | null, error: unknown): Promise<void> {
    try {
      await park(delivery, payload, eventId, error);
      delivery.term();
    } catch (parkError) {
      logger.error({ durable, subject: delivery.subject, eventId, ...errorFields(parkError) }, 'could not park event; will retry');
      delivery.nak(backoff.at(-1));
    }
  }

  interface Item {
    delivery: Delivery;
    payload: string;
    envelope: EventEnvelope<D>;
  }
  const spanOf = (item: Item, fn: () => Promise<unknown>) =>
    inConsumerSpan(item.delivery.subject, durable, extractContext(item.delivery.headers), {
      'messaging.message.id': item.envelope.id,
      'messaging.nats.delivery_count': item.delivery.deliveryCount,
    }, fn);
  const keepAlive = (deliveries: Delivery[]) => setInterval(() => deliveries.forEach((d) => d.working()), Math.max(1_000, ackWaitMs / 3));

  /** One event in its own transaction: ack, retry later, or park. */
  async function handleAlone(item: Item): Promise<void> {
    const { delivery, payload, envelope } = item;
    const timer = keepAlive([delivery]);
    try {
      await spanOf(item, async () => {
        try {
          await handleOnce(options, envelope);
        } catch (error) {
          if (delivery.deliveryCount >= maxDeliver) return giveUp(delivery, payload, envelope.id, error);
          const delayMs = backoff[Math.min(delivery.deliveryCount - 1, backoff.length - 1)] ?? 0;
          logger.warn({ durable, subject: delivery.subject, eventId: envelope.id, deliveryCount: delivery.deliveryCount, retryInMs: delayMs, ...errorFields(error) }, 'event handler failed; will retry');
          delivery.nak(delayMs);
          throw error;
        }
        delivery.ack();
      });
    } catch {
      // Logged and nak'ed above; the span recorded the failure.
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * Several events in one transaction (one commit); on any failure, each is retried alone.
   * The inbox transaction commits synchronously (unlike the relay's mark): the ack follows the
   * commit, and once acked an event is never redelivered, so a commit lost in a crash after its
   * ack would lose the event's effects for good — the inbox's idempotency cannot repair that.
   */
  async function handleTogether(items: Item[]): Promise<void> {
    const timer = keepAlive(items.map((i) => i.delivery));
    try {
      await db.transaction().execute(async (trx) => {
        const fresh = await bus(trx, schema)
          .insertInto('inbox')
          .values([...new Set(items.map((i) => i.envelope.id))].map((id) => ({ consumer: durable, event_id: id })))
          .onConflict((oc) => oc.doNothing())
          .returning('event_id')
          .execute();
        const pending = new Set(fresh.map((r) => r.event_id));
        for (const item of items) {
          // delete(): the same event twice in one batch is handled once.
          if (pending.delete(item.envelope.id)) await spanOf(item, () => options.handle(item.envelope, trx));
        }
      });
    } catch {
      clearInterval(timer);
      for (const item of items) await handleAlone(item);
      return;
    }
    clearInterval(timer);
    for (const item of items) item.delivery.ack();
  }

  async function handleBatch(deliveries: Delivery[]): Promise<void> {
    const items: Item[] = [];
    for (const delivery of deliveries) {
      const payload = decoder.decode(delivery.data);
      let envelope: EventEnvelope<D>;
      try {
        envelope = readEnvelope(bySubject, delivery.subject, payload);
      } catch (error) {
        // Retrying cannot fix a message that breaks its contract: park it at once.
        const msgId = delivery.headers['Nats-Msg-Id'];
        await giveUp(delivery, payload, msgId && UUID.test(msgId) ? msgId : null, error);
        continue;
      }
      if (delivery.deliveryCount > maxDeliver) {
        // The previous attempt never finished (the process died or the ack was lost).
        await giveUp(delivery, payload, envelope.id, new BusError(`not completed after ${maxDeliver} deliveries`));
        continue;
      }
      items.push({ delivery, payload, envelope });
    }
    if (items.length === 1) await handleAlone(items[0] as Item);
    else if (items.length > 1) await handleTogether(items);
  }

  // Deliveries queue up while a batch is in its transaction; the next batch takes them all.
  const waiting: Array<{ delivery: Delivery; settled: () => void }> = [];
  let busy = false;
  const flush = async () => {
    const batch = waiting.splice(0, batchSize);
    try {
      await handleBatch(batch.map((w) => w.delivery));
    } catch (error) {
      logger.error({ durable, ...errorFields(error) }, 'consumer batch failed');
    } finally {
      for (const w of batch) w.settled();
      busy = false;
      schedule();
    }
  };
  const schedule = () => {
    if (busy || waiting.length === 0) return;
    busy = true;
    setImmediate(() => void flush());
  };
  const onDelivery = (delivery: Delivery) =>
    new Promise<void>((settled) => {
      waiting.push({ delivery, settled });
      schedule();
    });

  // One JetStream consumer (same durable name) per producing service's stream.
  const streams = new Map<string, { stream: StreamSpec; subjects: string[] }>();
  for (const e of events) {
    const entry = streams.get(e.stream.name) ?? { stream: e.stream, subjects: [] as string[] };
    entry.subjects.push(e.subject);
    streams.set(e.stream.name, entry);
  }
  const subscriptions: Subscription[] = [];
  for (const { stream, subjects } of streams.values()) {
    await transport.ensureStream(stream);
    subscriptions.push(
      await transport.consume({ stream: stream.name, durable, filterSubjects: subjects, ackWaitMs, maxDeliver: -1, concurrency: batchSize, prefetch: Math.max(64, 2 * batchSize) }, onDelivery),
    );
  }

  const prune = setInterval(() => {
    void bus(db, schema)
      .deleteFrom('inbox')
      .where('consumer', '=', durable)
      .where('processed_at', '<', sql<Date>`now() - make_interval(secs => ${retainInboxMs / 1000})`)
      .execute()
      .catch((error: unknown) => logger.warn({ durable, ...errorFields(error) }, 'inbox prune failed'));
  }, PRUNE_EVERY_MS);
  prune.unref();

  return {
    async stop() {
      clearInterval(prune);
      await Promise.all(subscriptions.map((s) => s.stop()));
    },
    replayParked: (id) => replayParked({ ...options, id }),
  };
}

/**
 * Re-runs a parked event through the handler (after the bug or data is fixed). On success the
 * parked row is marked replayed; on failure it keeps the new error and the error is thrown.
 */
export async function replayParked<D extends EventDefinition>(options: HandlerOptions<D> & { id: string }): Promise<ReplayOutcome> {
  const { db, schema, durable, id } = options;
  const row = await bus(db, schema).selectFrom('parked').selectAll().where('id', '=', id).where('consumer', '=', durable).executeTakeFirst();
  if (!row) throw new BusError(`no parked event ${id} for consumer ${durable}`);
  if (row.replayed_at) throw new BusError(`parked event ${id} was already replayed at ${row.replayed_at.toISOString()}`);
  const bySubject = new Map(options.events.map((e) => [e.subject, e]));
  try {
    const envelope = readEnvelope(bySubject, row.subject, row.payload);
    const fresh = await inConsumerSpan(row.subject, durable, extractContext(row.headers), { 'messaging.message.id': envelope.id, 'onenet.bus.replay_of': id }, () =>
      handleOnce(options, envelope, async (trx) => {
        await bus(trx, schema).updateTable('parked').set({ replayed_at: sql<Date>`now()` }).where('id', '=', id).execute();
      }),
    );
    return fresh ? 'handled' : 'already-handled';
  } catch (error) {
    await bus(db, schema).updateTable('parked').set({ error: describeError(error) }).where('id', '=', id).execute();
    throw error;
  }
}

/** Parked events not yet replayed, oldest first; for one consumer or all. */
export async function listParked(options: { db: Kysely<any>; schema: string; durable?: string }): Promise<ParkedEvent[]> {
  let query = bus(options.db, options.schema).selectFrom('parked').selectAll().where('replayed_at', 'is', null);
  if (options.durable) query = query.where('consumer', '=', options.durable);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({
    id: String(r.id),
    consumer: r.consumer,
    eventId: r.event_id,
    subject: r.subject,
    payload: r.payload,
    headers: r.headers,
    error: r.error,
    deliveryCount: r.delivery_count,
    parkedAt: r.parked_at,
  }));
}
