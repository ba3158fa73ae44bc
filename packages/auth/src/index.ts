export { ROLES, AuthError, principalFromClaims, type Role, type Principal, type AccessTokenClaims } from './principal.ts';
export { createVerifier, keycloakJwksUrl, bearerToken, type VerifierOptions, type TokenVerifier } from './verifier.ts';
export { authorize, isPublic, type Access } from './access.ts';
