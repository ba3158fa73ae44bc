// Search recall and list speed at a region's scale: documents also carry the sub-words of
// search-mode segmentation (停车难 → 停车), so a query for a shorter word finds a longer one;
// lists filter by year and a tenant-path prefix and sort by creation time from an index.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table suggestions.suggestions add column seg_extra text not null default '';
    alter table suggestions.suggestions drop column search;
    alter table suggestions.suggestions add column search tsvector generated always as (
      setweight(to_tsvector('simple', seg_title), 'A') ||
      setweight(to_tsvector('simple', seg_body), 'B') ||
      setweight(to_tsvector('simple', seg_reply), 'C') ||
      setweight(to_tsvector('simple', seg_extra), 'D')
    ) stored;
    create index suggestions_search on suggestions.suggestions using gin (search);
    drop index suggestions.suggestions_tenant_year;
    create index suggestions_tenant_year_created on suggestions.suggestions (tenant_path text_pattern_ops, year, created_at desc);
    create index suggestions_year_created on suggestions.suggestions (year, created_at desc, id);
  `.execute(db);
}
