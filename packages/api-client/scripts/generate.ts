// npm run -w @onenet/api-client generate   — rewrites src/generated/ from the services' code
// npm run -w @onenet/api-client check      — exit 1 when src/generated/ is stale
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, staleFiles } from './codegen.ts';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageRoot, '../..');
const check = process.argv.includes('--check');

const generation = await generate(repoRoot);
for (const { name, reason } of generation.skipped) console.warn(`skipped ${name}: ${reason}`);

if (check) {
  const stale = staleFiles(packageRoot, generation);
  if (stale.length) {
    console.error(`The API client is stale (a service's API changed): ${stale.join(', ')}\nRun: npm run -w @onenet/api-client generate`);
    process.exit(1);
  }
  console.log(`API client up to date (${generation.files.length} files)`);
} else {
  const dir = join(packageRoot, 'src/generated');
  mkdirSync(dir, { recursive: true });
  const keep = new Set(generation.files.map((f) => f.path.split('/').pop()));
  for (const name of readdirSync(dir)) if (!keep.has(name)) rmSync(join(dir, name));
  for (const file of generation.files) writeFileSync(join(packageRoot, file.path), file.content);
  console.log(`wrote ${generation.files.map((f) => f.path).join(', ')}`);
}
