// The staff's worklist reads its page from the index alone. The partial index of waiting items
// found a city's few hundred waiting items at once, but then fetched each one's row to show it,
// scattered over the whole table: 640 heap pages for Hezhou on the region's seed, 133 ms when they
// were not cached (the load test's most frequent slow statement). The index now also carries the
// list's columns (LIST_COLUMNS in workflow/queries.ts), so the list is an index-only scan: 1 ms.
// Waiting items are about 1.5 % of all, so the wider index stays small (3.3 MB for 14 k items).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    set local statement_timeout = 0;
    drop index suggestions.suggestions_waiting;
    create index suggestions_waiting on suggestions.suggestions (tenant_path text_pattern_ops, created_at desc)
      include (id, number, kind, period, session_name, year, title, field, state, lead_deputy_id, lead_name, lead_level,
               merged_into, key_supervision, result_category, satisfaction, actually_solved, reply_due, replied_on, submitted_at)
      where state in ('submitted', 'registered');
  `.execute(db);
}
