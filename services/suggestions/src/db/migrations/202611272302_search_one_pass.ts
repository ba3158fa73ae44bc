// Search without a year: search_hits() walked back year by year counting hits until it had
// enough, then read those years' hits a second time to rank them — every search read its rows
// twice. It now ranks each year's hits as it reads them and returns the best of what it read:
// the same hits, ranked the same, in one pass. (The rows are wide — words with positions for
// ranking — so reading them is most of a search's cost.) Only the function changes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
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
              -- A range, as before: the cached plan then reads the year's rows by the year index.
              where i.year > only_year - 1 and i.year <= only_year and i.search @@ query
                and (i.tenant_path = tenant or i.tenant_path like tenant || '/%')
              order by 2 desc
              limit max_hits;
            return;
          end if;
          select max(i.year), min(i.year) into newest, oldest from suggestions.search_index i;
          y := newest;
          while y >= oldest and coalesce(array_length(ids, 1), 0) < max_hits loop
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
