// A person's rows and facts are visible in the caller's subtree (tenant_isolation) or through a
// mandate or group membership there (the "through" policies). PostgreSQL ORs permissive policies
// in an order of its own, and here put the "through" subqueries first: a congress's report ran a
// mandate lookup for every fact before the plain tenant test that admits it at once (400,000
// lookups for the region's summary). Each "through" policy now starts with that same tenant
// test, so whatever the order, the cheap test runs first. What a caller may see or change is
// unchanged: the added test is tenant_isolation's own, already ORed in for every command. Frozen.
import { sql, type Kysely } from 'kysely';

const inSubtree = (alias: string) =>
  `(${alias}.tenant_path = current_setting('onenet.tenant_path', true) or ${alias}.tenant_path like current_setting('onenet.tenant_path', true) || '/%')`;
const throughMandate = (table: string, personColumn: string) =>
  `exists (select 1 from registry.mandate m where m.person_id = ${table}.${personColumn} and ${inSubtree('m')})`;
const throughGroup = (table: string, personColumn: string) =>
  `exists (select 1 from registry.group_member gm where gm.person_id = ${table}.${personColumn} and ${inSubtree('gm')})`;

export async function up(db: Kysely<any>): Promise<void> {
  const alter = (policy: string, table: string, through: string) =>
    sql.raw(`alter policy ${policy} on registry.${table} using (${inSubtree(table)} or ${through})`).execute(db);
  await alter('through_mandate', 'person', throughMandate('person', 'id'));
  await alter('through_group', 'person', throughGroup('person', 'id'));
  await alter('through_mandate', 'person_private', throughMandate('person_private', 'person_id'));
  await alter('through_mandate', 'duty_fact', throughMandate('duty_fact', 'person_id'));
  await alter('through_group', 'duty_fact', throughGroup('duty_fact', 'person_id'));
}
