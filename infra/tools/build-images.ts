// Builds every image of the platform: one per service found in services/ (service.Dockerfile with
// SERVICE=<name>) and the portal (portal.Dockerfile), tagged <registry>/<name>:<tag>.
//
//   npm run -w infra build-images -- [--registry R] [--tag T] [--push] [--dry-run]
//
// It needs a Docker engine with BuildKit (docker buildx); --dry-run prints the commands only.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { discoverServices } from '@onenet/kit/discovery';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ImageBuild {
  image: string;
  dockerfile: string;
  args: Record<string, string>;
}

/** What is built: every service, then the portal. */
export function imageBuilds(registry: string, tag: string): ImageBuild[] {
  return [
    ...discoverServices(repoRoot).map((s) => ({ image: `${registry}/${s.name}:${tag}`, dockerfile: 'infra/docker/service.Dockerfile', args: { SERVICE: s.name } })),
    { image: `${registry}/portal:${tag}`, dockerfile: 'infra/docker/portal.Dockerfile', args: {} },
  ];
}

/** The docker command line of one build (context: the repository root). */
export function buildCommand(build: ImageBuild, push: boolean): string[] {
  return [
    'docker', 'buildx', 'build',
    '--file', build.dockerfile,
    ...Object.entries(build.args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    '--tag', build.image,
    push ? '--push' : '--load',
    '.',
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      registry: { type: 'string', default: process.env.IMAGE_REGISTRY ?? 'onenet' },
      tag: { type: 'string', default: process.env.IMAGE_TAG ?? 'dev' },
      push: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  for (const build of imageBuilds(values.registry, values.tag)) {
    const command = buildCommand(build, values.push);
    console.warn(command.join(' '));
    if (values['dry-run']) continue;
    const result = spawnSync(command[0]!, command.slice(1), { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`failed: ${build.image}${result.error ? ` (${result.error.message})` : ''}`);
      process.exit(result.status ?? 1);
    }
  }
}
