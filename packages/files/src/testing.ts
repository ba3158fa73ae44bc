// A real S3-compatible server on localhost for tests (s3rver: the S3 REST API over a temporary
// directory; it checks the access key id, not the V4 signature), with one bucket for the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The FILES_BACKEND / S3_* variables of a service that stores its files here. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** s3rver's one account. */
const CREDENTIAL = 'S3RVER';

export async function startTestS3(options: { bucket?: string } = {}): Promise<TestS3> {
  const bucket = options.bucket ?? 'onenet-test';
  const directory = mkdtempSync(join(tmpdir(), 'onenet-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    accessKeyId: CREDENTIAL,
    secretAccessKey: CREDENTIAL,
    env: { FILES_BACKEND: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: CREDENTIAL, S3_SECRET_ACCESS_KEY: CREDENTIAL, S3_FORCE_PATH_STYLE: 'true' },
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
