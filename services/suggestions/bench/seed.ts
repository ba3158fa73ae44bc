// Seed generator for the suggestions benchmark: a region's ten years of motions, suggestions
// and letters with their units, replies, meetings, deadlines and hash-chained workflow records,
// streamed in with COPY. Text is built from phrase pools and segmented with the same jieba
// code the service uses (each distinct phrase once), so search behaves as in production.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { copyRows } from '@onenet/db/copy';
import { descendants } from '@onenet/tenancy';
import { chain, GENESIS, type ChainedRecord } from '../src/domain/audit.ts';
import { searchExtras, segment } from '../src/domain/text.ts';

export interface SeedSizes {
  suggestions: number;
  /** Workflow (audit) records in all; spread over the items by how far each got. */
  records: number;
}

export interface SeedResult {
  suggestions: number;
  records: number;
  assignments: number;
  replies: number;
  units: number;
  deputies: number;
  sample: { county: string; countyUnit: string; city: string; deputyId: string; deputyMandate: string; deputyTenant: string };
}

// A small deterministic PRNG (mulberry32): the same sizes give the same data.
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rand = prng(20261127);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const uuidFrom = (prefix: string, n: number) => {
  const h = createHash('md5').update(`${prefix}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const TOPICS = [
  ['城区停车难', '城乡建设'], ['农村道路改造', '交通'], ['农村饮水安全', '水利'], ['老旧小区改造', '城乡建设'], ['学校周边交通安全', '教育'],
  ['乡镇卫生院建设', '卫生健康'], ['集市公共厕所建设', '城乡建设'], ['河道整治', '生态环境'], ['城区内涝治理', '城乡建设'], ['农产品销售渠道', '农业农村'],
  ['农村电商发展', '商务'], ['养老服务设施', '民政'], ['留守儿童关爱', '民政'], ['乡村旅游开发', '文化旅游'], ['古村落保护', '文化旅游'],
  ['森林防火', '应急管理'], ['农田水利设施', '水利'], ['公交线路优化', '交通'], ['垃圾分类处理', '生态环境'], ['农村污水治理', '生态环境'],
  ['义务教育师资', '教育'], ['职业技能培训', '人力资源'], ['农民工工资保障', '人力资源'], ['食品安全监管', '市场监管'], ['营商环境优化', '发展改革'],
  ['电网改造', '能源'], ['通信信号覆盖', '工业信息'], ['防汛抗旱', '应急管理'], ['耕地保护', '自然资源'], ['代表建议办理督查', '人大工作'],
] as const;
const OPENINGS = ['近年来', '据群众反映', '经过实地调研发现', '在走访选民中了解到', '根据代表小组活动收集的意见'];
const PROBLEMS = ['相关设施严重不足', '群众反映强烈', '存在较大安全隐患', '资金投入长期不足', '管理责任不够明确', '问题多年未得到解决', '给群众生产生活带来不便'];
const ASKS = ['建议有关部门加大投入', '建议统筹规划分步实施', '建议建立长效管理机制', '建议列入年度民生实事项目', '建议加强部门协调配合', '建议开展专项整治行动', '建议常委会开展代表建议办理工作"回头看"'];
const REPLIES_A = ['已完成项目建设并通过验收', '问题已基本解决，群众反映良好', '已投入专项资金完成整改'];
const REPLIES_B = ['已列入明年计划逐步解决', '已编制方案，正在争取上级资金', '将分三年逐步实施'];
const REPLIES_C = ['因资金和政策限制暂时难以解决，已向代表说明', '受用地条件限制，暂时无法实施'];

// Phrase segmentation, computed once per distinct phrase.
const segCache = new Map<string, string>();
const seg = (text: string) => {
  let s = segCache.get(text);
  if (s === undefined) segCache.set(text, (s = segment(text)));
  return s;
};
const extraCache = new Map<string, string>();
const extras = (text: string) => {
  let s = extraCache.get(text);
  if (s === undefined) extraCache.set(text, (s = searchExtras(text)));
  return s;
};



type Path = { state: string; steps: [string, string, string][] };
// The steps each final state went through (action, from, to).
const BASE: [string, string, string][] = [
  ['submit', 'draft', 'submitted'],
  ['register', 'submitted', 'registered'],
  ['assign', 'registered', 'assigned'],
  ['sign-for', 'assigned', 'signed-for'],
  ['record-meeting', 'signed-for', 'handling'],
  ['give-co-opinion', 'handling', 'handling'],
  ['reply', 'handling', 'replied'],
  ['evaluate', 'replied', 'evaluated'],
  ['publish', 'evaluated', 'published'],
];
const PATHS: Record<string, Path> = {
  submitted: { state: 'submitted', steps: BASE.slice(0, 1) },
  registered: { state: 'registered', steps: BASE.slice(0, 2) },
  'not-accepted': { state: 'not-accepted', steps: [BASE[0]!, ['reject', 'submitted', 'not-accepted']] },
  withdrawn: { state: 'withdrawn', steps: [BASE[0]!, ['withdraw', 'submitted', 'withdrawn']] },
  assigned: { state: 'assigned', steps: BASE.slice(0, 3) },
  'signed-for': { state: 'signed-for', steps: BASE.slice(0, 4) },
  handling: { state: 'handling', steps: BASE.slice(0, 6) },
  replied: { state: 'replied', steps: BASE.slice(0, 7) },
  evaluated: { state: 'evaluated', steps: BASE.slice(0, 8) },
  published: { state: 'published', steps: BASE.slice(0, 9) },
  'follow-up': { state: 'follow-up', steps: [...BASE, ['start-follow-up', 'published', 'follow-up']] },
  closed: { state: 'closed', steps: [...BASE, ['close', 'published', 'closed']] },
};
const PAST_STATES = [
  ['closed', 0.7],
  ['follow-up', 0.08],
  ['published', 0.08],
  ['evaluated', 0.05],
  ['not-accepted', 0.05],
  ['withdrawn', 0.04],
] as const;
const CURRENT_STATES = [
  ['submitted', 0.08],
  ['registered', 0.07],
  ['assigned', 0.1],
  ['signed-for', 0.1],
  ['handling', 0.25],
  ['replied', 0.15],
  ['evaluated', 0.1],
  ['published', 0.1],
  ['not-accepted', 0.03],
  ['withdrawn', 0.02],
] as const;
function weighted(table: readonly (readonly [string, number])[]): string {
  let r = rand();
  for (const [value, weight] of table) if ((r -= weight) <= 0) return value;
  return table[0]![0];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const day = (year: number, dayOfYear: number) => new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);

type Client = pg.PoolClient | pg.Client;

/** Runs the tasks on the connections, each connection taking the next task when it is free. */
async function onConnections(clients: Client[], tasks: ((client: Client) => Promise<void>)[]): Promise<void> {
  const queue = [...tasks];
  await Promise.all(clients.map(async (client) => {
    for (let task = queue.shift(); task; task = queue.shift()) await task(client);
  }));
}

/** Drops a table's secondary indexes (rebuilt after the load on the connections it returns: far faster than maintaining them row by row). */
async function withoutIndexes(client: Client, tables: string[], load: () => Promise<Client[]>, log: (line: string) => void): Promise<void> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i where i.schemaname = 'suggestions' and i.tablename = any($1)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [tables],
  );
  for (const r of rows) await client.query(`drop index suggestions.${r.indexname}`);
  const clients = await load();
  await onConnections(clients, rows.map((r) => async (client) => {
    const started = Date.now();
    await client.query(r.indexdef);
    log(`  index ${r.indexname} rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }));
}

/** Where the items go: congresses with their level and share of the items, and who sits in them. */
export interface SeedScope {
  tenants: { path: string; level: string; weight: number }[];
  /** Deputies by the congress of their mandate (e.g. the registry seed's, so both services agree); made up when absent. */
  deputies?: Map<string, { id: string; mandate: string; name: string; level: string }[]>;
  /** The PRNG's seed: the same seed, scope and sizes give the same rows. */
  seed?: number;
}

/** The default scope: Hezhou (贺州市), its counties and townships, from the platform's tenant directory. */
export function hezhouScope(): SeedScope {
  const counties = descendants('451100').filter((t) => t.kind === 'county').map((t) => t.path);
  const townships = descendants('451100').filter((t) => t.kind === 'township').map((t) => t.path);
  return {
    tenants: [
      { path: '450000/451100', level: 'city', weight: 0.1 },
      ...counties.map((path) => ({ path, level: 'county', weight: 0.5 / counties.length })),
      ...townships.map((path) => ({ path, level: 'township', weight: 0.4 / townships.length })),
    ],
  };
}

/**
 * `spare`, when given, opens a second connection (the seed sets its replication role as the
 * caller set `client`'s, and closes it): the work after the rows are in — filling the derived
 * tables, rebuilding indexes, analysing — then runs on both, two cores instead of one.
 */
export async function seed(client: Client, sizes: SeedSizes, log: (line: string) => void = () => {}, scope: SeedScope = hezhouScope(), spare?: () => Promise<Client>): Promise<SeedResult> {
  if (scope.seed !== undefined) rand = prng(scope.seed);
  const tenants = scope.tenants.map((t) => t.path);
  const levelOf = new Map(scope.tenants.map((t) => [t.path, t.level]));
  const city = scope.tenants.find((t) => t.level === 'city')?.path ?? tenants[0]!;
  const counties = scope.tenants.filter((t) => t.level === 'county').map((t) => t.path);

  // Units: 60 for the region, 40 per city, 30 per county, 4 per township.
  const UNITS: Record<string, number> = { region: 60, city: 40, county: 30, township: 4 };
  const units = new Map<string, { id: string; name: string }[]>();
  let unitCount = 0;
  for (const path of tenants) {
    const n = UNITS[levelOf.get(path)!] ?? 4;
    units.set(path, Array.from({ length: n }, (_, i) => ({ id: uuidFrom('unit', unitCount++), name: `${path.split('/').at(-1)}第${i + 1}承办单位` })));
  }
  await copyRows(client, 'suggestions.units', ['id', 'tenant_path', 'name', 'head_name'], [...units].flatMap(([path, list]) => list.map((u) => [u.id, path, u.name, '负责人'])));

  // Deputies with their mandates in their congress (made up: one each, 400 per city, 200 per county, 30 per township).
  let deputyCount = 0;
  const madeUp = () => {
    const COUNT: Record<string, number> = { region: 700, city: 400, county: 200, township: 30 };
    const made = new Map<string, { id: string; mandate: string; name: string; level: string }[]>();
    for (const path of tenants) {
      const level = levelOf.get(path)!;
      made.set(path, Array.from({ length: COUNT[level] ?? 30 }, () => {
        const k = deputyCount++;
        return { id: uuidFrom('deputy', k), mandate: uuidFrom('mandate', k), name: `代表${k}`, level };
      }));
    }
    return made;
  };
  const deputies = scope.deputies ?? madeUp();
  const allDeputies = [...deputies].flatMap(([path, list]) => list.map((d) => ({ ...d, path })));
  const persons = new Map(allDeputies.map((d) => [d.id, d.name]));
  deputyCount = persons.size;
  await copyRows(client, 'suggestions.deputies', ['person_id', 'name'], [...persons].map(([id, name]) => [id, name]));
  await copyRows(
    client,
    'suggestions.mandates',
    ['mandate_id', 'person_id', 'level', 'elected_by_tenant_path', 'term', 'start_date', 'status'],
    allDeputies.map((d) => [d.mandate, d.id, d.level, d.path, '第五届', '2021-01-01', 'active']),
  );

  // Cumulative weights for choosing an item's congress (only congresses with deputies get items).
  const cumulative: [number, string][] = [];
  let acc = 0;
  for (const t of scope.tenants) if (deputies.get(t.path)?.length) cumulative.push([(acc += t.weight), t.path]);
  const tenantFor = () => {
    const r = rand() * acc;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r <= cumulative[mid]![0]) hi = mid;
      else lo = mid + 1;
    }
    return cumulative[lo]![1];
  };

  // First pass: the items and how far each got, so records can be spread to hit the target.
  interface Plan {
    id: string;
    path: string;
    year: number;
    state: string;
    extraMeetings: number;
  }
  const plans: Plan[] = [];
  let baseRecords = 0;
  for (let i = 0; i < sizes.suggestions; i++) {
    // Items arrive year after year, so a year's rows lie together on disk as in production.
    const year = 2017 + Math.min(9, Math.floor((i * 10) / sizes.suggestions));
    const state = year < 2026 ? weighted(PAST_STATES) : weighted(CURRENT_STATES);
    const plan = { id: uuidFrom('suggestion', i), path: tenantFor(), year, state, extraMeetings: 0 };
    baseRecords += PATHS[state]!.steps.length;
    plans.push(plan);
  }
  // Extra handling records (more meetings) where the items were handled, up to the target.
  const handled = plans.filter((p) => PATHS[p.state]!.steps.length >= 5);
  let missing = Math.max(0, sizes.records - baseRecords);
  for (let i = 0; missing > 0 && handled.length > 0; i = (i + 1) % handled.length, missing--) handled[i]!.extraMeetings++;

  const counters = new Map<string, number>();
  let assignments = 0;
  let replies = 0;
  let records = 0;
  const itemRows: unknown[][] = [];
  const assignmentRows: unknown[][] = [];
  const replyRows: unknown[][] = [];
  const meetingRows: unknown[][] = [];
  const deadlineRows: unknown[][] = [];
  const transitionRows: unknown[][] = [];

  // A batch goes in by COPY while the next is generated: PostgreSQL ingests on one core while this
  // thread builds rows on the other (one batch in flight at most, so memory stays bounded).
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    await inFlight;
    const batch = { items: itemRows.splice(0), assignments: assignmentRows.splice(0), replies: replyRows.splice(0), meetings: meetingRows.splice(0), deadlines: deadlineRows.splice(0), transitions: transitionRows.splice(0) };
    inFlight = (async () => {
      await copyRows(client, 'suggestions.suggestions', ITEM_COLUMNS, batch.items);
      await copyRows(client, 'suggestions.assignments', ['id', 'suggestion_id', 'tenant_path', 'unit_id', 'unit_name', 'role', 'status', 'assigned_on', 'sign_for_due', 'signed_for_at', 'co_opinion', 'co_opinion_due', 'year', 'item_created_at'], batch.assignments);
      await copyRows(client, 'suggestions.replies', ['id', 'suggestion_id', 'tenant_path', 'round', 'unit_id', 'unit_name', 'category', 'body', 'signed_by', 'evidence', 'replied_on', 'boilerplate_score'], batch.replies);
      await copyRows(client, 'suggestions.meetings', ['id', 'suggestion_id', 'tenant_path', 'unit_id', 'held_on', 'mode', 'participants', 'summary', 'recorded_by'], batch.meetings);
      await copyRows(client, 'suggestions.deadlines', ['id', 'tenant_path', 'suggestion_id', 'unit_id', 'kind', 'due_on', 'met_at', 'item_created_at'], batch.deadlines);
      await copyRows(client, 'suggestions.transitions', TRANSITION_COLUMNS, batch.transitions);
    })();
    inFlight.catch(() => undefined); // awaited by the next flush; not unhandled meanwhile
  };

  let second: Client | undefined;
  const started = Date.now();
  try {
    await withoutIndexes(
      client,
      ['suggestions', 'assignments', 'replies', 'meetings', 'deadlines', 'search_index', 'published_items', 'statistics_items', 'statistics_units'],
      async () => {
        for (const [n, plan] of plans.entries()) {
          const [topic, field] = pick(TOPICS);
          const title = `关于${topic}的建议`;
          const sentences = [`${pick(OPENINGS)}，${topic}问题${pick(PROBLEMS)}。`, `${pick(PROBLEMS)}，${pick(ASKS)}。`, `${pick(ASKS)}，切实解决${topic}问题。`];
          const body = sentences.join('');
          const segBody = sentences.map(seg).join(' ');
          const path = PATHS[plan.state]!;
          const reached = new Set(path.steps.map((s) => s[0]));
          const kind = n % 20 === 0 ? 'motion' : n % 13 === 0 ? 'letter' : 'suggestion';
          const key = `${plan.path}|${plan.year}|${kind}`;
          const seq = (counters.get(key) ?? 0) + 1;
          counters.set(key, seq);
          const registered = reached.has('register');
          const number = registered ? `${plan.year}${{ motion: '议', suggestion: '建', letter: '信' }[kind]}${pad(seq, 4)}` : null;
          const deputy = pick(deputies.get(plan.path)!);
          const unitList = units.get(plan.path)!;
          const lead = pick(unitList);
          const co = rand() < 0.2 ? pick(unitList.filter((u) => u !== lead)) : undefined;
          const base = Math.floor(rand() * 300);
          const assignedOn = reached.has('assign') ? day(plan.year, base + 10) : null;
          const replyDue = reached.has('assign') ? day(plan.year, base + 100) : null;
          const repliedOn = reached.has('reply') ? day(plan.year, base + 40 + Math.floor(rand() * 80)) : null;
          const category = reached.has('reply') ? weighted([['A', 0.45], ['B', 0.35], ['C', 0.15], ['D', 0.05]]) : null;
          const satisfaction = reached.has('evaluate') ? weighted([['satisfied', 0.8], ['basically-satisfied', 0.15], ['dissatisfied', 0.05]]) : null;
          const replyText = category ? `${pick(category === 'A' ? REPLIES_A : category === 'B' ? REPLIES_B : REPLIES_C)}。` : '';
          const created = new Date(Date.UTC(plan.year, 0, 1 + base, 2));

          // The chain, hashed exactly as the service does.
          const steps = [...path.steps];
          for (let k = 0; k < plan.extraMeetings; k++) steps.splice(5, 0, ['record-meeting', 'handling', 'handling']);
          let previous: ChainedRecord | undefined;
          steps.forEach(([action, from, to], k) => {
            previous = chain(
              {
                suggestionId: plan.id,
                seq: k + 1,
                at: new Date(created.getTime() + k * 86_400_000).toISOString(),
                actorUserId: action === 'submit' || action === 'evaluate' || action === 'withdraw' ? `user-${deputy.id}` : 'bench-staff',
                actorName: action === 'submit' ? deputy.name : '工作人员',
                actorPart: action === 'submit' || action === 'evaluate' || action === 'withdraw' ? 'lead-deputy' : ['sign-for', 'record-meeting', 'reply', 'give-co-opinion'].includes(action) ? 'lead-unit' : 'staff',
                actorUnitId: null,
                action,
                fromState: from,
                toState: to,
                comment: null,
                data: {},
              },
              previous,
            );
            const r = previous;
            transitionRows.push([r.suggestionId, r.seq, plan.path, r.at, r.actorUserId, r.actorName, r.actorPart, r.actorUnitId, r.action, r.fromState, r.toState, r.comment, '{}', r.prevHash, r.hash]);
          });
          records += steps.length;

          itemRows.push([
            plan.id, plan.path, number, kind, kind, 'between-sessions', null, plan.year, title, body, field, plan.state,
            deputy.id, `user-${deputy.id}`, deputy.name, deputy.mandate, deputy.level,
            category, satisfaction, category ? category === 'A' : null, reached.has('reply') ? 1 : 0, assignedOn, replyDue, repliedOn,
            reached.has('publish') ? new Date(created.getTime() + 200 * 86_400_000) : null,
            reached.has('publish') ? title : null, reached.has('publish') ? body : null, reached.has('publish') ? replyText : null,
            seg(title), segBody, replyText ? seg(replyText) : '', [extras(title), ...sentences.map(extras), replyText ? extras(replyText) : ''].filter(Boolean).join(' '), steps.length, previous?.hash ?? GENESIS, created, created, created,
          ]);
          if (assignedOn) {
            const signed = reached.has('sign-for');
            assignmentRows.push([uuidFrom('assignment', assignments++), plan.id, plan.path, lead.id, lead.name, 'lead', signed ? 'signed-for' : 'assigned', assignedOn, day(plan.year, base + 13), signed ? new Date(`${day(plan.year, base + 12 + (rand() < 0.1 ? 3 : 0))}T02:00:00Z`) : null, null, null, plan.year, created]);
            if (co) assignmentRows.push([uuidFrom('assignment', assignments++), plan.id, plan.path, co.id, co.name, 'co', signed ? 'signed-for' : 'assigned', assignedOn, day(plan.year, base + 13), signed ? new Date(`${day(plan.year, base + 12)}T02:00:00Z`) : null, reached.has('give-co-opinion') ? '同意主办单位意见' : null, day(plan.year, base + 40), plan.year, created]);
            if (!reached.has('reply')) deadlineRows.push([uuidFrom('deadline', n), plan.path, plan.id, lead.id, 'reply', replyDue, null, created]);
          }
          if (reached.has('record-meeting')) meetingRows.push([uuidFrom('meeting', n), plan.id, plan.path, lead.id, day(plan.year, base + 25), 'face-to-face', deputy.name, '见面沟通', 'bench']);
          if (category) {
            replyRows.push([uuidFrom('reply', replies++), plan.id, plan.path, 1, lead.id, lead.name, category, replyText, '负责人', category === 'A' ? '验收材料' : null, repliedOn, 0.2]);
          }
          // Turns for the COPY in flight to stream while rows are built.
          if (n % 200 === 0) await new Promise(setImmediate);
          if (itemRows.length >= 20_000) {
            await flush();
            log(`  ${n + 1} items, ${records} records (${((Date.now() - started) / 1000).toFixed(0)} s)`);
          }
        }
        await flush();
        await inFlight;
        second = await spare?.();
      // Its own rows skip triggers as the first connection's do (the seed fills what they would).
      await second?.query('set session_replication_role = replica');
        const clients = second ? [client, second] : [client];
        // The tables the bulk load skips (kept by triggers in the service), each built in one go.
        await onConnections(clients, [
          async (c) => {
            const indexing = Date.now();
            await c.query(`insert into suggestions.search_index (suggestion_id, tenant_path, year, search)
              select id, tenant_path, year, suggestions.search_vector(seg_title, seg_body, seg_reply, seg_extra) from suggestions.suggestions`);
            // And the published items' narrow rows (migration 202611280201).
            await c.query(`insert into suggestions.published_items (suggestion_id, tenant_path, year, published_at)
              select id, tenant_path, year, published_at from suggestions.suggestions where published_at is not null`);
            log(`  search_index and published_items filled in ${((Date.now() - indexing) / 1000).toFixed(1)} s`);
          },
          // The statistics' narrow tables (migration 202611272300).
          async (c) => {
            const counting = Date.now();
            await c.query(`insert into suggestions.statistics_items (suggestion_id, tenant_path, year, state, kind, lead_level, merged, reply_due, replied_on, satisfaction, solved)
              select id, tenant_path, year, state, kind, lead_level, merged_into is not null, reply_due, replied_on, satisfaction, coalesce(actually_solved, result_category = 'A')
              from suggestions.suggestions`);
            await c.query(`insert into suggestions.statistics_units (assignment_id, suggestion_id, tenant_path, year, unit_id, unit_name, answers, active, first_reply)
              select a.id, a.suggestion_id, a.tenant_path, a.year, a.unit_id, a.unit_name, a.role <> 'co', a.status <> 'replaced', r.first_reply
              from suggestions.assignments a
              left join (select suggestion_id, unit_id, min(replied_on) filter (where returned_at is null) as first_reply
                         from suggestions.replies where via_merge_of is null group by suggestion_id, unit_id) r
                on r.suggestion_id = a.suggestion_id and r.unit_id = a.unit_id`);
            log(`  statistics tables filled in ${((Date.now() - counting) / 1000).toFixed(1)} s`);
          },
        ]);
        return clients;
      },
      log,
    );
    const { rows: tables } = await client.query<{ name: string }>(`select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'suggestions'`);
    await onConnections(second ? [client, second] : [client], tables.map((t) => (c) => c.query(`analyze ${t.name}`).then(() => undefined)));
  } finally {
    if (second && 'release' in second) second.release();
    else await second?.end();
  }
  const county = counties[0]!;
  const sampleDeputy = deputies.get(county)![0]!;
  return {
    suggestions: plans.length,
    records,
    assignments,
    replies,
    units: unitCount,
    deputies: deputyCount,
    sample: { county, countyUnit: units.get(county)![0]!.id, city, deputyId: sampleDeputy.id, deputyMandate: sampleDeputy.mandate, deputyTenant: county },
  };
}

const ITEM_COLUMNS = [
  'id', 'tenant_path', 'number', 'kind', 'original_kind', 'period', 'session_name', 'year', 'title', 'body', 'field', 'state',
  'lead_deputy_id', 'lead_user_id', 'lead_name', 'lead_mandate_id', 'lead_level',
  'result_category', 'satisfaction', 'actually_solved', 'reply_round', 'assigned_on', 'reply_due', 'replied_on',
  'published_at', 'public_title', 'public_body', 'public_reply',
  'seg_title', 'seg_body', 'seg_reply', 'seg_extra', 'audit_seq', 'audit_head', 'created_at', 'submitted_at', 'updated_at',
];
const TRANSITION_COLUMNS = ['suggestion_id', 'seq', 'tenant_path', 'at', 'actor_user_id', 'actor_name', 'actor_part', 'actor_unit_id', 'action', 'from_state', 'to_state', 'comment', 'data', 'prev_hash', 'hash'];

export const TOPIC_WORDS = TOPICS.map(([t]) => t);
export { pad };
