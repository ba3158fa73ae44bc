// Demo data for development (`npm start` with the demo realm): the registry records behind the
// demo accounts, so a demo deputy's `/me` answers and the suggestions service knows their seats.
// Keyed to the accounts the launcher reads from infra/keycloak/demo-users.json; idempotent (a
// person or seat already there is left alone); refused in production. Written through the same
// repository code as the routes (history and events included), so other services learn of it.
import { PersonCreated } from '@onenet/contracts';
import { createDb, createPool, withTenant } from '@onenet/db';
import { secretKeys } from '../config.ts';
import { registerPerson } from '../db/persons.ts';
import type { RegistryDatabase } from '../db/schema.ts';
import { emit, record, tables, type Scope } from '../db/scope.ts';
import { tenantKindOfPath } from '../domain/levels.ts';
import { createSecrets, type Secrets } from '../secrets.ts';

/** A demo login as the launcher describes it (from the realm's demo users file). */
export interface DemoAccount {
  userId: string;
  name: string;
  /** The tenant the account acts for. */
  tenantPath: string;
  /** Every congress the account belongs to (its groups): a deputy's seats. */
  seats: string[];
  deputyId?: string;
}

export interface DemoSeedInput {
  /** The service's runtime database URL (row-level security applies). */
  databaseUrl: string;
  /** The service's environment (its secrets included). */
  env: NodeJS.ProcessEnv;
  accounts: DemoAccount[];
  log(line: string): void;
}

const ACTOR = { userId: 'demo-seed', name: '演示数据 demo data' };
/** Demo seats start at the current terms' elections (fictional dates). */
const TERM_START = '2021-10-15';

/** A fictional resident ID number with a valid check digit (GB 11643), stable per deputy. */
export function demoIdNumber(deputyId: string, tenantPath: string): string {
  const region = (tenantPath.split('/').at(-1) ?? '450000').slice(0, 6);
  const n = Number.parseInt(deputyId.replaceAll('-', '').slice(0, 8), 16);
  const birth = `19${60 + (n % 30)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
  const body = `${region}${birth}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0);
  return body + '10X98765432'[sum % 11];
}

/** Creates the person under the deputy id the realm gives them (registerPerson picks its own ids). */
async function ensurePerson(scope: Scope, secrets: Secrets, account: DemoAccount & { deputyId: string }, idNumber: string): Promise<boolean> {
  const db = tables(scope.trx);
  if (await db.selectFrom('person').select('id').where('id', '=', account.deputyId).executeTakeFirst()) return false;
  const row = await db
    .insertInto('person')
    .values({ id: account.deputyId, tenant_path: scope.tenantPath, name: account.name, gender: null, ethnicity: null, birth_month: null, occupation: null, workplace: null, photo_url: null, public_contact: null, user_id: account.userId, published: true })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto('person_private').values({ person_id: row.id, tenant_path: scope.tenantPath, id_number_cipher: secrets.encrypt(idNumber), phone_cipher: null }).execute();
  await db.insertInto('person_identity').values({ id_hash: secrets.identityHash(idNumber), person_id: row.id }).execute();
  await record(scope, 'person', row.id, 'created', { name: row.name, demo: true });
  await emit(scope, PersonCreated, { personId: row.id, name: row.name, gender: null, ethnicity: null, occupation: null, userId: row.user_id });
  return true;
}

/** Seeds the registry for the demo accounts; returns what it created (empty when all was there). */
export async function seedDemo(input: DemoSeedInput): Promise<string[]> {
  const keys = secretKeys(input.env);
  if (input.env.NODE_ENV === 'production') throw new Error('demo data is for development only (NODE_ENV=production)');
  const secrets = createSecrets(keys);
  const pool = createPool(input.databaseUrl, { max: 2 });
  const db = createDb<RegistryDatabase>(pool);
  const created: string[] = [];
  try {
    for (const account of input.accounts) {
      const deputyId = account.deputyId;
      if (!deputyId) continue;
      const idNumber = demoIdNumber(deputyId, account.tenantPath);
      const fresh = await withTenant(db, account.tenantPath, (trx) => ensurePerson({ trx, tenantPath: account.tenantPath, actor: ACTOR }, secrets, { ...account, deputyId }, idNumber));
      if (fresh) created.push(`person ${account.name} ${deputyId}`);
      for (const seat of account.seats) {
        await withTenant(db, seat, async (trx) => {
          const held = await tables(trx).selectFrom('mandate').select('id').where('person_id', '=', deputyId).where('tenant_path', '=', seat).executeTakeFirst();
          if (held) return;
          const level = tenantKindOfPath(seat);
          // The ID number matches the person created above: this adds the seat, as a clerk would.
          await registerPerson({ trx, tenantPath: seat, actor: ACTOR }, secrets, { name: account.name, idNumber }, { level, term: '第十八届', constituency: '演示选区', startDate: TERM_START });
          created.push(`mandate ${account.name} ${level} ${seat}`);
        });
      }
    }
  } finally {
    await db.destroy();
  }
  for (const line of created) input.log(line);
  return created;
}
