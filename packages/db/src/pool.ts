import pg from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, Kysely, PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { BEGIN_TENANT, TenantPipelineClient } from './tenant-client.ts';

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
  /** Milliseconds to wait for a free connection before failing. Default 5 s. */
  connectionTimeoutMs?: number;
  /** PostgreSQL settings for every connection (e.g. `{ jit: 'off' }`), sent when it opens: no statement per transaction. */
  settings?: Record<string, string>;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    // Begins tenant-scoped transactions in the round trip of their first statement.
    Client: TenantPipelineClient as unknown as typeof pg.Client,
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName,
    // 0 = no limit (migrations that rewrite big tables).
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    ...(options.settings ? { options: Object.entries(options.settings).map(([name, value]) => `-c ${name}=${value}`).join(' ') } : {}),
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  pool.on('release', (_error, client) => (client as { discardPendingBegin?: () => void }).discardPendingBegin?.());
  return pool;
}

/**
 * The tenant path a transaction about to begin is scoped to, and whether it may write (see
 * withTenant). Read by the driver so that BEGIN and the tenant setting travel with the first
 * statement: every request pays for them.
 */
export const beginningTenant = new AsyncLocalStorage<{ tenantPath: string; readOnly: boolean }>();

export { TENANT_SETTING } from './tenant-client.ts';

class TenantScopingDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel || settings.accessMode) return super.beginTransaction(connection, settings);
    const scope = beginningTenant.getStore();
    // createPool's client sends begin (and the tenant) with the transaction's first statement.
    await connection.executeQuery(CompiledQuery.raw(BEGIN_TENANT, [scope?.tenantPath ?? '', scope?.readOnly ? 'read only' : '']));
  }
}

class TenantScopingDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }
  override createDriver(): Driver {
    return new TenantScopingDriver({ pool: this.#pool });
  }
}

/** A Kysely on a pool made by createPool (its client is what begins tenant-scoped transactions). */
export function createDb<DB>(pool: pg.Pool): Kysely<DB> {
  if ((pool.options as { Client?: unknown }).Client !== TenantPipelineClient) throw new Error('createDb needs a pool made by createPool');
  return new Kysely<DB>({ dialect: new TenantScopingDialect(pool) });
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
