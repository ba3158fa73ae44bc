// The public opinion form's rate limit, shared by every replica (src/http/rate-limit-store.ts):
// one row per route and address while its window runs. Not tenant data: no tenant policy.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table suggestions.rate_limits (
      key text primary key,
      hits int not null,
      reset_at timestamptz not null
    );
    create index rate_limits_reset on suggestions.rate_limits (reset_at);
  `.execute(db);
}
