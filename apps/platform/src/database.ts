// Prepares the platform's database: one database, one schema per service (created by the
// service's own migrations), and per service a runtime role that cannot bypass row-level
// security. Migrations run as the administrative URL; request handling as the runtime role.
import pg from 'pg';
import { developmentSecret } from './secrets.ts';

export interface ServiceDatabaseUrls {
  migrationUrl: string;
  runtimeUrl: string;
}

function withDatabase(url: string, database: string, user?: string, password?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user !== undefined) u.username = encodeURIComponent(user);
  if (password !== undefined) u.password = encodeURIComponent(password);
  return u.toString();
}

/** Creates the `onenet` database if the server has none (embedded server only). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, database);
}

/**
 * Roles belong to the whole server: two platforms starting at once on one server (test files
 * running side by side) race to create or re-key the same role, and PostgreSQL refuses the loser
 * ("tuple concurrently updated", or the role already exists). Trying again settles it.
 */
const RACE_CODES = new Set(['XX000', '42710', '23505']);
async function withRetryOnRace(step: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= 8 || !RACE_CODES.has((error as { code?: string }).code ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
  }
}

/**
 * Creates (or re-keys) the runtime role `<schema>_app` of each service. The migrator grants it
 * table rights after each migration, so a fresh role gets them on the service's first start.
 */
export async function prepareServiceRoles(adminDbUrl: string, schemas: string[], dataDir: string): Promise<Map<string, ServiceDatabaseUrls>> {
  const client = new pg.Client({ connectionString: adminDbUrl });
  await client.connect();
  const urls = new Map<string, ServiceDatabaseUrls>();
  try {
    for (const schema of schemas) {
      const role = `${schema}_app`;
      const password = developmentSecret(dataDir, `${role}.password`);
      await withRetryOnRace(async () => {
        const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [role]);
        const verb = rowCount ? 'alter' : 'create';
        await client.query(`${verb} role ${pg.escapeIdentifier(role)} login nobypassrls password ${pg.escapeLiteral(password)}`);
      });
      const database = new URL(adminDbUrl).pathname.slice(1);
      urls.set(schema, { migrationUrl: adminDbUrl, runtimeUrl: withDatabase(adminDbUrl, database, role, password) });
    }
  } finally {
    await client.end();
  }
  return urls;
}
