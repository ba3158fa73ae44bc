import { sql, type Kysely, type Transaction } from 'kysely';
import { isTenantPath } from '@onenet/tenancy';
import { beginningTenant, TENANT_SETTING } from './pool.ts';

export { TENANT_SETTING };

/** A tenant path is division codes from the region down: `450000/451100/451102`. */
export function assertTenantPath(path: string): void {
  if (!isTenantPath(path)) throw new Error(`not a tenant path: ${JSON.stringify(path)}`);
}

export interface TenantTransactionOptions {
  /** PostgreSQL refuses every write in the transaction (the kit's GET and HEAD requests). */
  readOnly?: boolean;
}

/**
 * Runs fn in a transaction scoped to a tenant subtree: every table with the tenant policy
 * shows and accepts only rows at or below `tenantPath`, even where a query forgets its WHERE.
 */
export async function withTenant<DB, T>(db: Kysely<DB>, tenantPath: string, fn: (trx: Transaction<DB>) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
  assertTenantPath(tenantPath);
  if (db.isTransaction) {
    // Already inside a transaction (a consumer's batch): scope it, for the rest of it, without nesting.
    await sql`select set_config(${TENANT_SETTING}, ${tenantPath}, true)`.execute(db);
    return fn(db as unknown as Transaction<DB>);
  }
  // createDb's driver sends BEGIN and the tenant with the first statement. A Kysely made some
  // other way begins plainly and sees no rows (no tenant set): it fails closed.
  return beginningTenant.run({ tenantPath, readOnly: options.readOnly ?? false }, () => db.transaction().execute(fn));
}

/**
 * Migration helper: turns on row-level security for a table with a `tenant_path text` column.
 * FORCE makes the policy bind the table owner too; only superusers and BYPASSRLS roles escape
 * it, and services never connect as either. With no tenant set, no row is visible.
 */
export async function enableTenantIsolation(db: Kysely<any>, schema: string, table: string): Promise<void> {
  const t = sql.table(`${schema}.${table}`);
  await sql`alter table ${t} enable row level security`.execute(db);
  await sql`alter table ${t} force row level security`.execute(db);
  await sql`
    create policy tenant_isolation on ${t}
      using (tenant_path = current_setting(${sql.lit(TENANT_SETTING)}, true)
             or tenant_path like current_setting(${sql.lit(TENANT_SETTING)}, true) || '/%')
      with check (tenant_path = current_setting(${sql.lit(TENANT_SETTING)}, true)
             or tenant_path like current_setting(${sql.lit(TENANT_SETTING)}, true) || '/%')
  `.execute(db);
}
