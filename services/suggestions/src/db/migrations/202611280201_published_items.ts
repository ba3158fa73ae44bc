// The public site at a region's scale.
//
// Its search ranked the region's newest hits (mostly not published yet: items are published
// months after their reply) and dropped the unpublished afterwards — on the full region's seed a
// search for 城区停车难 found nothing. `public_search_hits()` now looks for published hits only,
// walking back year by year as search_hits() does, with the published items read from a narrow
// table kept by a trigger: `published_items`, one row per published item (what the public may
// know of it anyway, so no tenant policy). Its subtree index also serves the public list of a
// subtree, newest first, without an index on the wide items table.
import { sql, type Kysely } from 'kysely';
import { tenants } from '@onenet/tenancy';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`select set_config('onenet.tenant_path', ${tenants.root.path}, true)`.execute(db);
  await sql`
    set local statement_timeout = 0;
    create table suggestions.published_items (
      suggestion_id uuid primary key references suggestions.suggestions (id),
      tenant_path text not null,
      year int not null,
      published_at timestamptz not null
    );
    insert into suggestions.published_items (suggestion_id, tenant_path, year, published_at)
      select id, tenant_path, year, published_at from suggestions.suggestions where published_at is not null;
    create index published_items_subtree on suggestions.published_items (tenant_path text_pattern_ops, published_at desc);
    analyze suggestions.published_items;

    create function suggestions.sync_published_item() returns trigger language plpgsql security definer
      set search_path = pg_catalog, pg_temp as $$
      begin
        if new.published_at is null then
          delete from suggestions.published_items where suggestion_id = new.id;
        else
          insert into suggestions.published_items (suggestion_id, tenant_path, year, published_at)
            values (new.id, new.tenant_path, new.year, new.published_at)
            on conflict (suggestion_id) do update set tenant_path = excluded.tenant_path, year = excluded.year, published_at = excluded.published_at;
        end if;
        return null;
      end
    $$;
    -- Only when there is something to keep: a submission (an insert, never published) costs nothing.
    create trigger suggestions_published_insert after insert on suggestions.suggestions
      for each row when (new.published_at is not null) execute function suggestions.sync_published_item();
    create trigger suggestions_published_update after update of published_at, tenant_path, year on suggestions.suggestions
      for each row when ((old.published_at, old.tenant_path, old.year) is distinct from (new.published_at, new.tenant_path, new.year))
      execute function suggestions.sync_published_item();

    -- The published hits of a query (optionally of one year and one subtree), ranked among the
    -- newest years that hold pool_hits of them; the best max_hits. Published items are public:
    -- no caller's tenant is needed.
    create function suggestions.public_search_hits(query tsquery, only_year int, subtree text, max_hits int, pool_hits int)
      returns table (suggestion_id uuid, rank real)
      language plpgsql stable security definer
      set search_path = pg_catalog, pg_temp
      as $$
        declare
          newest int;
          oldest int;
          y int;
          ids uuid[] := '{}';
          ranks real[] := '{}';
        begin
          if only_year is not null then
            newest := only_year;
            oldest := only_year;
          else
            select max(p.year), min(p.year) into newest, oldest from suggestions.published_items p;
          end if;
          y := newest;
          while y >= oldest and coalesce(array_length(ids, 1), 0) < pool_hits loop
            select ids || coalesce(array_agg(i.suggestion_id), '{}'), ranks || coalesce(array_agg(ts_rank_cd(i.search, query, 1)), '{}')
              into ids, ranks
              from suggestions.search_index i
              join suggestions.published_items p on p.suggestion_id = i.suggestion_id
              where i.year = y and i.search @@ query
                and (subtree is null or (p.tenant_path ~>=~ subtree and p.tenant_path ~<~ (subtree || '0') and (p.tenant_path = subtree or p.tenant_path like subtree || '/%')));
            y := y - 1;
          end loop;
          return query select h.id, h.r from unnest(ids, ranks) as h(id, r) order by h.r desc limit max_hits;
        end
      $$;
  `.execute(db);
}
