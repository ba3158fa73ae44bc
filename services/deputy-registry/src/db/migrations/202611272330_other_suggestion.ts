// A deputy's suggestion that the suggestions service says is not on the government's work
// (SuggestionSubmitted.onGovernmentWork = false) is a fact of its own kind, `other-suggestion`:
// it earns bonus points but does not meet the eight ones' "a suggestion on government work". Frozen.
import { sql, type Kysely } from 'kysely';

// Spelled out, not imported: a frozen migration must not change when the domain's lists do.
const KINDS = `'voter-reception', 'research', 'inspection', 'training', 'group-activity', 'voter-visit', 'poverty-help', 'practical-deed', 'income-skill', 'training-class', 'suggestion', 'other-suggestion', 'co-signed-suggestion', 'opinion'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table registry.duty_fact drop constraint duty_fact_kind_check`.execute(db);
  await sql.raw(`alter table registry.duty_fact add constraint duty_fact_kind_check check (kind in (${KINDS})) not valid`).execute(db);
  await sql`alter table registry.duty_fact validate constraint duty_fact_kind_check`.execute(db);
}
