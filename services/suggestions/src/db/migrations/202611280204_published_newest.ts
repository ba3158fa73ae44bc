// The public list of a large subtree (a city, a whole region's worth of published items) walks the
// published items newest first and skips other subtrees' entries in the index itself, instead of
// sorting all of the subtree's (a city's first page on the Hezhou seed: 346 ms → 0.1 ms). The
// subtree index (202611280201) stays for small subtrees; the planner picks.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    set local statement_timeout = 0;
    create index published_items_newest on suggestions.published_items (published_at desc, tenant_path text_pattern_ops);
  `.execute(db);
}
