// Builds the realm the Keycloak Operator imports in production (a KeycloakRealmImport in
// infra/helm/onenet-engines) from the realm this folder generates (realm-onenet.json):
// - the portal's origin http://localhost:8080 becomes __PUBLIC_URL__, which the chart replaces
//   with the installation's public URL (redirect URIs, web origins, post-logout redirects);
// - the `cli` client (direct access grants, for scripts and tests) is disabled;
// - demo users are never part of it (they live in demo-users.json, not in the realm).
//
//   npx node infra/keycloak/realm-import.ts           rewrite the chart's copy
//   npx node infra/keycloak/realm-import.ts --check   exit 1 when it is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REALM_FILE, renderJson } from './generate.ts';

export const DEVELOPMENT_ORIGIN = 'http://localhost:8080';
export const PUBLIC_URL_MARKER = '__PUBLIC_URL__';
export const REALM_IMPORT_FILE = fileURLToPath(new URL('../helm/onenet-engines/files/realm-onenet.json', import.meta.url));
const DISABLED_CLIENTS = new Set(['cli']);

interface Client {
  clientId: string;
  enabled?: boolean;
}

/** The production realm, from the development realm's JSON text. */
export function buildRealmImport(realmJson: string = readFileSync(REALM_FILE, 'utf8')): string {
  const realm = JSON.parse(realmJson.replaceAll(DEVELOPMENT_ORIGIN, PUBLIC_URL_MARKER)) as { clients: Client[]; users?: unknown };
  if (realm.users) throw new Error('the realm must not carry users: demo users live in demo-users.json');
  for (const client of realm.clients) if (DISABLED_CLIENTS.has(client.clientId)) client.enabled = false;
  return renderJson(realm);
}

if (import.meta.main) {
  const expected = buildRealmImport();
  let current = '';
  try {
    current = readFileSync(REALM_IMPORT_FILE, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== expected) {
    if (process.argv.includes('--check')) {
      console.error(`stale: ${REALM_IMPORT_FILE} (run: npx node infra/keycloak/realm-import.ts)`);
      process.exitCode = 1;
    } else {
      writeFileSync(REALM_IMPORT_FILE, expected);
      console.warn(`wrote ${REALM_IMPORT_FILE}`);
    }
  }
}
