// FileStorage over the S3 API: AWS S3 or any S3-compatible store (MinIO, Aliyun OSS, Tencent
// COS, Ceph RGW). One object per key in one bucket; the bucket is created by whoever runs the
// store, not here (a service's credentials should not be allowed to create buckets).
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { checkKey, type FileStorage } from './storage.ts';

export interface S3StorageOptions {
  bucket: string;
  /** The store's URL, e.g. `https://minio.internal:9000`; unset: AWS for the region. */
  endpoint?: string;
  region: string;
  /** Both or neither; neither: the SDK's default chain (AWS_* variables, instance or pod role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO needs it). */
  forcePathStyle?: boolean;
  /** Milliseconds a request may take before it fails; default 30 s. */
  requestTimeoutMs?: number;
}

export class S3FileStorage implements FileStorage {
  readonly bucket: string;
  readonly client: S3Client;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      ...(options.accessKeyId && options.secretAccessKey ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } } : {}),
      // Integrity checksums only where the API requires them: several S3-compatible stores
      // refuse or mangle the CRC32 headers and trailers the SDK sends by default.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000 },
    });
  }

  async put(key: string, data: Buffer, contentType?: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: checkKey(key), Body: data, ContentLength: data.length, ContentType: contentType ?? 'application/octet-stream' }),
    );
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      if (!object.Body) return Buffer.alloc(0);
      return Buffer.from(await object.Body.transformToByteArray());
    } catch (error) {
      // A missing object; a missing bucket is a misconfiguration and stays an error.
      if (error instanceof S3ServiceException && error.name !== 'NoSuchBucket' && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 whether or not the object existed.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
  }

  /** Closes the client's sockets. */
  close(): void {
    this.client.destroy();
  }
}
