// An invitation nobody answered before the item was submitted (or before the cut-off) has
// lapsed (已失效): the co-signer did not refuse, as "declined" told the lead deputy. Rows that
// submission marked "declined" before this migration stay so: they cannot be told apart from
// real refusals (both carry a responded_at, and the audit records only the submission).
// (not valid, then validated: the scan of existing rows does not hold writers off.)
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table suggestions.cosigners drop constraint cosigners_status_check;
    alter table suggestions.cosigners add constraint cosigners_status_check check (status in ('invited', 'confirmed', 'declined', 'lapsed')) not valid;
    alter table suggestions.cosigners validate constraint cosigners_status_check;
  `.execute(db);
}
