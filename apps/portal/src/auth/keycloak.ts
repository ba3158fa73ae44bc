// Sign-in with keycloak-js against the realm on the same origin (/realms/onenet): authorization
// code with PKCE S256, a silent SSO check on load (so a returning user is signed in without a
// redirect, and a visitor of the public site is never sent to a login page), and the token
// refreshed before it expires.
import Keycloak from 'keycloak-js';
import { sessionFromClaims, type Session } from './session.ts';

export const REALM = 'onenet';
export const CLIENT_ID = 'portal';

const endpoints = `${window.location.origin}/realms/${REALM}/protocol/openid-connect`;
// The IdP is always reached on the portal's own origin (the edge serves /realms/), so its
// cookies are first-party and keycloak-js's third-party-cookie probe (two more requests in a
// row before the silent check, ~0.5 s on a slow phone connection) finds nothing: naming the
// endpoints as a plain OIDC provider skips it. Login, PKCE, refresh and logout are unchanged.
export const keycloak = new Keycloak({
  clientId: CLIENT_ID,
  oidcProvider: {
    authorization_endpoint: `${endpoints}/auth`,
    token_endpoint: `${endpoints}/token`,
    end_session_endpoint: `${endpoints}/logout`,
    userinfo_endpoint: `${endpoints}/userinfo`,
  },
});

export type AuthState =
  | { status: 'anonymous' }
  | { status: 'authenticated'; session: Session }
  /** The IdP could not be reached: public pages work, sign-in does not. */
  | { status: 'unavailable' };

type Listener = (state: AuthState) => void;
const listeners = new Set<Listener>();
let state: AuthState = { status: 'anonymous' };

function publish(next: AuthState): void {
  state = next;
  for (const listener of listeners) listener(next);
}

export function authState(): AuthState {
  return state;
}

let settle: (state: AuthState) => void = () => {};
/** The outcome of the sign-in check at start-up: a route's loader may start its requests then. */
export const authSettled = new Promise<AuthState>((resolve) => {
  settle = resolve;
});

export function onAuthChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function currentSession(): AuthState {
  return keycloak.authenticated && keycloak.tokenParsed
    ? { status: 'authenticated', session: sessionFromClaims(keycloak.tokenParsed as Record<string, unknown>) }
    : { status: 'anonymous' };
}

/** Refresh this long before expiry (seconds); the check runs every REFRESH_CHECK_MS. */
const MIN_VALIDITY = 60;
const REFRESH_CHECK_MS = 20_000;

export async function initAuth(): Promise<AuthState> {
  keycloak.onAuthRefreshSuccess = () => publish(currentSession());
  keycloak.onAuthLogout = () => publish({ status: 'anonymous' });
  keycloak.onTokenExpired = () => void refresh();
  try {
    await keycloak.init({
      onLoad: 'check-sso',
      pkceMethod: 'S256',
      checkLoginIframe: false,
      // The check runs in a hidden iframe (after keycloak-js's own third-party-cookie probe, which
      // Keycloak and the development IdP both serve), not by redirecting the whole page.
      silentCheckSsoRedirectUri: `${window.location.origin}/silent-check-sso.html`,
      messageReceiveTimeout: 10_000,
    });
  } catch {
    publish({ status: 'unavailable' });
    settle(state);
    return state;
  }
  window.setInterval(() => {
    if (keycloak.authenticated && document.visibilityState === 'visible') void refresh();
  }, REFRESH_CHECK_MS);
  publish(currentSession());
  settle(state);
  return state;
}

async function refresh(minValidity = MIN_VALIDITY): Promise<boolean> {
  try {
    await keycloak.updateToken(minValidity);
    return true;
  } catch {
    // The session ended at the IdP (logout elsewhere, idle timeout): the user must sign in again.
    keycloak.clearToken();
    publish({ status: 'anonymous' });
    return false;
  }
}

/** The API client's token provider: a token valid for at least 30 more seconds, or none. */
export async function accessToken(): Promise<string | undefined> {
  if (!keycloak.authenticated) return undefined;
  return (await refresh(30)) ? keycloak.token : undefined;
}

export function login(redirectPath?: string, language = 'zh-CN'): Promise<void> {
  const redirectUri = `${window.location.origin}${redirectPath ?? `${window.location.pathname}${window.location.search}`}`;
  return keycloak.login({ redirectUri, locale: language === 'en' ? 'en' : 'zh-CN' });
}

export function logout(): Promise<void> {
  return keycloak.logout({ redirectUri: `${window.location.origin}/` });
}
