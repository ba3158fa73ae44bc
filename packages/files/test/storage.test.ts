// One contract for every backend: what a service sees must not depend on where files are kept.
// The S3 backend runs against a real S3-compatible server on localhost (s3rver).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@onenet/kit';
import { createFileStorage, detectContent, filesConfig, LocalFileStorage, S3FileStorage, type FileStorage } from '../src/index.ts';
import { startTestS3, type TestS3 } from '../src/testing.ts';

const root = mkdtempSync(join(tmpdir(), 'onenet-files-'));
let s3: TestS3;
let s3Storage: S3FileStorage;
beforeAll(async () => {
  s3 = await startTestS3();
  s3Storage = createFileStorage(loadConfig(filesConfig, s3.env), root) as S3FileStorage;
});
afterAll(async () => {
  s3Storage?.close();
  await s3?.stop();
  rmSync(root, { recursive: true, force: true });
});

const backends: [string, () => FileStorage][] = [
  ['local disk', () => new LocalFileStorage(root)],
  ['S3', () => s3Storage],
];

describe.each(backends)('FileStorage contract: %s', (_name, storage) => {
  it('keeps what was put under its key until it is deleted', async () => {
    await storage().put('activities/2026/photo-1.jpg', Buffer.from('照片'), 'image/jpeg');
    expect((await storage().get('activities/2026/photo-1.jpg'))?.toString()).toBe('照片');
    await storage().delete('activities/2026/photo-1.jpg');
    expect(await storage().get('activities/2026/photo-1.jpg')).toBeUndefined();
  });

  it('returns binary content byte for byte, and large files whole', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 256;
    await storage().put('persons/big.bin', data);
    expect((await storage().get('persons/big.bin'))?.equals(data)).toBe(true);
  });

  it('replaces a file put again under the same key', async () => {
    await storage().put('persons/p1/photo.png', Buffer.from('old'), 'image/png');
    await storage().put('persons/p1/photo.png', Buffer.from('new'), 'image/png');
    expect((await storage().get('persons/p1/photo.png'))?.toString()).toBe('new');
  });

  it('has nothing under a key never written, and deleting it is not an error', async () => {
    expect(await storage().get('nothing/here.txt')).toBeUndefined();
    await expect(storage().delete('nothing/here.txt')).resolves.toBeUndefined();
  });

  it('refuses keys that would climb out of its root or are not plain segments', async () => {
    await expect(storage().put('../escape.txt', Buffer.from('x'))).rejects.toThrow(/invalid storage key/);
    await expect(storage().get('a/../../etc/passwd')).rejects.toThrow(/invalid storage key/);
    await expect(storage().delete('/absolute')).rejects.toThrow(/invalid storage key/);
  });
});

describe('LocalFileStorage', () => {
  it('leaves no partial file behind a finished write', async () => {
    await new LocalFileStorage(root).put('a/b.txt', Buffer.from('x'));
    expect(readdirSync(join(root, 'a'))).toEqual(['b.txt']);
  });
});

describe('S3FileStorage', () => {
  it('keeps the objects in the bucket, with their content type', async () => {
    await s3Storage.put('activities/a1/p.jpg', Buffer.from('jpeg bytes'), 'image/jpeg');
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const head = await s3Storage.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'activities/a1/p.jpg' }));
    expect(head.ContentType).toBe('image/jpeg');
    expect(head.ContentLength).toBe(10);
  });

  it('fails loudly with wrong credentials or a missing bucket, instead of reporting "no file"', async () => {
    const wrongKey = new S3FileStorage({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', accessKeyId: 'NOBODY', secretAccessKey: 'wrong', forcePathStyle: true });
    await expect(wrongKey.put('x.txt', Buffer.from('x'))).rejects.toThrow(/access key/i);
    await expect(wrongKey.get('x.txt')).rejects.toThrow(/access key/i);
    wrongKey.close();
    const noBucket = new S3FileStorage({ bucket: 'no-such-bucket', endpoint: s3.endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
    await expect(noBucket.get('x.txt')).rejects.toThrow(/bucket/i);
    noBucket.close();
  });
});

describe('createFileStorage', () => {
  it('is local disk unless told otherwise', () => {
    const storage = createFileStorage(loadConfig(filesConfig, {}), root);
    expect(storage).toBeInstanceOf(LocalFileStorage);
    expect((storage as LocalFileStorage).root).toBe(root);
  });

  it('names what FILES_BACKEND=s3 lacks in one line, and never echoes a secret', () => {
    const attempt = (env: Record<string, string>) => () => createFileStorage(loadConfig(filesConfig, env), root);
    expect(attempt({ FILES_BACKEND: 's3' })).toThrow(ConfigError);
    expect(attempt({ FILES_BACKEND: 's3' })).toThrow(
      'config error: S3_BUCKET is required when FILES_BACKEND=s3 (a bucket name: 3–63 lower-case letters, digits, dots and hyphens)',
    );
    expect(attempt({ FILES_BACKEND: 's3', S3_BUCKET: 'photos', S3_SECRET_ACCESS_KEY: 'hunter2-secret' })).toThrow(
      'config error: S3_ACCESS_KEY_ID is required when S3_SECRET_ACCESS_KEY is set',
    );
  });

  it('refuses a wrong variable at load time, naming it', () => {
    expect(() => loadConfig(filesConfig, { FILES_BACKEND: 'ftp' })).toThrow(/^config error: FILES_BACKEND must be where uploaded files are kept/);
    expect(() => loadConfig(filesConfig, { FILES_BACKEND: 's3', S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET must be a bucket name/);
    expect(() => loadConfig(filesConfig, { S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT must be the S3-compatible store URL/);
  });
});

describe('detectContent', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1b5c2e70000000049454e44ae426082', 'hex');
  const rule = { accept: ['image/jpeg', 'image/png'], maxBytes: 1024 };

  it('tells the type by the bytes', async () => {
    expect(await detectContent(png, '/body', rule)).toEqual({ mime: 'image/png', ext: 'png' });
  });

  it('refuses what is not accepted (415) or too large (413), naming the field', async () => {
    const gif = Buffer.from('474946383961010001000000002c00000000010001000002024401003b', 'hex');
    await expect(detectContent(gif, '/body', rule)).rejects.toMatchObject({ status: 415, extensions: { errors: [{ field: '/body', message: 'is image/gif; accepted: image/jpeg, image/png' }] } });
    await expect(detectContent(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), '/body', rule)).rejects.toMatchObject({ status: 415 });
    await expect(detectContent(Buffer.alloc(2048, png), '/body', rule)).rejects.toMatchObject({ status: 413 });
  });
});
