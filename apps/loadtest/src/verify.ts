// After the load: every write the platform accepted is in the database, and every event the
// services published reached each consumer that wants it (its inbox holds the event's id).
import pg from 'pg';
import type { Accepted } from './scenario.ts';
import type { ConsumerRef } from './platform.ts';

export interface Verification {
  /** Accepted writes not found in the database, by kind. */
  missing: Record<keyof Accepted, number>;
  /** Submitted suggestions the deputy registry has not counted for their deputy (duty facts). */
  uncounted: number;
  /** Per consumer: events published since the start on its subjects, and how many it has not handled. */
  events: Record<string, { published: number; unhandled: number }>;
  ok: boolean;
}

export async function verify(databaseUrl: string, accepted: Accepted, consumers: ConsumerRef[], schemas: string[], since: Date): Promise<Verification> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const count = async (sql: string, ids: string[]) => (ids.length ? Number((await client.query<{ n: string }>(sql, [ids])).rows[0]!.n) : 0);
    const step = (action: string) => `select count(distinct suggestion_id) as n from suggestions.transitions where action = '${action}' and suggestion_id = any($1::uuid[])`;
    const missing = {
      submitted: accepted.submitted.length - (await count(`select count(*) as n from suggestions.suggestions where id = any($1::uuid[]) and submitted_at is not null`, accepted.submitted)),
      registered: accepted.registered.length - (await count(step('register'), accepted.registered)),
      assigned: accepted.assigned.length - (await count(step('assign'), accepted.assigned)),
      replied: accepted.replied.length - (await count(`select count(distinct suggestion_id) as n from suggestions.replies where suggestion_id = any($1::uuid[])`, accepted.replied)),
      opinions: accepted.opinions.length - (await count(`select count(*) as n from suggestions.opinions where id = any($1::uuid[])`, accepted.opinions)),
    };
    const uncounted =
      accepted.submitted.length -
      (await count(`select count(distinct source_ref) as n from registry.duty_fact where source = 'suggestions' and kind = 'suggestion' and source_ref = any($1::uuid[])`, accepted.submitted));
    const events: Verification['events'] = {};
    for (const c of consumers) {
      for (const producer of schemas) {
        const { rows } = await client.query<{ published: string; unhandled: string }>(
          `select count(*) as published, count(*) filter (where i.event_id is null) as unhandled
             from ${pg.escapeIdentifier(producer)}.outbox o
             left join ${pg.escapeIdentifier(c.schema)}.inbox i on i.consumer = $1 and i.event_id = o.id
            where o.subject = any($2) and o.created_at >= $3`,
          [c.durable, c.subjects, since],
        );
        const published = Number(rows[0]!.published);
        if (!published) continue;
        const entry = (events[c.durable] ??= { published: 0, unhandled: 0 });
        entry.published += published;
        entry.unhandled += Number(rows[0]!.unhandled);
      }
    }
    const ok = Object.values(missing).every((n) => n === 0) && uncounted === 0 && Object.values(events).every((e) => e.unhandled === 0);
    return { missing, uncounted, events, ok };
  } finally {
    await client.end();
  }
}
