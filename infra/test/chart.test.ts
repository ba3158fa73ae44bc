// The platform's chart and the engines chart: Helm accepts them, every object they render is valid
// Kubernetes 1.34 (unknown fields rejected), and the rules regional IT relies on hold for both sizes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamFor, events } from '@onenet/contracts';
import { discoverServices } from '@onenet/kit/discovery';
import { ensureHelm, helm } from '../tools/helm.ts';
import '../tools/crds.ts';
import { validateObject } from '../tools/k8s-schema.ts';
import { ENGINES_CHART, PLATFORM_CHART, SIZES, ofKind, podSpecs, render, repoRoot, type K8sObject } from './render.ts';

const services = discoverServices(repoRoot);
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

beforeAll(() => {
  ensureHelm();
}, 180_000);

describe.each([PLATFORM_CHART, ENGINES_CHART])('%s', (chart) => {
  it.each(SIZES)('helm lint --strict passes with values-%s.yaml', (size) => {
    const result = helm(['lint', chart, '--strict', '-f', `${chart}/values-${size}.yaml`]);
    expect(result.stderr + result.stdout).toContain('0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  it.each(SIZES)('every object rendered with values-%s.yaml is valid against the Kubernetes 1.34 API and the operators’ resources', (size) => {
    const objects = render(chart, size);
    expect(objects.length).toBeGreaterThan(5);
    const invalid = objects.map((o) => ({ object: `${o.kind}/${o.metadata.name}`, errors: validateObject(o) })).filter((r) => r.errors.length > 0);
    expect(invalid).toEqual([]);
  });

  it.each(SIZES)('installs (helm install --dry-run=client) with values-%s.yaml, hooks and notes included', (size) => {
    const result = helm(['install', 'onenet-check', chart, '--dry-run=client', '--namespace', 'onenet', '-f', `${chart}/values-${size}.yaml`]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('STATUS: pending-install');
  });

  it('holds no Secret and no secret value: every credential is a reference to a Secret', () => {
    const templates = readdirSync(join(chart, 'templates')).map((f) => readFileSync(join(chart, 'templates', f), 'utf8'));
    expect(templates.filter((t) => /^kind:\s*Secret\b/m.test(t))).toEqual([]);
    for (const size of SIZES) {
      const objects = render(chart, size);
      expect(ofKind(objects, 'Secret')).toEqual([]);
      for (const { owner, spec } of podSpecs(objects)) {
        for (const container of spec.containers) {
          for (const env of container.env ?? []) {
            const where = `${owner} ${container.name} ${env.name}`;
            if (/(PASSWORD|SECRET|TOKEN|KEY|AUTHORIZATION)$/.test(env.name)) expect(env.valueFrom?.secretKeyRef, where).toBeDefined();
            // A URL with credentials may only interpolate them from a secret-backed variable.
            if (typeof env.value === 'string') expect(env.value, where).not.toMatch(/:\/\/[^/:@]+:(?!\$\()[^@]+@/);
          }
        }
      }
    }
  });
});

describe('the rules every workload follows', () => {
  const all = (size: (typeof SIZES)[number]) => [...render(PLATFORM_CHART, size), ...render(ENGINES_CHART, size)];

  it.each(SIZES)('every container runs as non-root with a read-only root filesystem, no privilege escalation, and limits (%s)', (size) => {
    const problems: string[] = [];
    for (const { owner, spec } of podSpecs(all(size))) {
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        const where = `${owner}/${c.name}`;
        const nonRoot = c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot;
        const uid = c.securityContext?.runAsUser ?? spec.securityContext?.runAsUser;
        if (nonRoot !== true || uid === 0) problems.push(`${where}: may run as root`);
        if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem writable`);
        if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation allowed`);
        if (!c.securityContext?.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities not dropped`);
        if (!c.resources?.limits?.cpu || !c.resources?.limits?.memory) problems.push(`${where}: no cpu and memory limits`);
        if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) problems.push(`${where}: no cpu and memory requests`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(SIZES)('every Deployment has liveness and readiness probes, a PodDisruptionBudget, an autoscaler and a NetworkPolicy (%s)', (size) => {
    const objects = all(size);
    const problems: string[] = [];
    for (const d of ofKind(objects, 'Deployment')) {
      const labels: Record<string, string> = d.spec.template.metadata.labels;
      const where = d.metadata.name;
      for (const c of d.spec.template.spec.containers) {
        if (!c.livenessProbe || !c.readinessProbe) problems.push(`${where}/${c.name}: probes missing`);
      }
      if (!ofKind(objects, 'PodDisruptionBudget').some((p) => matches(p.spec.selector.matchLabels, labels))) problems.push(`${where}: no PodDisruptionBudget`);
      if (d.metadata.labels?.['app.kubernetes.io/part-of'] === 'onenet') {
        if (!ofKind(objects, 'HorizontalPodAutoscaler').some((h) => h.spec.scaleTargetRef.name === d.metadata.name)) problems.push(`${where}: no HorizontalPodAutoscaler`);
        const own = ofKind(objects, 'NetworkPolicy').filter((n) => matches(n.spec.podSelector.matchLabels ?? {}, labels) && Object.keys(n.spec.podSelector.matchLabels).includes('app.kubernetes.io/name'));
        if (own.length !== 1) problems.push(`${where}: ${own.length} NetworkPolicies of its own, not 1`);
        if (d.spec.strategy?.rollingUpdate?.maxUnavailable !== 0) problems.push(`${where}: a rollout may take a pod away before its successor is ready`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a service is probed at /healthz for liveness and /readyz for readiness, on the port it serves', () => {
    for (const entry of services) {
      const d = ofKind(render(PLATFORM_CHART, 'large'), 'Deployment').find((o) => o.metadata.name === `onenet-${entry.name}`)!;
      const c = d.spec.template.spec.containers[0];
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(c.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.env.find((e: { name: string }) => e.name === 'PORT').value).toBe(String(c.ports[0].containerPort));
    }
  });

  it('keeps files on a shared volume when files.backend=local, valid as well', () => {
    const objects = render(PLATFORM_CHART, 'small', ['--set', 'files.backend=local']);
    expect(objects.flatMap((o) => validateObject(o))).toEqual([]);
    const claim = ofKind(objects, 'PersistentVolumeClaim')[0]!;
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const entry of services) {
      const pod = ofKind(objects, 'Deployment').find((o) => o.metadata.name === `onenet-${entry.name}`)!.spec.template.spec;
      expect(pod.volumes.find((v: { name: string }) => v.name === 'files').persistentVolumeClaim.claimName).toBe(claim.metadata.name);
      expect(pod.containers[0].env.find((e: { name: string }) => e.name === 'FILES_BACKEND').value).toBe('local');
    }
  });

  it('opens the issuer’s public address on 443 only, when it is outside the cluster', () => {
    const objects = render(PLATFORM_CHART, 'small', ['--set', 'keycloak.publicAddressCidrs={10.20.30.40/32}']);
    expect(objects.flatMap((o) => validateObject(o))).toEqual([]);
    for (const entry of services) {
      const policy = ofKind(objects, 'NetworkPolicy').find((n) => n.metadata.name === `onenet-${entry.name}`)!;
      const external = policy.spec.egress.filter((r: { to: Array<{ ipBlock?: unknown }> }) => r.to.some((p) => p.ipBlock));
      expect(external).toEqual([{ to: [{ ipBlock: { cidr: '10.20.30.40/32' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    }
    const portal = ofKind(objects, 'NetworkPolicy').find((n) => n.metadata.name === 'onenet-portal')!;
    expect(portal.spec.egress).toEqual([]);
  });

  it('a default-deny policy covers every pod of the release', () => {
    const objects = render(PLATFORM_CHART, 'small');
    const deny = ofKind(objects, 'NetworkPolicy').find((n) => n.metadata.name === 'onenet-default-deny')!;
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(deny.spec.ingress).toBeUndefined();
    expect(deny.spec.egress).toBeUndefined();
    for (const { owner, labels } of podSpecs(objects)) expect(matches(deny.spec.podSelector.matchLabels, labels), owner).toBe(true);
  });

  it('the large installation scales further than the small one', () => {
    for (const entry of services) {
      const hpa = (size: 'small' | 'large') => ofKind(render(PLATFORM_CHART, size), 'HorizontalPodAutoscaler').find((h) => h.metadata.name === `onenet-${entry.name}`)!.spec;
      expect(hpa('small').minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa('large').maxReplicas).toBeGreaterThan(hpa('small').maxReplicas);
    }
  });
});

describe('what the chart carries for each service found in services/', () => {
  const objects = render(PLATFORM_CHART, 'large');
  const hooks = (o: K8sObject) => o.metadata.annotations?.['helm.sh/hook'] ?? '';

  it('finds the services', () => {
    expect(services.map((s) => s.name).sort()).toEqual(['deputy-registry', 'suggestions']);
  });

  it.each(services.map((s) => [s.name, s] as const))('%s: a Deployment with the secrets its package.json declares, taken from Secrets', (name, entry) => {
    const d = ofKind(objects, 'Deployment').find((o) => o.metadata.name === `onenet-${name}`);
    expect(d).toBeDefined();
    const env = d!.spec.template.spec.containers[0].env as Array<{ name: string; valueFrom?: { secretKeyRef?: unknown } }>;
    for (const secret of entry.secrets) expect(env.find((e) => e.name === secret)?.valueFrom?.secretKeyRef, secret).toBeDefined();
    const names = env.map((e) => e.name);
    for (const required of ['DATABASE_URL', 'NATS_URL', 'OIDC_ISSUER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'NODE_ENV']) expect(names).toContain(required);
    // Only the migration Job holds the schema owner's credentials; the pods leave migrating to it.
    expect(names).not.toContain('MIGRATION_DATABASE_URL');
    expect(env.find((e) => e.name === 'MIGRATE_ON_START')).toMatchObject({ value: 'false' });
  });

  it.each(services.map((s) => [s.name, s] as const))('%s: a migration Job before install and upgrade, running `migrate` as the schema owner', (name) => {
    const job = ofKind(objects, 'Job').find((o) => o.metadata.name === `onenet-${name}-migrate`)!;
    expect(hooks(job)).toBe('pre-install,pre-upgrade');
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toMatch(new RegExp(`/${name}:`));
    expect(container.args).toEqual(['migrate']);
    expect(container.env.find((e: { name: string }) => e.name === 'MIGRATION_DATABASE_URL').valueFrom.secretKeyRef).toEqual({ name: 'onenet-pg-app', key: 'uri' });
    // What a hook job needs exists before it: same hook, lower weight.
    const sa = ofKind(objects, 'ServiceAccount').find((o) => o.metadata.name === job.spec.template.spec.serviceAccountName)!;
    expect(hooks(sa)).toBe('pre-install,pre-upgrade');
    expect(Number(sa.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations!['helm.sh/hook-weight']));
  });

  it.each(services.map((s) => [s.name] as const))('%s: an Ingress at /api/<service>/ with the prefix stripped, as the local edge does', (name) => {
    const ingress = ofKind(objects, 'Ingress').find((o) => o.metadata.name === `onenet-${name}`)!;
    const path = ingress.spec.rules[0].http.paths[0];
    expect(path.path).toBe(`/api/${name}(/|$)(.*)`);
    expect(path.backend.service.name).toBe(`onenet-${name}`);
    expect(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/rewrite-target']).toBe('/$2');
    expect(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/x-forwarded-prefix']).toBe(`/api/${name}`);
    const re = new RegExp(`^${path.path}`);
    expect(`/api/${name}/openapi.json`.replace(re, '/$2')).toBe('/openapi.json');
    expect(`/api/${name}`.replace(re, '/$2')).toBe('/');
  });

  it('the portal at /, Keycloak at /realms/ on the same host', () => {
    const portal = ofKind(objects, 'Ingress').find((o) => o.metadata.name === 'onenet-portal')!;
    expect(portal.spec.rules[0].http.paths).toEqual([{ path: '/', pathType: 'Prefix', backend: { service: { name: 'onenet-portal', port: { name: 'http' } } } }]);
    const keycloak = ofKind(render(ENGINES_CHART, 'large'), 'Ingress')[0]!;
    expect(keycloak.spec.rules[0].host).toBe(portal.spec.rules[0].host);
    expect(keycloak.spec.rules[0].http.paths.map((p: { path: string }) => p.path)).toContain('/realms/');
  });

  it('creates one replicated JetStream stream per producing service of the event catalogue, before the services start', () => {
    const expected = [...new Map(events.map((e) => [e.stream.name, streamFor(e.service)])).values()].sort((a, b) => a.name.localeCompare(b.name));
    const config = ofKind(objects, 'ConfigMap').find((o) => o.metadata.name === 'onenet-streams')!;
    const streams = Object.values(config.data!).map((json) => JSON.parse(json) as { name: string; subjects: string[]; num_replicas: number; storage: string; duplicate_window: number });
    expect(streams.map((s) => ({ name: s.name, subjects: s.subjects })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(expected);
    for (const s of streams) {
      expect(s.num_replicas).toBe(3);
      expect(s.storage).toBe('file');
      // The bus's own default (packages/bus): its ensureStream then leaves the stream as it is.
      expect(s.duplicate_window).toBe(120_000_000_000);
    }
    const job = ofKind(objects, 'Job').find((o) => o.metadata.name === 'onenet-streams')!;
    expect(hooks(job)).toBe('pre-install,pre-upgrade');
  });
});

describe('the strict validator', () => {
  const deployment = () => structuredClone(ofKind(render(PLATFORM_CHART, 'small'), 'Deployment')[0]!);

  it('rejects an unknown field anywhere, not only a wrong type', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].readinessprobe = d.spec.template.spec.containers[0].readinessProbe;
    expect(validateObject(d)).toEqual([{ path: '/spec/template/spec/containers/0', message: 'unknown field "readinessprobe" in V1Container' }]);
  });

  it('rejects a wrong type, a missing required field and a kind the version does not have', () => {
    const d = deployment();
    d.spec.replicas = '2';
    delete d.spec.selector;
    expect(validateObject(d).map((e) => e.message)).toEqual(['expected a number, got string "2"', 'missing required field "selector" of V1DeploymentSpec']);
    expect(validateObject({ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'x' } })[0]!.message).toMatch(/not a kind of Kubernetes v1\.34/);
  });

  it('rejects a field a custom resource does not declare', () => {
    const cluster = structuredClone(ofKind(render(ENGINES_CHART, 'small'), 'Cluster')[0]!);
    cluster.spec.backup = { retentionPolicy: '30d' };
    cluster.spec.postgresql.synchronous = { method: 'all', number: 1 };
    expect(validateObject(cluster).map((e) => e.message)).toEqual(['expected one of any, first, got "all"', 'unknown field "backup" in CnpgClusterSpec']);
  });
});
