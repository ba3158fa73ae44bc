// Where attachments live. The interface is what the service needs; LocalFileStorage keeps
// files on local disk (development, single node). Production plugs an S3-compatible store in
// behind the same interface.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { PayloadTooLarge, UnsupportedMediaType } from '../errors.ts';

export interface FileStorage {
  put(key: string, data: Buffer): Promise<void>;
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

  async put(key: string, data: Buffer): Promise<void> {
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

/** What may be uploaded: photos and short videos from voters, documents from deputies and units. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic'] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'] as const;
export const DOCUMENT_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/x-cfb', // .doc/.xls (compound file) as magic bytes see them
] as const;

export interface UploadLimits {
  maxBytes: number;
  maxVideoBytes: number;
  allowed: readonly string[];
}

/**
 * Checks an upload by its bytes, never by its name or the client's content-type: the type is
 * what the magic numbers say. Returns the detected type. 415 for a type not allowed, 413 for
 * too large, each naming the field.
 */
export async function checkUpload(data: Buffer, field: string, limits: UploadLimits): Promise<{ mime: string; ext: string }> {
  const detected = await fileTypeFromBuffer(data);
  if (!detected || !limits.allowed.includes(detected.mime)) {
    throw new UnsupportedMediaType(
      `${field}: ${detected ? `${detected.mime} files are` : 'this kind of file is'} not accepted; send ${limits.allowed.filter((t) => t !== 'application/x-cfb').join(', ')}`,
      field,
    );
  }
  const max = (VIDEO_TYPES as readonly string[]).includes(detected.mime) ? limits.maxVideoBytes : limits.maxBytes;
  if (data.length > max) throw new PayloadTooLarge(`${field}: the file is ${data.length} bytes; at most ${max} bytes are accepted`, field);
  return detected;
}
