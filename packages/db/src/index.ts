export { createPool, createDb, isReachable, type PoolOptions } from './pool.ts';
export { migrate, pendingMigrations, runtimeRoleOf, type Migrations, type MigrateOptions } from './migrate.ts';
export { withTenant, enableTenantIsolation, assertTenantPath, TENANT_SETTING, type TenantTransactionOptions } from './tenant.ts';
export { sql, type Kysely, type Transaction, type Selectable, type Insertable, type Updateable, type Generated, type ColumnType } from 'kysely';
