import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';

/** A service's migrations by name; names sort in the order they apply (timestamp prefixes). */
export type Migrations = Record<string, Migration>;

export interface MigrateOptions {
  /** The PostgreSQL schema the service owns; its migration bookkeeping lives there too. */
  schema: string;
  migrations: Migrations;
}

class InCodeProvider implements MigrationProvider {
  private readonly migrations: Migrations;
  constructor(migrations: Migrations) {
    this.migrations = migrations;
  }
  async getMigrations(): Promise<Migrations> {
    return this.migrations;
  }
}

/** The role a service's request-handling code connects as: no DDL, no BYPASSRLS. */
export const runtimeRoleOf = (schema: string): string => `${schema}_app`;

function migrator(db: Kysely<unknown>, options: MigrateOptions): Migrator {
  return new Migrator({
    db,
    provider: new InCodeProvider(options.migrations),
    migrationTableSchema: options.schema,
    // The bus's migrations sort before every service's; one added later must still apply.
    allowUnorderedMigrations: true,
  });
}

/**
 * Creates the service's schema and applies its pending migrations. Safe when several replicas
 * start at once: schema creation and kysely's migrator both run under advisory locks.
 */
export async function migrate(db: Kysely<any>, options: MigrateOptions): Promise<string[]> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`onenet.schema.${options.schema}`}))`.execute(trx);
    await sql`create schema if not exists ${sql.id(options.schema)}`.execute(trx);
  });
  const { error, results } = await migrator(db, options).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed ?? '(unknown)'} of schema ${options.schema} failed: ${reason}`, { cause: error });
  }
  await grantRuntimeRole(db, options.schema);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Grants the service's runtime role what request handling needs, if that role exists.
 * Creating roles is the platform's job (CloudNativePG managed roles, the dev launcher, the test
 * helper), not a migration's: the migrating role need not hold CREATEROLE.
 */
async function grantRuntimeRole(db: Kysely<any>, schema: string): Promise<void> {
  const role = runtimeRoleOf(schema);
  const { rows } = await sql<{ exists: boolean }>`select exists(select 1 from pg_roles where rolname = ${role}) as exists`.execute(db);
  if (!rows[0]?.exists) return;
  const s = sql.id(schema);
  const r = sql.id(role);
  await sql`grant usage on schema ${s} to ${r}`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema ${s} to ${r}`.execute(db);
  await sql`grant usage, select on all sequences in schema ${s} to ${r}`.execute(db);
  // The migration bookkeeping is not the runtime's business.
  await sql`revoke insert, update, delete on ${s}.kysely_migration, ${s}.kysely_migration_lock from ${r}`.execute(db);
}

/** Names of migrations not yet applied; empty when the schema is current. */
export async function pendingMigrations(db: Kysely<any>, options: MigrateOptions): Promise<string[]> {
  try {
    const known = await migrator(db, options).getMigrations();
    return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
  } catch {
    // No bookkeeping table yet: nothing has been applied.
    return Object.keys(options.migrations).sort();
  }
}
