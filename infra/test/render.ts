// Renders the charts with Helm (from tools/helm.ts) and parses what they produce.
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { helm } from '../tools/helm.ts';

export const infraDir = fileURLToPath(new URL('../', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const PLATFORM_CHART = `${infraDir}helm/onenet`;
export const ENGINES_CHART = `${infraDir}helm/onenet-engines`;
export const SIZES = ['small', 'large'] as const;
export type Size = (typeof SIZES)[number];
export const NAMESPACE = 'onenet';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: unknown;
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`unparsable YAML: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

const rendered = new Map<string, K8sObject[]>();

/** `helm template` of a chart with one of its values files; throws with Helm's message if it fails. */
export function render(chart: string, size: Size, extra: string[] = []): K8sObject[] {
  const key = [chart, size, ...extra].join(' ');
  if (!rendered.has(key)) {
    const release = chart === ENGINES_CHART ? 'onenet-engines' : 'onenet';
    const result = helm(['template', release, chart, '--namespace', NAMESPACE, '-f', `${chart}/values-${size}.yaml`, ...extra]);
    if (result.status !== 0) throw new Error(`helm template ${chart} (${size}) failed: ${result.stderr}`);
    rendered.set(key, parseManifests(result.stdout));
  }
  return rendered.get(key)!;
}

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

/** Pod specs of every workload (Deployments and Jobs), with the workload's name. */
export function podSpecs(objects: K8sObject[]): Array<{ owner: string; labels: Record<string, string>; spec: any }> {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({ owner: `${o.kind}/${o.metadata.name}`, labels: o.spec.template.metadata?.labels ?? {}, spec: o.spec.template.spec }));
}
