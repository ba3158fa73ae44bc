// Row-level security of the registry schema, straight against PostgreSQL as the runtime role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@onenet/db';
import { createTestDatabase, type TestDatabase } from '@onenet/db/testing';
import { migrations } from '../src/db/migrations.ts';

let t: TestDatabase;
const CITY = '450000/451100';
const BABU = `${CITY}/451102`;
const PINGGUI = `${CITY}/451103`;
const HEJIE = `${BABU}/451102101`;
const LIANTANG = `${BABU}/451102102`;
const SHATIAN = `${PINGGUI}/451103101`;

const ids = {
  cityDeputy: '00000000-0000-4000-8000-000000000001',
  hejieDeputy: '00000000-0000-4000-8000-000000000002',
  liantangDeputy: '00000000-0000-4000-8000-000000000003',
  shatianDeputy: '00000000-0000-4000-8000-000000000004',
};

beforeAll(async () => {
  t = await createTestDatabase({ schema: 'registry', migrations });
  const db = t.db.withSchema('registry');
  const people: [string, string, string, string][] = [
    [ids.cityDeputy, CITY, '城市代表', 'city'],
    [ids.hejieDeputy, HEJIE, '贺街代表', 'township'],
    [ids.liantangDeputy, LIANTANG, '莲塘代表', 'township'],
    [ids.shatianDeputy, SHATIAN, '沙田代表', 'township'],
  ];
  for (const [id, tenant, name, level] of people) {
    await db.insertInto('person').values({ id, tenant_path: tenant, name }).execute();
    await db.insertInto('person_private').values({ person_id: id, tenant_path: tenant, phone_cipher: 'x' }).execute();
    await db.insertInto('mandate').values({ person_id: id, tenant_path: tenant, level, term: '第一届', start_date: '2021-09-01' }).execute();
  }
  // The city deputy also holds a county seat in 八步区.
  await db.insertInto('mandate').values({ person_id: ids.cityDeputy, tenant_path: BABU, level: 'county', term: '第四届', start_date: '2021-09-01' }).execute();
});
afterAll(async () => t?.drop());

const names = async (tenant: string, table = 'person') =>
  withTenant(t.appDb, tenant, async (trx) => {
    if (table === 'person') return (await trx.withSchema('registry').selectFrom('person').select('name').execute()).map((r) => r.name as string).sort();
    return (await trx.withSchema('registry').selectFrom(table).select('person_id').execute()).length;
  });

describe('person visibility', () => {
  it('a township sees its own deputies only, never another township’s', async () => {
    expect(await names(HEJIE)).toEqual(['贺街代表']);
    expect(await names(SHATIAN)).toEqual(['沙田代表']);
  });
  it('a county sees its townships and the city deputy holding one of its seats', async () => {
    expect(await names(BABU)).toEqual(['城市代表', '莲塘代表', '贺街代表']);
    expect(await names(PINGGUI)).toEqual(['沙田代表']);
  });
  it('the city sees all its counties and townships', async () => {
    expect(await names(CITY)).toEqual(['城市代表', '沙田代表', '莲塘代表', '贺街代表']);
  });
  it('private data follows the same rule', async () => {
    expect(await names(HEJIE, 'person_private')).toBe(1);
    expect(await names(BABU, 'person_private')).toBe(3);
  });
  it('with neither a tenant nor public mode nothing is visible', async () => {
    const rows = await t.appDb.transaction().execute((trx) => trx.withSchema('registry').selectFrom('person').select('name').execute());
    expect(rows).toEqual([]);
  });
  it('public mode shows active mandates but nothing of person or private tables', async () => {
    const seen = await t.appDb.transaction().execute(async (trx) => {
      await sql`select set_config('onenet.public', 'on', true)`.execute(trx);
      const r = trx.withSchema('registry');
      return {
        mandates: (await r.selectFrom('mandate').select('id').execute()).length,
        persons: (await r.selectFrom('person').select('id').execute()).length,
        privates: (await r.selectFrom('person_private').select('person_id').execute()).length,
        profiles: (await r.selectFrom('public_profile').select('name').execute()).length,
      };
    });
    expect(seen).toEqual({ mandates: 5, persons: 0, privates: 0, profiles: 4 });
  });
  it('public profiles count active mandates across congresses, whoever changes them', async () => {
    const count = async () =>
      (await t.db.withSchema('registry').selectFrom('public_profile').select('active_mandates').where('person_id', '=', ids.cityDeputy).executeTakeFirstOrThrow()).active_mandates;
    expect(await count()).toBe(2);
    // The county ends its seat: it cannot see the city's mandate, and need not.
    await withTenant(t.appDb, BABU, (trx) => trx.withSchema('registry').updateTable('mandate').set({ status: 'resigned' }).where('person_id', '=', ids.cityDeputy).execute());
    expect(await count()).toBe(1);
    await withTenant(t.appDb, BABU, (trx) => trx.withSchema('registry').updateTable('mandate').set({ status: 'active' }).where('person_id', '=', ids.cityDeputy).execute());
    expect(await count()).toBe(2);
  });

  it('a township cannot write a row for another township', async () => {
    await expect(
      withTenant(t.appDb, HEJIE, (trx) => trx.withSchema('registry').insertInto('person').values({ tenant_path: SHATIAN, name: '越权' }).execute()),
    ).rejects.toThrow(/row-level security/);
  });
  it('history is append-only even for the superuser', async () => {
    await withTenant(t.appDb, HEJIE, (trx) =>
      trx.withSchema('registry').insertInto('history').values({ tenant_path: HEJIE, entity: 'person', entity_id: ids.hejieDeputy, action: 'test', changes: '{}' }).execute(),
    );
    await expect(t.db.withSchema('registry').deleteFrom('history').execute()).rejects.toThrow(/append-only/);
    await expect(withTenant(t.appDb, HEJIE, (trx) => trx.withSchema('registry').updateTable('history').set({ action: 'x' }).execute())).resolves.toBeDefined();
    const rows = await t.db.withSchema('registry').selectFrom('history').select('action').execute();
    expect(rows).toEqual([{ action: 'test' }]);
  });
});

describe('kept duty tallies (duty_year)', () => {
  const fact = (person: string, tenant: string, kind: string, on: string, counted = true) => ({
    tenant_path: tenant, person_id: person, source: 'activity' as const, source_ref: crypto.randomUUID(), kind, occurred_on: on, counted, version_at: `${on}T12:00:00Z`,
  });
  const tallies = async (tenant: string) =>
    withTenant(t.appDb, tenant, async (trx) =>
      Object.fromEntries(
        (await trx.withSchema('registry').selectFrom('duty_year').select(['person_id', 'year', 'tenant_path', 'counts']).orderBy('person_id').orderBy('year').execute())
          .map((r) => [`${r.person_id === ids.hejieDeputy ? 'hejie' : 'city'} ${r.year} ${r.tenant_path}`, r.counts]),
      ),
    );

  it('follow every change of the facts the runtime role writes, and show where the facts show', async () => {
    const facts = [
      fact(ids.hejieDeputy, HEJIE, 'voter-visit', '2024-03-01'),
      fact(ids.hejieDeputy, HEJIE, 'voter-visit', '2024-09-01'),
      fact(ids.hejieDeputy, HEJIE, 'research', '2024-06-30'),
      fact(ids.hejieDeputy, HEJIE, 'training', '2024-05-01', false), // not counted
      fact(ids.cityDeputy, BABU, 'inspection', '2024-07-01'),
    ];
    await withTenant(t.appDb, BABU, (trx) => trx.withSchema('registry').insertInto('duty_fact').values(facts).execute());
    expect(await tallies(BABU)).toEqual({
      [`hejie 2024 ${HEJIE}`]: { 'voter-visit': [1, 1], research: [1, 0] },
      [`city 2024 ${BABU}`]: { inspection: [0, 1] },
    });

    await withTenant(t.appDb, HEJIE, async (trx) => {
      const f = trx.withSchema('registry').updateTable('duty_fact');
      await f.set({ counted: true }).where('source_ref', '=', facts[3]!.source_ref).execute(); // now counted
      await f.set({ counted: false }).where('source_ref', '=', facts[2]!.source_ref).execute(); // withdrawn
      await f.set({ occurred_on: '2023-12-31' }).where('source_ref', '=', facts[1]!.source_ref).execute(); // into another year
    });
    await withTenant(t.appDb, BABU, (trx) => trx.withSchema('registry').deleteFrom('duty_fact').where('source_ref', '=', facts[4]!.source_ref).execute());
    expect(await tallies(BABU)).toEqual({
      [`hejie 2023 ${HEJIE}`]: { 'voter-visit': [0, 1] },
      [`hejie 2024 ${HEJIE}`]: { 'voter-visit': [1, 0], training: [1, 0] },
      [`city 2024 ${BABU}`]: {},
    });
    // Where the facts are invisible, so are their tallies.
    expect(await tallies(SHATIAN)).toEqual({});
    expect(Object.keys(await tallies(LIANTANG))).toEqual([]);
  });

  it('a person’s tallies of several congresses add up, and nobody writes them but the triggers', async () => {
    // The city deputy's county seat in 八步区 and a city fact: two rows, one sum.
    await withTenant(t.appDb, CITY, (trx) =>
      trx.withSchema('registry').insertInto('duty_fact').values([fact(ids.cityDeputy, CITY, 'inspection', '2024-02-01'), fact(ids.cityDeputy, BABU, 'inspection', '2024-08-01'), fact(ids.cityDeputy, BABU, 'research', '2024-08-02')]).execute());
    const { rows } = await withTenant(t.appDb, BABU, (trx) =>
      sql<{ counts: unknown }>`select registry.sum_duty_counts(counts) as counts from registry.duty_year where person_id = ${ids.cityDeputy} and year = 2024`.execute(trx));
    expect(rows[0]?.counts).toEqual({ inspection: [1, 1], research: [0, 1] });
    await expect(withTenant(t.appDb, BABU, (trx) =>
      trx.withSchema('registry').insertInto('duty_year').values({ person_id: ids.cityDeputy, year: 2025, tenant_path: BABU, counts: JSON.stringify({ inspection: [9, 9] }) as never }).execute())).rejects.toThrow(/row-level security/);
    const changed = await withTenant(t.appDb, BABU, (trx) => trx.withSchema('registry').updateTable('duty_year').set({ counts: '{}' as never }).execute());
    expect(Number(changed[0]?.numUpdatedRows)).toBe(0);
  });
});
