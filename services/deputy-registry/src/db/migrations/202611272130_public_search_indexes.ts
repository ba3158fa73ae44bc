// Tuning of the public search indexes. Frozen.
//
// - The GIN name index stops batching new entries in a pending list (fastupdate): every search
//   would scan that list until vacuum merges it, and the registry is read far more than written.
// - The name order index is not partial: a partial one matching the search's own conditions made
//   the planner scan all of it only to AND it with the GIN result.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter index registry.public_profile_name_grams set (fastupdate = off)`.execute(db);
  await sql`drop index registry.public_profile_name`.execute(db);
  await sql`create index public_profile_by_name on registry.public_profile (name, person_id)`.execute(db);
}
