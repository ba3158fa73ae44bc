// Demo data for development: when `npm start` serves the demo realm (the development IdP with
// infra/keycloak/demo-users.json), each service that offers a `./demo` export seeds the records
// behind the demo accounts — the registry's people and seats, the suggestions service's handling
// units — in its own schema. Idempotent; never in production; ONENET_DEMO_DATA=off turns it off.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tenants, type TenantDirectory } from '@onenet/tenancy';
import type { ServiceEntry } from '@onenet/kit/discovery';

/** A demo login, from the realm's demo users file; ids are those the tokens carry. */
export interface DemoAccount {
  userId: string;
  username: string;
  name: string;
  roles: string[];
  tenantPath: string;
  /** Every congress the account belongs to (its groups): a deputy's seats. */
  seats: string[];
  deputyId?: string;
  unit?: { id: string; name: string; tenantPath: string };
}

export interface RealmUser {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  attributes?: Record<string, string[]>;
  realmRoles?: string[];
  groups?: string[];
}

/** Group paths (`/广西壮族自治区/贺州市/八步区`) → tenant paths (`450000/451100/451102`). */
function groupIndex(directory: TenantDirectory): Map<string, string> {
  const index = new Map<string, string>();
  for (const tenant of directory.all()) {
    const names = [...directory.ancestors(tenant.code), tenant].map((t) => `/${t.name}`).join('');
    index.set(names, tenant.path);
  }
  return index;
}

/** The generator names the demo departments; the users file carries only their ids. */
async function unitNames(): Promise<Map<string, string>> {
  const generator = new URL('../../../infra/keycloak/generate.ts', import.meta.url);
  const { DEMO_UNITS } = (await import(generator.href)) as { DEMO_UNITS: Record<string, { id: string; name: string }> };
  return new Map(Object.values(DEMO_UNITS).map((u) => [u.id, u.name]));
}

/** The realm's demo users file (`demo-users.json`, or Keycloak's `onenet-users-0.json`). */
export function readRealmUsers(realmDir: string): RealmUser[] {
  const file = ['demo-users.json', 'onenet-users-0.json'].map((f) => join(realmDir, f)).find((f) => existsSync(f));
  if (!file) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { users?: RealmUser[] }).users ?? [];
}

export async function readDemoAccounts(realmDir: string, directory: TenantDirectory = tenants): Promise<DemoAccount[]> {
  const users = readRealmUsers(realmDir);
  if (!users.length) return [];
  const groups = groupIndex(directory);
  const names = await unitNames();
  return users.flatMap((u) => {
    const tenantPath = u.attributes?.tenant_path?.[0];
    if (!tenantPath) return [];
    const unitId = u.attributes?.unit_id?.[0];
    const deputyId = u.attributes?.deputy_id?.[0];
    const seats = (u.groups ?? []).map((g) => groups.get(g)).filter((p): p is string => p !== undefined);
    return [
      {
        userId: u.id,
        username: u.username,
        name: `${u.lastName ?? ''}${u.firstName ?? ''}`,
        roles: (u.realmRoles ?? []).filter((r) => !r.startsWith('default-')),
        tenantPath,
        seats: seats.length ? seats : [tenantPath],
        ...(deputyId ? { deputyId } : {}),
        ...(unitId ? { unit: { id: unitId, name: names.get(unitId) ?? `承办单位 ${unitId.slice(0, 8)}`, tenantPath } } : {}),
      },
    ];
  });
}

/** Why demo data is not seeded, or undefined when it is. */
export function demoDataSkipped(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_ENV === 'production') return 'NODE_ENV=production';
  if (env.OIDC_ISSUER) return 'an external identity provider (OIDC_ISSUER) holds no demo users';
  if (['off', 'false', '0', 'no'].includes((env.ONENET_DEMO_DATA ?? '').toLowerCase())) return 'ONENET_DEMO_DATA=off';
  return undefined;
}

interface DemoModule {
  seedDemo(input: { databaseUrl: string; env: NodeJS.ProcessEnv; accounts: DemoAccount[]; log(line: string): void }): Promise<string[]>;
}

/** The service's `./demo` export, if its package.json declares one. */
async function demoModule(entry: ServiceEntry): Promise<DemoModule | undefined> {
  const pkg = JSON.parse(readFileSync(join(entry.dir, 'package.json'), 'utf8')) as { exports?: Record<string, string> };
  const target = pkg.exports?.['./demo'];
  if (!target || !existsSync(join(entry.dir, target))) return undefined;
  // The real path: a staged root may link to the service (module loaders resolve from it).
  return (await import(pathToFileURL(realpathSync(join(entry.dir, target))).href)) as DemoModule;
}

/** Seeds every service that offers demo data, after its migrations ran (services are ready). */
export async function seedDemoData(options: {
  services: ServiceEntry[];
  accounts: DemoAccount[];
  envOf(entry: ServiceEntry): NodeJS.ProcessEnv;
  log(line: string): void;
}): Promise<void> {
  for (const entry of options.services) {
    const module = await demoModule(entry);
    if (!module) continue;
    const env = options.envOf(entry);
    if (!env.DATABASE_URL) continue;
    const created = await module.seedDemo({ databaseUrl: env.DATABASE_URL, env, accounts: options.accounts, log: (line) => options.log(`[${entry.name}] 演示数据 demo data: ${line}`) });
    if (!created.length) options.log(`[${entry.name}] 演示数据已就绪 demo data present`);
  }
}
