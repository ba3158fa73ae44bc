// Bulk loading for seed generators and imports: rows streamed into a table with COPY, the way
// millions of rows go in within minutes instead of hours of INSERTs.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// COPY's text format escapes only these four; most values (ids, numbers, dates, Chinese text)
// contain none of them and are written as they are — the seeds escape tens of millions of values.
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeText = (text: string) => (SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPED[c]!) : text);

/** A value in COPY's text format: \N for null, ISO timestamps, JSON for objects, escapes. */
function escape(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return escapeText(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** Streams rows into `table (columns)` with COPY, in ~256 KB chunks; returns the row count. */
export async function copyRows(client: pg.PoolClient | pg.Client, table: string, columns: string[], rows: Iterable<unknown[]>): Promise<number> {
  let count = 0;
  function* chunks() {
    let buffer = '';
    for (const row of rows) {
      buffer += `${row.map(escape).join('\t')}\n`;
      count += 1;
      if (buffer.length > 262_144) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
  return count;
}
