// Full-text search that can use its GIN index under row-level security.
//
// PostgreSQL evaluates a policy's quals before any user qual that is not LEAKPROOF, and may use
// a user qual as an index condition only if it is leakproof; `tsvector @@ tsquery` is not, so
// with the policy on `suggestions` every search was a sequential scan of the whole table.
// The index therefore lives in its own table, `search_index`, whose policy is ENABLEd but not
// FORCEd: the runtime role reading it directly is still confined to its subtree, while
// `search_hits()` — SECURITY DEFINER, owned by the schema owner — reads it with the GIN index
// and applies the very same tenant rule itself from `onenet.tenant_path`. The caller joins the
// hits back to `suggestions`, where the forced policy applies once more.
import { sql, type Kysely } from 'kysely';
import { tenants } from '@onenet/tenancy';

export async function up(db: Kysely<any>): Promise<void> {
  // The backfill reads `suggestions`, whose policy is forced: under an owner that is not a
  // superuser it sees only the tenant set, so set the region's root (as later migrations do).
  await sql`select set_config('onenet.tenant_path', ${tenants.root.path}, true)`.execute(db);
  await sql`
    -- Filling the index from a region's items takes longer than a request's statement timeout.
    set local statement_timeout = 0;
    create table suggestions.search_index (
      suggestion_id uuid primary key references suggestions.suggestions (id),
      tenant_path text not null,
      year int not null,
      search tsvector not null
    );
    alter table suggestions.search_index enable row level security;
    create policy tenant_isolation on suggestions.search_index
      using (tenant_path = current_setting('onenet.tenant_path', true) or tenant_path like current_setting('onenet.tenant_path', true) || '/%')
      with check (tenant_path = current_setting('onenet.tenant_path', true) or tenant_path like current_setting('onenet.tenant_path', true) || '/%');

    create function suggestions.search_vector(title text, body text, reply text, extra text) returns tsvector
      language sql immutable parallel safe as $$
        select setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B') ||
               setweight(to_tsvector('simple', reply), 'C') || setweight(to_tsvector('simple', extra), 'D')
      $$;

    insert into suggestions.search_index (suggestion_id, tenant_path, year, search)
      select id, tenant_path, year, suggestions.search_vector(seg_title, seg_body, seg_reply, seg_extra) from suggestions.suggestions;
    create index search_index_search on suggestions.search_index using gin (search);

    -- Kept in step by the statement that changes the item, in its transaction.
    create function suggestions.sync_search_index() returns trigger language plpgsql as $$
      begin
        insert into suggestions.search_index (suggestion_id, tenant_path, year, search)
          values (new.id, new.tenant_path, new.year, suggestions.search_vector(new.seg_title, new.seg_body, new.seg_reply, new.seg_extra))
          on conflict (suggestion_id) do update set tenant_path = excluded.tenant_path, year = excluded.year, search = excluded.search;
        return null;
      end
    $$;
    create trigger suggestions_search_index after insert or update of seg_title, seg_body, seg_reply, seg_extra, tenant_path, year
      on suggestions.suggestions for each row execute function suggestions.sync_search_index();

    -- The hits of a query within the caller's subtree (onenet.tenant_path), best first.
    create function suggestions.search_hits(query tsquery, only_year int, max_hits int)
      returns table (suggestion_id uuid, rank real)
      language sql stable security definer
      set search_path = pg_catalog, pg_temp
      as $$
        select i.suggestion_id, ts_rank_cd(i.search, query, 1)
        from suggestions.search_index i
        where i.search @@ query
          and (only_year is null or i.year = only_year)
          and (i.tenant_path = current_setting('onenet.tenant_path', true)
               or i.tenant_path like current_setting('onenet.tenant_path', true) || '/%')
        order by 2 desc
        limit max_hits
      $$;

    alter table suggestions.suggestions drop column search;
    create index suggestions_title on suggestions.suggestions (title);
  `.execute(db);
}
