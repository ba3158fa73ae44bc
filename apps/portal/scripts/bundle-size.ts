// The production build's JavaScript per route, gzip: what a phone downloads to show a page
// (the entry, the app, the language, the route's own chunk and every chunk they import
// statically), and in how many files (each a request: the edge speaks HTTP/1.1).
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
const dynamicKeys = manifest[entryKey]?.dynamicImports ?? [];
// The shell: the entry (auth, i18n), the app and React DOM it imports while the sign-in check runs, and the
// first language's chunks (messages, antd's and dayjs's texts; zh-CN unless the user chose English).
const isLanguage = (key: string) => /\/(zh-CN|en)\.ts$|locale\/(zh_CN|en_US|zh-cn)\.js$/.test(key);
const isZh = (key: string) => /\/zh-CN\.ts$|locale\/(zh_CN|zh-cn)\.js$/.test(key);
const shellKeys = [entryKey, ...dynamicKeys.filter((k) => /\/App\.tsx$|react-dom\/client\.js$/.test(k)), ...Object.keys(manifest).filter(isZh)];
const shellFiles = closure(shellKeys);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const js = (files: Set<string>) => [...files].filter((f) => f.endsWith('.js'));
const sum = (files: Set<string>) => js(files).reduce((s, f) => s + gz(f), 0);

console.log(`entry (auth, i18n): ${kb(sum(closure([entryKey])))} gzip; shell with the app (antd, router) and the language: ${kb(sum(shellFiles))} gzip in ${js(shellFiles).length} files`);
const routeKeys = new Set<string>();
for (const chunk of Object.values(manifest)) {
  if (!shellFiles.has(chunk.file)) continue;
  for (const dynamic of chunk.dynamicImports ?? []) if (!shellKeys.includes(dynamic) && !isLanguage(dynamic)) routeKeys.add(dynamic);
}
// A workspace page always comes with the workspace layout.
const layoutKey = [...routeKeys].find((k) => k.endsWith('/WorkLayout.tsx'));
const rows: [string, number, number][] = [];
for (const key of routeKeys) {
  const withLayout = layoutKey && key !== layoutKey && /\/pages\/(deputy|staff|suggestions|leader|work)\//.test(key);
  const files = closure(withLayout ? [layoutKey, key] : [key], new Set(shellFiles));
  rows.push([`${key.replace(/^src\//, '')}${withLayout ? ' + layout' : ''}`, sum(files), js(files).length]);
}
for (const [route, size, count] of rows.sort((a, b) => a[1] - b[1])) console.log(`  ${route.padEnd(45)} ${kb(size)} gzip in ${count} files (first load of this route in all)`);
