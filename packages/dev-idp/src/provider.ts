// oidc-provider configured to look like Keycloak: Keycloak's endpoint paths under
// /realms/<realm>, JWT access tokens whose claims come from the realm's protocol mappers, the
// realm's clients, lifetimes and web origins.
import type { JWK } from 'jose';
import Provider, {
  errors,
  type Account,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
  type ResourceServer,
} from 'oidc-provider';

import { mapClaims, scopeClaim, type TokenKind } from './claims.ts';
import { registerPasswordGrant } from './password-grant.ts';
import { errorPage, loggedOutPage, logoutPage } from './pages.ts';
import type { KcClient, Realm } from './realm.ts';
import { issueKeycloakShapedRefreshTokens } from './refresh-tokens.ts';

export const KEYCLOAK_ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  jwks: '/protocol/openid-connect/certs',
  userinfo: '/protocol/openid-connect/userinfo',
  end_session: '/protocol/openid-connect/logout',
  revocation: '/protocol/openid-connect/revoke',
  introspection: '/protocol/openid-connect/token/introspect',
  pushed_authorization_request: '/protocol/openid-connect/ext/par/request',
  code_verification: '/protocol/openid-connect/device',
  device_authorization: '/protocol/openid-connect/auth/device',
  backchannel_authentication: '/protocol/openid-connect/ext/ciba/auth',
} as const;

// Claims oidc-provider sets itself; the protocol mappers must not claim them for the ID token.
const PROVIDER_CLAIMS = new Set(['acr', 'amr', 'auth_time', 'sid', 'nonce', 'aud', 'azp', 'iss', 'exp', 'iat', 'jti']);

export interface ProviderOptions {
  realm: Realm;
  issuer: string;
  signingKey: JWK;
  cookieKeys: string[];
  loginPath: (uid: string) => string;
  trustProxy?: boolean;
}

/**
 * Every access token is issued for one resource server per client, so that keycloak-js (which
 * sends no `resource`) still gets a JWT: the resource indicator names the client, and the
 * audience comes from the client's audience mappers.
 */
export const resourceIndicatorFor = (clientId: string) => `urn:onenet:access-token:${encodeURIComponent(clientId)}`;

/** The scope values a client may ask for: openid, its default and its optional client scopes. */
export function allowedScopes(realm: Realm, client: KcClient): Set<string> {
  return new Set(['openid', ...realm.defaultScopesOf(client), ...realm.optionalScopesOf(client)]);
}

/** Claims of a user for one kind of token, issued to one client, for the scopes asked for. */
export function claimsFor(realm: Realm, kind: TokenKind, clientId: string, userId: string, requested: Iterable<string>) {
  const client = realm.client(clientId);
  const user = realm.userById(userId);
  if (!client || !user) return undefined;
  const scopes = realm.appliedScopes(client, requested);
  return { ...mapClaims(kind, { realm, client, user, scopes }), scope: scopeClaim(requested, scopes) };
}

// Keycloak's "http://localhost:8080/*" is a prefix; anything else must match exactly.
function matchesRedirect(value: string, registered: readonly string[]): boolean {
  return registered.some((uri) => (uri.endsWith('*') ? value.startsWith(uri.slice(0, -1)) : value === uri));
}

function clientMetadata(realm: Realm, client: KcClient): ClientMetadata {
  const redirects = client.standardFlowEnabled ? (client.redirectUris ?? []) : [];
  const postLogout = (client.attributes?.['post.logout.redirect.uris'] ?? '')
    .split('##')
    .flatMap((uri) => (uri === '+' ? redirects : uri ? [uri] : []));
  const grantTypes = [
    ...(client.standardFlowEnabled ? ['authorization_code'] : []),
    ...(client.directAccessGrantsEnabled ? ['password'] : []),
    'refresh_token',
  ];
  const nativeApp = redirects.some((uri) => !/^https?:/.test(uri));
  return {
    client_id: client.clientId,
    client_name: client.name ?? client.clientId,
    ...(client.publicClient
      ? { token_endpoint_auth_method: 'none' }
      : { client_secret: client.secret ?? '', token_endpoint_auth_method: 'client_secret_basic' }),
    application_type: nativeApp ? 'native' : 'web',
    grant_types: grantTypes,
    response_types: client.standardFlowEnabled ? ['code'] : [],
    redirect_uris: redirects,
    post_logout_redirect_uris: postLogout,
    scope: [...allowedScopes(realm, client)].join(' '),
  };
}

export function createProvider(options: ProviderOptions): Provider {
  const { realm, issuer } = options;
  const oidcClients = [...realm.clients.values()]
    .filter((c) => c.enabled !== false && !c.bearerOnly)
    .map((c) => clientMetadata(realm, c));

  const findAccount = async (ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> => {
    const user = realm.userById(sub);
    if (!user || user.enabled === false) return undefined;
    return {
      accountId: sub,
      async claims(use, scope) {
        const clientId = ctx.oidc.client?.clientId;
        const mapped = clientId
          ? claimsFor(realm, use === 'id_token' ? 'id' : 'userinfo', clientId, sub, scope.split(' '))
          : undefined;
        const claims = Object.fromEntries(
          Object.entries(mapped?.claims ?? {}).filter(([name]) => !PROVIDER_CLAIMS.has(name)),
        );
        return { ...claims, sub };
      },
    };
  };

  // Every claim a mapper can put into an ID token or userinfo, released with `openid`: which
  // claims a token really gets is decided by the mappers of the client's scopes (claimsFor).
  const claimNames = new Set<string>(['sub']);
  const allMappers = [
    ...[...realm.scopes.values()].flatMap((s) => s.protocolMappers ?? []),
    ...[...realm.clients.values()].flatMap((c) => c.protocolMappers ?? []),
  ];
  for (const { protocolMapper, config = {} } of allMappers) {
    if (config['id.token.claim'] !== 'true' && config['userinfo.token.claim'] !== 'true') continue;
    const name = protocolMapper === 'oidc-full-name-mapper' ? 'name' : config['claim.name']?.split('.')[0];
    if (name && !PROVIDER_CLAIMS.has(name)) claimNames.add(name);
  }

  const resourceServerFor = (client: { clientId: string }): ResourceServer => {
    const kcClient = realm.client(client.clientId);
    if (!kcClient) throw new errors.InvalidTarget();
    return {
      scope: [...allowedScopes(realm, kcClient)].join(' '),
      audience: client.clientId,
      accessTokenFormat: 'jwt',
      accessTokenTTL: realm.accessTokenLifespan,
      jwt: { sign: { alg: 'RS256' } },
    };
  };

  const configuration: Configuration = {
    clients: oidcClients,
    jwks: { keys: [options.signingKey as never] },
    cookies: { keys: options.cookieKeys },
    findAccount,
    claims: { openid: [...claimNames] },
    scopes: ['openid', 'offline_access', ...realm.scopes.keys()],
    responseTypes: ['code'],
    routes: KEYCLOAK_ROUTES,
    interactions: { url: (_ctx, interaction) => options.loginPath(interaction.uid) },
    pkce: { required: () => true },
    ttl: {
      AccessToken: realm.accessTokenLifespan,
      AuthorizationCode: realm.accessCodeLifespan,
      IdToken: realm.accessTokenLifespan,
      RefreshToken: realm.ssoSessionIdleTimeout,
      Interaction: realm.loginLifespan,
      Session: realm.ssoSessionMaxLifespan,
      Grant: realm.ssoSessionMaxLifespan,
    },
    // Keycloak hands a refresh token to every client allowed to refresh, offline_access or not.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: realm.revokeRefreshToken,
    clientBasedCORS: (_ctx, origin, client) => realm.webOriginsOf(client.clientId).includes(origin),
    // Keycloak clients without consentRequired never see a consent screen: grant what was asked.
    async loadExistingGrant(ctx) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const kcClient = realm.client(client.clientId);
      if (!kcClient) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant = (grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined)
        ?? new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      const allowed = allowedScopes(realm, kcClient);
      const scope = [...ctx.oidc.requestParamScopes].filter((s) => allowed.has(s)).join(' ');
      grant.addOIDCScope(scope);
      grant.addResourceScope(resourceIndicatorFor(client.clientId), scope);
      await grant.save();
      return grant;
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !('accountId' in token) || !token.accountId) return undefined;
      const mapped = claimsFor(realm, 'access', token.clientId as string, token.accountId, token.scopes);
      if (!mapped) return undefined;
      const sid = (token as { sid?: string }).sid;
      return { typ: 'Bearer', azp: token.clientId, ...(sid ? { sid } : {}), ...mapped.claims };
    },
    formats: {
      customizers: {
        // extraTokenClaims cannot replace registered claims; aud and scope are set here.
        jwt(_ctx, token, jwt) {
          if (!('accountId' in token) || !token.accountId) return;
          const mapped = claimsFor(realm, 'access', token.clientId as string, token.accountId, token.scopes);
          if (!mapped) return;
          if (mapped.audiences.length > 0) {
            jwt.payload.aud = mapped.audiences.length === 1 ? mapped.audiences[0] : mapped.audiences;
          }
          jwt.payload.scope = mapped.scope;
        },
      },
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, client) => resourceIndicatorFor(client.clientId),
        // Reuse the resource of the authorization request at the token endpoint, where keycloak-js sends none.
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resourceIndicator, client) {
          if (resourceIndicator !== resourceIndicatorFor(client.clientId)) throw new errors.InvalidTarget();
          return resourceServerFor(client);
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage('无法完成请求。Request could not be completed.', [out.error, out.error_description].filter(Boolean).join(': '));
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = options.trustProxy ?? false;

  // Keycloak redirect URIs may end in a wildcard; oidc-provider compares exactly.
  provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value: string) {
    return matchesRedirect(value, this.redirectUris ?? []);
  };
  provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(value: string) {
    return matchesRedirect(value, this.postLogoutRedirectUris ?? []);
  };

  // keycloak-js calls the token endpoint with credentials: 'include'; the browser then wants
  // Access-Control-Allow-Credentials next to the origin oidc-provider's client-based CORS allowed.
  const credentialed = new Set(['token', 'cors.token', 'revocation', 'cors.revocation']);
  provider.use(async (ctx, next) => {
    await next();
    const origin = ctx.get('Origin');
    if (origin && credentialed.has(ctx.oidc?.route ?? '') && ctx.response.get('Access-Control-Allow-Origin') === origin) {
      ctx.set('Access-Control-Allow-Credentials', 'true');
    }
  });

  issueKeycloakShapedRefreshTokens(provider);
  registerPasswordGrant(provider, {
    realm,
    findAccount,
    resourceIndicatorFor,
    resourceServerFor,
    allowedScopes: (clientId) => {
      const client = realm.client(clientId);
      return client ? allowedScopes(realm, client) : new Set();
    },
    scopeClaim: (clientId, requested) => {
      const client = realm.client(clientId);
      return client ? scopeClaim(requested, realm.appliedScopes(client, requested)) : '';
    },
  });
  return provider;
}
