// The production build's JavaScript per route, gzip: what a phone downloads to show a page
// (the entry, the route's own chunk and every chunk they import statically).
//   npm run -w @onenet/portal build && npx node apps/portal/scripts/bundle-size.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

interface Chunk { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; src?: string; css?: string[] }

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

function closure(keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) continue;
    seen.add(chunk.file);
    closure(chunk.imports ?? [], seen);
  }
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry) as string;
// The shell: the entry (auth, i18n) and the app it imports while the sign-in check runs.
const shellKeys = [entryKey, ...(manifest[entryKey]?.dynamicImports ?? []).filter((k) => k.endsWith('/App.tsx'))];
const shellFiles = closure(shellKeys);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const sum = (files: Set<string>) => [...files].filter((f) => f.endsWith('.js')).reduce((s, f) => s + gz(f), 0);

console.log(`entry (auth, i18n): ${kb(sum(closure([entryKey])))} gzip; shell with the app (antd, router): ${kb(sum(shellFiles))} gzip`);
const routeKeys = new Set<string>();
for (const [key, chunk] of Object.entries(manifest)) {
  if (!shellFiles.has(chunk.file)) continue;
  for (const dynamic of chunk.dynamicImports ?? []) if (!shellKeys.includes(dynamic)) routeKeys.add(dynamic);
  void key;
}
const rows: [string, number][] = [];
for (const key of routeKeys) {
  const files = closure([key], new Set(shellFiles));
  rows.push([key.replace(/^src\//, ''), sum(files)]);
}
for (const [route, size] of rows.sort((a, b) => a[1] - b[1])) console.log(`  ${route.padEnd(36)} ${kb(size)} gzip (first load of this route in all)`);
