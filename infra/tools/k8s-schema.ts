// Strict validation of Kubernetes objects against the API of one Kubernetes version, offline.
//
// No npm package ships kubeconform's "strict" JSON schemas. @kubernetes/client-node 1.4.0 is
// generated from the OpenAPI document of Kubernetes v1.34.0 and carries, for every definition, its
// fields and their types (each model's `attributeTypeMap`) and which fields are required (its
// `.d.ts`: `'name': string;` against `'args'?: …`). The validator below is derived from those, and
// is strict the way kubeconform -strict is: an unknown field is an error at any depth, as are a
// wrong type and a missing required field.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';

export const KUBERNETES_VERSION = 'v1.34.0';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface Model {
  fields: Map<string, { type: string; format: string }>;
  required: Set<string>;
}

const modelsDir = join(dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node')), 'gen', 'models');
const classes = k8s as unknown as Record<string, { attributeTypeMap?: Attribute[] } | undefined>;
const models = new Map<string, Model | null>();

function model(name: string): Model | null {
  if (models.has(name)) return models.get(name)!;
  const attributes = classes[name]?.attributeTypeMap;
  if (!attributes) {
    models.set(name, null);
    return null;
  }
  const required = new Set<string>();
  let declaration = '';
  try {
    declaration = readFileSync(join(modelsDir, `${name}.d.ts`), 'utf8');
  } catch {
    // no declaration: nothing is required
  }
  for (const match of declaration.matchAll(/^\s+'([^']+)':\s/gm)) required.add(match[1]!);
  const found: Model = { fields: new Map(attributes.map((a) => [a.baseName, { type: a.type, format: a.format }])), required };
  models.set(name, found);
  return found;
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The model of a top-level object, e.g. apps/v1 Deployment → V1Deployment. */
export function modelFor(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const groupPrefix = group ? capitalise(group.split('.')[0]!) : 'Core';
  for (const candidate of [`${capitalise(version!)}${kind}`, `${groupPrefix}${capitalise(version!)}${kind}`]) {
    if (model(candidate)) return candidate;
  }
  return undefined;
}

export interface SchemaError {
  path: string;
  message: string;
}

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function check(value: unknown, type: string, format: string, path: string, errors: SchemaError[]): void {
  const fail = (message: string): void => {
    errors.push({ path: path || '/', message });
  };
  if (type === 'any') return;
  if (value === null || value === undefined) return fail(`${describe(value)} is not a ${type}`);
  if (type.startsWith('enum:')) {
    const allowed = type.slice(5).split('|');
    if (typeof value !== 'string' || !allowed.includes(value)) fail(`expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    return;
  }
  if (type === 'string') {
    if (typeof value !== 'string') fail(`expected a string, got ${describe(value)} ${JSON.stringify(value)}`);
    return;
  }
  if (type === 'Date') {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail(`expected a date-time string, got ${JSON.stringify(value)}`);
    return;
  }
  if (type === 'boolean') {
    if (typeof value !== 'boolean') fail(`expected a boolean, got ${describe(value)}`);
    return;
  }
  if (type === 'number') {
    if (typeof value !== 'number') fail(`expected a number, got ${describe(value)} ${JSON.stringify(value)}`);
    else if ((format === 'int32' || format === 'int64') && !Number.isInteger(value)) fail(`expected an integer, got ${value}`);
    return;
  }
  if (type === 'IntOrString') {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) fail(`expected an integer or a string, got ${describe(value)}`);
    return;
  }
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return fail(`expected an array, got ${describe(value)}`);
    value.forEach((item, index) => check(item, array[1]!, '', `${path}/${index}`, errors));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value)) return fail(`expected a map, got ${describe(value)}`);
    for (const [key, item] of Object.entries(value)) check(item, map[1]!, '', `${path}/${key}`, errors);
    return;
  }
  const found = model(type);
  if (!found) return fail(`no schema for type ${type}`);
  if (typeof value !== 'object' || Array.isArray(value)) return fail(`expected an object (${type}), got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  for (const [key, item] of Object.entries(record)) {
    const field = found.fields.get(key);
    if (!field) {
      fail(`unknown field "${key}" in ${type}`);
      continue;
    }
    check(item, field.type, field.format, `${path}/${key}`, errors);
  }
  for (const key of found.required) {
    if (record[key] === undefined) fail(`missing required field "${key}" of ${type}`);
  }
}

/**
 * Declares a further model (a custom resource or one of its parts) in the same notation: field →
 * type, where a type is string, number, boolean, any, IntOrString, enum:a|b, Array<T>,
 * { [key: string]: T; }, a Kubernetes model (V1ObjectMeta…) or another declared model.
 * A field whose type ends in `!` is required.
 */
export function defineModel(name: string, fields: Record<string, string>): void {
  const required = new Set<string>();
  const map = new Map<string, { type: string; format: string }>();
  for (const [field, declared] of Object.entries(fields)) {
    const type = declared.endsWith('!') ? declared.slice(0, -1) : declared;
    if (type !== declared) required.add(field);
    map.set(field, { type, format: type === 'number' ? 'int32' : '' });
  }
  models.set(name, { fields: map, required });
}

const customKinds = new Map<string, string>();

/** Validates objects of `apiVersion` `kind` against the declared model `name`. */
export function defineKind(apiVersion: string, kind: string, name: string): void {
  customKinds.set(`${apiVersion} ${kind}`, name);
}

/** Errors of one Kubernetes object against the v1.34 API (or a declared kind); empty when it is valid. */
export function validateObject(object: unknown): SchemaError[] {
  const o = object as { apiVersion?: unknown; kind?: unknown } | null;
  if (typeof o !== 'object' || o === null || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
    return [{ path: '/', message: 'not a Kubernetes object (apiVersion and kind are required)' }];
  }
  const name = customKinds.get(`${o.apiVersion} ${o.kind}`) ?? modelFor(o.apiVersion, o.kind);
  if (!name) return [{ path: '/', message: `${o.apiVersion} ${o.kind} is not a kind of Kubernetes ${KUBERNETES_VERSION}` }];
  const errors: SchemaError[] = [];
  check(object, name, '', '', errors);
  return errors;
}
