// The kit's HTTP overhead: the same validated JSON endpoint served by a kit-built service and
// by bare fastify, measured in the same run with autocannon over loopback. Each server runs in
// its own process; rounds alternate so drift (thermal, neighbours) hits both alike.
// Target: kit ≥ 80 % of bare fastify's requests per second.
// Run: npx node packages/kit/bench/kit.bench.ts   (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { requestBody } from './endpoint.ts';

export interface KitBenchFigures {
  /** Mean requests per second over the rounds. */
  bareRps: number;
  kitRps: number;
  /** With telemetry started (tracer provider, http instrumentation; no exporter). */
  kitWithTelemetryRps: number;
  /** kit / bare (target ≥ 0.8) */
  ratio: number;
  ratioWithTelemetry: number;
  p99LatencyMs: { bare: number; kit: number; kitWithTelemetry: number };
  connections: number;
  secondsPerRound: number;
  rounds: number;
  targetMet: boolean;
}

type Target = 'bare' | 'kit' | 'kit+otel';
const serverScript = fileURLToPath(new URL('./server.ts', import.meta.url));

async function startServer(target: Target): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [serverScript, target], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' } });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { url: line.trim(), child };
}

async function load(url: string, seconds: number, connections: number): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({
    url: `${url}/items`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody,
    connections,
    pipelining: 1,
    duration: seconds,
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { rps: result.requests.average, p99: result.latency.p99, errors };
}

async function measure(target: Target, seconds: number, connections: number): Promise<{ rps: number; p99: number }> {
  const { url, child } = await startServer(target);
  try {
    await load(url, 1, connections); // warm-up: JIT, connection setup
    const run = await load(url, seconds, connections);
    if (run.errors > 0) throw new Error(`${target}: ${run.errors} failed requests`);
    return run;
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export async function benchKit(options: { seconds?: number; rounds?: number; connections?: number } = {}): Promise<KitBenchFigures> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 5);
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 2);
  const connections = options.connections ?? Number(process.env.BENCH_CONNECTIONS ?? 32);
  const runs: Record<Target, { rps: number; p99: number }[]> = { bare: [], kit: [], 'kit+otel': [] };
  for (let round = 0; round < rounds; round++) {
    for (const target of ['bare', 'kit', 'kit+otel'] as const) runs[target].push(await measure(target, seconds, connections));
  }
  const rps = (t: Target) => Math.round(mean(runs[t].map((r) => r.rps)));
  const p99 = (t: Target) => Math.max(...runs[t].map((r) => r.p99));
  const ratio = Math.round((rps('kit') / rps('bare')) * 1000) / 1000;
  return {
    bareRps: rps('bare'),
    kitRps: rps('kit'),
    kitWithTelemetryRps: rps('kit+otel'),
    ratio,
    ratioWithTelemetry: Math.round((rps('kit+otel') / rps('bare')) * 1000) / 1000,
    p99LatencyMs: { bare: p99('bare'), kit: p99('kit'), kitWithTelemetry: p99('kit+otel') },
    connections,
    secondsPerRound: seconds,
    rounds,
    targetMet: ratio >= 0.8,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = await benchKit();
  console.log(`validated JSON POST, ${f.connections} connections, ${f.rounds} × ${f.secondsPerRound} s each:`);
  console.log(`  bare fastify       ${f.bareRps} req/s   p99 ${f.p99LatencyMs.bare} ms`);
  console.log(`  kit                ${f.kitRps} req/s   p99 ${f.p99LatencyMs.kit} ms   ratio ${f.ratio} (target ≥ 0.8: ${f.targetMet ? 'met' : 'NOT met'})`);
  console.log(`  kit + telemetry    ${f.kitWithTelemetryRps} req/s   p99 ${f.p99LatencyMs.kitWithTelemetry} ms   ratio ${f.ratioWithTelemetry}`);
}
