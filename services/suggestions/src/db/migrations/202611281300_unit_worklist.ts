// A unit's worklist at a region's scale. Lists are newest first; filtered on a unit, the list
// fetched every item the unit was ever given (near a thousand for a busy department) to sort
// them and keep twenty. Assignments now carry their item's creation time, so the list walks the
// unit's live assignments in the list's own order (a partial index holds only those not
// replaced) and looks up a page's items alone — as the overdue list walks open deadlines.
import { sql, type Kysely } from 'kysely';
import { tenants } from '@onenet/tenancy';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table suggestions.assignments add column item_created_at timestamptz`.execute(db);
  // Row-level security binds the migrating role too: the whole tree, to fill every row.
  await sql`select set_config('onenet.tenant_path', ${tenants.root.path}, true)`.execute(db);
  await sql`
    set local statement_timeout = 0;
    update suggestions.assignments a set item_created_at = s.created_at
      from suggestions.suggestions s
      where s.id = a.suggestion_id;
    alter table suggestions.assignments alter column item_created_at set not null;
    create index assignments_unit_newest on suggestions.assignments (unit_id, item_created_at desc, suggestion_id)
      where status <> 'replaced';
    analyze suggestions.assignments;
  `.execute(db);
}
