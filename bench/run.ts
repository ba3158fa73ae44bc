// `npm run bench`: every figure the issues ask for, in one run on this machine, each ratio taken
// against its baseline in the same run. Prints one table and writes bench/results.json.
//   npm run bench                 full sizes (registry 116k deputies / 1M activities,
//                                 suggestions 1M / 10M records; seeds are kept and reused)
//   npm run bench -- --quick      small seeds, short turns: a smoke run of the same code
//   npm run bench -- --only kit,bus
//   npm run bench -- --soak       also the ten-minute soak in the load section
//   npm run bench -- --reseed     seed the load test's region again (its seeding time measured anew)
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { benchKit } from '../packages/kit/bench/kit.bench.ts';
import { benchAuthRls } from '../packages/kit/bench/auth-rls.bench.ts';
import { benchVerify } from '../packages/auth/bench/verify.bench.ts';
import { benchBus } from '../packages/bus/bench/bus.bench.ts';
import { runRegistryBench } from '../services/deputy-registry/bench/registry.bench.ts';
import { runBench as runSuggestionsBench } from '../services/suggestions/bench/suggestions.bench.ts';
import { runLoadBench } from '../apps/loadtest/bench/load.bench.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, soak: { type: 'boolean', default: false }, reseed: { type: 'boolean', default: false } } });
const quick = values.quick ?? false;
const only = values.only ? new Set(values.only.split(',')) : undefined;
const wanted = (name: string) => !only || only.has(name);

interface Row {
  figure: string;
  value: string;
  baseline: string;
  target: string;
  met: boolean | null;
}
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const log = (line: string) => console.error(line);

async function section(name: string, run: () => Promise<void>): Promise<void> {
  if (!wanted(name)) return;
  log(`— ${name} …`);
  const started = Date.now();
  try {
    await run();
  } catch (error) {
    rows.push({ figure: `${name}: failed`, value: (error as Error).message.slice(0, 80), baseline: '', target: '', met: false });
  }
  log(`— ${name}: ${Math.round((Date.now() - started) / 1000)} s`);
}

await section('kit', async () => {
  const f = await benchKit(quick ? { seconds: 1, rounds: 2 } : {});
  results.kit = f;
  rows.push({ figure: 'kit: validated JSON POST req/s', value: `${f.kitRps}`, baseline: `bare fastify ${f.bareRps}`, target: '≥ 80 % of bare', met: f.targetMet });
  rows.push({ figure: 'kit + telemetry req/s', value: `${f.kitWithTelemetryRps} (${Math.round(f.ratioWithTelemetry * 100)} %)`, baseline: `bare fastify ${f.bareRps}`, target: '', met: null });
});

await section('auth', async () => {
  const v = await benchVerify(quick ? 2_000 : 20_000);
  const r = await benchAuthRls(quick ? { seconds: 1, rounds: 2 } : {});
  results.auth = { verify: v, authRls: r };
  rows.push({ figure: 'token verification (RS256, cached JWKS)', value: `${v.microsecondsPerVerification} µs; repeat ${v.microsecondsPerCachedVerification} µs`, baseline: '', target: '', met: null });
  rows.push({ figure: 'auth + RLS read req/s', value: `${r.scopedRps} (${Math.round(r.ratio * 100)} %)`, baseline: `plain read ${r.plainRps}`, target: '≥ 70 % of plain', met: r.targetMet });
});

await section('bus', async () => {
  const f = await benchBus(quick ? { events: 2_000, pacedSeconds: 2 } : {});
  results.bus = f;
  rows.push({ figure: 'bus: outbox → JetStream → consumer events/s', value: `${f.platform.eventsPerSecond} (${Math.round(f.platformShareOfRaw * 100)} %)`, baseline: `raw JetStream ${f.raw.eventsPerSecond}`, target: '≥ 50 % of raw', met: f.targets.platformAtLeastHalfOfRaw });
  rows.push({ figure: 'bus: the same with 32 producers events/s', value: `${f.platform32.eventsPerSecond} (${Math.round(f.platform32ShareOfRaw * 100)} %)`, baseline: `the 32 producers alone ${f.producersAlone.producers32.eventsPerSecond}`, target: '≥ 50 % of raw', met: f.targets.platform32AtLeastHalfOfRaw });
  rows.push({ figure: `bus: p99 at ${f.pacedPerSecond} events/s`, value: `${f.platformPaced.p99Ms} ms (p50 ${f.platformPaced.p50Ms})`, baseline: `raw p99 ${f.rawPaced.p99Ms} ms`, target: '< 10 ms', met: f.targets.pacedP99Under10Ms });
});

await section('registry', async () => {
  const f = await runRegistryBench({ ...(quick ? { sizes: { deputies: 2_000, activities: 10_000, stations: 200 } } : {}), log });
  results.registry = f;
  const size = `${f.sizes.deputies} deputies, ${f.sizes.activities} activities`;
  rows.push({ figure: 'registry: public search p95', value: `${f.search.p95Ms} ms`, baseline: size, target: '< 50 ms', met: f.targets.searchP95 });
  rows.push({ figure: 'registry: county duty report', value: `${f.countyReport.medianMs} ms`, baseline: `${f.countyReport.deputies} deputies`, target: '< 1 s', met: f.targets.countyReport });
  rows.push({ figure: 'registry: station ledger xlsx / pdf', value: `${f.ledger.xlsxMedianMs} / ${f.ledger.pdfMedianMs} ms`, baseline: `${f.ledger.rows} rows`, target: '< 2 s', met: f.targets.ledger });
});

await section('suggestions', async () => {
  const f = await runSuggestionsBench({ ...(quick ? { sizes: { suggestions: 5_000, records: 30_000 }, seconds: 2 } : {}), log });
  results.suggestions = f;
  const size = `${f.sizes.suggestions} suggestions, ${f.sizes.records} records`;
  rows.push({ figure: 'suggestions: list with filters p95', value: `${f.list.p95Ms} ms`, baseline: size, target: '< 50 ms', met: f.targets.listP95 });
  rows.push({ figure: 'suggestions: Chinese search p95', value: `${f.search.p95Ms} ms`, baseline: size, target: '< 100 ms', met: f.targets.searchP95 });
  rows.push({ figure: "suggestions: a unit's yearly assessment", value: `${f.assessment.unitMedianMs} ms`, baseline: '', target: '< 1 s', met: f.targets.assessment });
  rows.push({ figure: 'suggestions: submissions/s', value: `${f.submissions.perSecond}`, baseline: `${f.submissions.connections} connections, ${f.submissions.errors} errors`, target: '≥ 500/s', met: f.targets.submissions });
});

await section('load', async () => {
  const f = await runLoadBench({ quick, soak: values.soak ?? false, reseed: values.reseed ?? false, log });
  const { samples: _samples, ...soak } = f.soak ?? { samples: [] };
  results.load = { ...f, soak };
  const p = f.peak;
  rows.push({ figure: 'load: mixed peak through the edge req/s', value: `${p.requestsPerSecond} (p99 ${p.p99Ms} ms, ${p.errors} errors)`, baseline: `${f.users.total} users, ${p.seconds} s, p95 ${p.p95Ms} ms`, target: '≥ 1000, p99 < 200 ms, 0 err', met: f.targets.peak });
  const cpu = Object.entries(f.cpuMsPerRequest).map(([name, ms]) => `${name} ${ms}`).join(', ');
  const cpuTotal = Object.values(f.cpuMsPerRequest).reduce((a, b) => a + b, 0);
  rows.push({ figure: 'load: CPU ms per request in the peak', value: `${Math.round(cpuTotal * 100) / 100} in all`, baseline: cpu, target: '', met: null });
  const s = f.seeded;
  rows.push({ figure: `load: seeding the region${s.reused ? ' (kept seed)' : ''}`, value: `${s.seconds} s`, baseline: `${s.tenants} tenants, ${s.registry.persons} deputies, ${s.suggestions.items} items`, target: '≤ 15 min', met: f.targets.seeding });
  const accepted = Object.values(p.accepted).reduce((a, b) => a + b, 0);
  rows.push({ figure: 'load: accepted writes stored, events consumed', value: f.verification.ok ? `all ${accepted}` : JSON.stringify(f.verification.missing), baseline: `drained in ${f.peakDrainMs ?? '> 60000'} ms`, target: 'all', met: f.targets.landed });
  if (f.soak) {
    const memory = Object.entries(f.soak.memory).map(([name, m]) => `${name} ${m.afterWarmupMiB}→${m.endMiB}`).join(', ');
    rows.push({ figure: `soak: memory growth after warm-up (${f.soak.load.seconds} s)`, value: `${Math.round(f.soak.maxGrowth * 1000) / 10} %`, baseline: `MiB ${memory}`, target: '≤ 10 %', met: f.targets.soakMemory });
    rows.push({ figure: 'soak: consumer lag back to 0 after the load', value: `${f.soak.lagToZeroMs ?? '> 30000'} ms`, baseline: `${f.soak.load.requestsPerSecond} req/s (asked ${f.soak.rate}), max lag ${f.soak.maxLag}, ${f.soak.load.errors} err`, target: '≤ 5 s', met: f.targets.soakLag });
  }
});

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
const widths = [44, 30, 34, 16];
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' | ')} |`;
console.log(`\nOne Network benchmarks — ${new Date().toISOString()} — ${machine}${quick ? ' — QUICK (small sizes)' : ''}\n`);
console.log(line(['figure', 'value', 'baseline (same run)', 'target']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line([r.figure, r.value, r.baseline, `${r.target}${r.met === null ? '' : r.met ? ' ✓' : ' ✗'}`]));
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), machine, quick, rows, results }, null, 2)}\n`);
