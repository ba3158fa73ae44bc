// Private data at rest. ID numbers are matched by a keyed hash (HMAC-SHA-256): without the key
// a leaked table cannot be matched against a list of ID numbers (the space of valid ID numbers
// is small enough to enumerate, so a plain hash would not protect them). The values themselves
// are encrypted with AES-256-GCM and decrypted only for callers entitled to them.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** Any string key becomes 32 bytes; a base64 key of 32 bytes is used as it is. */
function keyBytes(key: string, purpose: string): Buffer {
  const decoded = /^[A-Za-z0-9+/_-]{43}=?$/.test(key) ? Buffer.from(key, 'base64') : undefined;
  if (decoded?.length === 32) return decoded;
  return createHash('sha256').update(`${purpose}\0${key}`).digest();
}

export interface Secrets {
  /** The matching key of an ID number (normalised: upper-case X, no spaces). */
  identityHash(idNumber: string): Buffer;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export function createSecrets(options: { identityKey: string; dataKey: string }): Secrets {
  const hmacKey = keyBytes(options.identityKey, 'identity');
  const aesKey = keyBytes(options.dataKey, 'data');
  return {
    identityHash: (idNumber) => createHmac('sha256', hmacKey).update(idNumber.trim().toUpperCase()).digest(),
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      // A version prefix leaves room for key rotation.
      return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
