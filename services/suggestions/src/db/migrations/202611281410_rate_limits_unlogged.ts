// The opinion form's rate-limit counters are written without WAL. Every opinion from one address
// updates one row, and its commit waited for the WAL flush while holding that row: behind a
// carrier's shared address (or the load test's single one) the form's requests queued on the row,
// holding the service's connections, until other requests found none (503s in the load's peak).
// An unlogged table's commit does not wait for the disk. After a crash PostgreSQL empties it and
// standbys do not have it: the windows then start afresh, which for a rate limit is harmless.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table suggestions.rate_limits set unlogged`.execute(db);
}
