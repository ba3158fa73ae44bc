// Seed generator for the registry benchmark: a Guangxi-sized tenant tree (14 cities, 8 counties
// each, 11 townships per county), deputies of all five levels, stations with mixed groups,
// activities with participants and their duty facts, and the year's facts from other services —
// streamed into PostgreSQL with COPY (no row-by-row inserts). Deterministic for a given seed.
import type pg from 'pg';
import { copyRows } from '@onenet/db/copy';
import { createSecrets } from '../src/secrets.ts';

export interface SeedSizes {
  deputies: number;
  activities: number;
  stations: number;
  /** Years the activities spread over, ending with `year`. */
  years: number;
  year: number;
}

export const DEFAULT_SIZES: SeedSizes = { deputies: 116_000, activities: 1_000_000, stations: 11_000, years: 4, year: 2024 };

/** mulberry32: a small, fast, seedable PRNG, so every run seeds the same data. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** A v4-shaped UUID from the PRNG (crypto.randomUUID would make runs differ). */
function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---- the tenant tree
export interface Tree {
  region: string;
  cities: string[];
  counties: string[];
  townships: string[];
  countiesOf: Map<string, string[]>;
  townshipsOf: Map<string, string[]>;
}

export function tenantTree(): Tree {
  const region = '450000';
  const cities = Array.from({ length: 14 }, (_, i) => `${region}/${450100 + i * 100}`);
  const countiesOf = new Map<string, string[]>();
  const townshipsOf = new Map<string, string[]>();
  for (const city of cities) {
    const cityCode = city.split('/')[1]!;
    const counties = Array.from({ length: 8 }, (_, i) => `${city}/${cityCode.slice(0, 4)}${String(i + 1).padStart(2, '0')}`);
    countiesOf.set(city, counties);
    for (const county of counties) {
      const countyCode = county.split('/')[2]!;
      townshipsOf.set(county, Array.from({ length: 11 }, (_, i) => `${county}/${countyCode}1${String(i).padStart(2, '0')}`));
    }
  }
  const counties = [...countiesOf.values()].flat();
  return { region, cities, counties, townships: [...townshipsOf.values()].flat(), countiesOf, townshipsOf };
}

const SURNAMES = '李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤蒙农';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国志红梅林海波宁德胜美玲少光荣春燕金凤玉珍永福家宝';
const ETHNIC = ['汉族', '壮族', '壮族', '壮族', '瑶族', '苗族', '侗族', '仫佬族', '毛南族', '京族'];
const OCCUPATIONS = ['农民', '农民', '农民', '教师', '医生', '村干部', '企业负责人', '个体工商户', '公务员', '工人'];
const KINDS = ['voter-reception', 'research', 'inspection', 'training', 'group-activity', 'voter-visit', 'poverty-help', 'practical-deed'] as const;
const KIND_WEIGHTS = [16, 12, 12, 8, 20, 16, 8, 8];
const THEMES = ['乡村振兴', '农村人居环境整治', '特色产业发展', '农村公路建设', '饮水安全', '教育医疗', '基层治理', '生态保护'];

interface Deputy {
  id: string;
  tenant: string;
  level: string;
  /** The township the deputy lives in (for mixed groups). */
  township: string;
}

/** Every deputy and mandate seeded, so another service's seed can use the same ids. */
export interface Roster {
  persons: { id: string; tenant: string; level: string; name: string }[];
  mandates: { id: string; person: string; tenant: string; level: string }[];
}

export interface SeedResult {
  persons: number;
  mandates: number;
  stations: number;
  groupMembers: number;
  activities: number;
  participants: number;
  facts: number;
  /** A county and one of its busiest stations, for the timed requests. */
  sample: { county: string; station: string; stationTownship: string; surnames: string };
}

export interface SeedOptions {
  /** The tenant tree (default: the synthetic tenantTree()); it must hold 450000/451100/451102. */
  tree?: Tree;
  /** The PRNG's seed: the same seed and sizes give the same rows. */
  seed?: number;
  /** Told the deputies and mandates once they are written. */
  onRoster?: (roster: Roster) => void;
}

/**
 * Seeds an empty, migrated registry schema. Connect as a superuser (row-level security is not
 * what is measured while loading).
 */
export async function seed(pool: pg.Pool, sizes: SeedSizes, log: (line: string) => void = () => {}, options: SeedOptions = {}): Promise<SeedResult> {
  const rand = prng(options.seed ?? 20240101);
  const id = () => uuidFrom(rand.next);
  const tree = options.tree ?? tenantTree();
  const secrets = createSecrets({ identityKey: 'bench-identity-key-0123456789', dataKey: 'bench-data-key-0123456789' });
  const client = await pool.connect();
  try {
    await client.query(`set synchronous_commit = off`);
    // ---- deputies: Guangxi's proportions, scaled to sizes.deputies
    const scale = sizes.deputies / 116_000;
    const counts = { national: Math.round(90 * scale), region: Math.round(700 * scale), city: Math.round(5600 * scale), county: Math.round(22_400 * scale) };
    const deputies: Deputy[] = [];
    const place = (level: string): { tenant: string; township: string } => {
      const township = rand.pick(tree.townships);
      const parts = township.split('/');
      const tenant = level === 'national' || level === 'region' ? tree.region : level === 'city' ? parts.slice(0, 2).join('/') : level === 'county' ? parts.slice(0, 3).join('/') : township;
      return { tenant, township };
    };
    for (const [level, n] of Object.entries(counts)) for (let i = 0; i < n; i++) deputies.push({ id: id(), level, ...place(level) });
    while (deputies.length < sizes.deputies) {
      // Township deputies, evenly across townships.
      const township = tree.townships[deputies.length % tree.townships.length]!;
      deputies.push({ id: id(), level: 'township', tenant: township, township });
    }
    const mandates: { id: string; person: string; tenant: string; level: string }[] = deputies.map((d) => ({ id: id(), person: d.id, tenant: d.tenant, level: d.level }));
    // One county deputy in ten also sits in their township congress: one person, two mandates.
    for (const d of deputies) if (d.level === 'county' && rand.next() < 0.1) mandates.push({ id: id(), person: d.id, tenant: d.township, level: 'township' });

    const TERMS: Record<string, string> = { national: '第十四届', region: '第十四届', city: '第六届', county: '第十八届', township: '第二十一届' };
    const names = new Map<string, string>();
    await copyRows(
      client,
      'registry.person',
      ['id', 'tenant_path', 'name', 'gender', 'ethnicity', 'birth_month', 'occupation', 'workplace', 'is_farmer', 'published'],
      (function* () {
        for (const d of deputies) {
          const name = rand.pick([...SURNAMES]) + rand.pick([...GIVEN]) + (rand.next() < 0.6 ? rand.pick([...GIVEN]) : '');
          names.set(d.id, name);
          const occupation = rand.pick(OCCUPATIONS);
          yield [d.id, d.tenant, name, rand.next() < 0.27 ? 'female' : 'male', rand.pick(ETHNIC), `${1955 + rand.int(45)}-${String(1 + rand.int(12)).padStart(2, '0')}`, occupation, '某单位', occupation === '农民', true];
        }
      })(),
    );
    log(`persons ${deputies.length}`);
    await copyRows(
      client,
      'registry.person_private',
      ['person_id', 'tenant_path', 'id_number_cipher', 'phone_cipher'],
      (function* () {
        for (const [i, d] of deputies.entries()) yield [d.id, d.tenant, secrets.encrypt(`45${String(i).padStart(16, '0')}`), secrets.encrypt(`138${String(i).padStart(8, '0')}`)];
      })(),
    );
    await copyRows(
      client,
      'registry.person_identity',
      ['id_hash', 'person_id'],
      (function* () {
        for (const [i, d] of deputies.entries()) yield [`\\x${secrets.identityHash(`45${String(i).padStart(16, '0')}`).toString('hex')}`, d.id];
      })(),
    );
    await copyRows(
      client,
      'registry.mandate',
      ['id', 'person_id', 'tenant_path', 'level', 'term', 'constituency', 'start_date'],
      (function* () {
        for (const m of mandates) yield [m.id, m.person, m.tenant, m.level, TERMS[m.level], `第${1 + rand.int(30)}选区`, `${sizes.year - 3}-01-15`];
      })(),
    );
    log(`mandates ${mandates.length}`);
    options.onRoster?.({ persons: deputies.map((d) => ({ id: d.id, tenant: d.tenant, level: d.level, name: names.get(d.id)! })), mandates });

    // ---- stations (in townships) with one mixed group each; deputies join a group where they live
    const stations: { id: string; group: string; township: string }[] = [];
    const T = tree.townships.length;
    // Spread evenly: every township gets one before any gets a second.
    for (let i = 0; i < sizes.stations; i++) stations.push({ id: id(), group: id(), township: tree.townships[sizes.stations < T ? Math.floor((i * T) / sizes.stations) : i % T]! });
    const stationsOf = new Map<string, typeof stations>();
    for (const s of stations) stationsOf.set(s.township, [...(stationsOf.get(s.township) ?? []), s]);
    await copyRows(
      client,
      'registry.station',
      ['id', 'tenant_path', 'name', 'kind'],
      stations.map((s, i) => [s.id, s.township, `第${i + 1}号代表联络站`, i % 3 === 0 ? 'activity-centre' : i % 3 === 1 ? 'deputies-home' : 'liaison-station']),
    );
    await copyRows(
      client,
      'registry.mixed_group',
      ['id', 'tenant_path', 'formed_by_tenant_path', 'station_id', 'name'],
      stations.map((s, i) => [s.group, s.township, s.township.split('/').slice(0, 3).join('/'), s.id, `第${i + 1}代表小组`]),
    );
    const membersOf = new Map<string, string[]>();
    const memberRows: unknown[][] = [];
    for (const d of deputies) {
      const candidates = stationsOf.get(d.township);
      if (!candidates) continue;
      const s = rand.pick(candidates);
      const list = membersOf.get(s.group) ?? [];
      memberRows.push([s.group, d.id, s.township, list.length === 0 ? 'leader' : 'member', `${sizes.year - 3}-02-01`]);
      list.push(d.id);
      membersOf.set(s.group, list);
    }
    await copyRows(client, 'registry.group_member', ['group_id', 'person_id', 'tenant_path', 'role', 'joined_on'], memberRows);
    log(`stations ${stations.length}, group members ${memberRows.length}`);

    // ---- activities, participants and the participants' duty facts
    const weighted: string[] = KINDS.flatMap((k, i) => Array<string>(KIND_WEIGHTS[i]!).fill(k));
    const firstYear = sizes.year - sizes.years + 1;
    const activities: { id: string; station: (typeof stations)[number]; kind: string; date: string; skill: boolean }[] = [];
    // Busier stations get more: a squared draw concentrates activities on part of them.
    for (let i = 0; i < sizes.activities; i++) {
      const station = stations[Math.floor(rand.next() ** 1.5 * stations.length)]!;
      const year = firstYear + rand.int(sizes.years);
      const day = new Date(Date.UTC(year, 0, 1 + rand.int(365))).toISOString().slice(0, 10);
      const kind = rand.pick(weighted);
      activities.push({ id: id(), station, kind, date: day.startsWith(String(year)) ? day : `${year}-12-31`, skill: kind === 'training' && rand.next() < 0.3 });
    }
    await copyRows(
      client,
      'registry.activity',
      ['id', 'tenant_path', 'kind', 'theme', 'start_date', 'end_date', 'place', 'outcome', 'station_id', 'group_id', 'income_skill', 'recorded_by'],
      (function* () {
        for (const a of activities) yield [a.id, a.station.township, a.kind, `${rand.pick(THEMES)}主题活动`, a.date, a.date, '村委会', '听取意见建议并转交办理', a.station.id, a.station.group, a.skill, 'bench'];
      })(),
    );
    log(`activities ${activities.length}`);
    const attendance: { activity: (typeof activities)[number]; person: string; present: boolean }[] = [];
    for (const a of activities) {
      const members = membersOf.get(a.station.group) ?? [];
      const n = Math.min(members.length, 1 + rand.int(3));
      const chosen = new Set<string>();
      while (chosen.size < n) chosen.add(rand.pick(members));
      for (const person of chosen) attendance.push({ activity: a, person, present: rand.next() < 0.9 });
    }
    await copyRows(
      client,
      'registry.activity_participant',
      ['activity_id', 'person_id', 'tenant_path', 'attendance'],
      (function* () {
        for (const p of attendance) yield [p.activity.id, p.person, p.activity.station.township, p.present ? 'present' : 'absent'];
      })(),
    );
    log(`participants ${attendance.length}`);
    let facts = await copyRows(
      client,
      'registry.duty_fact',
      ['tenant_path', 'person_id', 'source', 'source_ref', 'kind', 'occurred_on', 'counted', 'version_at', 'detail'],
      (function* () {
        for (const p of attendance) {
          const a = p.activity;
          yield [a.station.township, p.person, 'activity', a.id, a.skill ? 'income-skill' : a.kind, a.date, p.present, `${a.date}T12:00:00Z`, '{}'];
        }
      })(),
    );
    // ---- the year's facts from other services: suggestions, training classes, handled opinions
    const at = (n: number) => new Date(Date.UTC(sizes.year, 0, 1) + Math.floor((n % 360) * 86_400_000)).toISOString();
    facts += await copyRows(
      client,
      'registry.duty_fact',
      ['tenant_path', 'person_id', 'source', 'source_ref', 'kind', 'occurred_on', 'counted', 'version_at', 'detail'],
      (function* () {
        for (const [i, d] of deputies.entries()) {
          if (rand.next() < 0.75) {
            const when = at(rand.int(360));
            yield [d.tenant, d.id, 'suggestions', id(), 'suggestion', when.slice(0, 10), true, when, JSON.stringify({ title: `关于${rand.pick(THEMES)}的建议`, suggestionKind: 'suggestion', period: 'between-sessions' })];
          }
          if (rand.next() < 0.7) {
            const when = at(rand.int(360));
            yield [d.tenant, d.id, 'training', id(), 'training-class', when.slice(0, 10), rand.next() < 0.9, when, '{"status":"attended","hours":6}'];
          }
          if (i % 2 === 0) {
            const when = at(rand.int(360));
            yield [d.township, d.id, 'opinions', id(), 'opinion', when.slice(0, 10), true, when, '{"outcome":"answered"}'];
          }
        }
      })(),
    );
    log(`duty facts ${facts}`);
    // What autovacuum would have done by the time anyone searches: merge GIN pending lists, set
    // visibility. The registry's tables only: other services may be loading the same database.
    const { rows: tables } = await client.query<{ name: string }>(`select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'registry'`);
    await client.query(`vacuum analyze ${tables.map((t) => t.name).join(', ')}`);

    // The sample: Hezhou's 八步区 (451102) and its busiest station.
    const county = '450000/451100/451102';
    const inCounty = stations.filter((s) => s.township.startsWith(`${county}/`));
    if (inCounty.length === 0) throw new Error(`no station in ${county}: seed at least ${T} stations`);
    const perStation = new Map<string, number>();
    for (const a of activities) if (a.date.startsWith(String(sizes.year)) && a.station.township.startsWith(`${county}/`)) perStation.set(a.station.id, (perStation.get(a.station.id) ?? 0) + 1);
    const busiest = inCounty.sort((x, y) => (perStation.get(y.id) ?? 0) - (perStation.get(x.id) ?? 0))[0]!;
    return {
      persons: deputies.length,
      mandates: mandates.length,
      stations: stations.length,
      groupMembers: memberRows.length,
      activities: activities.length,
      participants: attendance.length,
      facts,
      sample: { county, station: busiest.id, stationTownship: busiest.township, surnames: SURNAMES },
    };
  } finally {
    client.release();
  }
}
