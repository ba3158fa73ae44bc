// Public search without a per-row look into `mandate`. Frozen.
//
// `public_profile.active_mandates` counts the person's active mandates, kept by a trigger on
// `mandate` that adds or subtracts (it never needs to read other congresses' mandates, which row
// security would hide from the congress making the change). A btree on (name, person_id) lets a
// broad search (a level, a whole city) walk names in order and stop at the page.
import { sql, type Kysely } from 'kysely';

const run = (db: Kysely<any>, text: string) => sql.raw(text).execute(db);

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, `alter table registry.public_profile add column active_mandates integer not null default 0`);
  // Counted in public mode, which admits every active mandate even where the migrating role is
  // bound by row-level security (FORCE). Migrations run in one transaction (PostgreSQL has
  // transactional DDL), so the setting is local to it; it is switched off again right after.
  await sql`select set_config('onenet.public', 'on', true)`.execute(db);
  await run(
    db,
    `update registry.public_profile pp set active_mandates = m.n
       from (select person_id, count(*)::int as n from registry.mandate where status = 'active' group by person_id) m
      where m.person_id = pp.person_id`,
  );
  await sql`select set_config('onenet.public', '', true)`.execute(db);
  await run(db, `
    create function registry.count_active_mandates() returns trigger language plpgsql as $$
    declare
      was integer := case when tg_op in ('UPDATE', 'DELETE') and old.status = 'active' then 1 else 0 end;
      now_active integer := case when tg_op in ('INSERT', 'UPDATE') and new.status = 'active' then 1 else 0 end;
    begin
      if tg_op = 'UPDATE' and old.person_id <> new.person_id then
        update registry.public_profile set active_mandates = active_mandates - was where person_id = old.person_id;
        update registry.public_profile set active_mandates = active_mandates + now_active where person_id = new.person_id;
      elsif now_active <> was then
        update registry.public_profile set active_mandates = active_mandates + now_active - was
         where person_id = case when tg_op = 'DELETE' then old.person_id else new.person_id end;
      end if;
      return null;
    end $$`);
  await run(db, `
    create trigger mandate_active_count after insert or update of status, person_id or delete
      on registry.mandate for each row execute function registry.count_active_mandates()`);
  await run(db, `create index public_profile_name on registry.public_profile (name, person_id) where published and active_mandates > 0`);
}
