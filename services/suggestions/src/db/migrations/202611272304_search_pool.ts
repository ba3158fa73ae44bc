// search_hits(query, year, max_hits, pool_hits): ranks among the newest years holding pool_hits
// hits (as the three-argument form does with max_hits) but returns only the best max_hits. A
// search with no filter beyond year and subtree needs a page's worth of candidates, not the
// 500 the other filters are applied to: each candidate costs a lookup in the items table.
// The three-argument form stays for its callers (duplicate proposals). Only functions change.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function suggestions.search_hits(query tsquery, only_year int, max_hits int, pool_hits int)
      returns table (suggestion_id uuid, rank real)
      language plpgsql stable security definer
      set search_path = pg_catalog, pg_temp
      as $$
        declare
          tenant text := current_setting('onenet.tenant_path', true);
          newest int;
          oldest int;
          y int;
          ids uuid[] := '{}';
          ranks real[] := '{}';
        begin
          if tenant is null or tenant = '' then
            return;
          end if;
          if only_year is not null then
            return query
              select i.suggestion_id, ts_rank_cd(i.search, query, 1)
              from suggestions.search_index i
              where i.year > only_year - 1 and i.year <= only_year and i.search @@ query
                and (i.tenant_path = tenant or i.tenant_path like tenant || '/%')
              order by 2 desc
              limit max_hits;
            return;
          end if;
          select max(i.year), min(i.year) into newest, oldest from suggestions.search_index i;
          y := newest;
          while y >= oldest and coalesce(array_length(ids, 1), 0) < pool_hits loop
            select ids || coalesce(array_agg(i.suggestion_id), '{}'), ranks || coalesce(array_agg(ts_rank_cd(i.search, query, 1)), '{}')
              into ids, ranks
              from suggestions.search_index i
              where i.year = y and i.search @@ query
                and (i.tenant_path = tenant or i.tenant_path like tenant || '/%');
            y := y - 1;
          end loop;
          return query select h.id, h.r from unnest(ids, ranks) as h(id, r) order by h.r desc limit max_hits;
        end
      $$;
  `.execute(db);
}
