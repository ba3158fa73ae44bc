// A deputy-year's tally kept as its facts change, so that a report reads one small row per deputy
// instead of counting facts. A congress's summary assesses every deputy of its subtree: for the
// region that counted some 400,000 facts of 116,000 deputies in one query (seconds, and under a
// session's load over ten), each time a leader's dashboard found it out of the cache.
//
// duty_year holds, per (person, year, tenant of the facts), the counted facts per kind and half
// year as {kind: [first half, second half]} — the value the reports group by — with kinds of no
// counted fact left out. Statement triggers on duty_fact add what each statement changed (from
// its transition tables: a COPY of millions of facts is one aggregate, a consumer's upsert one
// small one). Rows are per tenant of the facts so that a row is visible exactly where its facts
// are: the same tenant test and "through" rules as duty_fact. Readers add a person's rows up.
//
// The table is written only by the trigger functions, which run as their owner (the migrating
// role) and read nothing but the transition tables: row-level security is enabled for everyone
// else (the runtime role reads through the policy and has no write policy) but not forced on the
// owner. Frozen.
import { sql, type Kysely } from 'kysely';

const run = (db: Kysely<any>, text: string) => sql.raw(text).execute(db);
const inSubtree = (alias: string) =>
  `(${alias}.tenant_path = current_setting('onenet.tenant_path', true) or ${alias}.tenant_path like current_setting('onenet.tenant_path', true) || '/%')`;

/**
 * Adds to duty_year the facts `changes` yields (person_id, tenant_path, kind, occurred_on, sign:
 * +1 counted in, -1 counted out). Locks rows in key order, so that concurrent writers cannot deadlock.
 */
const addToDutyYears = (changes: string) => `
  insert into registry.duty_year as y (person_id, year, tenant_path, counts)
  select person_id, year, tenant_path, jsonb_object_agg(kind, jsonb_build_array(first_half, second_half))
  from (
    select person_id, extract(year from occurred_on)::int as year, tenant_path, kind,
      coalesce(sum(sign) filter (where extract(month from occurred_on) < 7), 0) as first_half,
      coalesce(sum(sign) filter (where extract(month from occurred_on) >= 7), 0) as second_half
    from (${changes}) c
    group by 1, 2, 3, 4
  ) k
  where first_half <> 0 or second_half <> 0
  group by 1, 2, 3
  order by 1, 2, 3
  on conflict (person_id, year, tenant_path) do update set counts = registry.add_duty_counts(y.counts, excluded.counts)`;

const counted = (table: string, sign: number) => `select person_id, tenant_path, kind, occurred_on, ${sign} as sign from ${table} where counted`;

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, `
    create table registry.duty_year (
      person_id uuid not null,
      year integer not null,
      tenant_path text collate "C" not null,
      counts jsonb not null,
      primary key (person_id, year, tenant_path)
    )`);
  // Two tallies added kind by kind; kinds that come to no fact drop out (as in a count of facts).
  await run(db, `
    create function registry.add_duty_counts(a jsonb, b jsonb) returns jsonb
    language sql immutable strict parallel safe as $$
      select coalesce(jsonb_object_agg(kind, jsonb_build_array(first_half, second_half)), '{}'::jsonb)
      from (
        select kind, sum((n->>0)::int) as first_half, sum((n->>1)::int) as second_half
        from (select * from jsonb_each(a) union all select * from jsonb_each(b)) e (kind, n)
        group by kind
      ) s
      where first_half + second_half > 0
    $$`);
  // A person's rows added up. Strict with no initial state: a single row (most deputies) is its
  // own sum, without a call.
  await run(db, `create aggregate registry.sum_duty_counts(jsonb) (sfunc = registry.add_duty_counts, stype = jsonb)`);

  const trigger = async (event: 'insert' | 'update' | 'delete', referencing: string, changes: string) => {
    await run(db, `
      create function registry.duty_year_after_${event}() returns trigger
      language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
      begin
        ${addToDutyYears(changes)};
        return null;
      end $$`);
    await run(db, `
      create trigger duty_year_after_${event} after ${event} on registry.duty_fact
      referencing ${referencing} for each statement execute function registry.duty_year_after_${event}()`);
  };
  await trigger('insert', 'new table as new_facts', counted('new_facts', 1));
  await trigger('update', 'old table as old_facts new table as new_facts', `${counted('old_facts', -1)} union all ${counted('new_facts', 1)}`);
  await trigger('delete', 'old table as old_facts', counted('old_facts', -1));
  await run(db, `
    create function registry.duty_year_after_truncate() returns trigger
    language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
    begin
      truncate registry.duty_year;
      return null;
    end $$`);
  await run(db, `create trigger duty_year_after_truncate after truncate on registry.duty_fact for each statement execute function registry.duty_year_after_truncate()`);

  await run(db, `alter table registry.duty_year enable row level security`);
  await run(db, `
    create policy visible_with_facts on registry.duty_year for select using (
      ${inSubtree('duty_year')}
      or exists (select 1 from registry.mandate m where m.person_id = duty_year.person_id and ${inSubtree('m')})
      or exists (select 1 from registry.group_member gm where gm.person_id = duty_year.person_id and ${inSubtree('gm')}))`);

  // The facts already stored. duty_fact's policies bind its owner too (forced): lifted for this
  // transaction's read, so that a migrating role that is not a superuser counts every fact.
  await run(db, `alter table registry.duty_fact no force row level security`);
  await run(db, addToDutyYears(counted('registry.duty_fact', 1)));
  await run(db, `alter table registry.duty_fact force row level security`);
}
