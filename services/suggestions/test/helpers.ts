// Test harness: the development identity provider (real RS256 tokens, password grant with the
// `cli` client) over the committed realm plus a few test users, the service on its own fresh
// database and a namespaced real NATS, and the registry's events published as the registry
// publishes them.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MandateCreated, PersonCreated, type EventDefinition, type EnvelopeInput } from '@onenet/contracts';
import { DEFAULT_REALM_DIR, startDevIdp, type DevIdp } from '@onenet/dev-idp';
import { startTestService, type TestService } from '@onenet/kit/testing';
import { waitFor } from '@onenet/bus/testing';
import type { Clock } from '@onenet/kit';
import { suggestionsService } from '../src/service.ts';

export const PASSWORD = 'demo';

/** Demo and test users' ids, tenants and units (infra/keycloak/generate.ts and fixtures/test-users.json). */
export const PEOPLE = {
  hzDeputy: { username: 'hz-deputy', deputyId: 'ce7bc5d7-0748-4a3b-a824-f5f4e50ee470', name: '钟明远' },
  hejieDeputy: { username: 'hejie-deputy', deputyId: 'a7d0ef91-59d7-4feb-940b-1aac33f4039d', name: '廖春花' },
  bbDeputy: { username: 'bb-deputy', deputyId: '5d0c1a2e-7b7e-4f0b-8a44-000000000b01', name: '覃丽华' },
  dnDeputy: { username: 'dn-deputy', deputyId: '5d0c1a2e-7b7e-4f0b-8a44-000000000b04', name: '黄美玲' },
} as const;
export const UNITS = {
  housing: { id: '6fab4f01-eb5e-4f67-9120-23bd806f9951', name: '八步区住房和城乡建设局', handler: 'bb-handler' },
  transport: { id: '7a3e2b1c-5d4f-4e6a-9b8c-000000000b02', name: '八步区交通运输局', handler: 'bb-handler2' },
  water: { id: '7a3e2b1c-5d4f-4e6a-9b8c-000000000b03', name: '八步区水利局', handler: 'bb-handler3' },
} as const;
export const TENANTS = {
  city: '450000/451100',
  babu: '450000/451100/451102',
  pinggui: '450000/451100/451103',
  hejie: '450000/451100/451102/451102101',
  daning: '450000/451100/451102/451102104',
} as const;

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export async function startIdp(): Promise<DevIdp & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'suggestions-realm-'));
  copyFileSync(join(DEFAULT_REALM_DIR, 'realm-onenet.json'), join(dir, 'realm-onenet.json'));
  copyFileSync(join(DEFAULT_REALM_DIR, 'demo-users.json'), join(dir, 'demo-users.json'));
  copyFileSync(join(FIXTURES, 'test-users.json'), join(dir, 'test-users.json'));
  const idp = await startDevIdp({ realmDir: dir });
  return Object.assign(idp, {
    async dispose() {
      await idp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

const tokenCache = new Map<string, string>();
/** An access token for a user, by the password grant of the `cli` client (cached per issuer). */
export async function tokenFor(idp: DevIdp, username: string): Promise<string> {
  const key = `${idp.issuer} ${username}`;
  const cached = tokenCache.get(key);
  if (cached) return cached;
  const response = await fetch(`${idp.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'cli', username, password: PASSWORD }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`no token for ${username}: ${JSON.stringify(body)}`);
  tokenCache.set(key, body.access_token);
  return body.access_token;
}

/** A clock the test moves (deadlines, windows); starts at `start`. */
export class TestClock implements Clock {
  #now: Date;
  constructor(start: string) {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(instant: string): void {
    this.#now = new Date(instant);
  }
}

export type Service = TestService;

export async function startService(idp: DevIdp, options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<Service & { filesDir: string }> {
  const filesDir = mkdtempSync(join(tmpdir(), 'suggestions-files-'));
  const service = await startTestService(suggestionsService(), {
    env: { OIDC_ISSUER: idp.issuer, OIDC_AUDIENCE: 'onenet-api', FILES_DIR: filesDir, DEADLINE_SCAN_INTERVAL_MS: '0', ...options.env },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const stop = service.stop.bind(service);
  return Object.assign(service, {
    filesDir,
    async stop() {
      await stop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  });
}

/** Publishes an event as its producer would (so the service's consumer receives it over NATS). */
export async function publishAs<D extends EventDefinition>(service: Service, definition: D, input: EnvelopeInput<any>): Promise<void> {
  const envelope = definition.envelope(input);
  await service.transport.ensureStream(definition.stream);
  await service.transport.publish(definition.subject, new TextEncoder().encode(JSON.stringify(envelope)), { msgId: envelope.id });
}

let mandateCounter = 0;
/** The registry's events for a deputy with seats in the given congresses; waits until they are kept. */
export async function seedDeputy(service: Service, person: { deputyId: string; name: string }, seats: { tenantPath: string; level: string }[]): Promise<string[]> {
  await publishAs(service, PersonCreated, {
    tenantPath: seats[0]!.tenantPath,
    actor: null,
    data: { personId: person.deputyId, name: person.name, gender: null, ethnicity: null, occupation: null, userId: null },
  });
  const ids: string[] = [];
  for (const seat of seats) {
    const mandateId = `00000000-0000-4000-8000-${String(++mandateCounter).padStart(12, '0')}`;
    ids.push(mandateId);
    await publishAs(service, MandateCreated, {
      tenantPath: seat.tenantPath,
      actor: null,
      data: {
        mandateId,
        personId: person.deputyId,
        level: seat.level as never,
        electedByTenantPath: seat.tenantPath,
        term: '第五届',
        delegation: null,
        constituency: null,
        startDate: '2021-01-01',
        endDate: null,
        status: 'active',
      },
    });
  }
  await waitFor(
    async () => {
      const rows = await service.database.db.selectFrom('suggestions.mandates').select('mandate_id').where('mandate_id', 'in', ids).execute();
      return rows.length === ids.length;
    },
    { what: `mandates of ${person.name}` },
  );
  return ids;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A client for one user (or the public, without a token). */
export function client(service: Service, token?: string) {
  async function call<T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer());
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
  return {
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body: unknown = {}) => call<T>('POST', path, body),
    put: <T = any>(path: string, body: unknown) => call<T>('PUT', path, body),
    patch: <T = any>(path: string, body: unknown) => call<T>('PATCH', path, body),
  };
}
export type Client = ReturnType<typeof client>;

export async function clientFor(service: Service, idp: DevIdp, username: string): Promise<Client> {
  return client(service, await tokenFor(idp, username));
}

/** Clients for several users at once, typed as a tuple of the same length. */
export async function clientsFor<const N extends readonly string[]>(service: Service, idp: DevIdp, names: N): Promise<{ [I in keyof N]: Client }> {
  return (await Promise.all(names.map((n) => clientFor(service, idp, n)))) as { [I in keyof N]: Client };
}

/** The units of 八步区 as its staff register them. */
export async function registerUnits(service: Service, idp: DevIdp): Promise<void> {
  const staff = await clientFor(service, idp, 'bb-staff');
  for (const unit of Object.values(UNITS)) {
    const answer = await staff.put(`/units/${unit.id}`, { name: unit.name, headName: '局长' });
    if (answer.status !== 200) throw new Error(`unit ${unit.name}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}
