// The RS256 signing key and cookie keys. Generated at start, or kept in `keyDir` so tokens stay
// valid across restarts of a developer's IdP.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface IdpKeys {
  /** Private RS256 JWK with kid, alg and use. */
  signing: JWK;
  /** Secrets oidc-provider signs its cookies with. */
  cookies: string[];
}

async function generateKeys(): Promise<IdpKeys> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return {
    signing: { ...jwk, kid, alg: 'RS256', use: 'sig' },
    cookies: [randomBytes(32).toString('base64url')],
  };
}

export async function loadOrCreateKeys(keyDir?: string): Promise<IdpKeys> {
  if (!keyDir) return generateKeys();
  const file = join(keyDir, 'keys.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as IdpKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys = await generateKeys();
  mkdirSync(keyDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}
