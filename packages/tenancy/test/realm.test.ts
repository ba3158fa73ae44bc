// The realm files in infra/keycloak are generated from tenants.json; these tests hold the
// committed files to that source and check what Keycloak will put into tokens.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  DEMO_USERS_FILE,
  REALM_FILE,
  REALM_ROLES,
  expectedFiles,
} from '../../../infra/keycloak/generate.ts';
import { tenants } from '../src/index.ts';

interface Group { name: string; path: string; attributes: Record<string, string[]>; subGroups: Group[] }
interface Mapper { protocolMapper: string; config: Record<string, string> }
interface Scope { name: string; protocolMappers?: Mapper[] }
interface Client {
  clientId: string; publicClient: boolean; bearerOnly: boolean; standardFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean; redirectUris: string[]; attributes: Record<string, string>;
  defaultClientScopes: string[];
}
interface User {
  username: string; attributes: Record<string, string[]>; realmRoles: string[]; groups: string[];
  credentials: Array<{ type: string; value: string; temporary: boolean }>;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const realm = readJson(REALM_FILE) as {
  realm: string; groups: Group[]; clientScopes: Scope[]; clients: Client[];
  roles: { realm: Array<{ name: string; description: string }> };
  defaultDefaultClientScopes: string[];
  components: Record<string, Array<{ config: Record<string, string[]> }>>;
};
const demo = readJson(DEMO_USERS_FILE) as { realm: string; users: User[] };

function flatten(groups: Group[], parentCode: string | null = null): Array<{ group: Group; parentCode: string | null }> {
  return groups.flatMap((group) => [
    { group, parentCode },
    ...flatten(group.subGroups, group.attributes.code?.[0] ?? null),
  ]);
}
const allGroups = flatten(realm.groups);
const groupByPath = new Map(allGroups.map(({ group }) => [group.path, group]));

describe('generated files', () => {
  it('realm-onenet.json and demo-users.json are what generate.ts builds from tenants.json', () => {
    for (const { file, content } of expectedFiles()) {
      expect(readFileSync(file, 'utf8'), `${file} is stale: run npx node infra/keycloak/generate.ts`).toBe(content);
    }
  });
});

describe('realm groups and the tenant directory', () => {
  it('agree one to one: same code, kind, name and parent', () => {
    const fromGroups = allGroups
      .map(({ group, parentCode }) => ({
        code: group.attributes.code?.[0], kind: group.attributes.kind?.[0], name: group.name, parentCode,
      }))
      .sort((a, b) => String(a.code).localeCompare(String(b.code)));
    const fromDirectory = tenants.all()
      .map(({ code, kind, name, parentCode }) => ({ code, kind, name, parentCode }))
      .sort((a, b) => a.code.localeCompare(b.code));
    expect(fromGroups).toEqual(fromDirectory);
  });

  it('give every group a code and a kind attribute and a full path of tenant names', () => {
    for (const { group } of allGroups) {
      expect(Object.keys(group.attributes).sort()).toEqual(['code', 'kind']);
      const tenant = tenants.require(group.attributes.code?.[0] as string);
      const names = [...tenants.ancestors(tenant.code), tenant].map((t) => t.name);
      expect(group.path).toBe(`/${names.join('/')}`);
    }
  });
});

describe('realm settings that tokens depend on', () => {
  const scope = (name: string) => realm.clientScopes.find((s) => s.name === name);
  const client = (id: string) => realm.clients.find((c) => c.clientId === id) as Client;

  it('defines the platform roles with Chinese descriptions', () => {
    const roles = new Map(realm.roles.realm.map((r) => [r.name, r.description]));
    for (const name of ['deputy', 'liaison', 'staff', 'leader', 'handler', 'finance', 'admin']) {
      expect(roles.get(name), name).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('attaches the tenancy scope by default, mapping the tenant, deputy, unit, groups and the API audience', () => {
    expect(realm.defaultDefaultClientScopes).toContain('onenet-tenancy');
    const mappers = scope('onenet-tenancy')?.protocolMappers ?? [];
    const claims = mappers.filter((m) => m.protocolMapper === 'oidc-usermodel-attribute-mapper')
      .map((m) => [m.config['user.attribute'], m.config['claim.name'], m.config['access.token.claim']]);
    expect(claims).toEqual([
      ['tenant_code', 'tenant_code', 'true'], ['tenant_path', 'tenant_path', 'true'],
      ['deputy_id', 'deputy_id', 'true'], ['unit_id', 'unit_id', 'true'],
    ]);
    expect(mappers.find((m) => m.protocolMapper === 'oidc-group-membership-mapper')?.config).toMatchObject({
      'claim.name': 'groups', 'full.path': 'true', 'access.token.claim': 'true',
    });
    expect(mappers.find((m) => m.protocolMapper === 'oidc-audience-mapper')?.config).toMatchObject({
      'included.client.audience': 'onenet-api', 'access.token.claim': 'true',
    });
  });

  it('declares the built-in scopes Keycloak would otherwise leave out (sub, realm roles)', () => {
    expect(scope('basic')?.protocolMappers?.map((m) => m.protocolMapper)).toContain('oidc-sub-mapper');
    expect(scope('roles')?.protocolMappers?.find((m) => m.protocolMapper === 'oidc-usermodel-realm-role-mapper')?.config)
      .toMatchObject({ 'claim.name': 'realm_access.roles', multivalued: 'true' });
    for (const id of ['portal', 'mobile', 'cli']) {
      expect(client(id).defaultClientScopes, id).toEqual(expect.arrayContaining(['basic', 'roles', 'onenet-tenancy']));
    }
  });

  it('declares the tenancy attributes in the user profile, so Keycloak keeps them', () => {
    const [profile] = realm.components['org.keycloak.userprofile.UserProfileProvider'] ?? [];
    const config = JSON.parse(profile?.config['kc.user.profile.config']?.[0] ?? '{}') as {
      attributes: Array<{ name: string; permissions: { edit: string[] } }>;
    };
    for (const name of ['tenant_code', 'tenant_path', 'deputy_id', 'unit_id']) {
      expect(config.attributes.find((a) => a.name === name)?.permissions.edit, name).toEqual(['admin']);
    }
  });

  it('has the four clients: portal and mobile with PKCE, cli with the password grant, onenet-api bearer-only', () => {
    expect(client('portal')).toMatchObject({
      publicClient: true, standardFlowEnabled: true, directAccessGrantsEnabled: false,
      redirectUris: ['http://localhost:8080/*'], attributes: { 'pkce.code.challenge.method': 'S256' },
    });
    expect(client('mobile')).toMatchObject({ publicClient: true, attributes: { 'pkce.code.challenge.method': 'S256' } });
    expect(client('mobile').redirectUris[0]).toMatch(/^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:\//);
    expect(client('cli')).toMatchObject({ publicClient: true, standardFlowEnabled: false, directAccessGrantsEnabled: true });
    expect(client('onenet-api')).toMatchObject({ bearerOnly: true, standardFlowEnabled: false });
  });
});

describe('demo users', () => {
  const roleNames = new Set(realm.roles.realm.map((r) => r.name));

  it('belong to the onenet realm and log in with the permanent password "demo"', () => {
    expect(demo.realm).toBe(realm.realm);
    for (const u of demo.users) {
      expect(u.credentials, u.username).toEqual([{ type: 'password', value: 'demo', temporary: false }]);
    }
  });

  it('carry a tenant code and path that the directory agrees with, and membership of that tenant group', () => {
    for (const u of demo.users) {
      const code = u.attributes.tenant_code?.[0] as string;
      expect(u.attributes.tenant_path, u.username).toEqual([tenants.pathOf(code)]);
      const own = groupByPath.get(u.groups[0] as string);
      expect(own?.attributes.code, u.username).toEqual([code]);
      for (const path of u.groups) expect(groupByPath.has(path), `${u.username}: ${path}`).toBe(true);
      for (const role of u.realmRoles) expect(roleNames.has(role), `${u.username}: ${role}`).toBe(true);
    }
  });

  it('cover every role and every level of tenant', () => {
    const roles = new Set(demo.users.flatMap((u) => u.realmRoles));
    for (const { name } of REALM_ROLES) expect(roles.has(name), name).toBe(true);
    const kinds = new Set(demo.users.map((u) => tenants.kindOf(u.attributes.tenant_code?.[0] as string)));
    expect([...kinds].sort()).toEqual(['city', 'county', 'region', 'township']);
  });

  it('give deputies a deputy_id and handlers a unit_id', () => {
    for (const u of demo.users) {
      if (u.realmRoles.includes('deputy')) expect(u.attributes.deputy_id, u.username).toHaveLength(1);
      if (u.realmRoles.includes('handler')) expect(u.attributes.unit_id, u.username).toHaveLength(1);
    }
  });

  it('include a deputy with a city and a county seat under one login', () => {
    const twoSeats = demo.users.find((u) => u.username === 'hz-deputy') as User;
    expect(twoSeats.groups).toEqual(['/广西壮族自治区/贺州市', '/广西壮族自治区/贺州市/八步区']);
    expect(twoSeats.attributes.tenant_path).toEqual(['450000/451100']);
  });
});
