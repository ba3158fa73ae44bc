// The transactional outbox: an event is written in the same transaction as the state change
// that caused it, so it is published if and only if that change commits.
import type { EventDefinition, Envelope, EnvelopeInput } from '@onenet/contracts';
import { sql, type Transaction } from 'kysely';
import type { Static, TSchema } from 'typebox';
import { injectHeaders } from './tracing.ts';

/** The LISTEN/NOTIFY channel that wakes a schema's relay. */
export const outboxChannel = (schema: string): string => `onenet_outbox_${schema}`;

/**
 * Validates the event, stores it in `<schema>.outbox` inside `trx` with the current trace
 * context, and notifies the relay (delivered by PostgreSQL at commit). Returns the envelope.
 */
export async function enqueue<S extends TSchema>(
  trx: Transaction<any>,
  schema: string,
  definition: EventDefinition<S>,
  input: EnvelopeInput<Static<S>>,
): Promise<Envelope<Static<S>>> {
  const envelope = definition.envelope(input);
  const headers = injectHeaders();
  // One round trip: insert and notify together.
  await sql`
    with inserted as (
      insert into ${sql.table(`${schema}.outbox`)} (id, subject, envelope, headers)
      values (${envelope.id}, ${definition.subject}, ${JSON.stringify(envelope)}::jsonb, ${JSON.stringify(headers)}::jsonb)
    )
    select pg_notify(${outboxChannel(schema)}, '')`.execute(trx);
  return envelope;
}
