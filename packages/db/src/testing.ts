// Test databases: each test file gets its own database, cloned in milliseconds from a template
// that is migrated once per migration set (CREATE DATABASE … TEMPLATE), on real PostgreSQL.
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { pgAdminUrl } from '@onenet/testing';
import type { Kysely } from 'kysely';
import { createDb, createPool } from './pool.ts';
import { migrate, runtimeRoleOf, type Migrations } from './migrate.ts';

export interface TestDatabase {
  /** Superuser URL of the test database (migrations, fixtures, assertions that see everything). */
  url: string;
  pool: pg.Pool;
  db: Kysely<any>;
  /** URL as the service's runtime role: no DDL, subject to row-level security. */
  appUrl: string;
  appPool: pg.Pool;
  appDb: Kysely<any>;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  schema: string;
  migrations: Migrations;
}


/** The same server URL pointing at another database (and, if given, another role). */
export function withDatabase(url: string, database: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

/** The template's name changes whenever a migration is added or edited. */
function templateName(options: TestDatabaseOptions): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(options.migrations).sort()) {
    hash.update(name);
    hash.update(String(options.migrations[name]?.up));
  }
  return `onenet_tpl_${options.schema}_${hash.digest('hex').slice(0, 12)}`;
}

async function ensureRole(admin: pg.Client, role: string): Promise<void> {
  try {
    await admin.query(`create role ${pg.escapeIdentifier(role)} login nobypassrls`);
  } catch (error) {
    // Another test process created it first.
    if (!['42710', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
  }
}

async function ensureTemplate(admin: pg.Client, options: TestDatabaseOptions): Promise<string> {
  const name = templateName(options);
  // Session-level advisory lock: parallel test files (and parallel workspaces) build it once.
  await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return name;
    await ensureRole(admin, runtimeRoleOf(options.schema));
    const building = `${name}_building`;
    await admin.query(`drop database if exists ${pg.escapeIdentifier(building)} with (force)`);
    await admin.query(`create database ${pg.escapeIdentifier(building)}`);
    const pool = createPool(withDatabase(pgAdminUrl(), building), { max: 2 });
    const db = createDb<any>(pool);
    try {
      await migrate(db, options);
    } finally {
      await db.destroy();
    }
    await admin.query(`alter database ${pg.escapeIdentifier(building)} rename to ${pg.escapeIdentifier(name)}`);
    await admin.query(`alter database ${pg.escapeIdentifier(name)} is_template true`);
    return name;
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [name]);
  }
}

async function cloneTemplate(admin: pg.Client, template: string, target: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${pg.escapeIdentifier(target)} template ${pg.escapeIdentifier(template)}`);
      return;
    } catch (error) {
      // 55006: the template is momentarily in use by a concurrent clone.
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function createTestDatabase(options: TestDatabaseOptions): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  const name = `onenet_test_${options.schema}_${randomBytes(5).toString('hex')}`;
  try {
    const template = await ensureTemplate(admin, options);
    await cloneTemplate(admin, template, name);
  } finally {
    await admin.end();
  }
  const url = withDatabase(pgAdminUrl(), name);
  const appUrl = withDatabase(pgAdminUrl(), name, runtimeRoleOf(options.schema));
  const pool = createPool(url, { max: 4 });
  const appPool = createPool(appUrl, { max: 4 });
  const db = createDb<any>(pool);
  const appDb = createDb<any>(appPool);
  return {
    url,
    pool,
    db,
    appUrl,
    appPool,
    appDb,
    async drop() {
      // A pool still lending a connection (a test that left work running) must not hang the
      // teardown: after a grace period the forced drop below ends those connections anyway.
      await Promise.race([Promise.allSettled([db.destroy(), appDb.destroy()]), new Promise((r) => setTimeout(r, 5_000).unref())]);
      const cleanup = new pg.Client({ connectionString: pgAdminUrl() });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
