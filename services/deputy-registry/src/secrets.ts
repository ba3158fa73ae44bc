// Private data at rest. ID numbers are matched by a keyed hash (HMAC-SHA-256): without the key
// a leaked table cannot be matched against a list of ID numbers (the space of valid ID numbers
// is small enough to enumerate, so a plain hash would not protect them). The values themselves
// are encrypted with AES-256-GCM and decrypted only for callers entitled to them.
//
// The data key can be rotated: values are sealed with the current key (REGISTRY_DATA_KEY) and
// name it by a fingerprint, and earlier keys (REGISTRY_DATA_KEYS_RETIRED) still open what they
// sealed until `reencrypt` (src/cli/reencrypt.ts) has sealed everything again with the current one.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** Any string key becomes 32 bytes; a base64 key of 32 bytes is used as it is. */
function keyBytes(key: string, purpose: string): Buffer {
  const decoded = /^[A-Za-z0-9+/_-]{43}=?$/.test(key) ? Buffer.from(key, 'base64') : undefined;
  if (decoded?.length === 32) return decoded;
  return createHash('sha256').update(`${purpose}\0${key}`).digest();
}

/** Names a data key in what it sealed without revealing it: 48 bits of a hash of the key. */
const fingerprint = (key: Buffer) => createHash('sha256').update('onenet registry data key\0').update(key).digest().subarray(0, 6).toString('base64url');

export interface Secrets {
  /** The matching key of an ID number (normalised: upper-case X, no spaces). */
  identityHash(idNumber: string): Buffer;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Whether a value is sealed with the current data key (else `reencrypt` has yet to reach it). */
  isCurrent(sealed: string): boolean;
}

export interface SecretKeys {
  identityKey: string;
  /** The current data key: it seals every value written. */
  dataKey: string;
  /** Earlier data keys: they open values sealed before a rotation, and seal nothing. */
  retiredDataKeys?: readonly string[];
}

export function createSecrets(options: SecretKeys): Secrets {
  const hmacKey = keyBytes(options.identityKey, 'identity');
  const current = keyBytes(options.dataKey, 'data');
  const currentId = fingerprint(current);
  const keys = [current, ...(options.retiredDataKeys ?? []).map((key) => keyBytes(key, 'data'))];
  const byId = new Map(keys.map((key) => [fingerprint(key), key] as const));

  const open = (key: Buffer, iv: string, tag: string, body: string) => {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  };

  return {
    identityHash: (idNumber) => createHmac('sha256', hmacKey).update(idNumber.trim().toUpperCase()).digest(),
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v2.${currentId}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
    },
    decrypt(sealed) {
      const parts = sealed.split('.');
      if (parts[0] === 'v2' && parts.length === 5) {
        const [, keyId, iv, tag, body] = parts as [string, string, string, string, string];
        const key = byId.get(keyId);
        if (!key) throw new Error(`a value sealed with data key ${keyId}, which is neither REGISTRY_DATA_KEY nor in REGISTRY_DATA_KEYS_RETIRED`);
        return open(key, iv, tag, body);
      }
      // v1, from before rotation: no key named; the one whose tag verifies opens it.
      if (parts[0] === 'v1' && parts.length === 4) {
        const [, iv, tag, body] = parts as [string, string, string, string];
        for (const key of keys) {
          try {
            return open(key, iv, tag, body);
          } catch {
            // not this key
          }
        }
        throw new Error('a value sealed before key rotation that neither REGISTRY_DATA_KEY nor REGISTRY_DATA_KEYS_RETIRED opens');
      }
      throw new Error('unknown ciphertext format');
    },
    isCurrent: (sealed) => sealed.startsWith(`v2.${currentId}.`),
  };
}
