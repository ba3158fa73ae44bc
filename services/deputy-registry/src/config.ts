// The registry's own environment variables (the kit reads the base ones: PORT, DATABASE_URL…).
import { Type } from '@onenet/kit';
import { filesConfig } from '@onenet/files';
import type { SecretKeys } from './secrets.ts';

export const registryConfig = Type.Object({
  REGISTRY_IDENTITY_KEY: Type.Optional(
    Type.String({ minLength: 16, description: 'the secret keying the ID-number match hash (HMAC), at least 16 characters; never change it once data exists' }),
  ),
  REGISTRY_DATA_KEY: Type.Optional(Type.String({ minLength: 16, description: 'the secret encrypting ID numbers and phones at rest (AES-256-GCM), at least 16 characters' })),
  REGISTRY_DATA_KEYS_RETIRED: Type.Optional(
    Type.String({
      pattern: '^[^,]{16,}(,[^,]{16,})*$',
      description: 'earlier values of REGISTRY_DATA_KEY, comma-separated: they still open what they sealed, and seal nothing; drop them once `reencrypt` has run',
    }),
  ),
  REGISTRY_FILES_DIR: Type.String({ minLength: 1, default: '.data/files', description: 'the directory photos are stored in when FILES_BACKEND=local' }),
  // FILES_BACKEND=local|s3 and the S3_* variables of the S3-compatible store.
  ...filesConfig.properties,
  REGISTRY_UPLOAD_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 20 * 1024 * 1024, description: 'the largest roster or photo upload, in bytes' }),
  REGISTRY_PHOTO_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 5 * 1024 * 1024, description: "the largest person's photo accepted, in bytes" }),
  REGISTRY_PUBLIC_PATH: Type.String({
    pattern: '^(https?://[^/]+)?(/[A-Za-z0-9._~-]+)*$',
    default: '/api/deputy-registry',
    description: 'the path (or URL) under which clients reach this service, for the links it hands out (photo URLs), without a trailing slash',
  }),
  REGISTRY_REPORT_CACHE_SECONDS: Type.Integer({
    minimum: 0,
    // Duty facts arrive a few a day per deputy and the summary is a year's standing: five minutes
    // old is fresh enough for a dashboard, and the region's 116,000 deputies are counted at most
    // once in that time per kind of reader (a count takes about a second of PostgreSQL at the region).
    default: 300,
    description: 'how long a congress’s duty summary (every deputy of its subtree assessed) is reused before it is counted again; 0 counts it on every request',
  }),
  NODE_ENV: Type.Optional(Type.String()),
});

/** Development fallbacks; refused in production, where both keys must be configured. */
const DEV_IDENTITY_KEY = 'onenet-dev-identity-key-not-for-production';
const DEV_DATA_KEY = 'onenet-dev-data-key-not-for-production';

export function secretKeys(config: { REGISTRY_IDENTITY_KEY?: string; REGISTRY_DATA_KEY?: string; REGISTRY_DATA_KEYS_RETIRED?: string; NODE_ENV?: string }): SecretKeys & { development: boolean } {
  const retiredDataKeys = config.REGISTRY_DATA_KEYS_RETIRED?.split(',') ?? [];
  if (config.REGISTRY_IDENTITY_KEY && config.REGISTRY_DATA_KEY) return { identityKey: config.REGISTRY_IDENTITY_KEY, dataKey: config.REGISTRY_DATA_KEY, retiredDataKeys, development: false };
  if (config.NODE_ENV === 'production') {
    throw new Error('config error: REGISTRY_IDENTITY_KEY and REGISTRY_DATA_KEY are required in production (secrets of at least 16 characters)');
  }
  return { identityKey: config.REGISTRY_IDENTITY_KEY ?? DEV_IDENTITY_KEY, dataKey: config.REGISTRY_DATA_KEY ?? DEV_DATA_KEY, retiredDataKeys, development: true };
}
