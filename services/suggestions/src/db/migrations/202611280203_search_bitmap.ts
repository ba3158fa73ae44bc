// Search reads a year's hits, not the whole year. For one year's hits of a common word the
// planner chose the year index and matched every row of the year against the query (100,000
// matches; it does not know what a tsvector match costs): on the region's seed 停车 in 2021 read
// 8,255 pages and took 236 ms warm, against 3,000 pages and 141 ms for the GIN index and the
// year index together (a bitmap AND). year_hits() takes that plan (index scans off, inside it
// only), and every search function reads its years through it. Only functions change.
import { sql, type Kysely } from 'kysely';
import { tenants } from '@onenet/tenancy';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- One year's hits within a subtree, ranked. Security definer (search_index's policy would
    -- keep the GIN index from serving), so the subtree is applied here.
    create function suggestions.year_hits(query tsquery, y int, subtree text)
      returns table (suggestion_id uuid, rank real)
      language sql stable security definer
      set search_path = pg_catalog, pg_temp
      set enable_indexscan = off
      as $$
        select i.suggestion_id, ts_rank_cd(i.search, query, 1)
        from suggestions.search_index i
        where i.year = y and i.search @@ query
          and subtree <> '' and (i.tenant_path = subtree or i.tenant_path like subtree || '/%')
      $$;

    create or replace function suggestions.search_hits(query tsquery, only_year int, max_hits int, pool_hits int)
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
            return query select h.suggestion_id, h.rank from suggestions.year_hits(query, only_year, tenant) h order by 2 desc limit max_hits;
            return;
          end if;
          select max(i.year), min(i.year) into newest, oldest from suggestions.search_index i;
          y := newest;
          while y >= oldest and coalesce(array_length(ids, 1), 0) < pool_hits loop
            select ids || coalesce(array_agg(h.suggestion_id), '{}'), ranks || coalesce(array_agg(h.rank), '{}')
              into ids, ranks
              from suggestions.year_hits(query, y, tenant) h;
            y := y - 1;
          end loop;
          return query select h.id, h.r from unnest(ids, ranks) as h(id, r) order by h.r desc limit max_hits;
        end
      $$;
    create or replace function suggestions.search_hits(query tsquery, only_year int, max_hits int)
      returns table (suggestion_id uuid, rank real)
      language sql stable
      as $$ select * from suggestions.search_hits(query, only_year, max_hits, max_hits) $$;

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
            select max(p.year), min(p.year) into newest, oldest from suggestions.published_items p;
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
