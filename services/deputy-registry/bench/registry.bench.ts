// Registry benchmark: seeds Guangxi-sized data (116,000 deputies, 1,000,000 activities by
// default) with COPY, starts the service on it, and times through real HTTP, as the runtime
// role under row-level security:
//   - the public profile search (anonymous), p50/p95/p99 over a mix of queries;
//   - a county's duty-performance report for a year (county staff);
//   - a station's yearly ledger (两册七簿) export, .xlsx and PDF.
// Targets: search p95 < 50 ms, county report < 1 s, ledger < 2 s.
//
//   npm run -w services/deputy-registry bench -- [--quick] [--deputies 116000] [--activities 1000000] [--stations 11000] [--reseed] [--database NAME]
//
// The seeded database (onenet_bench_registry) is kept and reused while the sizes match.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createVerifier } from '@onenet/auth';
import { InProcessTransport } from '@onenet/bus';
import { createDb, createPool, migrate } from '@onenet/db';
import { bearerAuthenticator, buildService, createLogger, migrationsOf } from '@onenet/kit';
import { registryService } from '../src/service.ts';
import { DEFAULT_SIZES, seed, type SeedResult, type SeedSizes } from './seed.ts';
import { withDatabase } from '@onenet/db/testing';
import { pgAdminUrl } from '@onenet/testing';

export interface BenchFigures {
  sizes: SeedSizes;
  seeded: SeedResult & { seconds: number | null };
  search: { queries: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  countyReport: { deputies: number; runs: number; medianMs: number; maxMs: number };
  ledger: { station: string; rows: number; xlsxMedianMs: number; xlsxBytes: number; pdfMedianMs: number; pdfBytes: number; pdfPages: number | null };
  targets: { searchP95: boolean; countyReport: boolean; ledger: boolean };
}

let DATABASE = 'onenet_bench_registry';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number) => Math.round(n * 10) / 10;

async function prepareDatabase(sizes: SeedSizes, reseed: boolean, log: (line: string) => void): Promise<{ url: string; appUrl: string; seeded: SeedResult & { seconds: number | null } }> {
  const admin = new pg.Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [DATABASE])).rowCount === 1;
    if (exists && !reseed) {
      const probe = new pg.Client({ connectionString: withDatabase(pgAdminUrl(), DATABASE) });
      await probe.connect();
      try {
        const meta = await probe.query(`select sizes, result from public.bench_meta`).catch(() => ({ rows: [] as { sizes: SeedSizes; result: SeedResult }[] }));
        const stored = meta.rows[0]?.sizes;
        // jsonb reorders keys: compare field by field.
        if (stored && (Object.keys(sizes) as (keyof SeedSizes)[]).every((k) => stored[k] === sizes[k])) {
          log('reusing the seeded database');
          // Bring it to the current schema (later migrations) and vacuumed, as autovacuum would.
          const pool = createPool(withDatabase(pgAdminUrl(), DATABASE), { max: 1, statementTimeoutMs: 3_600_000 });
          const db = createDb<unknown>(pool);
          try {
            const applied = await migrate(db as never, { schema: 'registry', migrations: migrationsOf(registryService) });
            if (applied.length > 0) {
              log(`applied ${applied.join(', ')}; vacuuming`);
              await pool.query('vacuum analyze');
            }
          } finally {
            await db.destroy();
          }
          return { url: withDatabase(pgAdminUrl(), DATABASE), appUrl: withDatabase(pgAdminUrl(), DATABASE, 'registry_app'), seeded: { ...meta.rows[0].result, seconds: null } };
        }
      } finally {
        await probe.end();
      }
    }
    if (exists) await admin.query(`drop database ${DATABASE} with (force)`);
    await admin.query(`create database ${DATABASE}`);
    await admin.query(`create role registry_app login nobypassrls`).catch((error: { code?: string }) => {
      if (error.code !== '42710') throw error;
    });
  } finally {
    await admin.end();
  }
  const url = withDatabase(pgAdminUrl(), DATABASE);
  const pool = createPool(url, { max: 2, statementTimeoutMs: 3_600_000 });
  const db = createDb<unknown>(pool);
  try {
    await migrate(db as never, { schema: 'registry', migrations: migrationsOf(registryService) });
    const started = performance.now();
    const result = await seed(pool, sizes, log);
    const seconds = round((performance.now() - started) / 1000);
    await pool.query(`create table public.bench_meta (sizes jsonb, result jsonb)`);
    await pool.query(`insert into public.bench_meta values ($1, $2)`, [JSON.stringify(sizes), JSON.stringify(result)]);
    return { url, appUrl: withDatabase(pgAdminUrl(), DATABASE, 'registry_app'), seeded: { ...result, seconds } };
  } finally {
    await db.destroy();
  }
}

/** Seeds (or reuses) the data, runs the timed requests and returns the figures. */
export async function runRegistryBench(options: { sizes?: Partial<SeedSizes>; reseed?: boolean; log?: (line: string) => void } = {}): Promise<BenchFigures> {
  const sizes = { ...DEFAULT_SIZES, ...options.sizes };
  const log = options.log ?? (() => {});
  // The full-size seed takes minutes to make: other sizes get their own database, never replace it.
  if (DATABASE === 'onenet_bench_registry' && (sizes.deputies !== DEFAULT_SIZES.deputies || sizes.activities !== DEFAULT_SIZES.activities)) {
    DATABASE = `onenet_bench_registry_${sizes.deputies}_${sizes.activities}`;
  }
  const { url, appUrl, seeded } = await prepareDatabase(sizes, options.reseed ?? false, log);

  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const issuer = 'http://bench.invalid/realms/onenet';
  const files = mkdtempSync(join(tmpdir(), 'registry-bench-'));
  const service = await buildService(registryService, {
    env: {
      DATABASE_URL: appUrl,
      MIGRATION_DATABASE_URL: url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      REGISTRY_FILES_DIR: files,
      REGISTRY_IDENTITY_KEY: 'bench-identity-key-0123456789',
      REGISTRY_DATA_KEY: 'bench-data-key-0123456789',
      // The county report is timed counting every time, not as the kept summary a dashboard gets.
      REGISTRY_REPORT_CACHE_SECONDS: '0',
    },
    transport: new InProcessTransport(),
    logger: createLogger({ service: 'deputy-registry', level: 'error' }),
    authenticator: bearerAuthenticator(createVerifier({ issuer, audience: 'onenet-api' }, createLocalJWKSet({ keys: [jwk] }))),
  });
  const { url: base } = await service.start();
  const countyPath = seeded.sample.county;
  const token = await new SignJWT({ realm_access: { roles: ['staff'] }, tenant_path: countyPath, tenant_code: countyPath.split('/').at(-1), name: '八步区工作人员' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setIssuer(issuer)
    .setAudience('onenet-api')
    .setSubject('bench-staff')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);

  const timed = async (path: string, auth: boolean): Promise<{ ms: number; body: Buffer; status: number }> => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
    const body = Buffer.from(await response.arrayBuffer());
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.toString('utf8').slice(0, 300)}`);
    return { ms, body, status: response.status };
  };

  try {
    // ---- public search: names (1–2 characters), a county, a township's township-level deputies, name + level
    const rand = (() => {
      let s = 7;
      return (n: number) => ((s = (s * 1103515245 + 12345) % 2147483648), s % n);
    })();
    const surnames = [...seeded.sample.surnames];
    const counties = ['450000/451100/451102', '450000/450100/450103', '450000/450300/450305', '450000/451400/451404'];
    const query = (i: number) => {
      switch (i % 10) {
        case 0:
        case 1:
        case 2:
          return `q=${encodeURIComponent(surnames[rand(surnames.length)]!)}`;
        case 3:
          return `q=${encodeURIComponent(surnames[rand(surnames.length)]! + '伟')}`;
        case 4:
        case 5:
        case 6:
          return `tenant=${encodeURIComponent(counties[rand(counties.length)]!)}`;
        case 7:
        case 8:
          return `level=township&tenant=${encodeURIComponent(`${seeded.sample.stationTownship}`)}`;
        default:
          return `q=${encodeURIComponent(surnames[rand(surnames.length)]!)}&level=county`;
      }
    };
    for (let i = 0; i < 30; i++) await timed(`/public/profiles?${query(i)}`, false);
    const searchTimes: number[] = [];
    const queries = 400;
    for (let i = 0; i < queries; i++) searchTimes.push((await timed(`/public/profiles?${query(i)}&limit=20`, false)).ms);
    searchTimes.sort((a, b) => a - b);
    log(`search p95 ${round(percentile(searchTimes, 95))} ms`);

    // ---- the county's duty report for the year
    const reportPath = `/duties/tenants?year=${sizes.year}&limit=100`;
    const first = await timed(reportPath, true);
    const deputies = (JSON.parse(first.body.toString('utf8')) as { total: number }).total;
    const reportTimes: number[] = [];
    for (let i = 0; i < 5; i++) reportTimes.push((await timed(reportPath, true)).ms);
    log(`county report ${round(median(reportTimes))} ms (${deputies} deputies)`);

    // ---- the busiest station's ledger for the year
    const ledgerPath = `/stations/${seeded.sample.station}/ledgers/${sizes.year}`;
    await timed(ledgerPath, true);
    const xlsx: number[] = [];
    let xlsxBytes = 0;
    for (let i = 0; i < 3; i++) {
      const r = await timed(ledgerPath, true);
      xlsx.push(r.ms);
      xlsxBytes = r.body.length;
    }
    await timed(`${ledgerPath}?format=pdf`, true);
    const pdf: number[] = [];
    let pdfBody: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 3; i++) {
      const r = await timed(`${ledgerPath}?format=pdf`, true);
      pdf.push(r.ms);
      pdfBody = r.body;
    }
    const pages = pdfBody.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? null;
    // Counted as the owner: the runtime pool sees nothing outside a tenant transaction.
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    const rows = Number(
      (
        await owner.query(
          `select (select count(*) from registry.activity where station_id = $1 and start_date between $2 and $3) + (select count(*) from registry.group_member gm join registry.mixed_group g on g.id = gm.group_id where g.station_id = $1) as n`,
          [seeded.sample.station, `${sizes.year}-01-01`, `${sizes.year}-12-31`],
        )
      ).rows[0]?.n ?? 0,
    );
    await owner.end();
    log(`ledger xlsx ${round(median(xlsx))} ms, pdf ${round(median(pdf))} ms`);

    const figures: BenchFigures = {
      sizes,
      seeded,
      search: { queries, p50Ms: round(percentile(searchTimes, 50)), p95Ms: round(percentile(searchTimes, 95)), p99Ms: round(percentile(searchTimes, 99)), maxMs: round(searchTimes.at(-1)!) },
      countyReport: { deputies, runs: reportTimes.length, medianMs: round(median(reportTimes)), maxMs: round(Math.max(...reportTimes)) },
      ledger: { station: seeded.sample.station, rows, xlsxMedianMs: round(median(xlsx)), xlsxBytes, pdfMedianMs: round(median(pdf)), pdfBytes: pdfBody.length, pdfPages: pages },
      targets: { searchP95: false, countyReport: false, ledger: false },
    };
    figures.targets = {
      searchP95: figures.search.p95Ms < 50,
      countyReport: figures.countyReport.medianMs < 1000,
      ledger: Math.max(figures.ledger.xlsxMedianMs, figures.ledger.pdfMedianMs) < 2000,
    };
    return figures;
  } finally {
    await service.close();
    rmSync(files, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, deputies: { type: 'string' }, activities: { type: 'string' }, stations: { type: 'string' }, reseed: { type: 'boolean' }, database: { type: 'string' } },
  });
  if (values.database) DATABASE = values.database;
  // --quick: the small sizes of `npm run bench -- --quick`, a smoke run of the same code.
  const sizes: Partial<SeedSizes> = values.quick ? { deputies: 2_000, activities: 10_000, stations: 200 } : {};
  if (values.deputies) sizes.deputies = Number(values.deputies);
  if (values.activities) sizes.activities = Number(values.activities);
  if (values.stations) sizes.stations = Number(values.stations);
  const figures = await runRegistryBench({ sizes, reseed: values.reseed, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
