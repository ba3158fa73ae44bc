// Activities (履职活动), linked-activity plans (联动履职), duty facts and scoring schemes.
// Frozen: change by adding a migration.
//
// duty_fact is the deputy's year as it happened: one row per (source, thing, person) — an
// activity attended, a suggestion led, a training class, an opinion handled — whether recorded
// here or consumed from another service's events. Events may come twice or out of order: the
// natural key makes a repeat a no-op and `version_at` (when the source says it happened) lets a
// late, older event lose to a newer one already applied. A person's facts are visible wherever
// the person is (through a mandate or a group membership), so a county's report counts the city
// suggestion of its deputy.
import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation } from '@onenet/db';

const run = (db: Kysely<any>, text: string) => sql.raw(text).execute(db);
/**
 * The tenant rule spelled out inside "visible through" subqueries: without it, the subquery
 * would also see rows admitted by other policies (the public mode's active mandates).
 */
const inSubtree = (alias: string) =>
  `(${alias}.tenant_path = current_setting('onenet.tenant_path', true) or ${alias}.tenant_path like current_setting('onenet.tenant_path', true) || '/%')`;

const KINDS = `'voter-reception', 'research', 'inspection', 'training', 'group-activity', 'voter-visit', 'poverty-help', 'practical-deed'`;

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, `
    create table registry.plan (
      id uuid primary key default gen_random_uuid(),
      tenant_path text collate "C" not null,
      year integer not null check (year between 2000 and 2100),
      title text not null,
      station_id uuid references registry.station (id),
      group_id uuid references registry.mixed_group (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await run(db, `create index plan_tenant_year on registry.plan (tenant_path, year)`);
  await run(db, `
    create table registry.plan_quarter (
      plan_id uuid not null references registry.plan (id) on delete cascade,
      quarter integer not null check (quarter between 1 and 4),
      tenant_path text collate "C" not null,
      theme text not null,
      primary key (plan_id, quarter)
    )`);

  await run(db, `
    create table registry.activity (
      id uuid primary key default gen_random_uuid(),
      tenant_path text collate "C" not null,
      kind text not null check (kind in (${KINDS})),
      theme text not null,
      start_date date not null,
      end_date date not null,
      place text,
      outcome text,
      station_id uuid references registry.station (id),
      group_id uuid references registry.mixed_group (id),
      plan_id uuid references registry.plan (id),
      income_skill boolean not null default false,
      cancelled boolean not null default false,
      recorded_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_date >= start_date and end_date <= start_date + 1)
    )`);
  await run(db, `create index activity_station on registry.activity (station_id, start_date)`);
  await run(db, `create index activity_group on registry.activity (group_id, start_date)`);
  await run(db, `create index activity_tenant on registry.activity (tenant_path, start_date)`);
  await run(db, `create index activity_plan on registry.activity (plan_id) where plan_id is not null`);

  await run(db, `
    create table registry.activity_participant (
      activity_id uuid not null references registry.activity (id) on delete cascade,
      person_id uuid not null references registry.person (id),
      tenant_path text collate "C" not null,
      attendance text not null check (attendance in ('present', 'absent', 'excused')),
      primary key (activity_id, person_id)
    )`);
  await run(db, `create index activity_participant_person on registry.activity_participant (person_id)`);

  await run(db, `
    create table registry.activity_photo (
      id uuid primary key default gen_random_uuid(),
      activity_id uuid not null references registry.activity (id) on delete cascade,
      tenant_path text collate "C" not null,
      storage_key text not null,
      content_type text not null,
      byte_size integer not null,
      caption text,
      uploaded_by text not null,
      uploaded_at timestamptz not null default now()
    )`);
  await run(db, `create index activity_photo_activity on registry.activity_photo (activity_id)`);

  await run(db, `
    create table registry.duty_fact (
      id bigint generated always as identity primary key,
      tenant_path text collate "C" not null,
      person_id uuid not null,
      source text not null check (source in ('activity', 'suggestions', 'training', 'opinions')),
      source_ref uuid not null,
      kind text not null check (kind in (${KINDS}, 'income-skill', 'training-class', 'suggestion', 'co-signed-suggestion', 'opinion')),
      occurred_on date not null,
      counted boolean not null,
      version_at timestamptz not null,
      detail jsonb not null default '{}',
      unique (source, source_ref, person_id)
    )`);
  // No foreign key on person_id: another service's event may name a deputy before the registry
  // has them (out of order); the fact counts once the person exists.
  await run(db, `create index duty_fact_person on registry.duty_fact (person_id, occurred_on)`);

  await run(db, `
    create table registry.suggestion_state (
      suggestion_id uuid primary key,
      tenant_path text collate "C" not null,
      state text not null,
      state_at timestamptz not null
    )`);

  // Per-tenant scoring scheme; a tenant without one uses its nearest ancestor's, else the default.
  await run(db, `
    create table registry.scoring_scheme (
      tenant_path text collate "C" primary key,
      scheme jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by text not null
    )`);

  for (const table of ['plan', 'plan_quarter', 'activity', 'activity_participant', 'activity_photo', 'duty_fact', 'suggestion_state', 'scoring_scheme']) {
    await enableTenantIsolation(db, 'registry', table);
  }
  await run(db, `
    create policy through_mandate on registry.duty_fact for select
      using (exists (select 1 from registry.mandate m where m.person_id = duty_fact.person_id and ${inSubtree('m')}))`);
  await run(db, `
    create policy through_group on registry.duty_fact for select
      using (exists (select 1 from registry.group_member gm where gm.person_id = duty_fact.person_id and ${inSubtree('gm')}))`);
  // A tenant reads the schemes of its ancestors (to inherit one); it writes only its own.
  await run(db, `
    create policy inherited on registry.scoring_scheme for select
      using (current_setting('onenet.tenant_path', true) like tenant_path || '/%')`);
}
