// copyRows writes COPY's text format itself: what goes in must come back out as it was.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyRows } from '../src/copy.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

const schema = 'copytest';
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({
    schema,
    migrations: {
      '202611280000_rows': {
        async up(db) {
          await db.schema.withSchema(schema).createTable('row')
            .addColumn('n', 'integer', (c) => c.primaryKey())
            .addColumn('body', 'text')
            .addColumn('at', 'timestamptz')
            .addColumn('data', 'jsonb')
            .addColumn('flag', 'boolean')
            .execute();
        },
      },
    },
  });
});
afterAll(async () => t?.drop());

it('stores every value as given: escapes, nulls, dates, JSON, numbers and Chinese text', async () => {
  const at = new Date('2026-11-28T06:30:00.123Z');
  const rows = [
    [1, 'plain 贺州市八步区', at, { kind: '调研', list: [1, 2] }, true],
    [2, 'tab\there, newline\nthere, return\rand a back\\slash \\N', null, null, false],
    [3, null, at, { text: 'a\tb\nc\\d' }, null],
    [4, '\\', null, [], false],
  ];
  const client = await t.pool.connect();
  try {
    expect(await copyRows(client, `${schema}.row`, ['n', 'body', 'at', 'data', 'flag'], rows)).toBe(4);
  } finally {
    client.release();
  }
  const { rows: stored } = await t.pool.query(`select n, body, at, data, flag from ${schema}.row order by n`);
  expect(stored.map((r) => [r.n, r.body, r.at, r.data, r.flag])).toEqual(rows);
});
