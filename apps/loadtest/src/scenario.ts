// A congress session's peak, through the edge with real tokens: deputies submitting and following
// their suggestions, staff registering and assigning in bulk, handlers replying, leaders opening
// the dashboard, liaisons reading opinions, and the public reading disclosures, searching and
// sending opinions. Each action is one request; an action with nothing to do (no item waiting
// for it) does its role's reading instead. Every accepted write is remembered for the checks.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import pg from 'pg';
import { prng } from '../../../services/deputy-registry/bench/seed.ts';
import type { LoadUser } from './realm.ts';
import { LOAD_PASSWORD } from './realm.ts';

export interface Session {
  user: LoadUser;
  token: string;
}

/** Real tokens from the identity provider through the edge: the `cli` client's password grant. */
export async function signIn(url: string, users: LoadUser[], parallel = 8): Promise<Session[]> {
  const sessions: Session[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < users.length; i = next++) {
      const user = users[i]!;
      const response = await fetch(`${url}/realms/onenet/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: 'cli', username: user.username, password: LOAD_PASSWORD, scope: 'openid' }),
      });
      if (!response.ok) throw new Error(`token for ${user.username}: HTTP ${response.status} ${await response.text()}`);
      sessions.push({ user, token: ((await response.json()) as { access_token: string }).access_token });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return sessions;
}

export const CLASSES = [
  'deputy-submit',
  'deputy-follow',
  'staff-worklist',
  'staff-register',
  'staff-assign-bulk',
  'handler-reply',
  'handler-worklist',
  'leader-dashboard',
  'liaison-opinions',
  'public-read',
  'public-search',
  'public-opinion',
  'public-profiles',
] as const;
export type EndpointClass = (typeof CLASSES)[number];

/** The peak's mix: each action's share of all actions (the stateful ones fall back to reading). */
export const PEAK_MIX: Partial<Record<EndpointClass, number>> = {
  'deputy-submit': 12,
  'deputy-follow': 12,
  'staff-worklist': 5,
  'staff-register': 7,
  'staff-assign-bulk': 2,
  'handler-reply': 4,
  'handler-worklist': 4,
  'leader-dashboard': 8,
  'liaison-opinions': 3,
  'public-read': 24,
  'public-search': 6,
  'public-opinion': 9,
  'public-profiles': 4,
};

export interface ClassFigures {
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface Accepted {
  submitted: string[];
  registered: string[];
  assigned: string[];
  replied: string[];
  opinions: string[];
}

export interface LoadFigures {
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  classes: Record<string, ClassFigures>;
  accepted: Record<keyof Accepted, number>;
  errorSamples: string[];
}

const round = (n: number) => Math.round(n * 10) / 10;
function figures(samples: number[], errors: number): ClassFigures {
  const s = Float64Array.from(samples).sort();
  const at = (p: number) => round(s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0);
  return { requests: s.length, errors, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), maxMs: round(s.at(-1) ?? 0) };
}

const TOPICS = ['城区停车难', '农村道路改造', '农村饮水安全', '老旧小区改造', '学校周边交通安全', '乡镇卫生院建设', '河道整治', '养老服务设施', '农产品销售渠道', '垃圾分类处理'];
const ASKS = ['建议有关部门加大投入，统筹规划分步实施', '建议建立长效管理机制，列入年度民生实事项目', '建议加强部门协调配合，开展专项整治行动'];

/** The state the scenario works on: who acts, and the items waiting for each step. */
export class Workload {
  readonly accepted: Accepted = { submitted: [], registered: [], assigned: [], replied: [], opinions: [] };
  readonly #byRole = new Map<string, Session[]>();
  readonly #staffOf = new Map<string, Session>();
  readonly #unitOf = new Map<string, string>();
  /** Items submitted during the run, waiting to be registered (oldest first). */
  readonly #submitted: { id: string; tenant: string }[] = [];
  /** Registered items waiting for the assignment meeting, by congress. */
  readonly #registered = new Map<string, string[]>();
  /** Seeded items in hand, each with the handler whose unit leads it. */
  readonly #inHand: { id: string; handler: Session }[] = [];
  readonly #townships: string[];
  readonly #tenants: string[];
  readonly #rand: () => number;
  readonly year: number;

  constructor(sessions: Session[], townships: string[], tenants: string[], seed: number, year: number) {
    for (const s of sessions) {
      this.#byRole.set(s.user.role, [...(this.#byRole.get(s.user.role) ?? []), s]);
      if (s.user.role === 'staff') this.#staffOf.set(s.user.tenantPath, s);
      if (s.user.role === 'handler' && s.user.unitId) this.#unitOf.set(s.user.tenantPath, s.user.unitId);
    }
    this.#townships = townships;
    this.#tenants = tenants;
    this.year = year;
    this.#rand = prng(seed).next;
  }

  /** A registered item of `tenant` joins the queue its staff assign in bulk from. */
  #awaitAssignment(tenant: string, id: string): void {
    const queue = this.#registered.get(tenant);
    if (queue) queue.push(id);
    else this.#registered.set(tenant, [id]);
  }

  /**
   * Loads the seeded work waiting at the start (a superuser URL of the seeded database): the items
   * in hand of the handlers' units, to reply to, and registered items not yet assigned, for the
   * staff to assign in bulk from the first second — not only once this run's own submissions
   * have been registered (on a slow machine a short run could end before any had).
   */
  async loadSeededWork(databaseUrl: string): Promise<{ inHand: number; registered: number }> {
    const handlers = this.#byRole.get('handler') ?? [];
    const byUnit = new Map(handlers.map((h) => [h.user.unitId!, h]));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const assignable = [...this.#unitOf.keys()].filter((tenant) => this.#staffOf.has(tenant));
      const registered = await client.query<{ id: string; tenant_path: string }>(
        `select s.id, s.tenant_path from suggestions.suggestions s
          where s.state = 'registered' and s.tenant_path = any($1)
            and not exists (select 1 from suggestions.assignments a where a.suggestion_id = s.id)
          order by s.id`,
        [assignable],
      );
      for (const r of registered.rows) this.#awaitAssignment(r.tenant_path, r.id);
      const { rows } = await client.query<{ id: string; unit_id: string }>(
        `select s.id, a.unit_id from suggestions.suggestions s
           join suggestions.assignments a on a.suggestion_id = s.id and a.role = 'lead'
          where s.state = 'handling' and a.unit_id = any($1)
            and not exists (select 1 from suggestions.replies r where r.suggestion_id = s.id)
          order by s.id`,
        [[...byUnit.keys()]],
      );
      for (const r of rows) this.#inHand.push({ id: r.id, handler: byUnit.get(r.unit_id)! });
      return { inHand: rows.length, registered: registered.rows.length };
    } finally {
      await client.end();
    }
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.#rand() * list.length)]!;
  }
  random(): number {
    return this.#rand();
  }
  anyOf(role: string): Session | undefined {
    const list = this.#byRole.get(role);
    return list?.length ? this.pick(list) : undefined;
  }

  /** The next request of an action, or of its fallback when there is nothing to do. */
  next(action: EndpointClass): Request | undefined {
    switch (action) {
      case 'deputy-submit': {
        const s = this.anyOf('deputy');
        if (!s) return undefined;
        const topic = this.pick(TOPICS);
        return {
          cls: action,
          session: s,
          method: 'POST',
          path: '/api/suggestions/suggestions',
          body: JSON.stringify({ kind: 'suggestion', period: 'session', title: `关于${topic}的建议`, body: `近年来，${topic}问题群众反映强烈。${this.pick(ASKS)}，切实解决${topic}问题。`, field: '城乡建设', submit: true }),
          expect: 201,
          accept: (json) => {
            const id = (json as { id: string; tenantPath: string }).id;
            this.accepted.submitted.push(id);
            this.#submitted.push({ id, tenant: (json as { tenantPath: string }).tenantPath });
          },
        };
      }
      case 'deputy-follow': {
        const s = this.anyOf('deputy');
        return s && { cls: action, session: s, method: 'GET', path: `/api/suggestions/suggestions?deputy=${s.user.deputyId}&limit=20`, expect: 200 };
      }
      case 'staff-worklist': {
        const s = this.anyOf('staff');
        return s && { cls: action, session: s, method: 'GET', path: `/api/suggestions/suggestions?state=submitted&state=registered&limit=50`, expect: 200 };
      }
      case 'staff-register': {
        const item = this.#submitted.shift();
        const s = item && this.#staffOf.get(item.tenant);
        if (!item || !s) return this.next('staff-worklist');
        return {
          cls: action,
          session: s,
          method: 'POST',
          path: `/api/suggestions/suggestions/${item.id}/register`,
          body: JSON.stringify({ comment: '经审查，符合立案条件' }),
          expect: 200,
          accept: () => {
            this.accepted.registered.push(item.id);
            if (this.#unitOf.has(item.tenant)) this.#awaitAssignment(item.tenant, item.id);
          },
        };
      }
      case 'staff-assign-bulk': {
        let tenant: string | undefined;
        for (const [t, ids] of this.#registered) if (ids.length && (!tenant || ids.length > this.#registered.get(tenant)!.length)) tenant = t;
        const s = tenant && this.#staffOf.get(tenant);
        if (!tenant || !s) return this.next('staff-worklist');
        const ids = this.#registered.get(tenant)!.splice(0, 20);
        const lead = this.#unitOf.get(tenant)!;
        return {
          cls: action,
          session: s,
          method: 'POST',
          path: '/api/suggestions/suggestions/assign-bulk',
          body: JSON.stringify({ items: ids.map((id) => ({ id, lead })), comment: '交办会集中交办' }),
          expect: 200,
          accept: () => this.accepted.assigned.push(...ids),
        };
      }
      case 'handler-reply': {
        const item = this.#inHand.shift();
        if (!item) return this.next('handler-worklist');
        return {
          cls: action,
          session: item.handler,
          method: 'POST',
          path: `/api/suggestions/suggestions/${item.id}/reply`,
          body: JSON.stringify({ category: 'A', body: '经认真研究，已安排专项资金完成整改，并邀请代表现场查看。', signedBy: '局长', evidence: '整改前后照片及验收报告' }),
          expect: 200,
          accept: () => this.accepted.replied.push(item.id),
        };
      }
      case 'handler-worklist': {
        const s = this.anyOf('handler');
        return s && { cls: action, session: s, method: 'GET', path: `/api/suggestions/suggestions?unit=${s.user.unitId}&limit=20`, expect: 200 };
      }
      case 'leader-dashboard': {
        const s = this.anyOf('leader');
        return s && { cls: action, session: s, method: 'GET', path: `/api/deputy-registry/duties/tenants?tenant=${s.user.tenantPath}&year=${this.year}&limit=1&offset=0`, expect: 200 };
      }
      case 'liaison-opinions': {
        const s = this.anyOf('liaison');
        return s && { cls: action, session: s, method: 'GET', path: '/api/suggestions/opinions?limit=20', expect: 200 };
      }
      case 'public-read': {
        const r = this.random();
        const path = r < 0.5 ? '/api/suggestions/public/suggestions?limit=20' : `/api/suggestions/public/suggestions?limit=20&tenant=${this.pick(this.#tenants)}`;
        return { cls: action, method: 'GET', path, expect: 200 };
      }
      case 'public-search':
        return { cls: action, method: 'GET', path: `/api/suggestions/public/suggestions/search?q=${encodeURIComponent(this.pick(TOPICS))}&limit=20`, expect: 200 };
      case 'public-profiles':
        return { cls: action, method: 'GET', path: `/api/deputy-registry/public/profiles?tenant=${this.pick(this.#tenants)}&limit=20`, expect: 200 };
      case 'public-opinion': {
        const boundary = `----onenet${Math.floor(this.random() * 1e12)}`;
        const township = this.pick(this.#townships).split('/').at(-1)!;
        const field = (name: string, value: string) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
        return {
          cls: action,
          method: 'POST',
          path: '/api/suggestions/public/opinions',
          contentType: `multipart/form-data; boundary=${boundary}`,
          body: `${field('township', township)}${field('body', `${this.pick(TOPICS)}的问题希望代表帮忙反映。`)}${field('name', '群众')}--${boundary}--\r\n`,
          expect: 201,
          accept: (json) => this.accepted.opinions.push((json as { id: string }).id),
        };
      }
    }
  }
}

interface Request {
  cls: EndpointClass;
  session?: Session;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  contentType?: string;
  expect: number;
  accept?: (json: unknown) => void;
}

export interface DriveOptions {
  url: string;
  workload: Workload;
  seconds: number;
  /** Requests in flight at once (and connections to the edge). */
  concurrency: number;
  /** A steady rate (requests per second) instead of as fast as the platform answers. */
  rate?: number;
  mix?: Partial<Record<EndpointClass, number>>;
}

/** Runs the mix for `seconds` and measures each endpoint class. */
export async function drive(options: DriveOptions): Promise<LoadFigures> {
  const { workload } = options;
  const mix = Object.entries(options.mix ?? PEAK_MIX) as [EndpointClass, number][];
  const total = mix.reduce((a, [, w]) => a + w, 0);
  // Smooth weighted round-robin (as nginx spreads requests over weighted upstreams): each class
  // takes its share in every run of `total` picks, interleaved, so even a few seconds' run has
  // every kind of request — random draws left a 2 % class out of a short run now and then.
  const credit = new Map(mix.map(([cls]) => [cls, 0]));
  const choose = (): EndpointClass => {
    let best = mix[0]![0];
    for (const [cls, w] of mix) {
      credit.set(cls, credit.get(cls)! + w);
      if (credit.get(cls)! > credit.get(best)!) best = cls;
    }
    credit.set(best, credit.get(best)! - total);
    return best;
  };
  const pool = new Pool(options.url, { connections: options.concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const samples = new Map<EndpointClass, number[]>();
  const errors = new Map<EndpointClass, number>();
  const errorSamples: string[] = [];
  const all: number[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const interval = options.rate ? 1000 / options.rate : 0;
  let slot = started;

  const worker = async () => {
    for (;;) {
      if (interval) {
        // Paced: each request takes the next slot on a shared clock.
        const mine = (slot += interval);
        // An overloaded platform falls behind the schedule: the run still ends on time.
        if (mine >= deadline || performance.now() >= deadline) return;
        const wait = mine - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      } else if (performance.now() >= deadline) return;
      const request = workload.next(choose());
      if (!request) continue;
      const t0 = performance.now();
      let failure: string | undefined;
      try {
        const response = await pool.request({
          method: request.method,
          path: request.path,
          headers: {
            ...(request.session ? { authorization: `Bearer ${request.session.token}` } : {}),
            ...(request.body !== undefined ? { 'content-type': request.contentType ?? 'application/json' } : {}),
          },
          ...(request.body !== undefined ? { body: request.body } : {}),
        });
        const text = await response.body.text();
        if (response.statusCode !== request.expect) failure = `${request.cls} ${request.method} ${request.path.slice(0, 80)} → ${response.statusCode} ${text.slice(0, 200)}`;
        else if (request.accept) request.accept(JSON.parse(text));
      } catch (error) {
        failure = `${request.cls} ${request.method} ${request.path.slice(0, 80)} → ${(error as Error).message}`;
      }
      const ms = performance.now() - t0;
      const list = samples.get(request.cls) ?? [];
      list.push(ms);
      samples.set(request.cls, list);
      all.push(ms);
      if (failure) {
        errors.set(request.cls, (errors.get(request.cls) ?? 0) + 1);
        if (errorSamples.length < 20) errorSamples.push(failure);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const overall = figures(all, 0);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  return {
    seconds: round(seconds),
    requests: all.length,
    requestsPerSecond: Math.round(all.length / seconds),
    errors: errorCount,
    p50Ms: overall.p50Ms,
    p95Ms: overall.p95Ms,
    p99Ms: overall.p99Ms,
    classes: Object.fromEntries(CLASSES.filter((c) => samples.has(c)).map((c) => [c, figures(samples.get(c)!, errors.get(c) ?? 0)])),
    accepted: {
      submitted: workload.accepted.submitted.length,
      registered: workload.accepted.registered.length,
      assigned: workload.accepted.assigned.length,
      replied: workload.accepted.replied.length,
      opinions: workload.accepted.opinions.length,
    },
    errorSamples,
  };
}
