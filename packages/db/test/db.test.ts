import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createDb, createPool, enableTenantIsolation, migrate, pendingMigrations, withTenant, type Migrations } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { BEGIN_TENANT } from '../src/tenant-client.ts';

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

// Begin and the tenant travel with a transaction's first statement (tenant-client.ts): these are
// the ways that could go wrong on one pooled connection, reused request after request.
describe('tenant-scoped transactions on one pooled connection', () => {
  let single: Kysely<any>;
  beforeAll(() => {
    single = createDb<any>(createPool(t.appUrl, { max: 1 }));
  });
  afterAll(async () => single?.destroy());
  const note = () => single.withSchema(schema).selectFrom('note').select('body');
  const setting = async (db: Kysely<any>) => (await sql<{ v: string | null }>`select current_setting('onenet.tenant_path', true) as v`.execute(db)).rows[0]?.v ?? '';

  it('each transaction sees its own tenant, one after another on the same connection', async () => {
    const read = (tenant: string) => withTenant(single, tenant, (trx) => trx.withSchema(schema).selectFrom('note').select('body').execute());
    expect(bodies(await read('450000/451100/451103'))).toEqual(['pinggui']);
    expect(bodies(await read('450000/450100'))).toEqual(['nanning']);
    expect(bodies(await read('450000/451100'))).toEqual(['babu', 'hezhou', 'pinggui']);
    expect(await setting(single)).toBe('');
  });

  it('a statement without parameters is scoped too', async () => {
    const { rows } = await withTenant(single, '450000/451100/451102', (trx) => sql<{ body: string }>`select body from dbtest.note`.execute(trx));
    expect(bodies(rows)).toEqual(['babu']);
  });

  it('the first statement writes, the next ones read it, and the commit keeps it', async () => {
    const seen = await withTenant(single, '450000/451100/451102', async (trx) => {
      await trx.withSchema(schema).insertInto('note').values({ tenant_path: '450000/451100/451102', body: 'babu-2' }).execute();
      return trx.withSchema(schema).selectFrom('note').select('body').execute();
    });
    expect(bodies(seen)).toEqual(['babu', 'babu-2']);
    const kept = await t.db.withSchema(schema).selectFrom('note').select('body').where('body', '=', 'babu-2').execute();
    expect(kept).toHaveLength(1);
    await t.db.withSchema(schema).deleteFrom('note').where('body', '=', 'babu-2').execute();
  });

  it('a failing first statement rolls back, and the connection serves the next tenant cleanly', async () => {
    await expect(withTenant(single, '450000/451100/451102', (trx) => sql`select 1/0`.execute(trx))).rejects.toThrow(/division by zero/);
    await expect(
      withTenant(single, '450000/451100/451102', async (trx) => {
        await trx.withSchema(schema).insertInto('note').values({ tenant_path: '450000/451100/451102', body: 'undone' }).execute();
        throw new Error('the request failed after its write');
      }),
    ).rejects.toThrow(/after its write/);
    expect(await t.db.withSchema(schema).selectFrom('note').select('body').where('body', '=', 'undone').execute()).toEqual([]);
    expect(bodies(await withTenant(single, '450000/451100/451103', (trx) => trx.withSchema(schema).selectFrom('note').select('body').execute()))).toEqual(['pinggui']);
    expect(await setting(single)).toBe('');
  });

  it('a transaction that runs no statement leaves nothing behind', async () => {
    await withTenant(single, '450000', async () => undefined);
    await expect(withTenant(single, '450000', async () => Promise.reject(new Error('nothing done')))).rejects.toThrow(/nothing done/);
    expect(await setting(single)).toBe('');
    expect(bodies(await note().execute())).toEqual([]);
  });

  it('a read-only transaction reads its subtree, refuses any write, and the next one on the connection starts clean', async () => {
    const readOnly = { readOnly: true };
    expect(bodies(await withTenant(single, '450000/451100/451102', (trx) => trx.withSchema(schema).selectFrom('note').select('body').execute(), readOnly))).toEqual(['babu']);
    await expect(
      withTenant(single, '450000/451100/451102', (trx) => trx.withSchema(schema).insertInto('note').values({ tenant_path: '450000/451100/451102', body: 'sneaky' }).execute(), readOnly),
    ).rejects.toThrow(/read-only transaction/);
    await expect(
      withTenant(single, '450000/451100/451102', async (trx) => {
        await trx.withSchema(schema).selectFrom('note').select('body').execute();
        return trx.withSchema(schema).updateTable('note').set({ body: 'changed' }).execute();
      }, readOnly),
    ).rejects.toThrow(/read-only transaction/);
    expect(bodies(await t.db.withSchema(schema).selectFrom('note').select('body').execute())).toEqual(['babu', 'hezhou', 'nanning', 'pinggui', 'region']);
    // Back to back on one connection: each read-only commit is not awaited, yet the next
    // transaction runs after it, in its own tenant, and may write.
    for (const [tenant, expected] of [['450000/451100/451103', ['pinggui']], ['450000/450100', ['nanning']], ['450000/451100/451102', ['babu']]] as const) {
      expect(bodies(await withTenant(single, tenant, (trx) => trx.withSchema(schema).selectFrom('note').select('body').execute(), readOnly))).toEqual(expected);
    }
    await withTenant(single, '450000/451100/451102', (trx) => trx.withSchema(schema).insertInto('note').values({ tenant_path: '450000/451100/451102', body: 'after' }).execute());
    expect(await t.db.withSchema(schema).selectFrom('note').select('body').where('body', '=', 'after').execute()).toHaveLength(1);
    await t.db.withSchema(schema).deleteFrom('note').where('body', '=', 'after').execute();
    expect(await setting(single)).toBe('');
  });

  it("a read-only transaction's end is sent before anything else on the connection, and never left for later", async () => {
    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(single)).rows[0]?.pid;
    const readOnly = { readOnly: true };
    const read = () => withTenant(single, '450000/451100/451102', (trx) => trx.withSchema(schema).selectFrom('note').select('body').execute(), readOnly);
    // Unscoped statements right behind it (a relay, a consumer, a readiness probe) run outside it:
    // no tenant, not read-only.
    expect(bodies(await read())).toEqual(['babu']);
    const { rows } = await sql<{ tenant: string | null; ro: string }>`select current_setting('onenet.tenant_path', true) as tenant, current_setting('transaction_read_only') as ro`.execute(single);
    expect(rows[0]).toEqual({ tenant: '', ro: 'off' });
    expect(bodies(await read())).toEqual(['babu']);
    await t.db.withSchema(schema).selectFrom('note').select('body').execute(); // another connection: the turn ends meanwhile
    // Nobody used the connection since: its COMMIT went out on its own, so it turns idle — not idle
    // in a transaction holding its locks until a next borrower comes (which may be never). The
    // server takes a moment to process it on a busy machine: look for up to two seconds.
    const stateOf = async () => (await sql<{ state: string }>`select state from pg_stat_activity where pid = ${pid}`.execute(t.db)).rows[0]?.state;
    let state = await stateOf();
    for (let tries = 0; state !== 'idle' && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = await stateOf();
    }
    expect(state).toBe('idle');
    await t.db.transaction().execute(async (trx) => {
      await sql`lock table dbtest.note in access exclusive mode nowait`.execute(trx);
    });
  });

  it('a tenant path is quoted into SQL only once it is a well-formed path: anything else is refused before a byte is sent', async () => {
    const pool = createPool(t.appUrl, { max: 1 });
    const client = await pool.connect();
    try {
      for (const bad of ["450000'; reset role; --", "450000/451100' or true or '", '450000\\', 'x']) {
        await expect(client.query(BEGIN_TENANT, [bad, ''])).rejects.toThrow(/not a tenant path/);
      }
      // Nothing was begun: the connection is outside any transaction and sees no rows.
      const { rows } = await client.query<{ tenant: string | null; n: string }>("select coalesce(current_setting('onenet.tenant_path', true), '') as tenant, (select count(*) from dbtest.note) as n");
      expect(rows[0]).toEqual({ tenant: '', n: '0' });
      // A township's nine-digit code is a path like any other.
      await client.query(BEGIN_TENANT, ['450000/451100/451102/451102101', '']);
      const scoped = await client.query<{ tenant: string }>("select current_setting('onenet.tenant_path') as tenant");
      expect(scoped.rows[0]?.tenant).toBe('450000/451100/451102/451102101');
      await client.query('rollback');
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('settings given to the pool hold on every connection without a statement per transaction', async () => {
    const tuned = createDb<any>(createPool(t.appUrl, { max: 1, settings: { jit: 'off', 'work_mem': '8MB' } }));
    try {
      const { rows } = await withTenant(tuned, '450000', (trx) => sql<{ jit: string; work_mem: string }>`select current_setting('jit') as jit, current_setting('work_mem') as work_mem`.execute(trx));
      expect(rows[0]).toEqual({ jit: 'off', work_mem: '8MB' });
    } finally {
      await tuned.destroy();
    }
  });
});

