// Applies Keycloak protocol mappers to a user, the way Keycloak fills tokens: each mapper says
// which token kinds it writes to ("access.token.claim", "id.token.claim",
// "userinfo.token.claim") and what it writes.
import type { KcClient, KcClientScope, KcProtocolMapper, KcUser, Realm } from './realm.ts';

export type TokenKind = 'access' | 'id' | 'userinfo';

const FLAG: Record<TokenKind, string> = {
  access: 'access.token.claim',
  id: 'id.token.claim',
  userinfo: 'userinfo.token.claim',
};

export interface MappedClaims {
  claims: Record<string, unknown>;
  /** Audiences added by audience mappers (access tokens only). */
  audiences: string[];
}

export interface MapperInput {
  realm: Realm;
  client: KcClient;
  user: KcUser;
  scopes: KcClientScope[];
  /** Seconds since the epoch of the login, for the AUTH_TIME session note. */
  authTime?: number;
}

export function mapClaims(kind: TokenKind, input: MapperInput): MappedClaims {
  const { realm, client, user } = input;
  const claims: Record<string, unknown> = {};
  const audiences: string[] = [];
  const mappers: KcProtocolMapper[] = [
    ...input.scopes.flatMap((s) => s.protocolMappers ?? []),
    ...(client.protocolMappers ?? []),
  ];

  for (const mapper of mappers) {
    const config = mapper.config ?? {};
    if (config[FLAG[kind]] !== 'true') continue;
    const claimName = config['claim.name'];
    const put = (value: unknown) => {
      if (claimName && value !== undefined) setClaim(claims, claimName, value);
    };

    switch (mapper.protocolMapper) {
      case 'oidc-sub-mapper':
        // The provider writes `sub` itself.
        break;
      case 'oidc-usersessionmodel-note-mapper':
        if (config['user.session.note'] === 'AUTH_TIME' && input.authTime !== undefined) {
          put(convert(String(input.authTime), config['jsonType.label']));
        }
        break;
      case 'oidc-acr-mapper':
        // Keycloak's level of assurance for a password login; the ID token's acr is the provider's.
        if (kind !== 'id') claims.acr = '1';
        break;
      case 'oidc-usermodel-attribute-mapper':
      case 'oidc-usermodel-property-mapper': {
        const values = userAttribute(user, config['user.attribute'] ?? '');
        if (values.length === 0) break;
        put(config.multivalued === 'true'
          ? values.map((v) => convert(v, config['jsonType.label']))
          : convert(values[0] as string, config['jsonType.label']));
        break;
      }
      case 'oidc-full-name-mapper': {
        // Keycloak joins given and family name with a space, in that order.
        const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
        if (name) claims.name = name;
        break;
      }
      case 'oidc-usermodel-realm-role-mapper': {
        const prefix = config['usermodel.realmRoleMapping.rolePrefix'] ?? '';
        const roles = realm.effectiveRealmRoles(user).map((r) => prefix + r);
        if (roles.length > 0) setClaim(claims, claimName ?? 'realm_access.roles', roles);
        break;
      }
      case 'oidc-usermodel-client-role-mapper': {
        const only = config['usermodel.clientRoleMapping.clientId'];
        for (const [clientId, roles] of realm.effectiveClientRoles(user)) {
          if ((only && clientId !== only) || roles.length === 0) continue;
          const name = (claimName ?? 'resource_access.${client_id}.roles').replaceAll('${client_id}', clientId);
          setClaim(claims, name, roles);
        }
        break;
      }
      case 'oidc-group-membership-mapper': {
        const paths = realm.groupPaths(user);
        if (paths.length === 0) break;
        put(config['full.path'] === 'true' ? paths : paths.map((p) => p.slice(p.lastIndexOf('/') + 1)));
        break;
      }
      case 'oidc-audience-mapper': {
        const audience = config['included.client.audience'] || config['included.custom.audience'];
        if (kind === 'access' && audience) audiences.push(audience);
        break;
      }
      case 'oidc-audience-resolve-mapper':
        // Keycloak adds every client the user holds a client role of.
        if (kind === 'access') {
          for (const [clientId, roles] of realm.effectiveClientRoles(user)) {
            if (roles.length > 0 && clientId !== client.clientId) audiences.push(clientId);
          }
        }
        break;
      case 'oidc-allowed-origins-mapper': {
        const origins = realm.webOriginsOf(client.clientId);
        if (origins.length > 0) claims['allowed-origins'] = origins;
        break;
      }
      case 'oidc-hardcoded-claim-mapper':
        put(convert(config['claim.value'] ?? '', config['jsonType.label']));
        break;
      default:
        // realm.ts refuses realms with other mapper types, so this is a programming error.
        throw new Error(`unsupported protocol mapper ${mapper.protocolMapper}`);
    }
  }
  return { claims, audiences: [...new Set(audiences)] };
}

function userAttribute(user: KcUser, attribute: string): string[] {
  const property: Record<string, unknown> = {
    id: user.id,
    username: user.username,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    emailVerified: user.emailVerified ?? false,
    enabled: user.enabled ?? true,
  };
  if (attribute in property) {
    const value = property[attribute];
    return value === undefined || value === null || value === '' ? [] : [String(value)];
  }
  return user.attributes?.[attribute] ?? [];
}

function convert(value: string, type: string | undefined): unknown {
  switch (type) {
    case 'long':
    case 'int':
      return Number(value);
    case 'boolean':
      return value === 'true';
    case 'JSON':
      return JSON.parse(value);
    default:
      return value;
  }
}

/** Keycloak nests claims on dots ("realm_access.roles"); "\." is a literal dot. */
function setClaim(target: Record<string, unknown>, name: string, value: unknown): void {
  const parts = name.split(/(?<!\\)\./).map((p) => p.replaceAll('\\.', '.'));
  let at = target;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts.at(-1) as string] = value;
}

/** Keycloak's `scope` claim: openid when asked for, and every applied scope that says so. */
export function scopeClaim(requested: Iterable<string>, applied: KcClientScope[]): string {
  const names = new Set<string>();
  if (new Set(requested).has('openid')) names.add('openid');
  for (const scope of applied) {
    if (scope.attributes?.['include.in.token.scope'] !== 'false') names.add(scope.name);
  }
  return [...names].join(' ');
}
