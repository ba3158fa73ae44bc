import { createTestDatabase, type TestDatabase } from '@onenet/db/testing';
import { sql, type Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { defineEvent } from '@onenet/contracts';
import { natsUrl } from '@onenet/testing';
import Type from 'typebox';
import { busMigrations, InProcessTransport, NatsTransport, type Delivery, type Transport } from '../src/index.ts';

export { waitFor } from '../src/testing.ts';

export const transportKinds: Array<{ kind: string; create: () => Promise<Transport> }> = [
  { kind: 'nats', create: () => NatsTransport.connect({ servers: natsUrl(), name: 'bus-tests' }) },
  { kind: 'in-process', create: async () => new InProcessTransport() },
];

export const uniqueId = (): string => randomBytes(5).toString('hex');

export const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
export const decode = (data: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(data));

/** A producing service of its own for each test: its events get their own stream and subjects. */
export function testEvents(service = `t${uniqueId()}`) {
  const schema = Type.Object({ n: Type.Integer({ minimum: 0 }), note: Type.Optional(Type.String()) }, { additionalProperties: false });
  return {
    service,
    Thing: defineEvent({ service, entity: 'thing', event: 'happened', version: 1, schema }),
    Other: defineEvent({ service, entity: 'other', event: 'happened', version: 1, schema }),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Records deliveries; `decide` settles each one (ack by default). */
export function recorder(decide: (d: Delivery, seen: Delivery[]) => void | Promise<void> = (d) => d.ack()) {
  const seen: Delivery[] = [];
  return {
    seen,
    handler: async (d: Delivery) => {
      seen.push(d);
      await decide(d, seen);
    },
    bodies: () => seen.map((d) => decode(d.data)),
  };
}


export const SCHEMA = 'bustest';

/** The bus tables plus a table where test handlers record their effects. */
export const testMigrations = {
  ...busMigrations(SCHEMA),
  '202501010000_effects': {
    async up(db: Kysely<any>) {
      await sql`create table ${sql.table(`${SCHEMA}.effects`)} (consumer text not null, event_id uuid not null, n integer not null, created_at timestamptz not null default clock_timestamp())`.execute(db);
    },
  },
};

export function testDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ schema: SCHEMA, migrations: testMigrations });
}

export async function effects(db: Kysely<any>, consumer: string): Promise<Array<{ event_id: string; n: number }>> {
  const { rows } = await sql<{ event_id: string; n: number }>`select event_id, n from ${sql.table(`${SCHEMA}.effects`)} where consumer = ${consumer} order by created_at`.execute(db);
  return rows;
}

export async function recordEffect(trx: Kysely<any>, consumer: string, eventId: string, n: number): Promise<void> {
  await sql`insert into ${sql.table(`${SCHEMA}.effects`)} (consumer, event_id, n) values (${consumer}, ${eventId}, ${n})`.execute(trx);
}
