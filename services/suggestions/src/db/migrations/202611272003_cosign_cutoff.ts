// Co-signing has a cut-off (联名截止): invitations not confirmed by then do not count.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table suggestions.cosigners add column cutoff date`.execute(db);
}
