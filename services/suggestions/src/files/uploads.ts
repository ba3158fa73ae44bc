// What may be uploaded, checked by the bytes. The files themselves go to @onenet/files.
import { fileTypeFromBuffer } from 'file-type';
import { PayloadTooLarge, UnsupportedMediaType } from '../errors.ts';

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
