// The region-scale seed: one command, one seed number, one id space. The deputy registry's seed
// writes the region's deputies, mandates, stations, groups and ten years of activities; the
// suggestions seed gets the same deputies and mandates (the registry's ids) and writes ten years
// of motions and suggestions with their workflow histories; constituent opinions follow. Each
// service's rows go into its own schema only, by COPY. A small size runs in tests.
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { copyRows } from '@onenet/db/copy';
import { createDb, createPool, migrate } from '@onenet/db';
import { migrationsOf } from '@onenet/kit';
import { TenantDirectory } from '@onenet/tenancy';
import { prng, seed as seedRegistry, type Roster } from '../../../services/deputy-registry/bench/seed.ts';
import { seed as seedSuggestions, TOPIC_WORDS, type SeedScope } from '../../../services/suggestions/bench/seed.ts';
import { registryService } from '../../../services/deputy-registry/src/service.ts';
import { suggestionsService } from '../../../services/suggestions/src/service.ts';
import { guangxiTree, treePaths, type RegionLimits } from './region.ts';

export interface RegionSizes {
  /** How much of the tree; {} is all of Guangxi (14 cities, 111 counties, 1,284 townships). */
  region: RegionLimits;
  deputies: number;
  stations: number;
  activities: number;
  /** Years of activities, ending with `year`. */
  years: number;
  year: number;
  suggestions: number;
  /** Workflow records over all items. */
  records: number;
  opinions: number;
}

export const FULL_SIZES: RegionSizes = {
  region: {},
  deputies: 116_000,
  stations: 11_000,
  activities: 1_000_000,
  years: 10,
  year: 2026,
  suggestions: 1_000_000,
  records: 10_000_000,
  opinions: 1_000_000,
};

/** All of Guangxi's congresses with a tenth of the rows: the full tree's code paths in a minute or two. */
export const MEDIUM_SIZES: RegionSizes = { ...FULL_SIZES, deputies: 11_600, stations: 2_000, activities: 100_000, suggestions: 100_000, records: 1_000_000, opinions: 100_000 };

/** Two cities, two counties each, three townships each: seconds, for tests and quick runs. */
export const SMALL_SIZES: RegionSizes = {
  region: { cities: 2, countiesPerCity: 2, townshipsPerCounty: 3 },
  deputies: 1_200,
  stations: 24,
  activities: 4_000,
  years: 3,
  year: 2026,
  suggestions: 3_000,
  records: 20_000,
  opinions: 2_000,
};

/** Secrets the registry seed encrypts with; the platform's registry must be started with them. */
export const REGISTRY_SECRETS = { REGISTRY_IDENTITY_KEY: 'bench-identity-key-0123456789', REGISTRY_DATA_KEY: 'bench-data-key-0123456789' };

export interface RegionSeed {
  database: string;
  url: string;
  seed: number;
  sizes: RegionSizes;
  tenants: number;
  registry: { persons: number; mandates: number; stations: number; activities: number; facts: number; seconds: number };
  suggestions: { items: number; records: number; units: number; deputies: number; seconds: number };
  opinions: { rows: number; seconds: number };
  seconds: number;
  /** True when an earlier seed of the same sizes and seed number was reused. */
  reused: boolean;
}

// Items per level: a share of all items, spread evenly over the level's congresses.
const ITEM_SHARES: Record<string, number> = { region: 0.05, city: 0.15, county: 0.45, township: 0.35 };
const OPINION_TEXTS = ['村里的路坑洼不平，雨天出行困难，希望尽快修缮。', '集市没有公共厕所，赶集的群众很不方便。', '小区周边停车难，晚上经常堵车。', '自来水经常停水，水质也不稳定。', '学校门口上下学时段交通拥堵，存在安全隐患。', '河道垃圾较多，影响环境卫生。'];
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

const uuidOf = (rand: () => number) => {
  const h = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  h[12] = '4';
  h[16] = '8';
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
};

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The suggestions seed's scope: every congress of the tree, with the registry's deputies by mandate. */
export function scopeFrom(directory: TenantDirectory, roster: Roster, seed: number): SeedScope {
  const all = directory.all();
  const counts = new Map<string, number>();
  for (const t of all) counts.set(t.kind, (counts.get(t.kind) ?? 0) + 1);
  const names = new Map(roster.persons.map((p) => [p.id, p.name]));
  const deputies = new Map<string, { id: string; mandate: string; name: string; level: string }[]>();
  for (const m of roster.mandates) {
    const list = deputies.get(m.tenant) ?? [];
    list.push({ id: m.person, mandate: m.id, name: names.get(m.person) ?? '代表', level: m.level });
    deputies.set(m.tenant, list);
  }
  return {
    tenants: all.map((t) => ({ path: t.path, level: t.kind, weight: (ITEM_SHARES[t.kind] ?? 0) / (counts.get(t.kind) ?? 1) })),
    deputies,
    seed,
  };
}

/** Constituent opinions (民事联解) sent to townships over the years, most of them answered; streamed, never all in memory. */
async function seedOpinions(client: pg.PoolClient, directory: TenantDirectory, roster: Roster, count: number, seed: number): Promise<number> {
  const townships = directory.all().filter((t) => t.kind === 'township').map((t) => t.path);
  const deputiesOf = new Map<string, string[]>();
  for (const m of roster.mandates) if (m.level === 'township') deputiesOf.set(m.tenant, [...(deputiesOf.get(m.tenant) ?? []), m.person]);
  // The same draws twice (same PRNG seed): once for the opinions, once for their steps.
  function* draws() {
    const rand = prng(seed + 7).next;
    const receipts = new Set<string>();
    for (let i = 0; i < count; i++) {
      const path = townships[Math.floor(rand() * townships.length)]!;
      let receipt = '';
      while (receipt === '' || receipts.has(receipt)) receipt = Array.from({ length: 12 }, () => ALPHABET[Math.floor(rand() * ALPHABET.length)]).join('');
      receipts.add(receipt);
      const r = rand();
      const status = r < 0.7 ? 'answered' : r < 0.8 ? 'received' : r < 0.9 ? 'forwarded' : r < 0.95 ? 'rejected' : 'sent-to-unit';
      const created = new Date(Date.UTC(2017 + Math.floor((i * 10) / count), 0, 1) + Math.floor(rand() * 360 * 86_400_000));
      const answered = status === 'answered' ? new Date(created.getTime() + 10 * 86_400_000) : null;
      const sender = rand() < 0.5 ? '群众' : null;
      yield { i, id: uuidOf(rand), path, receipt, status, created, answered, sender, deputy: status === 'received' ? null : (deputiesOf.get(path)?.[0] ?? null) };
    }
  }
  const rows = await copyRows(
    client,
    'suggestions.opinions',
    ['id', 'tenant_path', 'receipt_code', 'sender_name', 'body', 'status', 'deputy_id', 'reject_reason', 'answer', 'answered_at', 'created_at', 'updated_at'],
    (function* () {
      for (const o of draws()) {
        yield [o.id, o.path, o.receipt, o.sender, OPINION_TEXTS[o.i % OPINION_TEXTS.length], o.status, o.deputy, o.status === 'rejected' ? '不属于人大职责范围' : null, o.answered ? '已协调有关部门处理。' : null, o.answered, o.created, o.answered ?? o.created];
      }
    })(),
  );
  await copyRows(
    client,
    'suggestions.opinion_steps',
    ['opinion_id', 'tenant_path', 'at', 'actor', 'action', 'from_status', 'to_status'],
    (function* () {
      for (const o of draws()) {
        yield [o.id, o.path, o.created, 'public', 'received', null, 'received'];
        if (o.status !== 'received') yield [o.id, o.path, o.answered ?? new Date(o.created.getTime() + 5 * 86_400_000), 'deputy', o.status === 'answered' ? 'answer' : o.status === 'rejected' ? 'reject' : 'forward', 'received', o.status];
      }
    })(),
  );
  return rows;
}

type RegistryResult = Awaited<ReturnType<typeof seedRegistry>> & { seconds: number };
interface RestResult {
  suggestions: Awaited<ReturnType<typeof seedSuggestions>>;
  suggestionSeconds: number;
  opinionRows: number;
  opinionSeconds: number;
}
export type SeedTask = { task: 'registry'; url: string; sizes: RegionSizes; seed: number } | { task: 'rest'; url: string; sizes: RegionSizes; seed: number; roster: Roster };
type WorkerMessage = { type: 'log'; line: string } | { type: 'roster'; roster: Roster } | { type: 'done'; result: unknown };

/** Runs one part of the seed in a worker thread (src/seed-worker.ts) with a 12 GiB heap. */
function inWorker<T>(task: SeedTask, log: (line: string) => void, onRoster?: (roster: Roster) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./seed-worker.ts', import.meta.url), { workerData: task, resourceLimits: { maxOldGenerationSizeMb: 12_288 } });
    let result: { value: T } | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'log') log(message.line);
      else if (message.type === 'roster') onRoster?.(message.roster);
      else result = { value: message.result as T };
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (result ? resolve(result.value) : reject(new Error(`the ${task.task} seed's worker exited with ${code} before it finished`))));
  });
}

/** The registry's part: deputies, seats, stations, groups, activities; tells the roster as soon as the seats are written. */
export async function seedRegistryPart(task: Extract<SeedTask, { task: 'registry' }>, log: (line: string) => void, onRoster: (roster: Roster) => void): Promise<RegistryResult> {
  const started = performance.now();
  const pool = createPool(task.url, { max: 1, statementTimeoutMs: 0 });
  try {
    const directory = new TenantDirectory(guangxiTree(task.sizes.region));
    const { sizes } = task;
    const result = await seedRegistry(
      pool,
      { deputies: sizes.deputies, activities: sizes.activities, stations: sizes.stations, years: sizes.years, year: sizes.year },
      (line) => log(`registry: ${line}`),
      { tree: treePaths(directory), seed: task.seed, onRoster },
    );
    return { ...result, seconds: (performance.now() - started) / 1000 };
  } finally {
    await pool.end();
  }
}

/** The suggestions' part (items and their histories, given the registry's seats) and the opinions, on two connections at once. */
export async function seedRestPart(task: Extract<SeedTask, { task: 'rest' }>, log: (line: string) => void): Promise<RestResult> {
  const { sizes, seed, roster } = task;
  const directory = new TenantDirectory(guangxiTree(sizes.region));
  const pool = createPool(task.url, { max: 2, statementTimeoutMs: 0 });
  try {
    const opinions = (async () => {
      const started = performance.now();
      const client = await pool.connect();
      try {
        await client.query('set synchronous_commit = off');
        const rows = await seedOpinions(client, directory, roster, sizes.opinions, seed);
        await client.query('analyze suggestions.opinions; analyze suggestions.opinion_steps');
        log(`opinions ${rows} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return { rows, seconds: (performance.now() - started) / 1000 };
      } finally {
        client.release();
      }
    })();
    opinions.catch(() => undefined);
    const started = performance.now();
    const client = await pool.connect();
    let suggestions;
    try {
      await client.query('set synchronous_commit = off');
      // As the suggestions benchmark loads: triggers off (the seed fills the search index itself).
      await client.query('set session_replication_role = replica');
      // Once the opinions are in, their connection helps with the indexes and the derived tables.
      const spare = async () => {
        await opinions;
        return pool.connect();
      };
      suggestions = await seedSuggestions(client, { suggestions: sizes.suggestions, records: sizes.records }, (line) => log(`suggestions:${line}`), scopeFrom(directory, roster, seed), spare);
    } finally {
      client.release();
    }
    const suggestionSeconds = (performance.now() - started) / 1000;
    const o = await opinions;
    return { suggestions, suggestionSeconds, opinionRows: o.rows, opinionSeconds: o.seconds };
  } finally {
    await pool.end();
  }
}

export interface SeedRegionOptions {
  /** A superuser URL on the server (any database): the seed makes its own. */
  adminUrl: string;
  database: string;
  sizes: RegionSizes;
  /** One number for the whole region: the same number and sizes give the same rows. */
  seed?: number;
  /** Reuse an earlier seed of the same sizes and number instead of seeding again. */
  reuse?: boolean;
  log?: (line: string) => void;
}

/** Compares as values (jsonb does not keep the order of keys). */
const stable = (v: unknown): string => (v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${k}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v));
const sameSizes = (a: unknown, b: unknown) => stable(a) === stable(b);

/** Creates the database afresh (or reuses it), migrates both services and seeds them. */
export async function seedRegion(options: SeedRegionOptions): Promise<RegionSeed> {
  const { adminUrl, database, sizes } = options;
  const seed = options.seed ?? 20261127;
  const log = options.log ?? (() => {});
  if (!/^onenet_load[a-z0-9_]*$/.test(database)) throw new Error(`the load test's database must be named onenet_load…, got ${database}`);
  const url = withDatabase(adminUrl, database);
  if (options.reuse) {
    const previous = await admin(adminUrl, async (client) => {
      if (!(await client.query('select 1 from pg_database where datname = $1', [database])).rowCount) return undefined;
      return admin(url, async (db) => (await db.query<{ result: RegionSeed }>('select result from public.load_meta').catch(() => ({ rows: [] as { result: RegionSeed }[] }))).rows[0]?.result);
    });
    if (previous && previous.seed === seed && sameSizes(previous.sizes, sizes)) {
      log(`reusing ${database} (seeded in ${previous.seconds} s)`);
      return { ...previous, reused: true };
    }
  }
  await admin(adminUrl, async (client) => {
    await client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`);
    await client.query(`create database ${pg.escapeIdentifier(database)}`);
  });
  const started = performance.now();
  const directory = new TenantDirectory(guangxiTree(sizes.region));
  const pool = createPool(url, { max: 1, statementTimeoutMs: 0 });
  const db = createDb<any>(pool);
  try {
    await migrate(db, { schema: 'registry', migrations: migrationsOf(registryService) });
    await migrate(db, { schema: 'suggestions', migrations: migrationsOf(suggestionsService()) });

    await db.destroy();
    const round = (n: number) => Math.round(n * 10) / 10;
    // Two worker threads, each with a heap of its own (the full region's rows do not fit one
    // default heap) and a core of its own: the registry's, and — as soon as the registry has
    // written its deputies and seats — the suggestions' and opinions', alongside the registry's
    // stations, groups and activities.
    let rest: Promise<RestResult> | undefined;
    const registry = await inWorker<RegistryResult>({ task: 'registry', url, sizes, seed }, log, (roster) => {
      rest = inWorker<RestResult>({ task: 'rest', url, sizes, seed, roster }, log);
      rest.catch(() => undefined); // awaited below; an early failure must not go unhandled meanwhile
    }).catch(async (error: unknown) => {
      await rest?.catch(() => undefined);
      throw error;
    });
    if (!rest) throw new Error('the registry seed told no roster');
    const { suggestions, suggestionSeconds, opinionRows, opinionSeconds } = await rest;
    const registrySeconds = registry.seconds;
    const result: RegionSeed = {
      database,
      url,
      seed,
      sizes,
      tenants: directory.size,
      registry: { persons: registry.persons, mandates: registry.mandates, stations: registry.stations, activities: registry.activities, facts: registry.facts, seconds: round(registrySeconds) },
      suggestions: { items: suggestions.suggestions, records: suggestions.records, units: suggestions.units, deputies: suggestions.deputies, seconds: round(suggestionSeconds) },
      opinions: { rows: opinionRows, seconds: round(opinionSeconds) },
      seconds: round((performance.now() - started) / 1000),
      reused: false,
    };
    await admin(url, async (client) => {
      await client.query('create table public.load_meta (result jsonb not null)');
      await client.query('insert into public.load_meta values ($1)', [JSON.stringify(result)]);
    });
    return result;
  } finally {
    await db.destroy().catch(() => undefined);
  }
}

export { TOPIC_WORDS };
