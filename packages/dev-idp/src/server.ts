// The dev IdP's HTTP server: fastify in front, oidc-provider mounted under /realms/<realm>
// through @fastify/middie, and the few routes that are not oidc-provider's (login page,
// userinfo, realm info, health) as ordinary fastify routes.
import { createPublicKey } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

import formbody from '@fastify/formbody';
import middie from '@fastify/middie';
import { getTenant } from '@onenet/tenancy';
import fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';

import { loadOrCreateKeys } from './keys.ts';
import { errorPage, loginPage, type DemoAccount } from './pages.ts';
import { createProvider } from './provider.ts';
import { loadRealm, type Realm } from './realm.ts';
import { userinfoHandlers } from './userinfo.ts';

export const DEFAULT_REALM_DIR = fileURLToPath(new URL('../../../infra/keycloak/', import.meta.url));

export interface DevIdpOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The base URL clients see, when it is not http://<host>:<port> (e.g. behind the platform edge). */
  publicUrl?: string;
  /** Directory with the realm file and users files; defaults to infra/keycloak. */
  realmDir?: string;
  realm?: string;
  /** Keep the signing and cookie keys here across restarts; without it they live as long as the process. */
  keyDir?: string;
  /** Trust X-Forwarded-* headers (set when a proxy sits in front). */
  trustProxy?: boolean;
}

export interface DevIdp {
  /** e.g. http://127.0.0.1:8180/realms/onenet */
  issuer: string;
  /** The base URL, e.g. http://127.0.0.1:8180 — what keycloak-js calls `url`. */
  url: string;
  realm: Realm;
  close(): Promise<void>;
}

function demoAccounts(realm: Realm): { accounts: DemoAccount[]; password?: string } {
  const accounts = realm.users.map((u) => {
    const code = u.attributes?.tenant_code?.[0];
    return {
      username: u.username,
      name: `${u.lastName ?? ''}${u.firstName ?? ''}`,
      tenant: code ? (getTenant(code)?.name ?? code) : '',
      roles: (u.realmRoles ?? []).filter((r) => !r.startsWith('default-roles-')).join(', '),
    };
  });
  const passwords = new Set(realm.users.map((u) => u.credentials?.find((c) => c.type === 'password')?.value));
  const [only] = passwords;
  return { accounts, ...(passwords.size === 1 && typeof only === 'string' ? { password: only } : {}) };
}

export async function startDevIdp(options: DevIdpOptions = {}): Promise<DevIdp> {
  const realmName = options.realm ?? 'onenet';
  const host = options.host ?? '127.0.0.1';
  const realm = loadRealm(options.realmDir ?? DEFAULT_REALM_DIR, realmName);
  const keys = await loadOrCreateKeys(options.keyDir);
  const publicKey = createPublicKey({ key: keys.signing as never, format: 'jwk' });
  const prefix = `/realms/${encodeURIComponent(realmName)}`;
  const loginPath = (uid: string) => `${prefix}/login-actions/${uid}`;
  const demo = demoAccounts(realm);

  const app = fastify({ trustProxy: options.trustProxy ?? false });
  await app.register(middie);
  await app.register(formbody);

  // oidc-provider needs its issuer at construction, and the issuer needs the bound port; until
  // then requests for it get 503.
  const running: { provider?: Provider; handle?: (req: IncomingMessage, res: ServerResponse) => unknown } = {};
  const ownRoutes = /^(?:\/?$|\/login-actions\/|\/protocol\/openid-connect\/userinfo\/?$|\/protocol\/openid-connect\/3p-cookies\/)/;
  app.use(prefix, (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (ownRoutes.test(path)) return next();
    if (!running.handle) {
      res.statusCode = 503;
      return res.end();
    }
    return running.handle(req, res);
  });

  const mustHave = (): Provider => {
    if (!running.provider) throw new Error('the identity provider is still starting');
    return running.provider;
  };

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(body);

  async function loginDetails(request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) {
    try {
      const details = await mustHave().interactionDetails(request.raw, reply.raw);
      if (details.uid !== request.params.uid) return undefined;
      return details;
    } catch {
      return undefined;
    }
  }

  const expired = (reply: FastifyReply) =>
    html(reply, 400, errorPage('登录会话已失效，请返回应用重新登录。The sign-in session expired; go back to the application and sign in again.'));

  function renderLogin(reply: FastifyReply, status: number, uid: string, clientId: unknown, username?: string) {
    const client = typeof clientId === 'string' ? realm.client(clientId) : undefined;
    return html(reply, status, loginPage({
      realmName: realm.displayName,
      clientName: client?.name ?? String(clientId ?? ''),
      action: loginPath(uid),
      demoAccounts: demo.accounts,
      ...(demo.password ? { demoPassword: demo.password } : {}),
      ...(username !== undefined ? { username, error: true } : {}),
    }));
  }

  app.get<{ Params: { uid: string } }>(`${prefix}/login-actions/:uid`, async (request, reply) => {
    const details = await loginDetails(request, reply);
    if (!details) return expired(reply);
    if (details.prompt.name !== 'login') {
      return html(reply, 400, errorPage(`无法处理的登录步骤 Unsupported sign-in step: ${details.prompt.name}`));
    }
    return renderLogin(reply, 200, details.uid, details.params.client_id);
  });

  app.post<{ Params: { uid: string }; Body: { username?: unknown; password?: unknown } }>(
    `${prefix}/login-actions/:uid`,
    async (request, reply) => {
      const details = await loginDetails(request, reply);
      if (!details) return expired(reply);
      const username = typeof request.body?.username === 'string' ? request.body.username.trim() : '';
      const password = typeof request.body?.password === 'string' ? request.body.password : '';
      const user = realm.authenticate(username, password);
      if (!user) return renderLogin(reply, 401, details.uid, details.params.client_id, username);
      reply.hijack();
      await mustHave().interactionFinished(request.raw, reply.raw, { login: { accountId: user.id } }, {
        mergeWithLastSubmission: false,
      });
    },
  );

  // The issuer (and so everything that names it) is known once the server listens.
  let issuer = '';
  const { userinfo, preflight } = userinfoHandlers({ realm, issuer: () => issuer, publicKey });
  // keycloak-js probes third-party cookie support with Keycloak's two pages before a silent
  // check-sso; they answer the embedding page by postMessage, exactly as Keycloak's do.
  app.get(`${prefix}/protocol/openid-connect/3p-cookies/step1.html`, async (_request, reply) =>
    html(reply, 200, `<!doctype html><html><body><script>
document.cookie = "KEYCLOAK_3P_COOKIE_SAMESITE=supported; max-age=60; samesite=none; secure";
document.cookie = "KEYCLOAK_3P_COOKIE=supported; max-age=60";
window.location = "step2.html";
</script></body></html>`));
  app.get(`${prefix}/protocol/openid-connect/3p-cookies/step2.html`, async (_request, reply) =>
    html(reply, 200, `<!doctype html><html><body><script>
if (document.cookie.indexOf("KEYCLOAK_3P_COOKIE") !== -1) {
  document.cookie = "KEYCLOAK_3P_COOKIE_SAMESITE=; expires=Thu, 01 Jan 1970 00:00:00 GMT; samesite=none; secure";
  document.cookie = "KEYCLOAK_3P_COOKIE=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  window.parent.postMessage("supported", "*");
} else {
  window.parent.postMessage("unsupported", "*");
}
</script></body></html>`));

  const userinfoPath = `${prefix}/protocol/openid-connect/userinfo`;
  app.get(userinfoPath, userinfo);
  app.post(userinfoPath, userinfo);
  app.options(userinfoPath, preflight);

  // Keycloak's realm info document, which some adapters read for the public key.
  const publicKeyDer = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  app.get(prefix, async () => ({
    realm: realm.name,
    public_key: publicKeyDer,
    'token-service': `${issuer}/protocol/openid-connect`,
    'account-service': `${issuer}/account`,
    'tokens-not-before': 0,
  }));

  app.get('/health/ready', async () => ({ status: 'UP' }));

  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = (options.publicUrl ?? `http://${shownHost}:${port}`).replace(/\/$/, '');
  issuer = `${url}${prefix}`;

  const provider = createProvider({
    realm,
    issuer,
    signingKey: keys.signing,
    cookieKeys: keys.cookies,
    loginPath,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  running.provider = provider;
  running.handle = provider.callback();

  return { issuer, url, realm, close: () => app.close() };
}
