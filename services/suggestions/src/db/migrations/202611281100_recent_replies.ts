// The boilerplate check of every reply compares it with the unit's own recent replies and other
// units' of the same congress. Row-level security hides the selectivity of those reads from the
// planner (it expected a row or two where a congress has thousands), so it chose bitmap scans
// that fetched every reply of the congress and sorted them (50–100 ms on the region's seed, for
// every reply sent) over walking an index newest first for 200 rows (under 5 ms).
//
// So the two reads live in a function that turns bitmap scans off for its own planning only, and
// the unit's replies get an index of their own in the order the check reads them. The function
// runs as its caller: row-level security applies inside as outside. Frozen.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    set local statement_timeout = 0;
    create index replies_unit_recent on suggestions.replies (unit_id, tenant_path, created_at desc) where via_merge_of is null;
    create function suggestions.recent_replies(unit uuid, congress text, other_than uuid, per_side integer)
      returns table (id uuid, body text)
      language sql stable
      set enable_bitmapscan = off
    as $$
      (select r.id, r.body from suggestions.replies r
       where r.unit_id = unit and r.tenant_path = congress and r.suggestion_id <> other_than and r.via_merge_of is null
       order by r.created_at desc limit per_side)
      union all
      (select r.id, r.body from suggestions.replies r
       where r.unit_id <> unit and r.tenant_path = congress and r.suggestion_id <> other_than and r.via_merge_of is null
       order by r.created_at desc limit per_side)
    $$;
  `.execute(db);
}
