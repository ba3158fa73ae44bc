// People and their mandates. Frozen: change the schema by adding a migration.
//
// Row-level security. A person is not owned by one congress: a deputy with a city and a county
// seat is one person seen by both. `person.tenant_path` is the congress that registered them;
// a congress also sees (and may edit) a person through any mandate in its subtree. The policy's
// EXISTS reads `mandate` under mandate's own tenant policy, so "a mandate in my subtree" needs no
// tenant arithmetic of its own. Private data (ID number, phone) lives apart in `person_private`
// with no public policy at all: a public read cannot reach it even by mistake.
//
// Public profiles (代表信息公开) are read with no tenant. `public_profile` is a copy of the
// person's public columns only (name, photo, occupation, public contact), kept by a trigger on
// `person`; it has no row policy, since nothing in it is private, which also lets its name index
// serve every search (PostgreSQL does not use a non-leakproof operator such as `@>` as an index
// condition on a table under row-level security). The mandates of a profile are read from
// `mandate` with `onenet.public = on` set for the transaction instead of a tenant: that admits
// active mandates — all of whose columns are public — and nothing else, since every other
// table's policies ignore the setting.
//
// Matching one person across levels is by a keyed hash (HMAC-SHA-256) of the ID number in
// `person_identity`, which holds no tenant data (a hash and an id) and so has no tenant policy:
// a county registering a deputy already registered by the city finds them without seeing them.
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
  // Unigrams and bigrams of a name: Chinese names are 2–4 characters, so "contains" searches
  // become an index lookup with PostgreSQL's built-in GIN array index, no extension needed.
  await run(db, `
    create function registry.name_grams(name text) returns text[]
      language sql immutable strict parallel safe
      as $$ select coalesce(array_agg(distinct g), '{}') from (
              select substr(name, i, 1) as g from generate_series(1, char_length(name)) as i
              union all
              select substr(name, i, 2) from generate_series(1, char_length(name) - 1) as i) grams $$`);

  await run(db, `
    create table registry.person (
      id uuid primary key default gen_random_uuid(),
      tenant_path text collate "C" not null,
      name text not null check (char_length(name) between 1 and 100),
      gender text check (gender in ('female', 'male')),
      ethnicity text,
      birth_month text check (birth_month ~ '^[0-9]{4}-[0-9]{2}$'),
      occupation text,
      workplace text,
      is_farmer boolean not null default false,
      photo_url text,
      public_contact text,
      user_id text unique,
      published boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await run(db, `create index person_tenant on registry.person (tenant_path)`);

  await run(db, `
    create table registry.person_private (
      person_id uuid primary key references registry.person (id) on delete cascade,
      tenant_path text collate "C" not null,
      id_number_cipher text,
      phone_cipher text,
      updated_at timestamptz not null default now()
    )`);

  await run(db, `
    create table registry.person_identity (
      id_hash bytea primary key,
      person_id uuid not null unique references registry.person (id) on delete cascade
    )`);

  await run(db, `
    create table registry.mandate (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references registry.person (id),
      tenant_path text collate "C" not null,
      level text not null check (level in ('national', 'region', 'city', 'county', 'township')),
      term text not null check (char_length(term) between 1 and 50),
      delegation text,
      constituency text,
      start_date date not null,
      end_date date,
      status text not null default 'active' check (status in ('active', 'resigned', 'terminated', 'ended')),
      end_reason text check (end_reason in ('term-ended', 'resigned', 'terminated')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (person_id, tenant_path, level, term),
      check (end_date is null or end_date >= start_date)
    )`);
  await run(db, `create index mandate_person on registry.mandate (person_id)`);
  await run(db, `create index mandate_tenant on registry.mandate (tenant_path, level, status)`);
  await run(db, `create index mandate_constituency on registry.mandate (constituency) where status = 'active'`);
  // The law allows one seat per level at a time; enforced across tenants (unique checks ignore RLS).
  await run(db, `create unique index mandate_one_active_per_level on registry.mandate (person_id, level) where status = 'active'`);

  await enableTenantIsolation(db, 'registry', 'mandate');
  await run(db, `
    create policy public_active on registry.mandate for select
      using (current_setting('onenet.public', true) = 'on' and status = 'active')`);

  await enableTenantIsolation(db, 'registry', 'person');
  await run(db, `
    create policy through_mandate on registry.person
      using (exists (select 1 from registry.mandate m where m.person_id = person.id and ${inSubtree('m')}))
      with check (exists (select 1 from registry.mandate m where m.person_id = person.id and ${inSubtree('m')}))`);

  await run(db, `
    create table registry.public_profile (
      person_id uuid primary key references registry.person (id) on delete cascade,
      name text not null,
      name_grams text[] generated always as (registry.name_grams(name)) stored,
      photo_url text,
      occupation text,
      public_contact text,
      published boolean not null
    )`);
  await run(db, `create index public_profile_name_grams on registry.public_profile using gin (name_grams)`);
  await run(db, `
    create function registry.copy_public_profile() returns trigger language plpgsql as $$
    begin
      insert into registry.public_profile (person_id, name, photo_url, occupation, public_contact, published)
      values (new.id, new.name, new.photo_url, new.occupation, new.public_contact, new.published)
      on conflict (person_id) do update set name = excluded.name, photo_url = excluded.photo_url,
        occupation = excluded.occupation, public_contact = excluded.public_contact, published = excluded.published;
      return null;
    end $$`);
  await run(db, `
    create trigger person_public_profile after insert or update of name, photo_url, occupation, public_contact, published
      on registry.person for each row execute function registry.copy_public_profile()`);

  await enableTenantIsolation(db, 'registry', 'person_private');
  await run(db, `
    create policy through_mandate on registry.person_private
      using (exists (select 1 from registry.mandate m where m.person_id = person_private.person_id and ${inSubtree('m')}))
      with check (exists (select 1 from registry.mandate m where m.person_id = person_private.person_id and ${inSubtree('m')}))`);
}
