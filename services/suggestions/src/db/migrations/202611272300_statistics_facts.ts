// The leaders' dashboard (GET /statistics) at a region's scale: its counts come from two narrow
// tables kept by triggers — one row per item and one per assignment, holding only what the
// counts need (state, kind, level, due and reply days, satisfaction, solved; each unit's first
// reply) — instead of the wide items table (bodies, segmented text) and a per-assignment search
// of the replies. One row per item or assignment: no counter row that concurrent steps would
// queue on. The backfill inserts into the new tables only; nothing existing is rewritten.
//
// Like search_index, they have an ENABLEd (not FORCEd) tenant policy: the runtime role reading
// them is confined to its subtree, while the SECURITY DEFINER trigger functions (owned by the
// schema owner) keep every row in step whoever's step it is.
import { sql, type Kysely } from 'kysely';
import { tenants } from '@onenet/tenancy';

const policy = (table: string) => sql.raw(`
    alter table suggestions.${table} enable row level security;
    create policy tenant_isolation on suggestions.${table}
      using (tenant_path = current_setting('onenet.tenant_path', true) or tenant_path like current_setting('onenet.tenant_path', true) || '/%')
      with check (tenant_path = current_setting('onenet.tenant_path', true) or tenant_path like current_setting('onenet.tenant_path', true) || '/%');`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    set local statement_timeout = 0;
    create table suggestions.statistics_items (
      suggestion_id uuid primary key references suggestions.suggestions (id),
      tenant_path text not null,
      year int not null,
      state text not null,
      kind text not null,
      lead_level text not null,
      merged boolean not null,
      reply_due date,
      replied_on date,
      satisfaction text,
      solved boolean
    );
    create table suggestions.statistics_units (
      assignment_id uuid primary key references suggestions.assignments (id),
      suggestion_id uuid not null,
      tenant_path text not null,
      year int not null,
      unit_id uuid not null,
      unit_name text not null,
      answers boolean not null,
      active boolean not null,
      first_reply date
    );
    ${policy('statistics_items')}
    ${policy('statistics_units')}

    create function suggestions.sync_statistics_item() returns trigger language plpgsql security definer
      set search_path = pg_catalog, pg_temp as $$
      begin
        insert into suggestions.statistics_items (suggestion_id, tenant_path, year, state, kind, lead_level, merged, reply_due, replied_on, satisfaction, solved)
          values (new.id, new.tenant_path, new.year, new.state, new.kind, new.lead_level, new.merged_into is not null, new.reply_due, new.replied_on, new.satisfaction,
                  coalesce(new.actually_solved, new.result_category = 'A'))
          on conflict (suggestion_id) do update set tenant_path = excluded.tenant_path, year = excluded.year, state = excluded.state, kind = excluded.kind,
            lead_level = excluded.lead_level, merged = excluded.merged, reply_due = excluded.reply_due, replied_on = excluded.replied_on,
            satisfaction = excluded.satisfaction, solved = excluded.solved;
        return null;
      end
    $$;
    create trigger suggestions_statistics after insert or update of tenant_path, year, state, kind, lead_level, merged_into, reply_due, replied_on, satisfaction, actually_solved, result_category
      on suggestions.suggestions for each row execute function suggestions.sync_statistics_item();

    -- A unit's first standing reply to an item (not sent back, not a merged item's copy).
    create function suggestions.first_reply(item uuid, unit uuid) returns date language sql stable
      set search_path = pg_catalog, pg_temp as $$
        select min(r.replied_on) from suggestions.replies r
        where r.suggestion_id = item and r.unit_id = unit and r.returned_at is null and r.via_merge_of is null
      $$;
    create function suggestions.sync_statistics_assignment() returns trigger language plpgsql security definer
      set search_path = pg_catalog, pg_temp as $$
      begin
        insert into suggestions.statistics_units (assignment_id, suggestion_id, tenant_path, year, unit_id, unit_name, answers, active, first_reply)
          values (new.id, new.suggestion_id, new.tenant_path, new.year, new.unit_id, new.unit_name, new.role <> 'co', new.status <> 'replaced',
                  suggestions.first_reply(new.suggestion_id, new.unit_id))
          on conflict (assignment_id) do update set tenant_path = excluded.tenant_path, year = excluded.year, unit_name = excluded.unit_name,
            answers = excluded.answers, active = excluded.active;
        return null;
      end
    $$;
    create trigger assignments_statistics after insert or update of tenant_path, year, unit_name, role, status
      on suggestions.assignments for each row execute function suggestions.sync_statistics_assignment();
    create function suggestions.sync_statistics_reply() returns trigger language plpgsql security definer
      set search_path = pg_catalog, pg_temp as $$
      begin
        update suggestions.statistics_units set first_reply = suggestions.first_reply(new.suggestion_id, new.unit_id)
          where suggestion_id = new.suggestion_id and unit_id = new.unit_id;
        return null;
      end
    $$;
    create trigger replies_statistics after insert or update of returned_at, replied_on, via_merge_of
      on suggestions.replies for each row execute function suggestions.sync_statistics_reply();
  `.execute(db);

  // The backfill reads the forced-policy tables within the region's whole tree.
  await sql`select set_config('onenet.tenant_path', ${tenants.root.path}, true)`.execute(db);
  await sql`
    insert into suggestions.statistics_items (suggestion_id, tenant_path, year, state, kind, lead_level, merged, reply_due, replied_on, satisfaction, solved)
      select id, tenant_path, year, state, kind, lead_level, merged_into is not null, reply_due, replied_on, satisfaction, coalesce(actually_solved, result_category = 'A')
      from suggestions.suggestions;
    insert into suggestions.statistics_units (assignment_id, suggestion_id, tenant_path, year, unit_id, unit_name, answers, active, first_reply)
      select a.id, a.suggestion_id, a.tenant_path, a.year, a.unit_id, a.unit_name, a.role <> 'co', a.status <> 'replaced', r.first_reply
      from suggestions.assignments a
      left join (
        select suggestion_id, unit_id, min(replied_on) filter (where returned_at is null) as first_reply
        from suggestions.replies where via_merge_of is null group by suggestion_id, unit_id
      ) r on r.suggestion_id = a.suggestion_id and r.unit_id = a.unit_id;
    create index statistics_items_year on suggestions.statistics_items (year, tenant_path);
    create index statistics_units_year on suggestions.statistics_units (year, tenant_path);
    create index statistics_units_item on suggestions.statistics_units (suggestion_id, unit_id);
    analyze suggestions.statistics_items;
    analyze suggestions.statistics_units;
  `.execute(db);
}
