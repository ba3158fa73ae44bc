// The staff's worklist — items submitted or registered, waiting for them, newest first — read
// every subtree's waiting items from the whole year's (a city's: 46 k items' index entries and a
// year-and-state bitmap, 148 ms cold). The waiting items are few at any time (about 1.5 % of a
// region's): a partial index holds just them, by subtree and creation time.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    set local statement_timeout = 0;
    create index suggestions_waiting on suggestions.suggestions (tenant_path text_pattern_ops, created_at desc)
      where state in ('submitted', 'registered');
  `.execute(db);
}
