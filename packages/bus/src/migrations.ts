// The bus's tables in a service's own schema. Frozen like every migration: change by adding.
// Names sort before any service migration (YYYYMMDDHHMM_…).
import { sql, type Generated, type Kysely } from 'kysely';
import type { Migrations } from '@onenet/db';

export function busMigrations(schema: string): Migrations {
  const s = (db: Kysely<any>) => db.schema.withSchema(schema);
  return {
    '000000000000_bus_outbox': {
      async up(db) {
        await db.schema.createSchema(schema).ifNotExists().execute();
        await s(db)
          .createTable('outbox')
          // seq orders publishing; id is the event id (Nats-Msg-Id).
          .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
          .addColumn('id', 'uuid', (c) => c.notNull().unique())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('envelope', 'jsonb', (c) => c.notNull())
          .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
          .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addColumn('published_at', 'timestamptz')
          .execute();
        // The relay only ever looks for unpublished rows; keep that index tiny.
        await s(db).createIndex('outbox_unpublished').on('outbox').column('seq').where(sql.ref('published_at'), 'is', null).execute();
      },
    },
    '000000000001_bus_inbox': {
      async up(db) {
        await s(db)
          .createTable('inbox')
          .addColumn('consumer', 'text', (c) => c.notNull())
          .addColumn('event_id', 'uuid', (c) => c.notNull())
          .addColumn('processed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addPrimaryKeyConstraint('inbox_pkey', ['consumer', 'event_id'])
          .execute();
        await s(db).createIndex('inbox_processed_at').on('inbox').column('processed_at').execute();
      },
    },
    '000000000002_bus_parked': {
      async up(db) {
        await s(db)
          .createTable('parked')
          .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
          .addColumn('consumer', 'text', (c) => c.notNull())
          // Null when the message could not even be read as an envelope.
          .addColumn('event_id', 'uuid')
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('headers', 'jsonb', (c) => c.notNull())
          .addColumn('error', 'text', (c) => c.notNull())
          .addColumn('delivery_count', 'integer', (c) => c.notNull())
          .addColumn('parked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addColumn('replayed_at', 'timestamptz')
          .addUniqueConstraint('parked_consumer_event', ['consumer', 'event_id'])
          .execute();
      },
    },
  };
}

/** Row shapes, for queries typed against `Kysely<BusTables>`. */
export interface BusTables {
  outbox: {
    seq: Generated<string>;
    id: string;
    subject: string;
    envelope: unknown;
    headers: Record<string, string>;
    created_at: Generated<Date>;
    published_at: Date | null;
  };
  inbox: { consumer: string; event_id: string; processed_at: Generated<Date> };
  parked: {
    id: Generated<string>;
    consumer: string;
    event_id: string | null;
    subject: string;
    payload: string;
    headers: Record<string, string>;
    error: string;
    delivery_count: number;
    parked_at: Generated<Date>;
    replayed_at: Date | null;
  };
}
