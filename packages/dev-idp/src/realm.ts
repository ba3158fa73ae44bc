// Reads a Keycloak realm the way `kc.sh import` would: the realm file plus any users files for
// it, from one directory. Everything the dev IdP knows (users, groups, roles, clients, scopes
// and protocol mappers) comes from these files; nothing is repeated in code.
import { pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface KcProtocolMapper {
  name: string;
  protocol?: string;
  protocolMapper: string;
  config?: Record<string, string>;
}

export interface KcClientScope {
  name: string;
  protocol?: string;
  attributes?: Record<string, string>;
  protocolMappers?: KcProtocolMapper[];
}

export interface KcClient {
  clientId: string;
  name?: string;
  enabled?: boolean;
  publicClient?: boolean;
  bearerOnly?: boolean;
  secret?: string;
  standardFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
  defaultClientScopes?: string[];
  optionalClientScopes?: string[];
  protocolMappers?: KcProtocolMapper[];
}

export interface KcRole {
  name: string;
  description?: string;
  composite?: boolean;
  composites?: { realm?: string[]; client?: Record<string, string[]> };
}

export interface KcGroup {
  name: string;
  attributes?: Record<string, string[]>;
  realmRoles?: string[];
  clientRoles?: Record<string, string[]>;
  subGroups?: KcGroup[];
}

export interface KcCredential {
  type: string;
  value?: string;
  secretData?: string;
  credentialData?: string;
}

export interface KcUser {
  id: string;
  username: string;
  enabled?: boolean;
  firstName?: string;
  lastName?: string;
  email?: string;
  emailVerified?: boolean;
  attributes?: Record<string, string[]>;
  credentials?: KcCredential[];
  realmRoles?: string[];
  clientRoles?: Record<string, string[]>;
  groups?: string[];
}

export interface KcRealmRepresentation {
  realm: string;
  displayName?: string;
  enabled?: boolean;
  accessTokenLifespan?: number;
  accessCodeLifespan?: number;
  accessCodeLifespanLogin?: number;
  ssoSessionIdleTimeout?: number;
  ssoSessionMaxLifespan?: number;
  revokeRefreshToken?: boolean;
  roles?: { realm?: KcRole[]; client?: Record<string, KcRole[]> };
  groups?: KcGroup[];
  clientScopes?: KcClientScope[];
  defaultDefaultClientScopes?: string[];
  defaultOptionalClientScopes?: string[];
  clients?: KcClient[];
  users?: KcUser[];
}

export class RealmLoadError extends Error {
  override name = 'RealmLoadError';
}

/** The protocol mappers this IdP knows how to apply (see claims.ts). */
export const SUPPORTED_MAPPERS = new Set([
  'oidc-sub-mapper',
  'oidc-usersessionmodel-note-mapper',
  'oidc-acr-mapper',
  'oidc-usermodel-attribute-mapper',
  'oidc-usermodel-property-mapper',
  'oidc-full-name-mapper',
  'oidc-usermodel-realm-role-mapper',
  'oidc-usermodel-client-role-mapper',
  'oidc-group-membership-mapper',
  'oidc-audience-mapper',
  'oidc-audience-resolve-mapper',
  'oidc-allowed-origins-mapper',
  'oidc-hardcoded-claim-mapper',
]);

interface IndexedGroup {
  group: KcGroup;
  path: string;
  parentPath: string | null;
}

export class Realm {
  readonly name: string;
  readonly displayName: string;
  readonly accessTokenLifespan: number;
  readonly accessCodeLifespan: number;
  readonly loginLifespan: number;
  readonly ssoSessionIdleTimeout: number;
  readonly ssoSessionMaxLifespan: number;
  readonly revokeRefreshToken: boolean;
  readonly clients: ReadonlyMap<string, KcClient>;
  readonly scopes: ReadonlyMap<string, KcClientScope>;
  readonly users: readonly KcUser[];
  readonly #usersById = new Map<string, KcUser>();
  readonly #usersByName = new Map<string, KcUser>();
  readonly #groups = new Map<string, IndexedGroup>();
  readonly #realmRoles = new Map<string, KcRole>();
  readonly #clientRoles = new Map<string, Map<string, KcRole>>();
  readonly #defaultScopes: string[];
  readonly #optionalScopes: string[];

  constructor(rep: KcRealmRepresentation, users: KcUser[]) {
    this.name = rep.realm;
    this.displayName = rep.displayName ?? rep.realm;
    // Keycloak's own defaults where the realm says nothing.
    this.accessTokenLifespan = rep.accessTokenLifespan ?? 300;
    this.accessCodeLifespan = rep.accessCodeLifespan ?? 60;
    this.loginLifespan = rep.accessCodeLifespanLogin ?? 1800;
    this.ssoSessionIdleTimeout = rep.ssoSessionIdleTimeout ?? 1800;
    this.ssoSessionMaxLifespan = rep.ssoSessionMaxLifespan ?? 36000;
    this.revokeRefreshToken = rep.revokeRefreshToken ?? false;
    this.#defaultScopes = rep.defaultDefaultClientScopes ?? [];
    this.#optionalScopes = rep.defaultOptionalClientScopes ?? [];

    for (const role of rep.roles?.realm ?? []) this.#realmRoles.set(role.name, role);
    for (const [clientId, roles] of Object.entries(rep.roles?.client ?? {})) {
      this.#clientRoles.set(clientId, new Map(roles.map((r) => [r.name, r])));
    }

    const indexGroups = (groups: KcGroup[], parentPath: string | null) => {
      for (const group of groups) {
        const path = `${parentPath ?? ''}/${group.name}`;
        this.#groups.set(path, { group, path, parentPath });
        indexGroups(group.subGroups ?? [], path);
      }
    };
    indexGroups(rep.groups ?? [], null);

    this.scopes = new Map((rep.clientScopes ?? []).map((s) => [s.name, s]));
    this.clients = new Map((rep.clients ?? []).map((c) => [c.clientId, c]));

    const mappers = [
      ...[...this.scopes.values()].flatMap((s) => (s.protocolMappers ?? []).map((m) => ({ m, where: `client scope ${s.name}` }))),
      ...[...this.clients.values()].flatMap((c) => (c.protocolMappers ?? []).map((m) => ({ m, where: `client ${c.clientId}` }))),
    ];
    for (const { m, where } of mappers) {
      if ((m.protocol ?? 'openid-connect') === 'openid-connect' && !SUPPORTED_MAPPERS.has(m.protocolMapper)) {
        throw new RealmLoadError(`${where}: protocol mapper "${m.name}" has unsupported type ${m.protocolMapper}`);
      }
    }
    for (const client of this.clients.values()) {
      for (const name of [...this.defaultScopesOf(client), ...this.optionalScopesOf(client)]) {
        if (!this.scopes.has(name)) throw new RealmLoadError(`client ${client.clientId}: unknown client scope ${name}`);
      }
    }

    for (const user of users) {
      const where = `user ${user.username}`;
      if (!user.id || !user.username) throw new RealmLoadError(`a user needs an id and a username: ${JSON.stringify(user.username ?? user.id)}`);
      const name = user.username.toLowerCase();
      if (this.#usersByName.has(name) || this.#usersById.has(user.id)) throw new RealmLoadError(`${where}: duplicate user`);
      for (const path of user.groups ?? []) {
        if (!this.#groups.has(path)) throw new RealmLoadError(`${where}: unknown group ${path}`);
      }
      for (const role of user.realmRoles ?? []) {
        if (!this.#realmRoles.has(role)) throw new RealmLoadError(`${where}: unknown realm role ${role}`);
      }
      this.#usersById.set(user.id, user);
      this.#usersByName.set(name, user);
    }
    this.users = [...users];
  }

  userById(id: string): KcUser | undefined {
    return this.#usersById.get(id);
  }

  /** The enabled user with this username and password, or undefined. Usernames ignore case, as in Keycloak. */
  authenticate(username: string, password: string): KcUser | undefined {
    const user = this.#usersByName.get(username.toLowerCase());
    if (!user || user.enabled === false) return undefined;
    return (user.credentials ?? []).some((c) => c.type === 'password' && passwordMatches(c, password)) ? user : undefined;
  }

  client(clientId: string): KcClient | undefined {
    return this.clients.get(clientId);
  }

  defaultScopesOf(client: KcClient): string[] {
    return client.defaultClientScopes ?? this.#defaultScopes;
  }

  optionalScopesOf(client: KcClient): string[] {
    return client.optionalClientScopes ?? this.#optionalScopes;
  }

  /** The scopes whose mappers apply: the client's defaults, plus its optional ones that were asked for. */
  appliedScopes(client: KcClient, requested: Iterable<string>): KcClientScope[] {
    const asked = new Set(requested);
    const names = [...this.defaultScopesOf(client), ...this.optionalScopesOf(client).filter((s) => asked.has(s))];
    return names.map((n) => this.scopes.get(n) as KcClientScope);
  }

  /** Realm roles of the user, its groups and their parents, with composites expanded; sorted. */
  effectiveRealmRoles(user: KcUser): string[] {
    const roles = new Set<string>();
    const grant = (name: string) => {
      if (roles.has(name)) return;
      roles.add(name);
      for (const inner of this.#realmRoles.get(name)?.composites?.realm ?? []) grant(inner);
    };
    for (const name of user.realmRoles ?? []) grant(name);
    for (const group of this.#groupsWithParents(user)) for (const name of group.realmRoles ?? []) grant(name);
    return [...roles].sort();
  }

  /** Client roles of the user and its groups, by client id; sorted. */
  effectiveClientRoles(user: KcUser): Map<string, string[]> {
    const out = new Map<string, Set<string>>();
    const add = (clientId: string, names: string[]) => {
      const set = out.get(clientId) ?? new Set<string>();
      for (const n of names) set.add(n);
      out.set(clientId, set);
    };
    for (const [clientId, names] of Object.entries(user.clientRoles ?? {})) add(clientId, names);
    for (const group of this.#groupsWithParents(user)) {
      for (const [clientId, names] of Object.entries(group.clientRoles ?? {})) add(clientId, names);
    }
    return new Map([...out].map(([id, set]) => [id, [...set].sort()]));
  }

  /** Full paths ("/广西壮族自治区/贺州市") of the groups the user is a direct member of. */
  groupPaths(user: KcUser): string[] {
    return [...(user.groups ?? [])];
  }

  /** Browser origins a client may call from (Keycloak's "+" means the origins of its redirect URIs). */
  webOriginsOf(clientId: string): string[] {
    const client = this.clients.get(clientId);
    if (!client) return [];
    return [...new Set((client.webOrigins ?? []).flatMap((origin) => {
      if (origin !== '+') return [origin];
      return (client.redirectUris ?? []).flatMap((uri) => {
        try {
          const { origin: o } = new URL(uri.replace(/\*$/, ''));
          return o.startsWith('http') ? [o] : [];
        } catch {
          return [];
        }
      });
    }))];
  }

  *#groupsWithParents(user: KcUser): Generator<KcGroup> {
    const seen = new Set<string>();
    for (const path of user.groups ?? []) {
      for (let at = this.#groups.get(path); at; at = at.parentPath ? this.#groups.get(at.parentPath) : undefined) {
        if (seen.has(at.path)) break;
        seen.add(at.path);
        yield at.group;
      }
    }
  }
}

function passwordMatches(credential: KcCredential, password: string): boolean {
  // Import files carry the clear text in `value`; exports carry a hash in secretData/credentialData.
  if (typeof credential.value === 'string') return safeEqual(Buffer.from(credential.value), Buffer.from(password));
  if (!credential.secretData || !credential.credentialData) return false;
  const secret = JSON.parse(credential.secretData) as { value: string; salt: string };
  const data = JSON.parse(credential.credentialData) as { hashIterations: number; algorithm: string };
  const digest = { pbkdf2: 'sha1', 'pbkdf2-sha256': 'sha256', 'pbkdf2-sha512': 'sha512' }[data.algorithm];
  if (!digest) return false;
  const expected = Buffer.from(secret.value, 'base64');
  const actual = pbkdf2Sync(password, Buffer.from(secret.salt, 'base64'), data.hashIterations, expected.length, digest);
  return safeEqual(expected, actual);
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Loads realm `name` from `dir`: the one file holding the realm (any *.json whose "realm" is
 * `name` and that has more than users in it) and every users-only file for it
 * (`{ "realm": name, "users": [...] }`, e.g. demo-users.json or onenet-users-0.json).
 */
export function loadRealm(dir: string, name: string): Realm {
  let realmFile: { file: string; rep: KcRealmRepresentation } | undefined;
  const users: KcUser[] = [];
  for (const entry of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = join(dir, entry);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new RealmLoadError(`${file}: not valid JSON`, { cause });
    }
    if (typeof parsed !== 'object' || parsed === null || (parsed as { realm?: unknown }).realm !== name) continue;
    const rep = parsed as KcRealmRepresentation;
    users.push(...(rep.users ?? []));
    const usersOnly = Object.keys(rep).every((k) => k === 'realm' || k === 'users');
    if (usersOnly) continue;
    if (realmFile) throw new RealmLoadError(`realm ${name} is defined twice: ${realmFile.file} and ${file}`);
    realmFile = { file, rep };
  }
  if (!realmFile) throw new RealmLoadError(`no realm file for realm "${name}" in ${dir}`);
  return new Realm(realmFile.rep, users);
}
