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
  /** Environment variables holding the service's own secrets; the launcher generates them. */
  secrets: string[];
}

/** A service's definition, for running it inside the launcher's process (in-process transport). */
export async function loadDefinition(entry: ServiceEntry): Promise<unknown> {
  const module = (await import(join(entry.dir, 'src', 'service.ts'))) as Record<string, unknown>;
  const definition = Object.values(module).find(
    (value) => typeof value === 'object' && value !== null && (value as { name?: unknown }).name === entry.name && 'migrations' in value,
  );
  if (!definition) throw new Error(`${entry.dir}/src/service.ts exports no service definition named ${entry.name}`);
  return definition;
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
    // A service being written may not have its entry point yet; the platform starts without it.
    if (!existsSync(join(root, folder, 'src', 'main.ts'))) continue;
    entries.push({ name: pkg.onenet.service, schema: pkg.onenet.schema, dir: join(root, folder), secrets: pkg.onenet.secrets ?? [] });
  }
  return entries;
}
