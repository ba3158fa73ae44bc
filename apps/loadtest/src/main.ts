// npm run -w apps/loadtest load -- [--size small|medium|full] [--seconds 60] [--concurrency 64]
//   [--soak-seconds 600 [--soak-rate N (default 60 % of the peak)]] [--reuse] [--seed 20261127] [--json out.json]
//   [--profile [--profile-classes deputy-submit,leader-dashboard]] [--database onenet_load_bench_full]
// Seeds the region, starts the platform on it and drives a session's peak through the edge.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pgAdminUrl } from '@onenet/testing';
import { FULL_SIZES, MEDIUM_SIZES, SMALL_SIZES } from './seed.ts';
import { runLoad } from './run.ts';
import { CLASSES, type EndpointClass } from './scenario.ts';
import { FULL_SPREAD, SMALL_SPREAD } from './index.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '64' },
    'soak-seconds': { type: 'string' },
    'soak-rate': { type: 'string' },
    reuse: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261127' },
    json: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'profile-classes': { type: 'string' },
    /** Another seeded database of the same size (the bench's is onenet_load_bench_full). */
    database: { type: 'string' },
  },
});
const SIZES = { small: SMALL_SIZES, medium: MEDIUM_SIZES, full: FULL_SIZES };
const size = values.size as keyof typeof SIZES;
if (!(size in SIZES)) throw new Error(`--size: small, medium or full, not ${values.size}`);
const full = size !== 'small';
const profileClasses = values['profile-classes']?.split(',') as EndpointClass[] | undefined;
for (const cls of profileClasses ?? []) if (!CLASSES.includes(cls)) throw new Error(`--profile-classes: ${cls} is none of ${CLASSES.join(', ')}`);
const figures = await runLoad({
  adminUrl: pgAdminUrl(),
  database: values.database ?? `onenet_load_${size}`,
  sizes: SIZES[size],
  seed: Number(values.seed),
  reuse: values.reuse ?? false,
  spread: full ? FULL_SPREAD : SMALL_SPREAD,
  peak: { seconds: Number(values.seconds), concurrency: Number(values.concurrency), warmupSeconds: Number(values.warmup) },
  ...(values['soak-seconds'] ? { soak: { seconds: Number(values['soak-seconds']), ...(values['soak-rate'] ? { rate: Number(values['soak-rate']) } : {}), concurrency: Number(values.concurrency), sampleSeconds: 10 } } : {}),
  ...(values.profile || profileClasses ? { profile: { seconds: 5, concurrency: 16, ...(profileClasses ? { classes: profileClasses } : {}) } } : {}),
  log: (line) => console.error(line),
});
// Per endpoint class, then the whole run as JSON (soak samples in --json only).
const line = (cells: (string | number)[]) => console.error(cells.map((c, i) => String(c).padStart(i ? 9 : 20)).join(''));
line(['class', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms']);
for (const [name, c] of Object.entries(figures.peak.classes)) line([name, c.requests, c.errors, c.p50Ms, c.p95Ms, c.p99Ms]);
line(['all', figures.peak.requests, figures.peak.errors, figures.peak.p50Ms, figures.peak.p95Ms, figures.peak.p99Ms]);
const { samples: _samples, ...soak } = figures.soak ?? { samples: [] };
const { classes: _classes, ...peak } = figures.peak;
console.error(JSON.stringify({ ...figures, peak, soak }, null, 2));
if (values.json) writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
process.exitCode = figures.verification.ok && figures.peak.errors === 0 ? 0 : 1;
