// Where uploaded files live (activity photos, attachments, opinions' photos and videos). The
// interface is what the services need; LocalFileStorage keeps files on local disk (development,
// single node). Production plugs in an S3-compatible store (MinIO, OSS, COS) behind the same
// interface — not written yet: it is a put/get/delete adapter over the S3 API.
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface FileStorage {
  put(key: string, data: Buffer, contentType?: string): Promise<void>;
  /** The file's bytes, or undefined when there is none under the key. */
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export class LocalFileStorage implements FileStorage {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  #path(key: string): string {
    // Keys are built by the service, but a key must never climb out of the root.
    if (!KEY.test(key) || key.split('/').includes('..')) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    const path = join(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    return path;
  }

  async put(key: string, data: Buffer, _contentType?: string): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename: a reader never sees half a file.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, data);
    await rename(partial, path);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.#path(key));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}
