// The platform as `npm start` runs it — the edge, the development IdP, a nats-server and every
// service as its own process — on the seeded database, the load realm and the region's tree.
// Also what the soak samples: each service process's memory, the services' PostgreSQL
// connections and the consumers' lag (JetStream pending messages and unpublished outbox rows).
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startPlatform } from '@onenet/platform';
import { discoverServices, loadServiceDefinition } from '@onenet/kit/discovery';
import { processCpuMs } from '@onenet/testing';
import type { TenantDirectory, TenantNode } from '@onenet/tenancy';
import { writeLoadRealm, type LoadUser } from './realm.ts';
import { writeTenantsFile } from './region.ts';
import { REGISTRY_SECRETS } from './seed.ts';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A JetStream durable consumer: its stream, its name and the service whose schema has its inbox. */
export interface ConsumerRef {
  stream: string;
  durable: string;
  schema: string;
  subjects: string[];
}

export interface LoadPlatform {
  url: string;
  natsUrl: string;
  /** The services' processes, by service name. */
  processes(): Map<string, number>;
  consumers: ConsumerRef[];
  /** Producing schemas (with an outbox). */
  schemas: string[];
  stop(): Promise<void>;
}

export async function startLoadPlatform(options: { databaseUrl: string; tree: TenantNode; directory: TenantDirectory; users: LoadUser[]; log: (line: string) => void }): Promise<LoadPlatform> {
  const work = mkdtempSync(join(tmpdir(), 'onenet-load-'));
  const realmDir = join(work, 'realm');
  writeLoadRealm(realmDir, options.tree, options.directory, options.users);
  const tenantsFile = writeTenantsFile(join(work, 'tenants'), options.tree);
  const port = await freePort();
  const natsPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HOST: '127.0.0.1',
    DEV_IDP_PORT: String(await freePort()),
    EMBEDDED_NATS_PORT: String(natsPort),
    SERVICE_PORT_BASE: String(30_000 + Math.floor(Math.random() * 20_000)),
    ONENET_TENANTS_FILE: tenantsFile,
    FILES_DIR: join(work, 'files'),
    // The whole load comes from one address; the per-address limit on opinions is for the public internet.
    OPINION_RATE_LIMIT: '100000000',
    LOG_LEVEL: 'warn',
    // The load realm's users are linked to seeded records already: no demo records.
    ONENET_DEMO_DATA: 'off',
    ...REGISTRY_SECRETS,
  };
  for (const name of ['NATS_URL', 'OIDC_ISSUER', 'OTEL_EXPORTER_OTLP_ENDPOINT']) delete env[name];

  const services = discoverServices(repoRoot);
  const consumers: ConsumerRef[] = [];
  for (const entry of services) {
    const definition = await loadServiceDefinition(entry);
    for (const c of definition.consumers ?? []) {
      const byStream = new Map<string, string[]>();
      for (const e of c.events) byStream.set(e.stream.name, [...(byStream.get(e.stream.name) ?? []), e.subject]);
      for (const [stream, subjects] of byStream) consumers.push({ stream, durable: `${definition.name}--${c.purpose}`, schema: definition.schema, subjects });
    }
  }
  const platform = await startPlatform({ repoRoot, dataDir: work, env, log: options.log, realmDir });
  const dirs = new Map(services.map((s) => [resolve(s.dir), s.name]));
  return {
    url: `http://127.0.0.1:${port}`,
    natsUrl: `nats://127.0.0.1:${natsPort}`,
    consumers,
    schemas: services.map((s) => s.schema),
    processes: () => {
      // The launcher spawns each service as a child of this process, in the service's directory.
      const out = new Map<string, number>();
      for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          if (ppid !== process.pid) continue;
          const name = dirs.get(resolve(readlinkSync(`/proc/${pid}/cwd`)));
          if (name) out.set(name, Number(pid));
        } catch {
          // the process ended meanwhile
        }
      }
      return out;
    },
    async stop() {
      await platform.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Resident memory of a process in MiB (VmRSS), or undefined once it has ended. */
export function rssMiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time used so far by the PostgreSQL backends serving one database (a backend's process title,
 * `postgres: [cluster: ]user database host(port) state`, names it) and by the machine's
 * nats-server, in milliseconds (per backend: a pool may end one): the rest of a request's cost, beside the
 * services' own.
 */
export function serverCpuMs(database: string): { postgres: Map<number, number>; nats: number } {
  const postgres = new Map<number, number>();
  let nats = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let command: string;
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (/^postgres: (?:\S+: )?\S+ (\S+) /.exec(command)?.[1] === database) postgres.set(Number(entry), processCpuMs(Number(entry)) ?? 0);
    else if (command.split('\0')[0]?.endsWith('nats-server')) nats += processCpuMs(Number(entry)) ?? 0;
  }
  return { postgres, nats };
}

export interface LagSample {
  /** Messages delivered to no consumer yet plus those delivered and not acknowledged, per durable. */
  pending: Record<string, number>;
  /** Outbox rows not yet published, per producing schema. */
  outbox: Record<string, number>;
  total: number;
}

/** Consumer lag and PostgreSQL connections of the running platform. */
export class Monitor {
  readonly #platform: LoadPlatform;
  readonly #db: pg.Pool;
  #nats: NatsConnection | undefined;

  constructor(platform: LoadPlatform, databaseUrl: string) {
    this.#platform = platform;
    this.#db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  }

  async lag(): Promise<LagSample> {
    this.#nats ??= await connect({ servers: this.#platform.natsUrl, name: 'onenet-loadtest-monitor' });
    const jsm = await jetstreamManager(this.#nats);
    const pending: Record<string, number> = {};
    for (const c of this.#platform.consumers) {
      try {
        const info = await jsm.consumers.info(c.stream, c.durable);
        pending[c.durable] = (pending[c.durable] ?? 0) + info.num_pending + info.num_ack_pending;
      } catch {
        pending[c.durable] = pending[c.durable] ?? 0; // not created yet: nothing produced on its stream
      }
    }
    const outbox: Record<string, number> = {};
    for (const schema of this.#platform.schemas) {
      const { rows } = await this.#db.query<{ n: string }>(`select count(*) as n from ${pg.escapeIdentifier(schema)}.outbox where published_at is null`);
      outbox[schema] = Number(rows[0]?.n ?? 0);
    }
    const total = Object.values(pending).reduce((a, b) => a + b, 0) + Object.values(outbox).reduce((a, b) => a + b, 0);
    return { pending, outbox, total };
  }

  /** Connections each service's runtime role holds open (its pool). */
  async connections(): Promise<Record<string, number>> {
    const { rows } = await this.#db.query<{ usename: string; n: string }>(`select usename, count(*) as n from pg_stat_activity where datname = current_database() and usename like '%\\_app' group by usename`);
    return Object.fromEntries(rows.map((r) => [r.usename, Number(r.n)]));
  }

  /** Waits until nothing is pending; the milliseconds it took, or undefined after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<number | undefined> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if ((await this.lag()).total === 0) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.#nats?.close();
    await this.#db.end();
  }
}

