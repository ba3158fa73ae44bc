// The bus's speed, measured on this machine's real PostgreSQL and NATS:
//  - raw JetStream: publish → durable consumer → ack, flat out and paced at 1,000/s;
//  - the platform path: enqueue in a PostgreSQL transaction (one event per transaction) → relay
//    → JetStream → durable consumer with the inbox → ack, flat out with 8 producers (`platform`,
//    as in earlier results) and with 32 (`platform32`, a service-sized pool: raw runs 256 in
//    flight, and 32 producers let PostgreSQL's group commit share fsyncs), and paced at 1,000/s;
//  - the same producers alone (no relay, no consumer: their transactions are the ceiling the
//    platform path cannot pass on this machine);
//  - the machinery draining an outbox filled beforehand (no producers competing), i.e. what the
//    bus itself can move.
// Each producer has a connection of its own (pool = producers + 4, for the relay and consumer).
// Latency: raw, from the publish call to the consumer's ack; platform, from the producing
// transaction's commit to the consumer's ack (after its inbox transaction committed) — what the
// bus adds to a service's own write. `enqueueTxn` is that write (begin, insert, commit) itself.
// Everything (producers, relay, consumer) runs in this one Node process, sharing the machine
// with PostgreSQL and nats-server.
// Run: npx node packages/bus/bench/bus.bench.ts   (NATS_URL, PG_ADMIN_URL as for the tests)
import { randomBytes } from 'node:crypto';
import { defineEvent, newEventId } from '@onenet/contracts';
import { createDb, createPool } from '@onenet/db';
import { createTestDatabase } from '@onenet/db/testing';
import Type from 'typebox';
import { busMigrations, enqueue, NatsTransport, startConsumer, startOutboxRelay, type Delivery, type Transport } from '../src/index.ts';

export interface PathFigures {
  events: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface PlatformFigures extends PathFigures {
  /** The producing transaction (begin, enqueue, commit). */
  enqueueTxn: { p50Ms: number; p99Ms: number };
}

export interface BusBenchFigures {
  raw: PathFigures;
  rawPaced: PathFigures;
  platform: PlatformFigures;
  /** The same with 32 producers. */
  platform32: PlatformFigures;
  platformPaced: PlatformFigures;
  /** The producers' transactions alone (no relay, no consumer), with 8 and 32 producers. */
  producersAlone: { producers8: { eventsPerSecond: number }; producers32: { eventsPerSecond: number } };
  /** A pre-filled outbox drained: relay → JetStream → consumer with inbox, without producers. */
  platformDrain: { events: number; eventsPerSecond: number };
  pacedPerSecond: number;
  /** platform throughput (with its producers) / raw throughput (target ≥ 0.5) */
  platformShareOfRaw: number;
  platform32ShareOfRaw: number;
  /** platform32 / producers32 alone: what relaying and consuming cost the producers */
  platform32ShareOfProducers: number;
  /** drain throughput / raw throughput: the bus machinery alone */
  drainShareOfRaw: number;
  targets: { platformAtLeastHalfOfRaw: boolean; platform32AtLeastHalfOfRaw: boolean; pacedP99Under10Ms: boolean };
}

const SCHEMA = 'busbench';
const PACED_PER_SECOND = 1_000;
const now = () => performance.now();
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const round = (x: number) => Math.round(x * 100) / 100;

function percentiles(values: ArrayLike<number>): { p50Ms: number; p99Ms: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { p50Ms: round(at(0.5)), p99Ms: round(at(0.99)) };
}

/** Runs `send(i)` for i in [0, count): flat out with `parallel` in flight, or paced at `perSecond`. */
async function drive(count: number, send: (i: number) => Promise<unknown>, mode: { parallel: number } | { perSecond: number }): Promise<void> {
  if ('parallel' in mode) {
    let next = 0;
    const worker = async () => {
      while (next < count) await send(next++);
    };
    await Promise.all(Array.from({ length: mode.parallel }, worker));
    return;
  }
  // Paced: each send starts at its slot, whether or not earlier ones have finished.
  const interval = 1000 / mode.perSecond;
  const inFlight: Promise<unknown>[] = [];
  const start = now();
  let i = 0;
  while (i < count) {
    const due = Math.min(count, Math.floor((now() - start) / interval) + 1);
    while (i < due) inFlight.push(send(i++));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + i * interval - now())));
  }
  await Promise.all(inFlight);
}

/** Calls `onAck(delivery)` when the consumer acknowledges: the end of the platform path. */
function ackObserver(inner: Transport, onAck: (d: Delivery) => void): Transport {
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'consume') {
        return (options: Parameters<Transport['consume']>[0], handler: Parameters<Transport['consume']>[1]) =>
          target.consume(options, (d) =>
            handler({
              ...d,
              ack: () => {
                d.ack();
                onAck(d);
              },
            }),
          );
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export async function rawPath(transport: Transport, events: number, mode: { parallel: number } | { perSecond: number }): Promise<PathFigures> {
  const id = randomBytes(4).toString('hex');
  const stream = { name: `BENCH_RAW_${id.toUpperCase()}`, subjects: [`bench.raw.${id}.>`] };
  await transport.ensureStream(stream);
  const sentAt = new Float64Array(events);
  const latencies: number[] = [];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const sub = await transport.consume({ stream: stream.name, durable: 'bench--raw', filterSubjects: [], prefetch: 512 }, async (d) => {
    d.ack();
    const { seq } = JSON.parse(decoder.decode(d.data)) as { seq: number };
    latencies.push(now() - (sentAt[seq] as number));
    if (latencies.length === events) finished();
  });
  const start = now();
  await drive(
    events,
    (seq) => {
      sentAt[seq] = now();
      return transport.publish(`bench.raw.${id}.tick`, encoder.encode(JSON.stringify({ seq })), { msgId: newEventId() });
    },
    mode,
  );
  await done;
  const elapsed = now() - start;
  await sub.stop();
  await transport.deleteStream(stream.name);
  return { events, eventsPerSecond: Math.round((events * 1000) / elapsed), ...percentiles(latencies) };
}

export async function platformPath(
  url: string,
  transport: Transport,
  events: number,
  mode: { parallel: number } | { perSecond: number },
): Promise<PlatformFigures> {
  const service = `bench${randomBytes(4).toString('hex')}`;
  const Tick = defineEvent({ service, entity: 'tick', event: 'sent', version: 1, schema: Type.Object({ seq: Type.Integer() }) });
  // A service's pool (begin travels with the first statement). Paced producers queue for
  // connections when the machine falls behind: wait, do not fail.
  const pool = createPool(url, { max: ('parallel' in mode ? mode.parallel : 8) + 4, applicationName: 'bus-bench', connectionTimeoutMs: 120_000 });
  const db = createDb<any>(pool);
  const began = new Float64Array(events);
  const committed = new Float64Array(events);
  const acked = new Float64Array(events);
  let count = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const observed = ackObserver(transport, (d) => {
    const { data } = JSON.parse(decoder.decode(d.data)) as { data: { seq: number } };
    acked[data.seq] = now();
    if (++count === events) finished();
  });
  const relay = startOutboxRelay({ db, pool, schema: SCHEMA, transport });
  const consumer = await startConsumer({ db, schema: SCHEMA, transport: observed, durable: 'bench--platform', events: [Tick], handle: async () => {} });
  const start = now();
  await drive(
    events,
    async (seq) => {
      began[seq] = now();
      await db.transaction().execute((trx) => enqueue(trx, SCHEMA, Tick, { data: { seq }, tenantPath: '450000', actor: null }));
      committed[seq] = now();
    },
    mode,
  );
  await done;
  const elapsed = now() - start;
  await consumer.stop();
  await relay.stop();
  await db.destroy();
  await transport.deleteStream(Tick.stream.name);
  return {
    events,
    eventsPerSecond: Math.round((events * 1000) / elapsed),
    ...percentiles(acked.map((t, i) => t - (committed[i] as number))),
    enqueueTxn: percentiles(committed.map((t, i) => t - (began[i] as number))),
  };
}

/** The platform path's producers with nobody relaying: the rate of their transactions alone. */
export async function producersAlone(url: string, events: number, parallel: number): Promise<{ eventsPerSecond: number }> {
  const service = `bench${randomBytes(4).toString('hex')}`;
  const Tick = defineEvent({ service, entity: 'tick', event: 'sent', version: 1, schema: Type.Object({ seq: Type.Integer() }) });
  const pool = createPool(url, { max: parallel + 4, applicationName: 'bus-bench', connectionTimeoutMs: 120_000 });
  const db = createDb<any>(pool);
  const start = now();
  await drive(events, (seq) => db.transaction().execute((trx) => enqueue(trx, SCHEMA, Tick, { data: { seq }, tenantPath: '450000', actor: null })), { parallel });
  const elapsed = now() - start;
  // Nobody will publish these (no stream): out of the next relay's way.
  await db.deleteFrom(`${SCHEMA}.outbox`).where('subject', '=', Tick.subject).execute();
  await db.destroy();
  return { eventsPerSecond: Math.round((events * 1000) / elapsed) };
}

export async function drainPath(url: string, transport: Transport, events: number): Promise<{ events: number; eventsPerSecond: number }> {
  const service = `bench${randomBytes(4).toString('hex')}`;
  const Tick = defineEvent({ service, entity: 'tick', event: 'sent', version: 1, schema: Type.Object({ seq: Type.Integer() }) });
  const pool = createPool(url, { max: 4, applicationName: 'bus-bench' });
  const db = createDb<any>(pool);
  for (let from = 0; from < events; from += 500) {
    await db.transaction().execute(async (trx) => {
      for (let seq = from; seq < Math.min(events, from + 500); seq++) await enqueue(trx, SCHEMA, Tick, { data: { seq }, tenantPath: '450000', actor: null });
    });
  }
  let count = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const observed = ackObserver(transport, () => {
    if (++count === events) finished();
  });
  const start = now();
  const consumer = await startConsumer({ db, schema: SCHEMA, transport: observed, durable: 'bench--drain', events: [Tick], handle: async () => {} });
  const relay = startOutboxRelay({ db, pool, schema: SCHEMA, transport });
  await done;
  const elapsed = now() - start;
  await consumer.stop();
  await relay.stop();
  await db.destroy();
  await transport.deleteStream(Tick.stream.name);
  return { events, eventsPerSecond: Math.round((events * 1000) / elapsed) };
}

export async function benchBus(options: { events?: number; pacedSeconds?: number; natsUrl?: string } = {}): Promise<BusBenchFigures> {
  const events = options.events ?? 20_000;
  const paced = PACED_PER_SECOND * (options.pacedSeconds ?? 10);
  const t = await createTestDatabase({ schema: SCHEMA, migrations: busMigrations(SCHEMA) });
  const producersAloneRun = (parallel: number) => producersAlone(t.url, events, parallel);
  const transport = await NatsTransport.connect({ servers: options.natsUrl ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'bus-bench' });
  try {
    // Warm the JIT, the server and the connections.
    await rawPath(transport, 2_000, { parallel: 256 });
    await platformPath(t.url, transport, 2_000, { parallel: 8 });
    const raw = await rawPath(transport, events, { parallel: 256 });
    const rawPaced = await rawPath(transport, paced, { perSecond: PACED_PER_SECOND });
    const platform = await platformPath(t.url, transport, events, { parallel: 8 });
    const platform32 = await platformPath(t.url, transport, events, { parallel: 32 });
    const producersAlone = { producers8: await producersAloneRun(8), producers32: await producersAloneRun(32) };
    const platformPaced = await platformPath(t.url, transport, paced, { perSecond: PACED_PER_SECOND });
    const platformDrain = await drainPath(t.url, transport, events);
    const share = round(platform.eventsPerSecond / raw.eventsPerSecond);
    const share32 = round(platform32.eventsPerSecond / raw.eventsPerSecond);
    return {
      raw,
      rawPaced,
      platform,
      platform32,
      platformPaced,
      producersAlone,
      platformDrain,
      pacedPerSecond: PACED_PER_SECOND,
      platformShareOfRaw: share,
      platform32ShareOfRaw: share32,
      platform32ShareOfProducers: round(platform32.eventsPerSecond / producersAlone.producers32.eventsPerSecond),
      drainShareOfRaw: round(platformDrain.eventsPerSecond / raw.eventsPerSecond),
      targets: { platformAtLeastHalfOfRaw: share >= 0.5, platform32AtLeastHalfOfRaw: share32 >= 0.5, pacedP99Under10Ms: platformPaced.p99Ms < 10 },
    };
  } finally {
    await transport.close();
    await t.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = await benchBus();
  const row = (name: string, p: PathFigures | PlatformFigures) =>
    `${name.padEnd(46)}${String(p.events).padStart(7)}${String(p.eventsPerSecond).padStart(10)}${p.p50Ms.toFixed(2).padStart(9)}${p.p99Ms.toFixed(2).padStart(9)}` +
    ('enqueueTxn' in p ? `${p.enqueueTxn.p50Ms.toFixed(2).padStart(9)}${p.enqueueTxn.p99Ms.toFixed(2).padStart(9)}` : '') +
    '\n';
  process.stdout.write(
    `${'path'.padEnd(46)}${'events'.padStart(7)}${'events/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'txn p50'.padStart(9)}${'txn p99'.padStart(9)}\n` +
      row('raw JetStream publish → consume, flat out', f.raw) +
      row(`raw JetStream paced at ${f.pacedPerSecond}/s`, f.rawPaced) +
      row('platform outbox → relay → inbox, 8 producers', f.platform) +
      row('platform outbox → relay → inbox, 32 producers', f.platform32) +
      `${'producers alone (no relay), 8 | 32 producers'.padEnd(46)}${String(f.raw.events).padStart(7)}${String(f.producersAlone.producers8.eventsPerSecond).padStart(10)} | ${f.producersAlone.producers32.eventsPerSecond}\n` +
      row(`platform paced at ${f.pacedPerSecond}/s`, f.platformPaced) +
      `${'platform drain: full outbox → relay → inbox'.padEnd(46)}${String(f.platformDrain.events).padStart(7)}${String(f.platformDrain.eventsPerSecond).padStart(10)}\n` +
      `platform / raw throughput ${f.platformShareOfRaw} with 8 producers (target ≥ 0.5: ${f.targets.platformAtLeastHalfOfRaw ? 'met' : 'not met'}), ` +
      `${f.platform32ShareOfRaw} with 32 (${f.targets.platform32AtLeastHalfOfRaw ? 'met' : 'not met'}; ${f.platform32ShareOfProducers} of the 32 producers alone), ` +
      `${f.drainShareOfRaw} draining a full outbox; ` +
      `platform p99 at ${f.pacedPerSecond}/s ${f.platformPaced.p99Ms} ms (target < 10 ms: ${f.targets.pacedP99Under10Ms ? 'met' : 'not met'})\n` +
      `(latency: raw from publish, platform from the producing commit, to the consumer's ack; txn = the producing transaction)\n`,
  );
}
