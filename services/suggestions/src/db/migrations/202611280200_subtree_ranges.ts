// Row-level security an index can serve. Every tenant policy said "tenant_path = T or tenant_path
// LIKE T || '/%'" with T = current_setting('onenet.tenant_path'): a LIKE pattern that is not a
// constant cannot bound an index scan, so no index on tenant_path ever served the policy — a
// township liaison's 20 newest opinions sorted all 1 M of the region's (474 ms; now an index
// range of the township's 876, 13 ms cold). The policies now also
// say the same subtree as a range of paths (paths are division codes and slashes; '/' sorts just
// below '0', so T's subtree is [T, T || '0') under the byte-wise pattern operators), which a
// text_pattern_ops index on tenant_path bounds; the old condition stays, so what a tenant sees
// is unchanged. WITH CHECK is unchanged. A table added later with enableTenantIsolation gets
// the plain policy: give it this one too.
//
// And an index for the boilerplate check of every reply: a congress's recent replies.
import { sql, type Kysely } from 'kysely';

const T = sql.raw(`current_setting('onenet.tenant_path', true)`);
const SUBTREE = sql`tenant_path ~>=~ ${T} and tenant_path ~<~ (${T} || '0') and (tenant_path = ${T} or tenant_path like ${T} || '/%')`;

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_policies where schemaname = 'suggestions' and policyname = 'tenant_isolation' order by tablename`.execute(db);
  for (const { tablename } of rows) {
    await sql`alter policy tenant_isolation on ${sql.table(`suggestions.${tablename}`)} using (${SUBTREE})`.execute(db);
  }
  await sql`
    set local statement_timeout = 0;
    create index replies_subtree_created on suggestions.replies (tenant_path text_pattern_ops, created_at desc) where via_merge_of is null;
  `.execute(db);
}
