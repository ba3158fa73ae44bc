import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, migrate, pendingMigrations, withTenant, type Migrations } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

const schema = 'dbtest';
const migrations: Migrations = {
  '202611270000_notes': {
    async up(db: Kysely<any>) {
      await db.schema.withSchema(schema).createTable('note')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('tenant_path', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await enableTenantIsolation(db, schema, 'note');
    },
  },
};

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ schema, migrations });
  await t.db.withSchema(schema).insertInto('note').values([
    { tenant_path: '450000', body: 'region' },
    { tenant_path: '450000/451100', body: 'hezhou' },
    { tenant_path: '450000/451100/451102', body: 'babu' },
    { tenant_path: '450000/451100/451103', body: 'pinggui' },
    { tenant_path: '450000/450100', body: 'nanning' },
  ]).execute();
});
afterAll(async () => t?.drop());

const bodies = (rows: { body: string }[]) => rows.map((r) => r.body).sort();

describe('test databases', () => {
  it('come migrated, with nothing pending', async () => {
    expect(await pendingMigrations(t.db, { schema, migrations })).toEqual([]);
  });

  it('are isolated from each other', async () => {
    const other = await createTestDatabase({ schema, migrations });
    try {
      const rows = await other.db.withSchema(schema).selectFrom('note').selectAll().execute();
      expect(rows).toEqual([]);
    } finally {
      await other.drop();
    }
  });

  it('migrating again is a no-op', async () => {
    expect(await migrate(t.db, { schema, migrations })).toEqual([]);
  });
});

describe('row-level security', () => {
  it('a query with no tenant filter sees only the caller subtree', async () => {
    const rows = await withTenant(t.appDb, '450000/451100', (trx) => trx.withSchema(schema).selectFrom('note').select('body').execute());
    expect(bodies(rows)).toEqual(['babu', 'hezhou', 'pinggui']);
  });

  it('a county sees neither its sibling nor its parent', async () => {
    const rows = await withTenant(t.appDb, '450000/451100/451102', (trx) => trx.withSchema(schema).selectFrom('note').select('body').execute());
    expect(bodies(rows)).toEqual(['babu']);
  });

  it('a path prefix that is not an ancestor does not leak (4511 is not 451100)', async () => {
    await expect(withTenant(t.appDb, '4511', async () => 1)).rejects.toThrow(/not a tenant path/);
  });

  it('no tenant set means no rows at all', async () => {
    const rows = await t.appDb.withSchema(schema).selectFrom('note').select('body').execute();
    expect(rows).toEqual([]);
  });

  it('a write into another tenant is refused by the database', async () => {
    await expect(
      withTenant(t.appDb, '450000/451100/451102', (trx) =>
        trx.withSchema(schema).insertInto('note').values({ tenant_path: '450000/451100/451103', body: 'intrusion' }).execute()),
    ).rejects.toThrow(/row-level security/);
    const count = await t.db.withSchema(schema).selectFrom('note').select((eb) => eb.fn.countAll<string>().as('n')).where('body', '=', 'intrusion').executeTakeFirst();
    expect(Number(count?.n)).toBe(0);
  });

  it('the tenant setting does not outlive its transaction on a pooled connection', async () => {
    await withTenant(t.appDb, '450000', async () => undefined);
    const { rows } = await sql<{ v: string | null }>`select current_setting('onenet.tenant_path', true) as v`.execute(t.appDb);
    expect(rows[0]?.v ?? '').toBe('');
  });

  it('the runtime role cannot change the schema', async () => {
    await expect(sql`create table dbtest.evil(id int)`.execute(t.appDb)).rejects.toThrow(/permission denied/);
  });
});
