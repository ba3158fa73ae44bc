// Runtime roles belong to the whole PostgreSQL server, so platforms starting side by side (test
// files in parallel, two developers on one server) create and re-key the same roles at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { pgAdminUrl } from '@onenet/testing';
import { prepareServiceRoles } from '../src/database.ts';

const schema = `race_${process.pid}_${Date.now().toString(36)}`;
const dirs = Array.from({ length: 6 }, () => mkdtempSync(join(tmpdir(), 'onenet-roles-')));

afterAll(async () => {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  await client.connect();
  await client.query(`drop role if exists ${pg.escapeIdentifier(`${schema}_app`)}`);
  await client.end();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it('six platforms preparing the same runtime role at once all start, and the role cannot bypass row-level security', async () => {
  const results = await Promise.all(dirs.map((dir) => prepareServiceRoles(pgAdminUrl(), [schema], dir)));
  for (const urls of results) expect(new URL(urls.get(schema)!.runtimeUrl).username).toBe(`${schema}_app`);
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  await client.connect();
  const { rows } = await client.query('select rolcanlogin, rolbypassrls, rolsuper from pg_roles where rolname = $1', [`${schema}_app`]);
  await client.end();
  expect(rows).toEqual([{ rolcanlogin: true, rolbypassrls: false, rolsuper: false }]);
});
