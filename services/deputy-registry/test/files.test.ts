// Where the registry keeps its files: FILES_BACKEND=s3 puts photos in an S3-compatible store (a
// real one on localhost here), and a bad storage configuration stops the process at start with
// one line naming the variable.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3FileStorage } from '@onenet/files';
import { startTestS3, type TestS3 } from '@onenet/files/testing';
import { HEJIE, idNumber, liaison, staff, startRegistry, type Registry } from './support.ts';

let s3: TestS3;
let r: Registry;
let bucket: S3FileStorage;
beforeAll(async () => {
  s3 = await startTestS3({ bucket: 'registry-photos' });
  r = await startRegistry(s3.env);
  bucket = new S3FileStorage({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true });
});
afterAll(async () => {
  bucket?.close();
  await r?.stop();
  await s3?.stop();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1b5c2e70000000049454e44ae426082', 'hex');

describe('FILES_BACKEND=s3', () => {
  it('stores an activity photo in the bucket and serves it back from there', async () => {
    const person = await r.as(staff(HEJIE)).post('/persons', { name: '罗春燕', idNumber: idNumber('451102', '1980-04-05', 42), mandate: { level: 'township', term: '第十八届', startDate: '2021-09-28' } });
    const activity = await r.as(liaison(HEJIE)).post('/activities', { kind: 'voter-reception', theme: '接待日', startDate: '2024-02-20', participants: [{ personId: person.body.personId, attendance: 'present' }] });
    const uploaded = await r.as(liaison(HEJIE)).post(`/activities/${activity.body.id}/photos`, PNG, 'image/png');
    expect(uploaded.status).toBe(201);
    expect((await bucket.get(`activities/${activity.body.id}/${uploaded.body.id}.png`))?.equals(PNG)).toBe(true);
    const back = await r.as(liaison(HEJIE)).get(`/activities/${activity.body.id}/photos/${uploaded.body.id}`);
    expect(back.status).toBe(200);
    expect(back.raw.equals(PNG)).toBe(true);
  });
});

describe('FILES_BACKEND=s3, person photos', () => {
  it("keeps a person's photo in the bucket and deletes the replaced one there", async () => {
    const person = await r.as(staff(HEJIE)).post('/persons', { name: '黎彩云', idNumber: idNumber('451102', '1979-09-09', 46), mandate: { level: 'township', term: '第十八届', startDate: '2021-09-28' } });
    const id = person.body.personId as string;
    const first = await r.as(staff(HEJIE)).put(`/persons/${id}/photo`, PNG, 'image/png');
    expect(first.status).toBe(200);
    const firstKey = `persons/${id}/${new URL(first.body.photoUrl, 'http://x').searchParams.get('v')}.png`;
    expect((await bucket.get(firstKey))?.equals(PNG)).toBe(true);
    const second = await r.as(staff(HEJIE)).put(`/persons/${id}/photo`, PNG, 'image/png');
    expect(second.status).toBe(200);
    expect(await bucket.get(firstKey)).toBeUndefined();
    expect((await r.as().get(`/public/profiles/${id}/photo`)).raw.equals(PNG)).toBe(true);
  });
});

describe('a storage configuration it cannot run with', () => {
  it('stops the process with exit code 78 and one line naming the variable', async () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent', FILES_BACKEND: 's3', S3_SECRET_ACCESS_KEY: 'hunter2-secret' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(78);
    expect(stderr.trim().split('\n')).toEqual([
      'config error: S3_BUCKET is required when FILES_BACKEND=s3 (a bucket name: 3–63 lower-case letters, digits, dots and hyphens); S3_ACCESS_KEY_ID is required when S3_SECRET_ACCESS_KEY is set',
    ]);
    expect(stderr).not.toContain('hunter2');
  });
});
