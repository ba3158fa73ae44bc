// What an upload is, by its bytes (magic numbers via file-type) — never by its file name or the
// content-type the client claims. Too large: 413; not an accepted type: 415; each names the field.
import { fileTypeFromBuffer } from 'file-type';
import { ProblemError } from '@onenet/kit';

export interface ContentRule {
  /** Accepted media types, e.g. image/jpeg. */
  accept: readonly string[];
  maxBytes: number;
}

const refuse = (status: 413 | 415, field: string, message: string) =>
  new ProblemError(status, status === 413 ? 'Content Too Large' : 'Unsupported Media Type', status === 413 ? 'payload-too-large' : 'unsupported-media-type', `${field} ${message}`, {
    extensions: { errors: [{ field, message }] },
  });

export async function detectContent(data: Buffer, field: string, rule: ContentRule): Promise<{ mime: string; ext: string }> {
  if (data.length > rule.maxBytes) throw refuse(413, field, `is ${data.length} bytes; at most ${rule.maxBytes} bytes are accepted`);
  const found = await fileTypeFromBuffer(data);
  if (!found || !rule.accept.includes(found.mime)) throw refuse(415, field, `is ${found ? found.mime : 'of no recognised type'}; accepted: ${rule.accept.join(', ')}`);
  return { mime: found.mime, ext: found.ext };
}
