// The transactional outbox: an event is written in the same transaction as the state change
// that caused it, so it is published if and only if that change commits.
import type { EventDefinition, Envelope, EnvelopeInput } from '@onenet/contracts';
import { sql, type Transaction } from 'kysely';
import type { Static, TSchema } from 'typebox';
import { injectHeaders } from './tracing.ts';
import { hasLocalRelay, wakeOnRelease } from './wake.ts';

/** The LISTEN/NOTIFY channel that wakes a schema's relay. */
export const outboxChannel = (schema: string): string => `onenet_outbox_${schema}`;

/**
 * Producers in a process without a relay for their schema (or on another pool than the relay's)
 * wake it with NOTIFY. A committing transaction that has NOTIFYed holds a cluster-wide lock
 * through its WAL flush, so notifying from every transaction serialises all producers' commits
 * (on the benchmark machine it halves their throughput). Such a process therefore notifies at
 * most once per this window; the relay, once notified, keeps looking every few milliseconds for
 * a while (OutboxRelayOptions.lingerMs), which picks up the events whose notification was
 * skipped. Producers beside their relay wake it in-process instead (wake.ts).
 */
export const NOTIFY_DEBOUNCE_MS = 10;
const lastNotified = new Map<string, number>();

function shouldNotify(schema: string): boolean {
  const now = performance.now();
  if (now - (lastNotified.get(schema) ?? -Infinity) < NOTIFY_DEBOUNCE_MS) return false;
  lastNotified.set(schema, now);
  return true;
}

/** One event to enqueue; `outgoing(event, input)` builds it with the payload typed by its event. */
export interface Outgoing<S extends TSchema = TSchema> {
  event: EventDefinition<S>;
  input: EnvelopeInput<Static<S>>;
}
export const outgoing = <S extends TSchema>(event: EventDefinition<S>, input: EnvelopeInput<Static<S>>): Outgoing<S> => ({ event, input });

/**
 * Validates the events, stores them in `<schema>.outbox` inside `trx` in the given order with
 * the current trace context (one statement, however many), and wakes the relay when it commits.
 * Returns the envelopes.
 */
export async function enqueueAll(trx: Transaction<any>, schema: string, events: readonly Outgoing<any>[]): Promise<Envelope<unknown>[]> {
  if (events.length === 0) return [];
  const envelopes = events.map(({ event, input }) => event.envelope(input) as Envelope<unknown>);
  const headers = JSON.stringify(injectHeaders());
  // One VALUES list: its rows take their sequence numbers in this order.
  const rows = sql.join(envelopes.map((envelope, i) => sql`(${envelope.id}, ${events[i]!.event.subject}, ${JSON.stringify(envelope)}::jsonb, ${headers}::jsonb)`));
  const insert = sql`insert into ${sql.table(`${schema}.outbox`)} (id, subject, envelope, headers) values ${rows}`;
  const notify = sql`select pg_notify(${outboxChannel(schema)}, '')`;
  if (hasLocalRelay(schema)) {
    // One round trip: the insert, and the connection's pid so the relay here wakes when it commits.
    const { rows: [row] } = await sql<{ pid: number }>`with inserted as (${insert}) select pg_backend_pid() as pid`.execute(trx);
    if (row && wakeOnRelease(row.pid, schema)) return envelopes;
    // The relay here watches another pool: tell it the ordinary way.
    if (shouldNotify(schema)) await notify.execute(trx);
    return envelopes;
  }
  // One round trip: insert and notify together (PostgreSQL delivers the notification at commit).
  if (shouldNotify(schema)) await sql`with inserted as (${insert}) ${notify}`.execute(trx);
  else await insert.execute(trx);
  return envelopes;
}

/** enqueueAll for one event. */
export async function enqueue<S extends TSchema>(
  trx: Transaction<any>,
  schema: string,
  definition: EventDefinition<S>,
  input: EnvelopeInput<Static<S>>,
): Promise<Envelope<Static<S>>> {
  const [envelope] = await enqueueAll(trx, schema, [outgoing(definition, input)]);
  return envelope as Envelope<Static<S>>;
}
