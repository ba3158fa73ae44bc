// The kit's HTTP overhead: the same validated JSON endpoint served by a kit-built service and
// by bare fastify, measured in the same run with autocannon over loopback.
// Each server runs in its own process (autocannon, here, does not share their event loop). All
// three run for the whole benchmark and are loaded in turns of a few seconds, bare → kit →
// kit+telemetry, many times over; each figure is the median over the turns, and each ratio the
// median of the ratios of neighbouring turns, so other work on the machine hits all alike.
// Target: kit ≥ 80 % of bare fastify's requests per second.
// Run: npx node packages/kit/bench/kit.bench.ts   (BENCH_SECONDS per turn, BENCH_ROUNDS, BENCH_CONNECTIONS)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { requestBody } from './endpoint.ts';

export interface KitBenchFigures {
  /** Median requests per second over the turns. */
  bareRps: number;
  kitRps: number;
  /** The kit with telemetry started (tracer provider, http/pg/undici instrumentation, no exporter). */
  kitWithTelemetryRps: number;
  /** kit / bare (target ≥ 0.8) */
  ratio: number;
  ratioWithTelemetry: number;
  /** Server CPU time per request, µs: the cost behind the ratio, steadier on a busy machine. */
  cpuMicrosPerRequest: { bare: number; kit: number; kitWithTelemetry: number };
  p99LatencyMs: { bare: number; kit: number; kitWithTelemetry: number };
  connections: number;
  secondsPerTurn: number;
  rounds: number;
  targetMet: boolean;
}

const TARGETS = ['bare', 'kit', 'kit+otel'] as const;
type Target = (typeof TARGETS)[number];
const serverScript = fileURLToPath(new URL('./server.ts', import.meta.url));

interface Server {
  url: string;
  child: ChildProcess;
}

async function startServer(target: Target): Promise<Server> {
  const child = spawn(process.execPath, [serverScript, target], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' },
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { url: line.trim(), child };
}

async function cpuMicros(child: ChildProcess): Promise<number> {
  child.send('cpu');
  const [usage] = (await once(child, 'message')) as [{ user: number; system: number }];
  return usage.user + usage.system;
}

interface Turn {
  rps: number;
  p99: number;
  cpuPerRequest: number;
}

async function turn(server: Server, seconds: number, connections: number): Promise<Turn> {
  const before = await cpuMicros(server.child);
  const result = await autocannon({
    url: `${server.url}/items`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody,
    connections,
    duration: seconds,
  });
  const cpu = (await cpuMicros(server.child)) - before;
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${server.url}: ${failed} failed requests`);
  return { rps: result.requests.total / seconds, p99: result.latency.p99, cpuPerRequest: cpu / result.requests.total };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export async function benchKit(options: { seconds?: number; rounds?: number; connections?: number } = {}): Promise<KitBenchFigures> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 2);
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 6);
  const connections = options.connections ?? Number(process.env.BENCH_CONNECTIONS ?? 32);
  const servers = {} as Record<Target, Server>;
  try {
    for (const target of TARGETS) servers[target] = await startServer(target);
    for (const target of TARGETS) await turn(servers[target], 1, connections); // warm-up: JIT, connections
    const turns: Record<Target, Turn[]> = { bare: [], kit: [], 'kit+otel': [] };
    for (let r = 0; r < rounds; r++) for (const target of TARGETS) turns[target].push(await turn(servers[target], seconds, connections));

    const rps = (t: Target) => Math.round(median(turns[t].map((x) => x.rps)));
    const cpu = (t: Target) => Math.round(median(turns[t].map((x) => x.cpuPerRequest)) * 10) / 10;
    const p99 = (t: Target) => median(turns[t].map((x) => x.p99));
    const ratioOf = (t: Target) => round3(median(turns[t].map((x, i) => x.rps / (turns.bare[i] as Turn).rps)));
    const ratio = ratioOf('kit');
    return {
      bareRps: rps('bare'),
      kitRps: rps('kit'),
      kitWithTelemetryRps: rps('kit+otel'),
      ratio,
      ratioWithTelemetry: ratioOf('kit+otel'),
      cpuMicrosPerRequest: { bare: cpu('bare'), kit: cpu('kit'), kitWithTelemetry: cpu('kit+otel') },
      p99LatencyMs: { bare: p99('bare'), kit: p99('kit'), kitWithTelemetry: p99('kit+otel') },
      connections,
      secondsPerTurn: seconds,
      rounds,
      targetMet: ratio >= 0.8,
    };
  } finally {
    for (const server of Object.values(servers)) {
      server.child.kill('SIGKILL');
      if (server.child.exitCode === null) await once(server.child, 'exit');
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = await benchKit();
  const c = f.cpuMicrosPerRequest;
  console.log(`validated JSON POST, ${f.connections} connections, ${f.rounds} turns × ${f.secondsPerTurn} s per server:`);
  console.log(`  bare fastify      ${f.bareRps} req/s   p99 ${f.p99LatencyMs.bare} ms   ${c.bare} µs CPU/request`);
  console.log(`  kit               ${f.kitRps} req/s   p99 ${f.p99LatencyMs.kit} ms   ${c.kit} µs CPU/request`);
  console.log(`  kit + telemetry   ${f.kitWithTelemetryRps} req/s   p99 ${f.p99LatencyMs.kitWithTelemetry} ms   ${c.kitWithTelemetry} µs CPU/request`);
  console.log(`  kit / bare = ${f.ratio} (target ≥ 0.8: ${f.targetMet ? 'met' : 'NOT met'});  kit + telemetry / bare = ${f.ratioWithTelemetry}`);
}
