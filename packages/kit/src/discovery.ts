// The platform's services, found by convention: a workspace under services/ whose package.json
// has an "onenet" block (service name, PostgreSQL schema, secrets) and whose src/service.ts
// exports its definition. The launcher, the client generator and the authorization matrix all
// find services this one way.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceDefinition } from './definition.ts';

export interface ServiceEntry {
  /** URL segment under /api/, NATS name, e.g. deputy-registry */
  name: string;
  /** PostgreSQL schema the service owns, e.g. registry */
  schema: string;
  dir: string;
  /** The module exporting the definition: <dir>/src/service.ts (it may not exist yet). */
  entry: string;
  /** Environment variables holding the service's own secrets; the launcher generates them. */
  secrets: string[];
}

export function discoverServices(repoRoot: string): ServiceEntry[] {
  const root = join(repoRoot, 'services');
  if (!existsSync(root)) return [];
  const entries: ServiceEntry[] = [];
  for (const folder of readdirSync(root).sort()) {
    const manifest = join(root, folder, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { onenet?: { service?: string; schema?: string; secrets?: string[] } };
    if (!pkg.onenet?.service || !pkg.onenet.schema) continue;
    const dir = join(root, folder);
    entries.push({ name: pkg.onenet.service, schema: pkg.onenet.schema, dir, entry: join(dir, 'src', 'service.ts'), secrets: pkg.onenet.secrets ?? [] });
  }
  return entries;
}

function isDefinition(value: unknown, name: string): value is ServiceDefinition {
  const v = value as Partial<ServiceDefinition> | null;
  return typeof v === 'object' && v !== null && v.name === name && typeof v.schema === 'string' && typeof v.migrations === 'object';
}

/** The service's definition: the export of its entry module named like the service. */
export async function loadServiceDefinition(entry: ServiceEntry): Promise<ServiceDefinition> {
  const exports = (await import(pathToFileURL(entry.entry).href)) as Record<string, unknown>;
  const found = Object.values(exports).find((value) => isDefinition(value, entry.name));
  if (!found) throw new Error(`${entry.entry} exports no service definition named "${entry.name}" (defineService({ name: '${entry.name}', … }))`);
  return found;
}
