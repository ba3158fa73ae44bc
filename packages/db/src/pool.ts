import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';

// PostgreSQL `bigint`/`numeric` stay strings by default (no silent precision loss); `date`
// stays a plain 'YYYY-MM-DD' string so a calendar day never shifts with the process time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface PoolOptions {
  /** Connections in this process's pool. */
  max?: number;
  /** Shown in pg_stat_activity, so the on-call engineer sees which service holds a connection. */
  applicationName?: string;
  /** Milliseconds a statement may run before PostgreSQL cancels it. */
  statementTimeoutMs?: number;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName,
    // 0 = no limit (migrations that rewrite big tables).
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

export function createDb<DB>(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** True when the database answers a trivial query; used by readiness probes. */
export async function isReachable(pool: pg.Pool): Promise<boolean> {
  try {
    await pool.query('select 1');
    return true;
  } catch {
    return false;
  }
}
