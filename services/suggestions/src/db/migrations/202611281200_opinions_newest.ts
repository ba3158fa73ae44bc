// A township's opinions newest first, read in index order (the liaison's list): the index on
// (tenant_path, status, created_at) could not give that order without a status, so the whole
// township's opinions were fetched and sorted on every page. Frozen.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    set local statement_timeout = 0;
    create index opinions_tenant_newest on suggestions.opinions (tenant_path, created_at desc);
  `.execute(db);
}
