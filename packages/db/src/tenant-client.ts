// A pg client that opens a tenant-scoped transaction in the same round trip as its first
// statement. Every request of every service runs in such a transaction (see withTenant), so
// "begin + set the tenant" as a round trip of its own is paid on every request; pipelined, the
// begin, the tenant setting and the first statement go out as one extended-protocol batch
// (Parse/Bind/Execute × 3, one Sync) and PostgreSQL answers them together.
//
// The driver (pool.ts) asks for it by sending BEGIN_TENANT with the tenant path as parameter;
// this client answers that at once without touching the network and prefixes the next statement.
// A transaction that ends before any statement never reached the server, so its COMMIT or
// ROLLBACK is answered locally too.
import pg from 'pg';

/** The driver's request to begin a transaction scoped to the tenant path given as `$1`. */
export const BEGIN_TENANT = 'begin /* onenet: tenant-scoped, pipelined with the first statement */';

const SET_TENANT = "select set_config('onenet.tenant_path', $1, true)";
const ENDS_TRANSACTION = /^\s*(commit|rollback)\s*;?\s*$/i;

interface Connection {
  parse(message: { text: string; name: string; types: number[] }): void;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  execute(message: { portal: string; rows: number }): void;
}

/** The Query internals this subclass builds on (pg's own extended-protocol Query). */
interface QueryInternals {
  prepare(connection: Connection): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: Connection): void;
}
const BaseQuery = pg.Query as unknown as new (text: string, values: unknown[] | undefined, callback: (error: Error | null, result: pg.QueryResult) => void) => QueryInternals;

/** A statement sent behind "begin" and the tenant setting, whose own results it reports alone. */
class TenantPrefixedQuery extends BaseQuery {
  readonly #tenantPath: string;
  /** Prefix statements whose completion is still to come: their rows and tags are not ours. */
  #prefixPending = 2;

  constructor(tenantPath: string, text: string, values: unknown[] | undefined, callback: (error: Error | null, result: pg.QueryResult) => void) {
    super(text, values, callback);
    this.#tenantPath = tenantPath;
  }
  // Always the extended protocol: the simple one cannot carry the prefix in the same batch.
  requiresPreparation(): boolean {
    return true;
  }
  override prepare(connection: Connection): void {
    connection.parse({ text: 'begin', name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [] });
    connection.execute({ portal: '', rows: 0 });
    connection.parse({ text: SET_TENANT, name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [this.#tenantPath] });
    connection.execute({ portal: '', rows: 0 });
    super.prepare(connection);
  }
  override handleDataRow(message: unknown): void {
    if (this.#prefixPending === 0) super.handleDataRow(message);
  }
  override handleCommandComplete(message: unknown, connection: Connection): void {
    if (this.#prefixPending > 0) this.#prefixPending--;
    else super.handleCommandComplete(message, connection);
  }
}

const answered = (command: string): pg.QueryResult => ({ command, rowCount: null, oid: 0, rows: [], fields: [] });

export class TenantPipelineClient extends pg.Client {
  /** The tenant of a transaction begun locally whose first statement has not been sent yet. */
  #pendingTenant: string | undefined;

  /** Forgets a transaction begun but never used (the pool calls this on release). */
  discardPendingBegin(): void {
    this.#pendingTenant = undefined;
  }

  // @ts-expect-error pg's overloads cannot be restated one by one; every form is passed through.
  override query(config: unknown, values?: unknown, callback?: unknown): unknown {
    if (typeof config === 'string') {
      if (config === BEGIN_TENANT) {
        this.#pendingTenant = String((values as unknown[])[0]);
        return Promise.resolve(answered('BEGIN'));
      }
      const tenantPath = this.#pendingTenant;
      if (tenantPath !== undefined && typeof callback !== 'function') {
        this.#pendingTenant = undefined;
        const ending = ENDS_TRANSACTION.exec(config);
        if (ending) return Promise.resolve(answered(ending[1]!.toUpperCase()));
        return new Promise((resolve, reject) => {
          const query = new TenantPrefixedQuery(tenantPath, config, values as unknown[] | undefined, (error, result) => (error ? reject(error) : resolve(result)));
          (super.query as (q: unknown) => unknown)(query);
        });
      }
    }
    return (super.query as (...args: unknown[]) => unknown)(config, values, callback);
  }
}
