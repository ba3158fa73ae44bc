// Demo data for development (`npm start` with the demo realm): the handling units (承办单位) the
// demo accounts' tokens name as unit_id, so a demo handler's queue and staff's assignment work.
// Keyed to the accounts the launcher reads from infra/keycloak/demo-users.json; idempotent (an
// existing unit is left as it is, renamed or not); refused in production.
import { createDb, createPool, withTenant } from '@onenet/db';
import type { Kysely } from 'kysely';

/** A demo login as the launcher describes it (from the realm's demo users file). */
export interface DemoAccount {
  tenantPath: string;
  /** The department the account works for, with its name from the realm's generator. */
  unit?: { id: string; name: string; tenantPath: string };
}

export interface DemoSeedInput {
  /** The service's runtime database URL (row-level security applies). */
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  accounts: DemoAccount[];
  log(line: string): void;
}

/** Seeds the suggestions service for the demo accounts; returns what it created. */
export async function seedDemo(input: DemoSeedInput): Promise<string[]> {
  if (input.env.NODE_ENV === 'production') throw new Error('demo data is for development only (NODE_ENV=production)');
  const db: Kysely<any> = createDb(createPool(input.databaseUrl, { max: 1 }));
  const created: string[] = [];
  try {
    const units = new Map(input.accounts.flatMap((a) => (a.unit ? [[a.unit.id, a.unit] as const] : [])));
    for (const unit of units.values()) {
      const inserted = await withTenant(db, unit.tenantPath, (trx) =>
        trx
          .insertInto('suggestions.units')
          .values({ id: unit.id, tenant_path: unit.tenantPath, name: unit.name, active: true })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst(),
      );
      if (inserted) created.push(`unit ${unit.name} ${unit.id}`);
    }
  } finally {
    await db.destroy();
  }
  for (const line of created) input.log(line);
  return created;
}
