// @onenet/dev-idp — a Keycloak-compatible OpenID provider for development and tests, built on
// oidc-provider and fed by the realm files of infra/keycloak.
export { DEFAULT_REALM_DIR, startDevIdp, type DevIdp, type DevIdpOptions } from './server.ts';
export { KEYCLOAK_ROUTES } from './provider.ts';
export { Realm, RealmLoadError, loadRealm, type KcClient, type KcRealmRepresentation, type KcUser } from './realm.ts';
