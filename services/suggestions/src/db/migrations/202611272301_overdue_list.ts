// The "overdue" list at a region's scale. Lists are newest first; an overdue filter walked the
// items newest first and asked each whether a deadline of it had passed — thousands of items of
// a county to find a page. Open deadlines now carry their item's creation time, so the overdue
// list walks the open deadlines in the list's own order (a partial index holds only open ones)
// and looks up a page's items alone. Cheap on any size: a nullable column, then the open
// deadlines only (tens of thousands at a region's scale) filled and indexed.
import { sql, type Kysely } from 'kysely';
import { tenants } from '@onenet/tenancy';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table suggestions.deadlines add column item_created_at timestamptz`.execute(db);
  await sql`select set_config('onenet.tenant_path', ${tenants.root.path}, true)`.execute(db);
  await sql`
    set local statement_timeout = 0;
    update suggestions.deadlines d set item_created_at = s.created_at
      from suggestions.suggestions s
      where s.id = d.suggestion_id and d.met_at is null and d.cancelled_at is null;
    create index deadlines_open_by_item on suggestions.deadlines (item_created_at desc, suggestion_id, due_on)
      where met_at is null and cancelled_at is null;
    analyze suggestions.deadlines;
  `.execute(db);
}
