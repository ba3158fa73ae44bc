// At a region's scale: a common word matches tens of thousands of items, and ranking every hit
// costs more than a search may take. search_hits() now ranks within the newest years that
// together hold enough hits (walking back year by year with the GIN and a year index), so
// relevance is judged among the most recent matches. And a unit's items of a year are found
// from its assignments directly (assignments carry the item's year).
import { sql, type Kysely } from 'kysely';
import { tenants } from '@onenet/tenancy';

export async function up(db: Kysely<any>): Promise<void> {
  // The year's backfill reads and writes forced-policy tables: the region's root, as in 2004.
  await sql`select set_config('onenet.tenant_path', ${tenants.root.path}, true)`.execute(db);
  await sql`
    set local statement_timeout = 0;
    create index search_index_year on suggestions.search_index (year);

    create or replace function suggestions.search_hits(query tsquery, only_year int, max_hits int)
      returns table (suggestion_id uuid, rank real)
      language plpgsql stable security definer
      set search_path = pg_catalog, pg_temp
      as $$
        declare
          tenant text := current_setting('onenet.tenant_path', true);
          newest int;
          oldest int;
          y int;
          found_hits bigint := 0;
        begin
          if tenant is null or tenant = '' then
            return;
          end if;
          if only_year is not null then
            newest := only_year;
            y := only_year - 1;
          else
            select max(i.year), min(i.year) into newest, oldest from suggestions.search_index i;
            y := newest;
            while y >= oldest and found_hits < max_hits loop
              select found_hits + count(*) into found_hits from suggestions.search_index i
                where i.year = y and i.search @@ query and (i.tenant_path = tenant or i.tenant_path like tenant || '/%');
              y := y - 1;
            end loop;
          end if;
          return query
            select i.suggestion_id, ts_rank_cd(i.search, query, 1)
            from suggestions.search_index i
            where i.search @@ query and i.year > y and i.year <= newest
              and (i.tenant_path = tenant or i.tenant_path like tenant || '/%')
            order by 2 desc
            limit max_hits;
        end
      $$;

    alter table suggestions.assignments add column year int;
    update suggestions.assignments a set year = s.year from suggestions.suggestions s where s.id = a.suggestion_id;
    alter table suggestions.assignments alter column year set not null;
    create index assignments_unit_year on suggestions.assignments (unit_id, year);
  `.execute(db);
}
