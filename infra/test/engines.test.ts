// The engines beside the chart: the realm Keycloak imports (generated from infra/keycloak), the
// PostgreSQL cluster's roles and backups, and the values of the official NATS chart (which cannot
// be rendered here: its chart is not on npm, so the values it reads are checked instead).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { discoverServices } from '@onenet/kit/discovery';
import { expectedRealmFiles } from '../keycloak/realm-import.ts';
import { ENGINES_CHART, PLATFORM_CHART, SIZES, infraDir, ofKind, render, repoRoot } from './render.ts';

const services = discoverServices(repoRoot);
const chartValues = (size: string) => {
  const base = parse(readFileSync(join(PLATFORM_CHART, 'values.yaml'), 'utf8'));
  const over = parse(readFileSync(join(PLATFORM_CHART, `values-${size}.yaml`), 'utf8'));
  return { ...base, ...over, nats: { ...base.nats, ...over.nats }, publicUrl: over.publicUrl ?? base.publicUrl };
};

describe('the realm Keycloak imports', () => {
  it.each(expectedRealmFiles().map((f) => [f.file.replace(infraDir, 'infra/'), f] as const))('%s is generated from infra/keycloak/realm-onenet.json and not stale (npx node infra/keycloak/realm-import.ts)', (_name, { file, content }) => {
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it.each(SIZES)('carries the installation’s public URL, no demo user, and no password grant (%s)', (size) => {
    const imports = ofKind(render(ENGINES_CHART, size), 'KeycloakRealmImport');
    expect(imports).toHaveLength(1);
    const realm = imports[0]!.spec.realm;
    const publicUrl = chartValues(size).publicUrl as string;
    expect(realm.realm).toBe('onenet');
    expect(JSON.stringify(realm)).not.toContain('localhost');
    const portal = realm.clients.find((c: { clientId: string }) => c.clientId === 'portal');
    expect(portal.redirectUris).toEqual([`${publicUrl}/*`]);
    expect(portal.webOrigins).toEqual([publicUrl]);
    expect(realm.clients.find((c: { clientId: string }) => c.clientId === 'cli').enabled).toBe(false);
    expect(realm.users).toBeUndefined();
    expect(realm.sslRequired).toBe('external');
    // The issuer the services verify is the realm at the same public URL.
    const d = ofKind(render(PLATFORM_CHART, size), 'Deployment').find((o) => o.metadata.name === `onenet-${services[0]!.name}`)!;
    expect(d.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'OIDC_ISSUER').value).toBe(`${publicUrl}/realms/${realm.realm}`);
    const kc = ofKind(render(ENGINES_CHART, size), 'Keycloak')[0]!;
    expect(kc.spec.hostname.hostname).toBe(publicUrl);
  });
});

describe('PostgreSQL', () => {
  it.each(SIZES)('has a runtime role for every service’s schema, whose password Secret the platform chart reads (%s)', (size) => {
    const cluster = ofKind(render(ENGINES_CHART, size), 'Cluster')[0]!;
    const roles = cluster.spec.managed.roles as Array<{ name: string; bypassrls: boolean; superuser: boolean; passwordSecret: { name: string } }>;
    const deployments = ofKind(render(PLATFORM_CHART, size), 'Deployment');
    for (const service of services) {
      const role = roles.find((r) => r.name === `${service.schema}_app`);
      expect(role, service.schema).toBeDefined();
      expect(role!.bypassrls).toBe(false);
      expect(role!.superuser).toBe(false);
      const env = deployments.find((d) => d.metadata.name === `onenet-${service.name}`)!.spec.template.spec.containers[0].env;
      expect(env.find((e: { name: string }) => e.name === 'DATABASE_PASSWORD').valueFrom.secretKeyRef.name).toBe(role!.passwordSecret.name);
      expect(env.find((e: { name: string }) => e.name === 'DATABASE_URL').value).toMatch(new RegExp(`^postgres://${service.schema}_app:\\$\\(DATABASE_PASSWORD\\)@onenet-pg-pooler-rw:5432/onenet$`));
    }
  });

  it.each(SIZES)('archives WAL and takes daily backups to object storage, with a pooler for the services (%s)', (size) => {
    const objects = render(ENGINES_CHART, size);
    const cluster = ofKind(objects, 'Cluster')[0]!;
    expect(cluster.spec.plugins).toEqual([{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'onenet-pg-backups' } }]);
    expect(ofKind(objects, 'ObjectStore')[0]!.metadata.name).toBe('onenet-pg-backups');
    const backup = ofKind(objects, 'ScheduledBackup')[0]!;
    expect(backup.spec).toMatchObject({ method: 'plugin', cluster: { name: 'onenet-pg' }, pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' } });
    expect(backup.spec.schedule.split(' ')).toHaveLength(6);
    const pooler = ofKind(objects, 'Pooler')[0]!;
    expect(pooler.metadata.name).toBe('onenet-pg-pooler-rw');
    // The outbox relay LISTENs: transaction pooling would silence its notifications.
    expect(pooler.spec.pgbouncer.poolMode).toBe('session');
    expect(cluster.spec.instances).toBeGreaterThanOrEqual(2);
    if (size === 'large') expect(cluster.spec.postgresql.synchronous).toMatchObject({ method: 'any', number: 1, dataDurability: 'required' });
  });

  it.each(SIZES)('has connections enough for every replica at its largest, within max_connections (%s)', (size) => {
    const platform = chartValues(size);
    const engines = render(ENGINES_CHART, size);
    const pooler = ofKind(engines, 'Pooler')[0]!;
    const cluster = ofKind(engines, 'Cluster')[0]!;
    const keycloak = ofKind(engines, 'Keycloak')[0]!;
    const poolSize = Number(pooler.spec.pgbouncer.parameters.default_pool_size);
    const hpas = ofKind(render(PLATFORM_CHART, size), 'HorizontalPodAutoscaler').filter((h) => h.metadata.name !== 'onenet-portal');
    // A replica opens its pool plus the outbox relay's LISTEN connection; in session mode each
    // client holds a server connection, per database user (one per service).
    const clients = hpas.map((h) => h.spec.maxReplicas * (Number(platform.databasePoolMax) + 1));
    for (const c of clients) expect(poolSize * pooler.spec.instances).toBeGreaterThanOrEqual(c);
    expect(Number(pooler.spec.pgbouncer.parameters.max_client_conn)).toBeGreaterThanOrEqual(clients.reduce((a, b) => a + b, 0));
    const server = poolSize * hpas.length * pooler.spec.instances + keycloak.spec.db.poolMaxSize * keycloak.spec.instances;
    // Reserve: superuser connections, replication, the migration jobs.
    expect(server + 20).toBeLessThanOrEqual(Number(cluster.spec.postgresql.parameters.max_connections));
  });
});

describe('the OpenTelemetry Collector', () => {
  it.each(SIZES)('receives OTLP/HTTP where the services send it and forwards every signal to the backend (%s)', (size) => {
    const objects = render(ENGINES_CHART, size);
    const config = parse(ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'onenet-otel-collector')!.data!['config.yaml']!) as {
      receivers: Record<string, { protocols: { http: { endpoint: string } } }>;
      processors: Record<string, unknown>;
      exporters: Record<string, { endpoint?: string }>;
      extensions: Record<string, unknown>;
      service: { extensions: string[]; pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
    };
    expect(Object.keys(config.service.pipelines).sort()).toEqual(['logs', 'metrics', 'traces']);
    for (const pipeline of Object.values(config.service.pipelines)) {
      for (const r of pipeline.receivers) expect(config.receivers[r]).toBeDefined();
      for (const p of pipeline.processors) expect(config.processors[p]).toBeDefined();
      for (const e of pipeline.exporters) expect(config.exporters[e]?.endpoint).toMatch(/^https:\/\//);
      expect(pipeline.processors[0]).toBe('memory_limiter');
    }
    for (const e of config.service.extensions) expect(config.extensions[e]).toBeDefined();
    const port = Number(config.receivers.otlp!.protocols.http.endpoint.split(':')[1]);
    const endpoint = new URL(ofKind(render(PLATFORM_CHART, size), 'Deployment').find((d) => d.metadata.name === `onenet-${services[0]!.name}`)!
      .spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT').value);
    expect(Number(endpoint.port)).toBe(port);
    const service = ofKind(objects, 'Service').find((s) => s.metadata.name === endpoint.hostname)!;
    expect(service.spec.ports.map((p: { port: number }) => p.port)).toContain(port);
  });
});

describe('NATS (values of the official chart)', () => {
  const read = (file: string) => parse(readFileSync(join(infraDir, 'engines', 'nats', file), 'utf8'));
  const base = read('values.yaml');

  it('is a JetStream cluster of three on volumes, non-root, read-only, with limits', () => {
    expect(base.config.cluster).toEqual({ enabled: true, replicas: 3 });
    expect(base.config.jetstream.enabled).toBe(true);
    expect(base.config.jetstream.fileStore.pvc.enabled).toBe(true);
    expect(base.config.jetstream.memoryStore.enabled).toBe(false);
    expect(base.container.merge.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(base.container.merge.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(base.podTemplate.merge.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it.each(SIZES)('holds a replica of every stream at its largest on each server (%s)', (size) => {
    const platform = chartValues(size);
    expect(platform.nats.replicas).toBeLessThanOrEqual(base.config.cluster.replicas);
    expect(platform.nats.url).toBe('nats://onenet-nats:4222');
    const pvc = (read(`values-${size}.yaml`).config?.jetstream?.fileStore?.pvc?.size ?? base.config.jetstream.fileStore.pvc.size) as string;
    const gib = Number(pvc.replace(/Gi$/, '')) * (pvc.endsWith('Ti') ? 1024 : 1);
    expect(gib).toBeGreaterThanOrEqual(platform.nats.streams.length * platform.nats.maxGiBPerStream);
  });
});
