// The images and docker-compose cannot be built or run here (no Docker engine): these tests read
// every Dockerfile, the compose file and the build script, and assert the rules the images follow.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { discoverServices } from '@onenet/kit/discovery';
import { buildCommand, imageBuilds } from '../tools/build-images.ts';
import { parseDockerfile } from '../tools/dockerfile.ts';
import { PLATFORM_CHART, infraDir, ofKind, render, repoRoot } from './render.ts';

const dockerDir = join(infraDir, 'docker');
const dockerfiles = readdirSync(dockerDir).filter((f) => f.endsWith('.Dockerfile'));
const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const services = discoverServices(repoRoot);
const isExecForm = (args: string) => {
  try {
    return Array.isArray(JSON.parse(args));
  } catch {
    return false;
  }
};

describe.each(dockerfiles)('%s', (file) => {
  const text = readFileSync(join(dockerDir, file), 'utf8');
  const { stages } = parseDockerfile(text);
  const runtime = stages.at(-1)!;
  const last = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).at(-1);

  it('is multi-stage, building on Node 24 LTS — the same Node as the repository’s', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const nodeStages = stages.filter((s) => /^node:/.test(s.from));
    expect(nodeStages.length).toBeGreaterThanOrEqual(2);
    for (const s of nodeStages) expect(s.from).toBe(`node:${rootPackage.devDependencies.node}-trixie-slim`);
    expect(rootPackage.devDependencies.node).toMatch(/^24\./);
  });

  it('runs as a non-root user, on files owned by root (nothing to write but /tmp: the root filesystem is read-only)', () => {
    const user = last('USER')!;
    expect(user, 'a USER in the final stage').toBeDefined();
    const uid = Number(user.args.split(':')[0]);
    expect(Number.isInteger(uid) && uid > 0, `USER ${user.args}`).toBe(true);
    for (const copy of runtime.instructions.filter((i) => i.keyword === 'COPY')) expect(copy.args, `line ${copy.line}`).toMatch(/--chown=root:root/);
    expect(runtime.instructions.filter((i) => i.keyword === 'RUN'), 'no RUN in the runtime stage').toEqual([]);
    expect(runtime.instructions.filter((i) => i.keyword === 'VOLUME')).toEqual([]);
  });

  it('has a health check and lets SIGTERM reach the process (exec form, no shell, no npm in between)', () => {
    const health = last('HEALTHCHECK')!;
    expect(health).toBeDefined();
    expect(isExecForm(health.args.replace(/^.*?CMD\s+/, ''))).toBe(true);
    expect(last('STOPSIGNAL')).toBeDefined();
    for (const keyword of ['ENTRYPOINT', 'CMD']) {
      const instruction = last(keyword);
      if (instruction) expect(isExecForm(instruction.args), `${keyword} ${instruction.args}`).toBe(true);
    }
    expect(text).not.toMatch(/ENTRYPOINT\s+\[\s*"npm"/);
    expect(last('EXPOSE')?.args).toBe('8080');
  });

  it('takes nothing from the network but base images and packages, and no secret', () => {
    expect(text).not.toMatch(/^\s*ADD\s+https?:/m);
    expect(text).not.toMatch(/^\s*(ARG|ENV)\s+\S*(PASSWORD|SECRET|TOKEN|_KEY)\b/m);
    const ignore = readFileSync(join(dockerDir, `${file}.dockerignore`), 'utf8').split('\n');
    for (const pattern of ['**/node_modules', '**/.env', '**/.data', '.git']) expect(ignore).toContain(pattern);
  });
});

// Rendered once, on first use: the first rendering may fetch Helm (or wait for another test
// file fetching it), which on a loaded machine outlasts one test's time limit.
let rendered: ReturnType<typeof render> | undefined;
const smallPlatform = () => (rendered ??= render(PLATFORM_CHART, 'small'));
beforeAll(() => void smallPlatform(), 300_000);

describe('the service image', () => {
  const { stages } = parseDockerfile(readFileSync(join(dockerDir, 'service.Dockerfile'), 'utf8'));
  const runs = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args));
  const runtime = stages.at(-1)!;

  it('installs production dependencies only, of the one service and the workspace packages it uses', () => {
    const install = runs.find((r) => r.includes('npm ci'))!;
    expect(install).toContain('--omit=dev');
    expect(install).toContain('--workspace "services/${SERVICE}"');
    expect(install).toContain('--include-workspace-root=false');
  });

  it('starts the service as its package.json does, with NODE_ENV=production', () => {
    const entrypoint = JSON.parse(runtime.instructions.find((i) => i.keyword === 'ENTRYPOINT')!.args) as string[];
    expect(entrypoint).toEqual(['node', 'src/main.ts']);
    expect(runtime.instructions.find((i) => i.keyword === 'ENV')!.args).toContain('NODE_ENV=production');
    for (const service of services) {
      const pkg = JSON.parse(readFileSync(join(service.dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      expect(pkg.scripts.start, service.name).toBe(entrypoint.join(' '));
      // The chart's migration Job runs the image with args ["migrate"].
      expect(pkg.scripts.migrate, service.name).toBe(`${entrypoint.join(' ')} migrate`);
      expect(existsSync(join(service.dir, 'src', 'main.ts'))).toBe(true);
    }
  });

  it('listens where the chart probes it', () => {
    const env = runtime.instructions.find((i) => i.keyword === 'ENV')!.args;
    expect(env).toContain('PORT=8080');
    const d = ofKind(smallPlatform(), 'Deployment').find((o) => o.metadata.name === `onenet-${services[0]!.name}`)!;
    expect(d.spec.template.spec.containers[0].ports[0].containerPort).toBe(8080);
    expect(d.spec.template.spec.securityContext.runAsUser).toBe(Number(runtime.instructions.find((i) => i.keyword === 'USER')!.args.split(':')[0]));
  });
});

describe('the portal image', () => {
  const { stages } = parseDockerfile(readFileSync(join(dockerDir, 'portal.Dockerfile'), 'utf8'));
  const conf = readFileSync(join(dockerDir, 'nginx', 'portal.conf'), 'utf8');

  it('builds the portal with its own build script and serves dist/ with nginx on 8080 as uid 101', () => {
    const portal = JSON.parse(readFileSync(join(repoRoot, 'apps', 'portal', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(portal.scripts.build).toBe('vite build');
    expect(stages.flatMap((s) => s.instructions).some((i) => i.keyword === 'RUN' && i.args === 'npm run build --workspace apps/portal')).toBe(true);
    expect(stages.at(-1)!.from).toMatch(/^nginxinc\/nginx-unprivileged:/);
    expect(conf).toMatch(/listen 8080;/);
    const d = ofKind(smallPlatform(), 'Deployment').find((o) => o.metadata.name === 'onenet-portal')!;
    expect(d.spec.template.spec.securityContext.runAsUser).toBe(101);
  });

  it('copies into the build what the portal’s build reads outside apps/portal (its tsconfig’s base, the tenant tree)', () => {
    const tsconfig = JSON.parse(readFileSync(join(repoRoot, 'apps', 'portal', 'tsconfig.json'), 'utf8')) as { extends?: string };
    const copies = stages.find((s) => s.name === 'build')!.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args.split(/\s+/)[0]);
    if (tsconfig.extends) expect(copies).toContain(join('apps/portal', tsconfig.extends).replace(/^\.\.\//, ''));
    expect(copies).toContain('infra/keycloak/');
    expect(copies).toContain('packages/');
  });

  it('answers the chart’s probes and falls back to index.html for the app’s routes', () => {
    const d = ofKind(smallPlatform(), 'Deployment').find((o) => o.metadata.name === 'onenet-portal')!;
    const c = d.spec.template.spec.containers[0];
    expect(conf).toContain(`location = ${c.livenessProbe.httpGet.path} `);
    expect(conf).toContain(`location = ${c.readinessProbe.httpGet.path} `);
    expect(conf).toMatch(/try_files \$uri \$uri\/ \/index\.html;/);
    expect(conf).toMatch(/gzip_static on;/);
  });
});

describe('the build script', () => {
  it('builds an image for every service and the portal, with the Dockerfiles tested above', () => {
    const builds = imageBuilds('registry.example.gov.cn/onenet', '1.2.3');
    expect(builds.map((b) => b.image)).toEqual([...services.map((s) => `registry.example.gov.cn/onenet/${s.name}:1.2.3`), 'registry.example.gov.cn/onenet/portal:1.2.3']);
    for (const build of builds) expect(existsSync(join(repoRoot, build.dockerfile)), build.dockerfile).toBe(true);
    expect(buildCommand(builds[0]!, true)).toEqual([
      'docker', 'buildx', 'build', '--file', 'infra/docker/service.Dockerfile', '--build-arg', `SERVICE=${services[0]!.name}`, '--tag', builds[0]!.image, '--push', '.',
    ]);
  });

  it('tags what the chart deploys: <registry>/<name>:<tag>', () => {
    const images = ofKind(smallPlatform(), 'Deployment').map((d) => d.spec.template.spec.containers[0].image as string);
    const built = imageBuilds('registry.example.gov.cn/onenet', '0.1.0').map((b) => b.image);
    for (const image of images) expect(built).toContain(image);
  });
});

describe('docker-compose', () => {
  const compose = parse(readFileSync(join(infraDir, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { image?: string; build?: { dockerfile: string; args?: Record<string, string> }; read_only?: boolean; user?: string; cap_drop?: string[]; security_opt?: string[]; tmpfs?: string[]; environment?: Record<string, string>; ports?: string[]; command?: string[]; deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } }; depends_on?: Record<string, { condition: string }> }>;
  };
  const text = readFileSync(join(infraDir, 'compose.yaml'), 'utf8');
  const ours = Object.entries(compose.services).filter(([, s]) => /\/(portal|[a-z-]+):/.test(s.image ?? '') && (s.image ?? '').startsWith('${IMAGE_REGISTRY'));

  it('runs the platform’s images hardened: non-root, read-only root filesystem, /tmp in memory, no capabilities, limits', () => {
    expect(ours.map(([name]) => name).sort()).toEqual([...services.flatMap((s) => [s.name, `${s.name}-migrate`]), 'edge'].sort());
    for (const [name, s] of ours) {
      expect(s.read_only, name).toBe(true);
      expect(Number(s.user!.split(':')[0]), name).toBeGreaterThan(0);
      expect(s.cap_drop, name).toEqual(['ALL']);
      expect(s.security_opt, name).toContain('no-new-privileges:true');
      expect(s.tmpfs?.[0], name).toMatch(/^\/tmp/);
      if (!name.endsWith('-migrate')) expect(s.deploy?.resources?.limits?.memory, name).toBeDefined();
    }
  });

  it('mirrors the chart: each service with the chart’s environment, migrated first, and only the edge published', () => {
    const deployments = ofKind(smallPlatform(), 'Deployment');
    for (const service of services) {
      const chartEnv = (deployments.find((d) => d.metadata.name === `onenet-${service.name}`)!.spec.template.spec.containers[0].env as Array<{ name: string }>)
        .map((e) => e.name)
        // Only there to build DATABASE_URL from a Secret in Kubernetes.
        .filter((name) => name !== 'DATABASE_PASSWORD');
      const composeEnv = Object.keys(compose.services[service.name]!.environment!);
      expect(composeEnv.sort(), service.name).toEqual(expect.arrayContaining(chartEnv.sort()));
      expect(compose.services[`${service.name}-migrate`]!.command).toEqual(['migrate']);
      expect(compose.services[service.name]!.depends_on![`${service.name}-migrate`]).toEqual({ condition: 'service_completed_successfully' });
      expect(compose.services[`${service.name}-migrate`]!.build).toEqual({ context: '..', dockerfile: 'infra/docker/service.Dockerfile', args: { SERVICE: service.name } });
    }
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.length).map(([name]) => name);
    expect(published).toEqual(['edge']);
  });

  it('routes the same paths as the local edge and the Ingress', () => {
    const edge = readFileSync(join(dockerDir, 'nginx', 'edge.conf'), 'utf8');
    for (const service of services) {
      // proxy_pass with a URI part replaces the location prefix: /api/<service>/x reaches the service as /x.
      expect(edge).toMatch(new RegExp(`location /api/${service.name}/ \\{[^}]*X-Forwarded-Prefix /api/${service.name};[^}]*proxy_pass http://${service.name}:8080/;`));
    }
    expect(edge).toMatch(/location \/realms\/ \{\s*proxy_pass http:\/\/keycloak:8080;/);
    expect(edge).toMatch(/location \/ \{[^}]*try_files \$uri \$uri\/ \/index\.html;/);
  });

  it('gives the browser and the services one issuer URL, which the services can reach and the realm allows', () => {
    const keycloak = compose.services.keycloak as unknown as { environment: Record<string, string>; volumes: string[] };
    for (const [name, s] of ours.filter(([n]) => n !== 'edge' && !n.endsWith('-migrate'))) {
      const issuer = new URL(s.environment!.OIDC_ISSUER!);
      expect(`${issuer.origin}`, name).toBe(keycloak.environment.KC_HOSTNAME);
      expect((s as { extra_hosts?: string[] }).extra_hosts, name).toContain(`${issuer.hostname}:host-gateway`);
      expect(compose.services.edge!.ports, name).toContain(`${issuer.port}:8080`);
    }
    const realmFile = keycloak.volumes.find((v) => v.endsWith(':/opt/keycloak/data/import/onenet-realm.json:ro'))!.split(':')[0]!;
    const realm = JSON.parse(readFileSync(join(infraDir, realmFile), 'utf8')) as { clients: Array<{ clientId: string; redirectUris?: string[] }>; users?: unknown };
    expect(realm.clients.find((c) => c.clientId === 'portal')!.redirectUris).toEqual([`${keycloak.environment.KC_HOSTNAME}/*`]);
    expect(realm.users).toBeUndefined();
  });

  it('holds no secret: each is a required variable from the env file', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (/(PASSWORD|SECRET|_KEY)$/.test(key) && key !== 'S3_ACCESS_KEY_ID') expect(String(value), `${name} ${key}`).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
        if (typeof value === 'string' && /:\/\/[^/:@]+:[^@]+@/.test(value)) expect(value, `${name} ${key}`).toMatch(/:\$\{[A-Z_]+:\?[^}]+\}@/);
      }
    }
    expect(text).not.toMatch(/password:\s*["']?[a-z0-9]/i);
  });
});
