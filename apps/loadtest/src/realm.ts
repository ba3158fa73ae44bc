// The load realm: the region's tree as the realm's groups, and hundreds of users of every acting
// role at every level, linked to the seeded data (a deputy's deputy_id is a seeded registry person
// with a mandate there; a handler's unit_id is a seeded unit with items in hand). One password.
// Written to a directory of its own; the production realm (infra/keycloak) is not touched.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TenantDirectory, TenantNode } from '@onenet/tenancy';
import { buildRealm, groupPathOf } from '../../../infra/keycloak/generate.ts';

export const LOAD_PASSWORD = 'load';
export type LoadRole = 'deputy' | 'staff' | 'leader' | 'handler' | 'liaison';

export interface LoadUser {
  username: string;
  role: LoadRole;
  tenantCode: string;
  tenantPath: string;
  deputyId?: string;
  unitId?: string;
}

/** Which congresses get load users: all of them, or per city this many counties and per county this many townships. */
export interface UserSpread {
  countiesPerCity?: number;
  townshipsPerCounty?: number;
  deputiesPerTenant: number;
}

const idOf = (username: string) => {
  const h = createHash('md5').update(`load-user:${username}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The congresses load users act for: the region, every city, and a spread of counties and townships. */
export function loadTenants(directory: TenantDirectory, spread: UserSpread) {
  const out = [directory.root, ...directory.children(directory.root.code)];
  for (const city of directory.children(directory.root.code)) {
    const counties = directory.children(city.code).slice(0, spread.countiesPerCity ?? Infinity);
    for (const county of counties) out.push(county, ...directory.children(county.code).slice(0, spread.townshipsPerCounty ?? Infinity));
  }
  return out;
}

/** Users for the seeded database at `url` (a superuser URL). */
export async function loadUsers(url: string, directory: TenantDirectory, spread: UserSpread): Promise<LoadUser[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tenants = loadTenants(directory, spread);
    const paths = tenants.map((t) => t.path);
    // Deputies: persons with an active mandate of that congress (one seat each, so their token's tenant is that congress).
    const deputies = await client.query<{ tenant_path: string; person_id: string }>(
      `select tenant_path, person_id from (
         select m.tenant_path, m.person_id, row_number() over (partition by m.tenant_path order by m.person_id) as n
           from registry.mandate m
          where m.tenant_path = any($1) and (select count(*) from registry.mandate o where o.person_id = m.person_id) = 1
       ) d where n <= $2`,
      [paths, spread.deputiesPerTenant],
    );
    // Handlers: the unit of each congress leading the most items in hand.
    const units = await client.query<{ tenant_path: string; unit_id: string }>(
      `select distinct on (u.tenant_path) u.tenant_path, u.id as unit_id
         from suggestions.units u
         left join suggestions.assignments a on a.unit_id = u.id and a.role = 'lead'
         left join suggestions.suggestions s on s.id = a.suggestion_id and s.state = 'handling'
        where u.tenant_path = any($1)
        group by u.tenant_path, u.id
        order by u.tenant_path, count(s.id) desc, u.id`,
      [paths],
    );
    const unitOf = new Map(units.rows.map((r) => [r.tenant_path, r.unit_id]));
    const users: LoadUser[] = [];
    for (const t of tenants) {
      const base = { tenantCode: t.code, tenantPath: t.path };
      users.push({ username: `load-staff-${t.code}`, role: 'staff', ...base });
      users.push({ username: `load-leader-${t.code}`, role: 'leader', ...base });
      const unit = unitOf.get(t.path);
      if (unit) users.push({ username: `load-handler-${t.code}`, role: 'handler', unitId: unit, ...base });
      if (t.kind === 'township') users.push({ username: `load-liaison-${t.code}`, role: 'liaison', ...base });
    }
    for (const [i, d] of deputies.rows.entries()) {
      const t = directory.byPath(d.tenant_path)!;
      users.push({ username: `load-deputy-${t.code}-${i}`, role: 'deputy', tenantCode: t.code, tenantPath: t.path, deputyId: d.person_id });
    }
    return users;
  } finally {
    await client.end();
  }
}

/**
 * Writes the realm (the tree as groups, tokens living an hour so a soak needs no refresh) and its
 * users into `dir`, in the layout the development IdP and `kc.sh import --dir` read.
 */
export function writeLoadRealm(dir: string, tree: TenantNode, directory: TenantDirectory, users: LoadUser[]): void {
  mkdirSync(dir, { recursive: true });
  const realm = { ...buildRealm(tree), accessTokenLifespan: 3600 };
  writeFileSync(join(dir, 'onenet-realm.json'), JSON.stringify(realm));
  const names = '韦覃黄莫蒙陆李陈梁罗';
  const rep = {
    realm: 'onenet',
    users: users.map((u, i) => ({
      id: idOf(u.username),
      username: u.username,
      enabled: true,
      emailVerified: false,
      firstName: `测${i}`,
      lastName: names[i % names.length],
      attributes: {
        tenant_code: [u.tenantCode],
        tenant_path: [u.tenantPath],
        ...(u.deputyId ? { deputy_id: [u.deputyId] } : {}),
        ...(u.unitId ? { unit_id: [u.unitId] } : {}),
      },
      credentials: [{ type: 'password', value: LOAD_PASSWORD, temporary: false }],
      requiredActions: [],
      realmRoles: ['default-roles-onenet', u.role],
      groups: [groupPathOf(directory, u.tenantCode)],
    })),
  };
  writeFileSync(join(dir, 'onenet-users-0.json'), JSON.stringify(rep));
}
