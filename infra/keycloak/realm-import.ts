// Builds the realm the Keycloak Operator imports in production (a KeycloakRealmImport in
// infra/helm/onenet-engines), and the one docker-compose imports (infra/compose), from the realm
// this folder generates (realm-onenet.json):
// - the portal's origin http://localhost:8080 becomes __PUBLIC_URL__, which the chart replaces
//   with the installation's public URL (redirect URIs, web origins, post-logout redirects);
// - the `cli` client (direct access grants, for scripts and tests) is disabled;
// - demo users are never part of it (they live in demo-users.json, not in the realm).
//
// For docker-compose the origin is http://onenet.localhost:8080: browsers resolve *.localhost to
// the machine itself, and the services' containers reach the same name through the host (their
// own localhost would be themselves), so the issuer in tokens is one URL for both.
//
//   npx node infra/keycloak/realm-import.ts           rewrite both copies
//   npx node infra/keycloak/realm-import.ts --check   exit 1 when one is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REALM_FILE, renderJson } from './generate.ts';

export const DEVELOPMENT_ORIGIN = 'http://localhost:8080';
export const PUBLIC_URL_MARKER = '__PUBLIC_URL__';
export const REALM_IMPORT_FILE = fileURLToPath(new URL('../helm/onenet-engines/files/realm-onenet.json', import.meta.url));
export const COMPOSE_ORIGIN = 'http://onenet.localhost:8080';
export const COMPOSE_REALM_FILE = fileURLToPath(new URL('../compose/realm-onenet.json', import.meta.url));
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

/** The generated files and their expected content. */
export function expectedRealmFiles(): Array<{ file: string; content: string }> {
  const chart = buildRealmImport();
  return [
    { file: REALM_IMPORT_FILE, content: chart },
    { file: COMPOSE_REALM_FILE, content: chart.replaceAll(PUBLIC_URL_MARKER, COMPOSE_ORIGIN) },
  ];
}

if (import.meta.main) {
  for (const { file, content } of expectedRealmFiles()) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current === content) continue;
    if (process.argv.includes('--check')) {
      console.error(`stale: ${file} (run: npx node infra/keycloak/realm-import.ts)`);
      process.exitCode = 1;
    } else {
      writeFileSync(file, content);
      console.warn(`wrote ${file}`);
    }
  }
}
