// The resource owner password grant (Keycloak's "direct access grants"), which oidc-provider
// does not ship, registered as a custom grant type. Tokens come from oidc-provider's own
// models (Grant, AccessToken, RefreshToken, IdToken), so they are signed, stored, refreshed
// and revoked exactly like those of the authorization code flow.
import type Provider from 'oidc-provider';
import { errors, type Account, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';

import type { Realm } from './realm.ts';

export interface PasswordGrantDeps {
  realm: Realm;
  findAccount: (ctx: KoaContextWithOIDC, sub: string) => Promise<Account | undefined>;
  resourceIndicatorFor: (clientId: string) => string;
  resourceServerFor: (client: { clientId: string }) => ResourceServer;
  allowedScopes: (clientId: string) => Set<string>;
  /** Keycloak's `scope` value for the scopes asked for. */
  scopeClaim: (clientId: string, requested: Iterable<string>) => string;
}

export function registerPasswordGrant(provider: Provider, deps: PasswordGrantDeps): void {
  const { realm } = deps;

  provider.registerGrantType('password', async (ctx) => {
    const { client, params } = ctx.oidc;
    if (!client) throw new errors.InvalidClient();
    const username = params.username;
    const password = params.password;
    if (typeof username !== 'string' || username === '') throw new errors.InvalidRequest("missing required parameter 'username'");
    if (typeof password !== 'string' || password === '') throw new errors.InvalidRequest("missing required parameter 'password'");

    const user = realm.authenticate(username, password);
    if (!user) throw new errors.InvalidGrant('invalid user credentials');
    const account = await deps.findAccount(ctx, user.id);
    if (!account) throw new errors.InvalidGrant('invalid user credentials');
    ctx.oidc.entity('Account', account);

    const allowed = deps.allowedScopes(client.clientId);
    const requested = typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [];
    const unknown = requested.filter((s) => !allowed.has(s));
    if (unknown.length > 0) throw new errors.InvalidScope('requested scope is not allowed', unknown.join(' '));
    const scope = requested.join(' ');
    const resource = deps.resourceIndicatorFor(client.clientId);
    const authTime = Math.floor(Date.now() / 1000);

    const grant = new provider.Grant({ accountId: user.id, clientId: client.clientId });
    grant.addOIDCScope(scope);
    grant.addResourceScope(resource, scope);
    const grantId = await grant.save();
    ctx.oidc.entity('Grant', grant);

    const accessToken = new provider.AccessToken({
      accountId: user.id,
      client,
      grantId,
      gty: 'password',
      scope,
      resourceServer: new provider.ResourceServer(resource, deps.resourceServerFor(client)),
    });
    ctx.oidc.entity('AccessToken', accessToken);
    const accessTokenValue = await accessToken.save();

    let refreshTokenValue: string | undefined;
    let refreshExpiresIn: number | undefined;
    if (client.grantTypeAllowed('refresh_token')) {
      const refreshToken = new provider.RefreshToken({
        accountId: user.id,
        authTime,
        client,
        grantId,
        gty: 'password',
        resource,
        rotations: 0,
        scope,
      });
      ctx.oidc.entity('RefreshToken', refreshToken);
      refreshTokenValue = await refreshToken.save();
      refreshExpiresIn = refreshToken.remainingTTL;
    }

    let idTokenValue: string | undefined;
    if (requested.includes('openid')) {
      const claims = await account.claims('id_token', scope, {}, []);
      const idToken = new provider.IdToken({ ...claims, auth_time: authTime }, { ctx });
      // Which of the account's claims the ID token releases (the typings omit this field).
      (idToken as unknown as { scope: string }).scope = grant.getOIDCScopeFiltered(new Set(requested));
      idTokenValue = await idToken.issue({ use: 'idtoken' });
    }

    ctx.body = {
      access_token: accessTokenValue,
      expires_in: accessToken.expiration,
      ...(refreshTokenValue ? { refresh_token: refreshTokenValue, refresh_expires_in: refreshExpiresIn } : {}),
      token_type: 'Bearer',
      ...(idTokenValue ? { id_token: idTokenValue } : {}),
      'not-before-policy': 0,
      scope: deps.scopeClaim(client.clientId, requested),
    };
  }, ['username', 'password', 'scope']);
}
