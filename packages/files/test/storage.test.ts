import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFileStorage } from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'onenet-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const storage = new LocalFileStorage(root);

describe('LocalFileStorage', () => {
  it('keeps what was put under its key until it is deleted', async () => {
    await storage.put('activities/2026/photo-1.jpg', Buffer.from('照片'), 'image/jpeg');
    expect((await storage.get('activities/2026/photo-1.jpg'))?.toString()).toBe('照片');
    await storage.delete('activities/2026/photo-1.jpg');
    expect(await storage.get('activities/2026/photo-1.jpg')).toBeUndefined();
  });

  it('leaves no partial file behind a finished write', async () => {
    await storage.put('a/b.txt', Buffer.from('x'));
    expect(readdirSync(join(root, 'a'))).toEqual(['b.txt']);
  });

  it('refuses keys that would climb out of its root', async () => {
    await expect(storage.put('../escape.txt', Buffer.from('x'))).rejects.toThrow(/invalid storage key/);
    await expect(storage.get('a/../../etc/passwd')).rejects.toThrow(/invalid storage key/);
  });
});
