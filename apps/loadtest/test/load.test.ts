// The load test at a small size, end to end: the region seed (both services, one id space), the
// load realm, the platform through its edge with real tokens, a few seconds of the peak's mix and
// of the soak — and afterwards every accepted write is in the database and every event reached
// its consumers. Correctness only: speed is for `npm run bench`.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgAdminUrl } from '@onenet/testing';
import { TenantDirectory } from '@onenet/tenancy';
import { guangxiTree } from '../src/region.ts';
import { runLoad, type LoadRunFigures } from '../src/run.ts';
import { SMALL_SIZES, withDatabase } from '../src/seed.ts';
import { SMALL_SPREAD } from '../src/index.ts';

const database = `onenet_load_test_${process.pid}`;
let figures: LoadRunFigures;

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: withDatabase(pgAdminUrl(), database) });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  // The platform's output is kept, and shown if the run fails.
  const lines: string[] = [];
  try {
    figures = await run((line) => lines.push(line));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- the last lines of the run:\n${lines.slice(-40).join('\n')}`, { cause: error });
  }
}, 300_000);

function run(log: (line: string) => void): Promise<LoadRunFigures> {
  return runLoad({
    adminUrl: pgAdminUrl(),
    database,
    sizes: SMALL_SIZES,
    spread: SMALL_SPREAD,
    peak: { seconds: 6, concurrency: 8, warmupSeconds: 0 },
    soak: { seconds: 4, rate: 20, concurrency: 4, sampleSeconds: 1 },
    log,
  });
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  await admin.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`).catch(() => undefined);
  await admin.end();
});

describe('the region tree', () => {
  it('is all of Guangxi from the statistical division codes: 14 cities, 111 counties, 1,284 townships', () => {
    const all = new TenantDirectory(guangxiTree()).all();
    const count = (kind: string) => all.filter((t) => t.kind === kind).length;
    expect([count('region'), count('city'), count('county'), count('township')]).toEqual([1, 14, 111, 1284]);
    const directory = new TenantDirectory(guangxiTree());
    expect(directory.getTenant('451102')).toMatchObject({ name: '八步区', path: '450000/451100/451102' });
    expect(directory.children('451102').map((t) => t.name)).toContain('贺街镇');
  });
});

describe('the region seed', () => {
  it('seeds both services at the sizes asked for', () => {
    expect(figures.seeded).toMatchObject({ tenants: 19, reused: false });
    expect(figures.seeded.registry).toMatchObject({ persons: SMALL_SIZES.deputies, stations: SMALL_SIZES.stations, activities: SMALL_SIZES.activities });
    expect(figures.seeded.suggestions.items).toBe(SMALL_SIZES.suggestions);
    expect(figures.seeded.opinions.rows).toBe(SMALL_SIZES.opinions);
  });

  it('gives both services one id space: the suggestions service knows exactly the registry’s deputies and seats', async () => {
    const [row] = await query<{ mandates: string; strangers: string; leads: string; outside: string }>(`
      select (select count(*) from suggestions.mandates) as mandates,
             (select count(*) from suggestions.mandates s left join registry.mandate r
                 on r.id = s.mandate_id and r.person_id = s.person_id and r.tenant_path = s.elected_by_tenant_path where r.id is null) as strangers,
             (select count(distinct lead_deputy_id) from suggestions.suggestions) as leads,
             (select count(*) from suggestions.suggestions s where not exists (select 1 from registry.person p where p.id = s.lead_deputy_id)) as outside`);
    expect(Number(row!.mandates)).toBe(figures.seeded.registry.mandates);
    expect(Number(row!.strangers)).toBe(0);
    expect(Number(row!.leads)).toBeGreaterThan(100);
    expect(Number(row!.outside)).toBe(0);
  });

  it('writes Chinese titles and bodies and ten years of workflow histories', async () => {
    const [row] = await query<{ years: string; closed: string; chinese: string; all: string }>(`
      select count(distinct year) as years, count(*) filter (where state = 'closed') as closed,
             count(*) filter (where title ~ '^关于.+的建议$' and body ~ '[一-龥]{6}') as chinese, count(*) as all from suggestions.suggestions`);
    expect(Number(row!.years)).toBe(10);
    expect(Number(row!.closed)).toBeGreaterThan(0);
    expect(Number(row!.chinese)).toBe(Number(row!.all));
  });
});

describe('a session’s peak through the edge', () => {
  it('signs in users of every acting role at every level with real tokens', () => {
    expect(Object.keys(figures.users.byRole).sort()).toEqual(['deputy', 'handler', 'leader', 'liaison', 'staff']);
    expect(figures.users.total).toBeGreaterThan(100);
  });

  it('answers every request of the mix without an error', () => {
    expect(figures.peak.errorSamples).toEqual([]);
    expect(figures.peak.errors).toBe(0);
    expect(Object.keys(figures.peak.classes).length).toBeGreaterThanOrEqual(10);
  });

  it('accepts writes of every kind: submissions, registrations, bulk assignments, replies, opinions', () => {
    // Seeded work waits from the start, so no kind depends on an earlier one finishing in time.
    expect(figures.seededWork.inHand).toBeGreaterThan(0);
    expect(figures.seededWork.registered).toBeGreaterThan(0);
    for (const [kind, n] of Object.entries(figures.peak.accepted)) expect(n, kind).toBeGreaterThan(0);
  });

  it('stores every accepted write, and every event reaches its consumers (the registry counts every submission)', () => {
    expect(figures.verification.missing).toEqual({ submitted: 0, registered: 0, assigned: 0, replied: 0, opinions: 0 });
    expect(figures.verification.uncounted).toBe(0);
    expect(figures.verification.events['deputy-registry--suggestion-duties']?.published).toBeGreaterThan(0);
    expect(figures.verification.ok).toBe(true);
    expect(figures.peakDrainMs).not.toBeNull();
  });
});

describe('the soak', () => {
  it('samples each service’s memory, the pools’ connections and the lag, and sees the lag return to 0', () => {
    const soak = figures.soak!;
    expect(soak.load.errors).toBe(0);
    expect(soak.samples.length).toBeGreaterThanOrEqual(2);
    for (const name of ['deputy-registry', 'suggestions']) expect(soak.samples[0]!.rssMiB[name]).toBeGreaterThan(10);
    expect(Object.keys(soak.maxConnections).sort()).toEqual(['registry_app', 'suggestions_app']);
    expect(soak.lagToZeroMs).not.toBeNull();
    expect(soak.verification.ok).toBe(true);
  });
});
