// Finds the platform's services by convention: a workspace under services/ whose package.json
// has an "onenet" block naming the service and the PostgreSQL schema it owns.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceEntry {
  /** URL segment and NATS name, e.g. deputy-registry */
  name: string;
  /** PostgreSQL schema the service owns, e.g. registry */
  schema: string;
  dir: string;
}

export function discoverServices(repoRoot: string): ServiceEntry[] {
  const root = join(repoRoot, 'services');
  if (!existsSync(root)) return [];
  const entries: ServiceEntry[] = [];
  for (const folder of readdirSync(root).sort()) {
    const manifest = join(root, folder, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { onenet?: { service?: string; schema?: string } };
    if (!pkg.onenet?.service || !pkg.onenet.schema) continue;
    entries.push({ name: pkg.onenet.service, schema: pkg.onenet.schema, dir: join(root, folder) });
  }
  return entries;
}
