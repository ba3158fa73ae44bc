// The outbox relay: publishes committed outbox rows to JetStream in order, marks them published.
// Woken when a producer's connection goes back to this relay's pool after its transaction
// (wake.ts), or by LISTEN/NOTIFY from producers elsewhere, after which it lingers, looking every
// few ms for rows whose notification was debounced (see outbox.ts); a slow poll is the safety net.
// Rows are claimed with FOR UPDATE SKIP LOCKED, so every replica can run a relay. If NATS is
// down the rows stay unpublished and the relay backs off: nothing is lost, and a row published
// but not marked (crash in between) is published again with the same Nats-Msg-Id and dropped
// by JetStream's duplicate window (or, after it, by the consumers' inbox).
import { streamForSubject } from '@onenet/contracts';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { BusNoStreamError } from './errors.ts';
import { consoleLogger, errorFields, type BusLogger } from './logger.ts';
import { outboxChannel } from './outbox.ts';
import { extractContext, injectHeaders, tracer } from './tracing.ts';
import type { Headers, Transport } from './transport/types.ts';
import { watchPool } from './wake.ts';

export interface OutboxRelayOptions {
  db: Kysely<any>;
  /**
   * The pool `db` uses. The relay watches it for producers' commits (wake.ts) and opens two
   * connections of its own with its settings: one to LISTEN, one for its batches.
   */
  pool: pg.Pool;
  schema: string;
  transport: Transport;
  logger?: BusLogger;
  /** Rows claimed and published per transaction. Default 500. */
  batchSize?: number;
  /** Look for rows even without a notification this often. Default 500 ms. */
  pollIntervalMs?: number;
  /**
   * After a NOTIFY (and after each batch published while lingering), keep looking every
   * `lingerPollMs` (default 2) for this long (default 250 ms): producers in other processes
   * notify at most once per NOTIFY_DEBOUNCE_MS. In-process wake-ups need no lingering.
   */
  lingerMs?: number;
  lingerPollMs?: number;
  publishTimeoutMs?: number;
  /** Longest pause between attempts while NATS or PostgreSQL is failing. Default 15 s. */
  maxBackoffMs?: number;
  /** Published rows are deleted after this long. Default 7 days. */
  retainPublishedMs?: number;
}

export interface OutboxRelay {
  /** Finishes the batch in progress and stops. */
  stop(): Promise<void>;
  /** Look for rows now (the relay also wakes on NOTIFY by itself). */
  wake(): void;
  /** Rows published by this relay since it started. */
  readonly published: number;
}

interface OutboxRow {
  seq: string;
  id: string;
  subject: string;
  payload: string;
  headers: Headers;
}

const encoder = new TextEncoder();
const PRUNE_EVERY_MS = 3_600_000;

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { pool, schema, transport } = options;
  const logger = options.logger ?? consoleLogger;
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const lingerMs = options.lingerMs ?? 250;
  const lingerPollMs = options.lingerPollMs ?? 2;
  const maxBackoffMs = options.maxBackoffMs ?? 15_000;
  const retainPublishedMs = options.retainPublishedMs ?? 7 * 86_400_000;
  const outbox = sql.table(`${schema}.outbox`);
  const ensuredStreams = new Set<string>();

  let stopped = false;
  let woken = false;
  let interrupt: (() => void) | undefined;
  let published = 0;
  let lastPrune = 0;
  let lingerUntil = 0;

  const wake = () => {
    woken = true;
    interrupt?.();
  };
  const notified = () => {
    lingerUntil = performance.now() + lingerMs;
    wake();
  };
  /** Sleeps up to `ms`; a wake-up (if `wakeable`) or stop ends it early. */
  const pause = (ms: number, wakeable: boolean) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      interrupt = wakeable ? done : () => stopped && done();
    });

  async function ensureStreams(rows: OutboxRow[]): Promise<void> {
    for (const row of rows) {
      const stream = streamForSubject(row.subject);
      if (ensuredStreams.has(stream.name)) continue;
      await transport.ensureStream(stream);
      ensuredStreams.add(stream.name);
    }
  }

  /** Starts the publish synchronously (so calls reach the connection in row order). */
  async function publishRow(row: OutboxRow): Promise<void> {
    // The PRODUCER span continues the trace of the request that enqueued the event.
    const parent = extractContext(row.headers);
    const span = tracer.startSpan(
      `send ${row.subject}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'send',
          'messaging.destination.name': row.subject,
          'messaging.message.id': row.id,
        },
      },
      parent,
    );
    try {
      const headers = injectHeaders(trace.setSpan(parent, span), { ...row.headers });
      await transport.publish(row.subject, encoder.encode(row.payload), { msgId: row.id, headers, timeoutMs: options.publishTimeoutMs });
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  }

  /**
   * The relay's own connection (opened with the pool's settings): batches never queue for a
   * pooled connection behind the service's requests, which is where they waited when the
   * service was busy.
   */
  let own: pg.Client | undefined;
  async function connection(): Promise<pg.Client> {
    if (own) return own;
    const c = ownClient(pool, 'outbox-relay');
    c.on('error', () => {
      if (own === c) own = undefined;
      void c.end().catch(() => {});
    });
    await c.connect();
    own = c;
    return c;
  }
  const dropConnection = () => {
    const c = own;
    own = undefined;
    void c?.end().catch(() => {});
  };

  /** Rows the previous batch's last round trip claimed (its mark, then the next claim), in an open transaction. */
  let carried: OutboxRow[] | undefined;

  /**
   * Claims, publishes and marks one batch; returns how many rows it claimed. Two round trips per
   * batch: "begin; select … for update skip locked", then "update …; commit" (simple-protocol
   * statements; the only values inlined are sequence numbers). When more is waiting (a wake-up
   * during the batch, or a full batch), the mark's round trip also begins the next batch and
   * claims its rows: one round trip per batch while busy.
   */
  async function relayBatch(): Promise<number> {
    const client = await connection();
    let failure: unknown;
    let claimed: number;
    try {
      const table = `${client.escapeIdentifier(schema)}.outbox`;
      const claim = `begin; select seq, id, subject, envelope::text as payload, headers from ${table}
         where published_at is null order by seq limit ${batchSize} for update skip locked`;
      let rows = carried;
      carried = undefined;
      if (!rows) {
        // A wake-up from here on may be for a commit this claim does not see: it must stay set.
        woken = false;
        const [, answer] = (await client.query(claim)) as unknown as [pg.QueryResult, pg.QueryResult<OutboxRow>];
        rows = answer.rows;
      }
      if (rows.length === 0) {
        await client.query('commit');
        return 0;
      }
      await ensureStreams(rows);
      // Sent back to back on one connection, so the stream receives them in seq order.
      const results = await Promise.allSettled(rows.map(publishRow));
      const done = rows.filter((_, i) => results[i]?.status === 'fulfilled').map((r) => r.seq);
      if (done.some((seq) => !/^[0-9]+$/.test(seq))) throw new Error('unexpected outbox sequence number');
      failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
      claimed = rows.length;
      // The mark need not wait for its WAL flush: if a crash loses it, the rows are published
      // again and JetStream (msg id) or the consumers' inbox drop the copies.
      const mark =
        done.length > 0
          ? `set local synchronous_commit = off; update ${table} set published_at = now() where seq = any('{${done.join(',')}}'::bigint[]); commit`
          : 'commit';
      if (!failure && !stopped && (woken || rows.length >= batchSize)) {
        woken = false; // as above: this claim is the look the wake-up asked for
        const answers = (await client.query(`${mark}; ${claim}`)) as unknown as pg.QueryResult<OutboxRow>[];
        carried = answers.at(-1)?.rows ?? [];
      } else await client.query(mark);
      published += done.length;
    } catch (error) {
      carried = undefined;
      await client.query('rollback').catch(dropConnection);
      throw error;
    }
    if (failure) {
      // Someone deleted the stream: create it again on the next attempt.
      if (failure instanceof BusNoStreamError) ensuredStreams.clear();
      throw failure;
    }
    return claimed;
  }

  /** Cheap check between batches (index-only, no locks, no transaction). */
  async function anyUnpublished(): Promise<boolean> {
    const client = await connection();
    const { rows } = await client.query<{ any: boolean }>(`select exists(select 1 from ${client.escapeIdentifier(schema)}.outbox where published_at is null) as any`);
    return rows[0]?.any ?? false;
  }

  async function pruneIfDue(): Promise<void> {
    if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = Date.now();
    await sql`delete from ${outbox} where published_at < now() - make_interval(secs => ${retainPublishedMs / 1000})`.execute(options.db);
  }

  const loop = (async () => {
    let backoffMs = 0;
    let lookNow = true;
    while (!stopped) {
      // `woken` is cleared where a claim is sent, not here: a wake-up arriving while the previous
      // batch's mark and next claim were in flight is for a commit that claim may have missed,
      // and clearing it here lost it (the relay then slept until its poll).
      try {
        const claimed = lookNow ? await relayBatch() : 0;
        if (backoffMs > 0) logger.info({ schema }, 'outbox relay recovered');
        backoffMs = 0;
        // Still hearing from notifying producers: keep watching for their debounced rows.
        if (claimed > 0 && performance.now() < lingerUntil) lingerUntil = performance.now() + lingerMs;
        if (claimed >= batchSize || woken || carried) {
          lookNow = true;
          continue;
        }
        const lingering = performance.now() < lingerUntil;
        if (!lingering) await pruneIfDue();
        // A wake-up while the prune ran would find no pause to interrupt.
        if (woken) {
          lookNow = true;
          continue;
        }
        await pause(lingering ? lingerPollMs : pollIntervalMs, true);
        lookNow = woken || (await anyUnpublished());
      } catch (error) {
        lookNow = true;
        backoffMs = Math.min(maxBackoffMs, backoffMs === 0 ? 100 : backoffMs * 2);
        logger.warn({ schema, retryInMs: backoffMs, ...errorFields(error) }, 'outbox relay could not publish; retrying');
        await pause(backoffMs, false);
      }
    }
  })();

  const listener = listen(pool, outboxChannel(schema), notified, logger, () => stopped);
  const unwatch = watchPool(pool, schema, wake);

  return {
    async stop() {
      stopped = true;
      unwatch();
      interrupt?.();
      await loop;
      // Stopped between a batch and the one its last round trip claimed: leave those rows for later.
      if (carried) await own?.query('rollback').catch(() => {});
      carried = undefined;
      dropConnection();
      await listener.close();
    },
    wake,
    get published() {
      return published;
    },
  };
}

/** A connection of the relay's own, with the pool's settings, named for what it does (pg_stat_activity). */
const ownClient = (pool: pg.Pool, role: string) =>
  new pg.Client({ ...pool.options, application_name: `${pool.options.application_name ?? 'onenet'} ${role}` });

/** A dedicated connection LISTENing on `channel`; reconnects, and calls onNotify after each (re)connect to catch up. */
function listen(pool: pg.Pool, channel: string, onNotify: () => void, logger: BusLogger, isStopped: () => boolean) {
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (isStopped()) return;
    const c = ownClient(pool, 'outbox-listener');
    client = c;
    c.on('notification', () => onNotify());
    c.on('error', (error) => {
      logger.warn({ channel, ...errorFields(error) }, 'outbox listener lost its connection; reconnecting');
      void c.end().catch(() => {});
      if (client === c) scheduleReconnect();
    });
    try {
      await c.connect();
      await c.query(`listen ${c.escapeIdentifier(channel)}`);
      onNotify();
    } catch (error) {
      logger.warn({ channel, ...errorFields(error) }, 'outbox listener could not connect; polling until it can');
      void c.end().catch(() => {});
      if (client === c) scheduleReconnect();
    }
  };
  const scheduleReconnect = () => {
    client = undefined;
    if (isStopped() || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, 1_000);
  };
  void connect();
  return {
    async close() {
      clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
