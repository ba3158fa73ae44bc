// The NetworkPolicies, read as a graph: which pod may open a connection to which. The rendered
// policies are evaluated with Kubernetes' semantics (a pod selected by a policy of a direction
// admits only what some rule of such a policy allows; both ends must allow) over the platform's
// pods and the engines' pods as their operators label them, and the edges found must be exactly
// the ones the services' own configuration implies: each URL-valued variable a service reads and
// the chart sets names where it connects, and nothing else (services talk to each other over NATS
// only, so no service reaches another one directly).
import { describe, expect, it } from 'vitest';
import type { TObject } from 'typebox';
import { configSchemaOf } from '@onenet/kit';
import { discoverServices, loadServiceDefinition } from '@onenet/kit/discovery';
import { ENGINES_CHART, NAMESPACE, PLATFORM_CHART, SIZES, ofKind, render, repoRoot, type K8sObject } from './render.ts';

interface Port {
  port: number;
  protocol: 'TCP' | 'UDP';
  name?: string;
}
interface Pod {
  id: string;
  namespace: string;
  labels: Record<string, string>;
  ports: Port[];
}

const tcp = (port: number, name?: string): Port => ({ port, protocol: 'TCP', name });

/** The engines' pods, labelled as their operators and charts label them. */
function enginePods(engines: K8sObject[]): Pod[] {
  const otel = ofKind(engines, 'Deployment').find((d) => d.metadata.name === 'onenet-otel-collector')!;
  return [
    { id: 'postgres', namespace: NAMESPACE, labels: { 'cnpg.io/cluster': 'onenet-pg', 'cnpg.io/podRole': 'instance', 'cnpg.io/instanceName': 'onenet-pg-1', role: 'primary' }, ports: [tcp(5432, 'postgresql'), tcp(8000, 'status')] },
    { id: 'pg-pooler', namespace: NAMESPACE, labels: { 'cnpg.io/cluster': 'onenet-pg', 'cnpg.io/poolerName': 'onenet-pg-pooler-rw', 'cnpg.io/podRole': 'pooler' }, ports: [tcp(5432, 'pgbouncer')] },
    { id: 'nats', namespace: NAMESPACE, labels: { 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/instance': 'onenet-nats', 'app.kubernetes.io/component': 'nats' }, ports: [tcp(4222, 'nats'), tcp(6222, 'cluster'), tcp(8222, 'monitor')] },
    { id: 'keycloak', namespace: NAMESPACE, labels: { app: 'keycloak', 'app.kubernetes.io/instance': 'onenet-keycloak', 'app.kubernetes.io/managed-by': 'keycloak-operator' }, ports: [tcp(8080, 'http'), tcp(9000, 'management')] },
    { id: 'otel-collector', namespace: NAMESPACE, labels: otel.spec.template.metadata.labels, ports: [tcp(4318, 'otlp-http'), tcp(4317, 'otlp-grpc')] },
    { id: 'ingress-controller', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' }, ports: [tcp(443, 'https'), tcp(80, 'http')] },
    { id: 'object-store', namespace: 'object-storage', labels: { 'app.kubernetes.io/name': 'minio', 'app.kubernetes.io/instance': 'minio' }, ports: [tcp(9000, 'api'), tcp(9001, 'console')] },
    { id: 'dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, protocol: 'UDP', name: 'dns' }, tcp(53, 'dns-tcp')] },
    { id: 'outsider', namespace: 'default', labels: { app: 'something-else' }, ports: [tcp(8080, 'http'), tcp(443, 'https')] },
  ];
}

/** The chart's own pods: one per Deployment and per Job. */
function chartPods(objects: K8sObject[]): Pod[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({
      id: o.metadata.name,
      namespace: NAMESPACE,
      labels: o.spec.template.metadata.labels,
      ports: o.spec.template.spec.containers.flatMap((c: { ports?: Array<{ containerPort: number; name?: string; protocol?: 'TCP' | 'UDP' }> }) =>
        (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP', name: p.name })),
      ),
    }));
}

const matchLabels = (selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined, labels: Record<string, string>) => {
  if (selector?.matchExpressions?.length) throw new Error('matchExpressions are not evaluated here: use matchLabels');
  return Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
};

interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: unknown;
}

function peerMatches(peer: Peer, policyNamespace: string, pod: Pod): boolean {
  if (peer.ipBlock) throw new Error('ipBlock peers are not evaluated here');
  const namespaceOk = peer.namespaceSelector ? matchLabels(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace }) : pod.namespace === policyNamespace;
  return namespaceOk && (!peer.podSelector || matchLabels(peer.podSelector, pod.labels));
}

function portMatches(rulePorts: Array<{ port?: number | string; protocol?: string }> | undefined, port: Port): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((r) => (r.protocol ?? 'TCP') === port.protocol && (r.port === undefined || r.port === port.port || (typeof r.port === 'string' && r.port === port.name)));
}

/** Whether `policies` let `from` open a connection to `to` on `port`. */
function allowed(policies: K8sObject[], from: Pod, to: Pod, port: Port): boolean {
  const direction = (pod: Pod, type: 'Ingress' | 'Egress') =>
    policies.filter((p) => (p.metadata.namespace ?? NAMESPACE) === pod.namespace && matchLabels(p.spec.podSelector, pod.labels) && (p.spec.policyTypes ?? ['Ingress']).includes(type));
  const egress = direction(from, 'Egress');
  const egressOk =
    egress.length === 0 ||
    egress.some((p) => (p.spec.egress ?? []).some((rule: { to?: Peer[]; ports?: [] }) => (!rule.to || rule.to.some((peer) => peerMatches(peer, NAMESPACE, to))) && portMatches(rule.ports, port)));
  const ingress = direction(to, 'Ingress');
  const ingressOk =
    ingress.length === 0 ||
    ingress.some((p) => (p.spec.ingress ?? []).some((rule: { from?: Peer[]; ports?: [] }) => (!rule.from || rule.from.some((peer) => peerMatches(peer, NAMESPACE, from))) && portMatches(rule.ports, port)));
  return egressOk && ingressOk;
}

/** Every pair of pods the policies connect, as "from → to". */
function edges(policies: K8sObject[], pods: Pod[], sources: Pod[]): string[] {
  const found = new Set<string>();
  for (const from of sources) {
    for (const to of pods) {
      if (from === to) continue;
      if (to.ports.some((port) => allowed(policies, from, to, port))) found.add(`${from.id} → ${to.id}`);
    }
  }
  return [...found].sort();
}

/** Where each URL-valued configuration variable of the kit and the services points. */
const DESTINATIONS: Record<string, string[]> = {
  DATABASE_URL: ['pg-pooler'],
  MIGRATION_DATABASE_URL: ['postgres'],
  NATS_URL: ['nats'],
  // The issuer is the public URL: its keys are fetched through the ingress controller, which routes /realms/ to Keycloak.
  OIDC_ISSUER: ['keycloak', 'ingress-controller'],
  OTEL_EXPORTER_OTLP_ENDPOINT: ['otel-collector'],
  S3_ENDPOINT: ['object-store'],
};

function urlVariables(schema: TObject): string[] {
  return Object.entries(schema.properties)
    // Connection targets: URIs and *_URL variables (NATS_URL is a pattern, not a format); a public
    // path or link prefix such as REGISTRY_PUBLIC_PATH is no connection.
    .filter(([name, s]) => (s as { format?: string }).format === 'uri' || name.endsWith('_URL'))
    .map(([name]) => name);
}

const entries = discoverServices(repoRoot);
const definitions = await Promise.all(entries.map(async (entry) => ({ entry, definition: await loadServiceDefinition(entry) })));

/** The connections the services' configuration implies, for a rendering of the chart. */
function expectedEdges(platform: K8sObject[]): string[] {
  const expected: string[] = [];
  for (const { entry, definition } of definitions) {
    const deployment = ofKind(platform, 'Deployment').find((d) => d.metadata.name === `onenet-${entry.name}`)!;
    const set = new Set((deployment.spec.template.spec.containers[0].env as Array<{ name: string }>).map((e) => e.name));
    const variables = urlVariables(configSchemaOf(definition)).filter((name) => set.has(name));
    expect(variables, `${entry.name} connects to its database, NATS, the identity provider and the collector`).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'NATS_URL', 'OIDC_ISSUER', 'OTEL_EXPORTER_OTLP_ENDPOINT']),
    );
    for (const variable of variables) {
      const to = DESTINATIONS[variable];
      if (!to) throw new Error(`${entry.name} reads ${variable}: say in DESTINATIONS where it points, and open that in the chart's values`);
      for (const id of to) expected.push(`onenet-${entry.name} → ${id}`);
    }
    expected.push(`onenet-${entry.name} → dns`, `ingress-controller → onenet-${entry.name}`);
    // Migrations connect as the owner, straight to the primary.
    expected.push(`onenet-${entry.name}-migrate → postgres`, `onenet-${entry.name}-migrate → otel-collector`, `onenet-${entry.name}-migrate → dns`);
  }
  expected.push('ingress-controller → onenet-portal', 'onenet-streams → nats', 'onenet-streams → dns');
  return [...new Set(expected)].sort();
}

/** The connections the rendered policies allow that involve the chart's pods. */
function foundEdges(platform: K8sObject[], engines: K8sObject[]): string[] {
  const ours = chartPods(platform);
  const pods = [...ours, ...enginePods(engines)];
  return edges(ofKind(platform, 'NetworkPolicy'), pods, pods).filter((edge) => {
    // Connections between the engines' own pods are the engines' business, not this chart's.
    const [from, to] = edge.split(' → ') as [string, string];
    return ours.some((p) => p.id === from) || ours.some((p) => p.id === to);
  });
}

describe.each(SIZES)('the network policies of the %s installation', (size) => {
  const platform = render(PLATFORM_CHART, size);
  const engines = render(ENGINES_CHART, size);
  const policies = ofKind(platform, 'NetworkPolicy');
  const ours = chartPods(platform);
  const pods = [...ours, ...enginePods(engines)];

  it('allow exactly the connections the services’ configuration implies', () => {
    expect(foundEdges(platform, engines)).toEqual(expectedEdges(platform));
  });

  it('admit nothing from another namespace’s pods but the ingress controller', () => {
    const outsider = pods.find((p) => p.id === 'outsider')!;
    expect(ours.filter((to) => to.ports.some((port) => allowed(policies, outsider, to, port))).map((p) => p.id)).toEqual([]);
  });

  it('keep a service from reaching another service, the portal or the outside', () => {
    for (const from of ours) {
      for (const to of [...ours, pods.find((p) => p.id === 'outsider')!]) {
        if (from === to) continue;
        expect(to.ports.some((port) => allowed(policies, from, to, port)), `${from.id} → ${to.id}`).toBe(false);
      }
    }
  });
});

describe('the graph check', () => {
  const engines = render(ENGINES_CHART, 'small');

  it('follows the configuration: with files on a volume, no service reaches the object store', () => {
    const platform = render(PLATFORM_CHART, 'small', ['--set', 'files.backend=local']);
    const found = foundEdges(platform, engines);
    expect(found.filter((e) => e.endsWith('→ object-store'))).toEqual([]);
    expect(found).toEqual(expectedEdges(platform));
  });

  it('notices a path the configuration does not explain (a service allowed to call another)', () => {
    const [caller, callee] = definitions.map((d) => d.entry.name) as [string, string];
    const platform = render(PLATFORM_CHART, 'small', ['--set', `services.${caller}.calls={${callee}}`]);
    const found = foundEdges(platform, engines);
    expect(found).toContain(`onenet-${caller} → onenet-${callee}`);
    expect(found).not.toEqual(expectedEdges(platform));
  });
});

describe('how the services talk to each other', () => {
  it('only over NATS: each service’s consumers and responders need no address of another service', () => {
    for (const { entry, definition } of definitions) {
      const variables = urlVariables(configSchemaOf(definition));
      const unknown = variables.filter((v) => !DESTINATIONS[v]);
      expect(unknown, `${entry.name}: a URL variable the chart does not route`).toEqual([]);
      const nats = (definition.consumers?.length ?? 0) + (definition.responders?.length ?? 0);
      if (nats > 0) expect(variables).toContain('NATS_URL');
    }
  });
});
