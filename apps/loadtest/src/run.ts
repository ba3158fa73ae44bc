// The whole load test in one call: seed the region (or reuse a seed), generate the load realm,
// start the platform on both, sign in every load user, warm up, drive the peak, wait for the
// events to drain and verify every accepted write and event; then, if asked, the soak.
import { performance } from 'node:perf_hooks';
import { TenantDirectory } from '@onenet/tenancy';
import { guangxiTree } from './region.ts';
import { loadUsers, type UserSpread } from './realm.ts';
import { seedRegion, type RegionSeed, type RegionSizes } from './seed.ts';
import { processCpuMs } from '@onenet/testing';
import { Monitor, rssMiB, serverCpuMs, startLoadPlatform, type LoadPlatform } from './platform.ts';
import { CLASSES, drive, signIn, Workload, type EndpointClass, type LoadFigures } from './scenario.ts';
import { verify, type Verification } from './verify.ts';

export interface SoakOptions {
  seconds: number;
  /** Requests per second, steady; or, without it, this share of the run's measured peak. A rate above
   *  what the platform sustains would measure a growing queue, not a steady state. */
  rate?: number;
  shareOfPeak?: number;
  concurrency: number;
  /** How often memory, connections and lag are sampled. */
  sampleSeconds: number;
}

export interface LoadRunOptions {
  adminUrl: string;
  database: string;
  sizes: RegionSizes;
  seed?: number;
  reuse?: boolean;
  spread: UserSpread;
  peak: { seconds: number; concurrency: number; warmupSeconds: number };
  soak?: SoakOptions;
  /** After the peak, each endpoint class alone for a few seconds: its latency and CPU per request in each process. */
  profile?: { seconds: number; concurrency: number; classes?: readonly EndpointClass[] };
  log?: (line: string) => void;
}

export interface ClassProfile {
  requests: number;
  p50Ms: number;
  errors: number;
  /** CPU milliseconds per request: this process (driver, edge, IdP) and each service (the events it consumes included). */
  cpuMsPerRequest: Record<string, number>;
}

export interface SoakSample {
  atSeconds: number;
  rssMiB: Record<string, number>;
  connections: Record<string, number>;
  lag: number;
}

export interface SoakFigures {
  /** The steady rate asked for, requests per second. */
  rate: number;
  load: LoadFigures;
  samples: SoakSample[];
  /** Per service: the peak resident memory of the first third after warm-up and of the last third, and the growth. */
  memory: Record<string, { afterWarmupMiB: number; endMiB: number; growth: number }>;
  maxGrowth: number;
  maxLag: number;
  maxConnections: Record<string, number>;
  /** Milliseconds from the end of the load until no event was pending; null if not within 30 s. */
  lagToZeroMs: number | null;
  verification: Verification;
}

export interface LoadRunFigures {
  seeded: RegionSeed;
  users: { total: number; byRole: Record<string, number>; tenants: number };
  /** Seeded work waiting at the start: items in hand of the handlers' units, registered items to assign. */
  seededWork: { inHand: number; registered: number };
  peak: LoadFigures;
  /** CPU milliseconds per request during the peak: this process (load driver, edge, IdP) and each service. */
  cpuMsPerRequest: Record<string, number>;
  /** Milliseconds after the peak until every event was consumed; null if not within 60 s. */
  peakDrainMs: number | null;
  verification: Verification;
  profile?: Record<string, ClassProfile>;
  soak?: SoakFigures;
}


export async function runLoad(options: LoadRunOptions): Promise<LoadRunFigures> {
  const log = options.log ?? (() => {});
  const seeded = await seedRegion({ adminUrl: options.adminUrl, database: options.database, sizes: options.sizes, ...(options.seed !== undefined ? { seed: options.seed } : {}), reuse: options.reuse ?? false, log });
  log(`seeded ${seeded.tenants} tenants in ${seeded.seconds} s${seeded.reused ? ' (reused)' : ''}`);
  const tree = guangxiTree(options.sizes.region);
  const directory = new TenantDirectory(tree);
  const users = await loadUsers(seeded.url, directory, options.spread);
  const byRole: Record<string, number> = {};
  for (const u of users) byRole[u.role] = (byRole[u.role] ?? 0) + 1;
  log(`load users: ${users.length} (${Object.entries(byRole).map(([r, n]) => `${r} ${n}`).join(', ')})`);

  const platform = await startLoadPlatform({ databaseUrl: seeded.url, tree, directory, users, log: (line) => (/^ {2}|^\s*$|演示账号/.test(line) ? undefined : log(line)) });
  const monitor = new Monitor(platform, seeded.url);
  try {
    const t = performance.now();
    const sessions = await signIn(platform.url, users);
    log(`signed in ${sessions.length} users through the edge in ${Math.round(performance.now() - t)} ms`);
    const townships = directory.all().filter((x) => x.kind === 'township').map((x) => x.path);
    const tenants = directory.all().map((x) => x.path);
    const workload = new Workload(sessions, townships, tenants, seeded.seed, options.sizes.year);
    const seededWork = await workload.loadSeededWork(seeded.url);

    if (options.peak.warmupSeconds > 0) {
      const warm = await drive({ url: platform.url, workload, seconds: options.peak.warmupSeconds, concurrency: options.peak.concurrency });
      log(`warm-up: ${warm.requestsPerSecond} req/s, ${warm.errors} errors${warm.errorSamples.length ? `: ${warm.errorSamples.slice(0, 3).join(' | ')}` : ''}`);
      await monitor.drained(60_000);
    }
    const since = new Date();
    const cpuBefore = cpuOf(platform, seeded.url);
    const peak = await drive({ url: platform.url, workload, seconds: options.peak.seconds, concurrency: options.peak.concurrency });
    const cpuAfter = cpuOf(platform, seeded.url);
    const cpuMsPerRequest = perRequest(cpuBefore, cpuAfter, peak.requests);
    log(`CPU ms per request: ${JSON.stringify(cpuMsPerRequest)}`);
    const drained = await monitor.drained(60_000);
    log(`peak: ${peak.requestsPerSecond} req/s, p99 ${peak.p99Ms} ms, ${peak.errors} errors; events drained in ${drained === undefined ? '> 60 s' : `${drained} ms`}`);
    for (const e of peak.errorSamples.slice(0, 5)) log(`  error: ${e}`);
    // The warm-up's writes count too: everything accepted since the platform started.
    const verification = await verify(seeded.url, workload.accepted, platform.consumers, platform.schemas, new Date(since.getTime() - options.peak.warmupSeconds * 1000 - 60_000));
    log(`verification: ${verification.ok ? 'every accepted write stored, every event consumed' : JSON.stringify(verification)}`);

    let profile: Record<string, ClassProfile> | undefined;
    if (options.profile) {
      profile = {};
      for (const cls of options.profile.classes ?? CLASSES) {
        const before = cpuOf(platform, seeded.url);
        const f = await drive({ url: platform.url, workload, seconds: options.profile.seconds, concurrency: options.profile.concurrency, mix: { [cls]: 1 } });
        await monitor.drained(30_000);
        const after = cpuOf(platform, seeded.url);
        profile[cls] = { requests: f.requests, p50Ms: f.p50Ms, errors: f.errors, cpuMsPerRequest: perRequest(before, after, f.requests) };
        log(`profile ${cls}: ${f.requests} requests, p50 ${f.p50Ms} ms, CPU ms per request ${JSON.stringify(profile[cls].cpuMsPerRequest)}`);
      }
    }
    let soak: SoakFigures | undefined;
    if (options.soak) soak = await runSoak({ ...options.soak, rate: options.soak.rate ?? Math.max(1, Math.round(peak.requestsPerSecond * (options.soak.shareOfPeak ?? 0.6))) }, platform, monitor, workload, seeded.url, log);
    return { seeded, users: { total: users.length, byRole, tenants: directory.size }, seededWork, peak, cpuMsPerRequest, peakDrainMs: drained ?? null, verification, ...(profile ? { profile } : {}), ...(soak ? { soak } : {}) };
  } finally {
    await monitor.close();
    await platform.stop();
  }
}

/**
 * CPU milliseconds used so far by this process, each service's process, nats-server and each of
 * the database's PostgreSQL backends (one key per backend, `postgresql:<pid>`: a pool may end a
 * backend between two readings, and its time must not be subtracted from the others').
 */
function cpuOf(platform: LoadPlatform, databaseUrl: string): Record<string, number> {
  const usage = process.cpuUsage();
  const out: Record<string, number> = { 'driver+edge+idp': (usage.user + usage.system) / 1000 };
  for (const [name, pid] of platform.processes()) out[name] = processCpuMs(pid) ?? 0;
  const servers = serverCpuMs(new URL(databaseUrl).pathname.slice(1));
  for (const [pid, ms] of servers.postgres) out[`postgresql:${pid}`] = ms;
  out['nats-server'] = servers.nats;
  return out;
}

/** Per request, each process's CPU between two readings; the backends summed as `postgresql`. */
function perRequest(before: Record<string, number>, after: Record<string, number>, requests: number): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [key, ms] of Object.entries(after)) {
    const name = key.startsWith('postgresql:') ? 'postgresql' : key;
    used[name] = (used[name] ?? 0) + ms - (before[key] ?? 0);
  }
  used.postgresql ??= 0;
  return Object.fromEntries(Object.entries(used).map(([name, ms]) => [name, Math.round((ms / Math.max(1, requests)) * 100) / 100]));
}

async function runSoak(options: SoakOptions & { rate: number }, platform: LoadPlatform, monitor: Monitor, workload: Workload, databaseUrl: string, log: (line: string) => void): Promise<SoakFigures> {
  log(`soak: ${options.rate} req/s for ${options.seconds} s`);
  const samples: SoakSample[] = [];
  const started = performance.now();
  let running = true;
  const sampler = (async () => {
    while (running) {
      const rss: Record<string, number> = {};
      for (const [name, pid] of platform.processes()) rss[name] = rssMiB(pid) ?? 0;
      const sample = { atSeconds: Math.round((performance.now() - started) / 1000), rssMiB: rss, connections: await monitor.connections(), lag: (await monitor.lag()).total };
      samples.push(sample);
      log(`  ${sample.atSeconds} s: rss ${JSON.stringify(sample.rssMiB)} MiB, connections ${JSON.stringify(sample.connections)}, lag ${sample.lag}`);
      await new Promise((r) => setTimeout(r, options.sampleSeconds * 1000));
    }
  })();
  const since = new Date();
  const load = await drive({ url: platform.url, workload, seconds: options.seconds, concurrency: options.concurrency, rate: options.rate });
  const stopped = performance.now();
  const toZero = await monitor.drained(30_000);
  const lagToZeroMs = toZero === undefined ? null : Math.round(performance.now() - stopped);
  running = false;
  await sampler;
  // Warm-up: the first fifth of the soak. Resident memory saws up and down with garbage
  // collection, so the peaks are compared: the highest of the first third after warm-up with the
  // highest of the last third. A leak raises the peaks; a collector at work does not.
  const steady = samples.filter((s) => s.atSeconds >= options.seconds / 5 && s.atSeconds <= options.seconds);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const memory: SoakFigures['memory'] = {};
  for (const name of Object.keys(samples[0]?.rssMiB ?? {})) {
    const first = Math.max(0, ...steady.slice(0, third).map((s) => s.rssMiB[name] ?? 0));
    const end = Math.max(0, ...steady.slice(-third).map((s) => s.rssMiB[name] ?? 0));
    memory[name] = { afterWarmupMiB: Math.round(first), endMiB: Math.round(end), growth: first ? Math.round(((end - first) / first) * 1000) / 1000 : 0 };
  }
  const maxConnections: Record<string, number> = {};
  for (const s of samples) for (const [role, n] of Object.entries(s.connections)) maxConnections[role] = Math.max(maxConnections[role] ?? 0, n);
  const verification = await verify(databaseUrl, workload.accepted, platform.consumers, platform.schemas, since);
  return {
    rate: options.rate,
    load,
    samples,
    memory,
    maxGrowth: Math.max(0, ...Object.values(memory).map((m) => m.growth)),
    maxLag: Math.max(0, ...samples.map((s) => s.lag)),
    maxConnections,
    lagToZeroMs,
    verification,
  };
}
