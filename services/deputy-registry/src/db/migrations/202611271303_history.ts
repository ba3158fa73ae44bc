// The append-only record of every state change: who, when, what. Frozen.
//
// The runtime role may read (its subtree) and append; it has no policy to update or delete, and a
// trigger refuses UPDATE, DELETE and TRUNCATE for everyone else too (migrations, superusers by
// mistake). Private values (ID number, phone) are never written here, only that they changed.
import { sql, type Kysely } from 'kysely';

const run = (db: Kysely<any>, text: string) => sql.raw(text).execute(db);

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, `
    create table registry.history (
      id bigint generated always as identity primary key,
      tenant_path text collate "C" not null,
      entity text not null,
      entity_id text not null,
      action text not null,
      actor_id text,
      actor_name text,
      at timestamptz not null default now(),
      changes jsonb not null default '{}'
    )`);
  await run(db, `create index history_entity on registry.history (entity, entity_id, at)`);
  await run(db, `alter table registry.history enable row level security`);
  await run(db, `alter table registry.history force row level security`);
  const subtree = `(tenant_path = current_setting('onenet.tenant_path', true) or tenant_path like current_setting('onenet.tenant_path', true) || '/%')`;
  await run(db, `create policy history_read on registry.history for select using ${subtree}`);
  await run(db, `create policy history_append on registry.history for insert with check ${subtree}`);
  await run(db, `
    create function registry.history_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'registry.history is append-only' using errcode = '42501';
    end $$`);
  await run(db, `
    create trigger history_append_only before update or delete on registry.history
      for each row execute function registry.history_is_append_only()`);
  await run(db, `
    create trigger history_no_truncate before truncate on registry.history
      for each statement execute function registry.history_is_append_only()`);
}
