// Which storage a service uses, from its environment: FILES_BACKEND=local (default; a directory
// the service names) or s3 (S3_BUCKET and the S3_* variables). A service spreads
// `filesConfig.properties` into its own config schema and calls createFileStorage in its routes.
import { ConfigError, Type, type Static } from '@onenet/kit';
import { S3FileStorage } from './s3.ts';
import { LocalFileStorage, type FileStorage } from './storage.ts';

export const filesConfig = Type.Object({
  FILES_BACKEND: Type.Enum(['local', 's3'], { default: 'local', description: 'where uploaded files are kept: local (a directory) or s3 (an S3-compatible store)' }),
  S3_ENDPOINT: Type.Optional(
    Type.String({ format: 'uri', pattern: '^https?://', description: 'the S3-compatible store URL, e.g. https://minio.internal:9000; unset: AWS S3 for S3_REGION' }),
  ),
  S3_BUCKET: Type.Optional(
    Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', description: 'a bucket name: 3–63 lower-case letters, digits, dots and hyphens' }),
  ),
  S3_REGION: Type.String({ minLength: 1, default: 'us-east-1', description: 'the store region, e.g. cn-south-1 (any value for MinIO)' }),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1, description: 'the access key id (with S3_SECRET_ACCESS_KEY); unset: the default AWS credential chain' })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1, description: 'the secret access key (with S3_ACCESS_KEY_ID)' })),
  S3_FORCE_PATH_STYLE: Type.Boolean({ default: true, description: 'true or false: address objects as endpoint/bucket/key (MinIO) rather than bucket.endpoint/key (OSS, COS)' }),
});
export type FilesConfig = Static<typeof filesConfig>;

const describe = (name: keyof FilesConfig) => (filesConfig.properties[name] as { description?: string }).description;

/**
 * The storage the configuration asks for; `localDirectory` is where the local backend keeps
 * files. Throws ConfigError (one line naming each variable) for what the schema alone cannot
 * say: the S3 variables that FILES_BACKEND=s3 requires, and credentials given by halves.
 */
export function createFileStorage(config: FilesConfig, localDirectory: string): FileStorage {
  if (config.FILES_BACKEND !== 's3') return new LocalFileStorage(localDirectory);
  const problems: string[] = [];
  if (!config.S3_BUCKET) problems.push(`S3_BUCKET is required when FILES_BACKEND=s3 (${describe('S3_BUCKET')})`);
  if (config.S3_ACCESS_KEY_ID && !config.S3_SECRET_ACCESS_KEY) problems.push('S3_SECRET_ACCESS_KEY is required when S3_ACCESS_KEY_ID is set');
  if (config.S3_SECRET_ACCESS_KEY && !config.S3_ACCESS_KEY_ID) problems.push('S3_ACCESS_KEY_ID is required when S3_SECRET_ACCESS_KEY is set');
  if (problems.length > 0) throw new ConfigError(`config error: ${problems.join('; ')}`);
  return new S3FileStorage({
    bucket: config.S3_BUCKET!,
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}
