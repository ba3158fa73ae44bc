// A pg client that opens a transaction (tenant-scoped or not) in the same round trip as its
// first statement. Every request of every service runs in such a transaction (see withTenant), so
// "begin + set the tenant" as a round trip of its own is paid on every request; pipelined, the
// begin, the tenant setting and the first statement go out as one extended-protocol batch
// (Parse/Bind/Execute × 3, one Sync) and PostgreSQL answers them together.
//
// The driver (pool.ts) asks for it by sending BEGIN_TENANT with the tenant path as parameter;
// this client answers that at once without touching the network and prefixes the next statement.
// A transaction that ends before any statement never reached the server, so its COMMIT or
// ROLLBACK is answered locally too. A read-only transaction (PostgreSQL refuses any write in
// it) that ran without error is ended without waiting for the answer: there is nothing to make
// durable and nothing that could fail. Its COMMIT is not even sent on its own: it goes in front
// of the next borrower's first statement, in the same batch (one write and one wake-up of the
// server fewer per request), or, if nobody uses the connection by the end of this turn of the
// event loop, on its own then — so no transaction, snapshot or lock outlives its request by
// more than that. Every statement on the connection runs after it.
//
// The tenant is set with SET LOCAL and the path as a quoted literal, not with a parameterised
// `select set_config(…)`: a utility statement skips the planner and executor and returns no row
// (measured: ~14 µs less PostgreSQL CPU per transaction, 80 → 66). The path is checked against
// the strict tenant-path pattern (digits and slashes) before it is quoted with pg's escapeLiteral.
import pg from 'pg';
import { isTenantPath } from '@onenet/tenancy';

/** The driver's request to begin a transaction, scoped to the tenant path `$1` unless it is empty, read-only if `$2` is 'read only'. */
export const BEGIN_TENANT = 'begin /* onenet: tenant-scoped, pipelined with the first statement */';

/** The setting row-level security policies read (is_local: it dies with the transaction). */
export const TENANT_SETTING = 'onenet.tenant_path';
const setTenant = (tenantPath: string) => `set local ${TENANT_SETTING} = ${pg.escapeLiteral(tenantPath)}`;
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

interface Begin {
  tenantPath: string;
  readOnly: boolean;
}

/**
 * A statement sent behind "begin" and the tenant setting (and, before them, the end of the
 * connection's previous read-only transaction), whose own results it reports alone.
 */
class TenantPrefixedQuery extends BaseQuery {
  readonly #begin: Begin;
  readonly #previousEnd: string | undefined;
  /** Prefix statements whose completion is still to come: their rows and tags are not ours. */
  #prefixPending: number;

  constructor(previousEnd: string | undefined, begin: Begin, text: string, values: unknown[] | undefined, callback: (error: Error | null, result: pg.QueryResult) => void) {
    super(text, values, callback);
    this.#begin = begin;
    this.#previousEnd = previousEnd;
    this.#prefixPending = (begin.tenantPath ? 2 : 1) + (previousEnd ? 1 : 0);
  }
  // Always the extended protocol: the simple one cannot carry the prefix in the same batch.
  requiresPreparation(): boolean {
    return true;
  }
  override prepare(connection: Connection): void {
    if (this.#previousEnd) {
      connection.parse({ text: this.#previousEnd, name: '', types: [] });
      connection.bind({ portal: '', statement: '', values: [] });
      connection.execute({ portal: '', rows: 0 });
    }
    connection.parse({ text: this.#begin.readOnly ? 'begin read only' : 'begin', name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [] });
    connection.execute({ portal: '', rows: 0 });
    if (this.#begin.tenantPath) {
      connection.parse({ text: setTenant(this.#begin.tenantPath), name: '', types: [] });
      connection.bind({ portal: '', statement: '', values: [] });
      connection.execute({ portal: '', rows: 0 });
    }
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

type QueryFn = (...args: unknown[]) => unknown;

export class TenantPipelineClient extends pg.Client {
  /** A transaction begun locally whose first statement has not been sent yet. */
  #pending: Begin | undefined;
  /** A read-only transaction on the server with no failed statement so far: its end need not be awaited. */
  #cleanReadOnly = false;
  /** The COMMIT (or ROLLBACK) of a clean read-only transaction, not sent yet: it goes before anything else. */
  #deferredEnd: string | undefined;

  /** Forgets a transaction begun but never used (the pool calls this on release). */
  discardPendingBegin(): void {
    this.#pending = undefined;
    this.#cleanReadOnly = false;
  }

  // @ts-expect-error pg's overloads cannot be restated one by one; every form is passed through.
  override query(config: unknown, values?: unknown, callback?: unknown): unknown {
    const send = super.query as QueryFn;
    if (typeof config !== 'string' || typeof callback === 'function') {
      // A cursor or a callback cannot carry the prefix; nothing in the project sends one first.
      if (this.#pending) return Promise.reject(new Error('the first statement of a transaction must be a plain text query'));
      this.#sendDeferredEnd();
      return send.call(this, config, values, callback);
    }
    if (config === BEGIN_TENANT) {
      const [tenantPath, mode] = values as [string, string];
      // Quoted into SQL below: nothing but a well-formed path (or none) gets that far.
      if (tenantPath !== '' && !isTenantPath(tenantPath)) return Promise.reject(new Error(`not a tenant path: ${JSON.stringify(tenantPath)}`));
      this.#pending = { tenantPath, readOnly: mode === 'read only' };
      return Promise.resolve(answered('BEGIN'));
    }
    const begin = this.#pending;
    // Nothing pending and no read-only transaction open: the statement goes as pg sends it.
    if (begin === undefined && !this.#cleanReadOnly) {
      this.#sendDeferredEnd();
      return send.call(this, config, values);
    }
    this.#pending = undefined;
    const ending = ENDS_TRANSACTION.exec(config)?.[1]?.toUpperCase();
    if (ending) {
      this.#cleanReadOnly = false;
      if (begin !== undefined) return Promise.resolve(answered(ending)); // never reached the server
      // A clean read-only transaction: sent with the next statement, or at the end of this turn.
      this.#deferredEnd = config;
      setImmediate(() => this.#sendDeferredEnd());
      return Promise.resolve(answered(ending));
    }
    if (begin === undefined) return this.#watch(send.call(this, config, values) as Promise<unknown>);
    this.#cleanReadOnly = begin.readOnly;
    const previousEnd = this.#deferredEnd;
    this.#deferredEnd = undefined;
    return this.#watch(
      new Promise((resolve, reject) => {
        send.call(this, new TenantPrefixedQuery(previousEnd, begin, config, values as unknown[] | undefined, (error, result) => (error ? reject(error) : resolve(result))));
      }),
    );
  }

  /**
   * Sends a deferred end on its own, not awaited: it cannot fail but with the connection, and
   * that surfaces on the connection's next use anyway. pg sends the statements queued after it
   * only once it is answered.
   */
  #sendDeferredEnd(): void {
    const end = this.#deferredEnd;
    if (end === undefined) return;
    this.#deferredEnd = undefined;
    (super.query(end) as Promise<unknown>).catch(() => {});
  }

  /** A failed statement makes the transaction's end worth waiting for (PostgreSQL answers ROLLBACK). */
  #watch(result: Promise<unknown>): Promise<unknown> {
    return result.catch((error: unknown) => {
      this.#cleanReadOnly = false;
      throw error;
    });
  }
}
