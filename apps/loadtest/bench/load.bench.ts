// The load figures of issue 8 for `npm run bench`: seeding the region, a session's mixed peak
// through the edge, and (with --soak) the ten-minute soak. Targets on a 2-core machine with every
// service, PostgreSQL and NATS on it: peak ≥ 1,000 req/s with p99 < 200 ms and 0 errors; seeding
// ≤ 15 min; in the soak no service's memory grows > 10 % after warm-up and the lag is back to 0
// within 5 s of the load stopping. The soak runs at 60 % of the peak this run measured.
//   npx node apps/loadtest/bench/load.bench.ts [--quick] [--soak] [--reseed]
import { parseArgs } from 'node:util';
import { pgAdminUrl } from '@onenet/testing';
import { FULL_SIZES, FULL_SPREAD, SMALL_SIZES, SMALL_SPREAD, runLoad, type LoadRunFigures } from '../src/index.ts';

export interface LoadBenchOptions {
  /** Small seed and short turns (a smoke run of the same code). */
  quick?: boolean;
  /** Also the soak (ten minutes; one with --quick). */
  soak?: boolean;
  /** Seed again even when a seed of the same sizes exists (the seeding time is then measured anew). */
  reseed?: boolean;
  log?: (line: string) => void;
}

export interface LoadBenchFigures extends LoadRunFigures {
  targets: { peak: boolean; seeding: boolean; landed: boolean; soakMemory: boolean | null; soakLag: boolean | null };
}

export async function runLoadBench(options: LoadBenchOptions = {}): Promise<LoadBenchFigures> {
  const quick = options.quick ?? false;
  const figures = await runLoad({
    adminUrl: pgAdminUrl(),
    database: quick ? 'onenet_load_bench_small' : 'onenet_load_bench_full',
    sizes: quick ? SMALL_SIZES : FULL_SIZES,
    reuse: !options.reseed,
    spread: quick ? SMALL_SPREAD : FULL_SPREAD,
    peak: quick ? { seconds: 10, concurrency: 32, warmupSeconds: 3 } : { seconds: 60, concurrency: 64, warmupSeconds: 10 },
    ...(options.soak ? { soak: quick ? { seconds: 60, shareOfPeak: 0.6, concurrency: 32, sampleSeconds: 5 } : { seconds: 600, shareOfPeak: 0.6, concurrency: 64, sampleSeconds: 10 } } : {}),
    // Where the CPU goes, class by class (a few seconds each).
    profile: quick ? { seconds: 2, concurrency: 8 } : { seconds: 5, concurrency: 16 },
    ...(options.log ? { log: options.log } : {}),
  });
  const { peak, soak } = figures;
  return {
    ...figures,
    targets: {
      peak: peak.requestsPerSecond >= 1000 && peak.p99Ms < 200 && peak.errors === 0,
      seeding: figures.seeded.seconds <= 15 * 60,
      landed: figures.verification.ok,
      soakMemory: soak ? soak.maxGrowth <= 0.1 : null,
      soakLag: soak ? soak.lagToZeroMs !== null && soak.lagToZeroMs <= 5000 : null,
    },
  };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, soak: { type: 'boolean', default: false }, reseed: { type: 'boolean', default: false } } });
  const f = await runLoadBench({ quick: values.quick ?? false, soak: values.soak ?? false, reseed: values.reseed ?? false, log: (line) => console.error(line) });
  const { samples: _samples, ...soak } = f.soak ?? { samples: [] };
  console.log(JSON.stringify({ ...f, soak }, null, 2));
}
