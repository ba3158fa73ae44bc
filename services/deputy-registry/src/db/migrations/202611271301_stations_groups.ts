// Stations (履职实体平台) with their eight-haves checklist, mixed groups (混合编组) and their
// members, the station's own books (meetings, letters and visits, archives) and assistance
// pairings (代表帮扶). Frozen: change by adding a migration.
//
// A group belongs to the tenant of its station's township, so the county that formed it (an
// ancestor) and the township liaison who runs it both see it. Members may be deputies of any
// level: membership makes a person visible (read-only) to the group's tenant, which is how a
// township sees the national deputy in its group without seeing anything private.
import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation } from '@onenet/db';

const run = (db: Kysely<any>, text: string) => sql.raw(text).execute(db);
/**
 * The tenant rule spelled out inside "visible through" subqueries: without it, the subquery
 * would also see rows admitted by other policies (the public mode's active mandates).
 */
const inSubtree = (alias: string) =>
  `(${alias}.tenant_path = current_setting('onenet.tenant_path', true) or ${alias}.tenant_path like current_setting('onenet.tenant_path', true) || '/%')`;

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, `
    create table registry.station (
      id uuid primary key default gen_random_uuid(),
      tenant_path text collate "C" not null,
      name text not null check (char_length(name) between 1 and 200),
      kind text not null check (kind in ('activity-centre', 'deputies-home', 'liaison-station')),
      address text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await run(db, `create index station_tenant on registry.station (tenant_path)`);

  await run(db, `
    create table registry.station_item (
      station_id uuid not null references registry.station (id) on delete cascade,
      item text not null check (item in ('organisation', 'premises', 'sign', 'rules', 'work-plan', 'ledgers', 'publicity-board', 'funding')),
      tenant_path text collate "C" not null,
      present boolean not null,
      evidence text,
      note text,
      updated_at timestamptz not null default now(),
      updated_by text not null,
      primary key (station_id, item)
    )`);

  await run(db, `
    create table registry.mixed_group (
      id uuid primary key default gen_random_uuid(),
      tenant_path text collate "C" not null,
      formed_by_tenant_path text collate "C" not null,
      station_id uuid references registry.station (id),
      name text not null check (char_length(name) between 1 and 200),
      liaison_name text,
      liaison_user_id text,
      dissolved_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await run(db, `create index mixed_group_station on registry.mixed_group (station_id)`);
  await run(db, `create index mixed_group_tenant on registry.mixed_group (tenant_path)`);

  await run(db, `
    create table registry.group_member (
      group_id uuid not null references registry.mixed_group (id) on delete cascade,
      person_id uuid not null references registry.person (id),
      tenant_path text collate "C" not null,
      role text not null check (role in ('leader', 'liaison', 'member')),
      joined_on date not null,
      left_on date,
      primary key (group_id, person_id)
    )`);
  await run(db, `create index group_member_person on registry.group_member (person_id)`);
  // One leader (组长) per group at a time.
  await run(db, `create unique index group_one_leader on registry.group_member (group_id) where role = 'leader' and left_on is null`);

  await run(db, `
    create table registry.station_record (
      id uuid primary key default gen_random_uuid(),
      tenant_path text collate "C" not null,
      station_id uuid not null references registry.station (id),
      book text not null check (book in ('meeting', 'letter-visit', 'archive')),
      recorded_on date not null,
      title text not null,
      people text,
      content text,
      handling text,
      recorded_by text not null,
      created_at timestamptz not null default now()
    )`);
  await run(db, `create index station_record_station on registry.station_record (station_id, recorded_on)`);

  await run(db, `
    create table registry.assistance (
      id uuid primary key default gen_random_uuid(),
      tenant_path text collate "C" not null,
      station_id uuid references registry.station (id),
      person_id uuid not null references registry.person (id),
      household text not null,
      village text,
      reason text,
      measures text,
      started_on date not null,
      ended_on date,
      outcome text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (ended_on is null or ended_on >= started_on)
    )`);
  await run(db, `create index assistance_person on registry.assistance (person_id)`);
  await run(db, `create index assistance_station on registry.assistance (station_id)`);

  for (const table of ['station', 'station_item', 'mixed_group', 'group_member', 'station_record', 'assistance']) {
    await enableTenantIsolation(db, 'registry', table);
  }
  await run(db, `
    create policy through_group on registry.person for select
      using (exists (select 1 from registry.group_member gm where gm.person_id = person.id and ${inSubtree('gm')}))`);
}
