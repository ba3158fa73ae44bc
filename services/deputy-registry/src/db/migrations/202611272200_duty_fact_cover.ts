// Duty reports read a deputy-year's facts by (person, date) and need only kind, counted and — for
// row security — tenant_path: a covering index lets them be read from the index alone. Frozen.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index duty_fact_person_year on registry.duty_fact (person_id, occurred_on) include (kind, counted, tenant_path)`.execute(db);
  await sql`drop index registry.duty_fact_person`.execute(db);
}
