// public_search_hits() took its newest and oldest year from published_items, which has no index
// on the year: a scan of every published item (784,000 on the region's seed, ~100 ms) before
// each search. The years come from search_index's year index, as search_hits() takes them; a
// year without published hits costs one empty year_hits(). Only the function changes.
import { sql, type Kysely } from 'kysely';
import { tenants } from '@onenet/tenancy';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function suggestions.public_search_hits(query tsquery, only_year int, subtree text, max_hits int, pool_hits int)
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
            select max(i.year), min(i.year) into newest, oldest from suggestions.search_index i;
          end if;
          y := newest;
          while y >= oldest and coalesce(array_length(ids, 1), 0) < pool_hits loop
            select ids || coalesce(array_agg(h.suggestion_id), '{}'), ranks || coalesce(array_agg(h.rank), '{}')
              into ids, ranks
              from suggestions.year_hits(query, y, coalesce(subtree, ${sql.lit(tenants.root.path)})) h
              where exists (select 1 from suggestions.published_items p where p.suggestion_id = h.suggestion_id);
            y := y - 1;
          end loop;
          return query select h.id, h.r from unnest(ids, ranks) as h(id, r) order by h.r desc limit max_hits;
        end
      $$;
  `.execute(db);
}
