// The data of a station's ledgers for a year, read in the caller's tenant scope. Members of the
// station's groups may be deputies of any level: their public facts (name, levels) are read
// with public visibility on, their other roster fields only if the caller's congress sees them.
import { sql } from 'kysely';
import { ACTIVITY_LABELS, type ActivityKind } from '../domain/activities.ts';
import { GENDER_LABELS } from '../domain/identity.ts';
import { dateSpan, LEDGER_BOOKS, LEDGER_DEFINITIONS, type Ledger, type LedgerBook, type LedgerRow } from '../domain/ledgers.ts';
import { LEVEL_LABELS, type DeputyLevel } from '../domain/levels.ts';
import { GROUP_ROLE_LABELS, type GroupRole } from '../domain/stations.ts';
import { stationMemberIds } from './duties.ts';
import { getStationRow } from './organisation.ts';
import { publicly, tables, type Scope } from './scope.ts';

const SUGGESTION_KINDS: Record<string, string> = { motion: '议案', suggestion: '建议', letter: '来信' };
const PERIODS: Record<string, string> = { session: '大会期间', 'between-sessions': '闭会期间' };
const STATES: Record<string, string> = {
  draft: '草稿',
  'co-signing': '联名中',
  submitted: '已提交',
  registered: '已登记',
  'not-accepted': '不予立案',
  withdrawn: '已撤回',
  assigned: '已交办',
  'signed-for': '已签收',
  'adjustment-requested': '申请调整',
  handling: '办理中',
  extended: '已延期',
  replied: '已答复',
  evaluated: '已评价',
  're-handling': '重新办理',
  published: '已公开',
  closed: '已办结',
};

const numbered = (rows: LedgerRow[]): LedgerRow[] => rows.map((r, i) => ({ index: i + 1, ...r }));

export async function stationLedger(scope: Scope, stationId: string, year: number, placeName: (tenantPath: string) => string | null): Promise<Ledger> {
  const station = await getStationRow(scope, stationId);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const t = tables(scope.trx);
  const memberIds = await stationMemberIds(scope.trx, stationId, year);

  // ---- 代表花名册
  const members = await t
    .selectFrom('group_member as gm')
    .innerJoin('mixed_group as g', 'g.id', 'gm.group_id')
    .select(['gm.person_id', 'g.name as group_name', 'gm.role'])
    .where('g.station_id', '=', stationId)
    .where('gm.joined_on', '<=', to)
    .where((eb) => eb.or([eb('gm.left_on', 'is', null), eb('gm.left_on', '>=', from)]))
    .execute();
  const ids = memberIds.length > 0 ? memberIds : ['00000000-0000-0000-0000-000000000000'];
  const idList = sql`${sql.val(ids)}::uuid[]`;
  const { profiles, mandates } = await publicly(scope, async (trx) => ({
    profiles: await tables(trx).selectFrom('public_profile').select(['person_id', 'name', 'occupation']).where(sql<boolean>`person_id = any(${idList})`).execute(),
    mandates: await tables(trx)
      .selectFrom('mandate')
      .select(['person_id', 'level', 'term', 'constituency'])
      .where(sql<boolean>`person_id = any(${idList})`)
      .where('status', '=', 'active')
      .execute(),
  }));
  const persons = await t
    .selectFrom('person')
    .select(['id', 'gender', 'ethnicity', 'birth_month', 'workplace'])
    .where(sql<boolean>`id = any(${idList})`)
    .execute();
  const profileOf = new Map(profiles.map((p) => [p.person_id, p]));
  const personOf = new Map(persons.map((p) => [p.id, p]));
  const order: DeputyLevel[] = ['national', 'region', 'city', 'county', 'township'];
  const mandatesOf = new Map<string, typeof mandates>();
  for (const m of mandates) mandatesOf.set(m.person_id, [...(mandatesOf.get(m.person_id) ?? []), m]);
  const roster: LedgerRow[] = members
    .map((m) => {
      const profile = profileOf.get(m.person_id);
      const person = personOf.get(m.person_id);
      const seats = (mandatesOf.get(m.person_id) ?? []).sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
      return {
        name: profile?.name ?? '',
        gender: person?.gender ? GENDER_LABELS[person.gender] : null,
        ethnicity: person?.ethnicity ?? null,
        birthMonth: person?.birth_month ?? null,
        levels: seats.map((s) => LEVEL_LABELS[s.level]).join('、'),
        term: seats.map((s) => s.term).join('、'),
        constituency: seats.map((s) => s.constituency).filter(Boolean).join('、') || null,
        occupation: profile?.occupation ?? null,
        workplace: person?.workplace ?? null,
        group: m.group_name,
        role: GROUP_ROLE_LABELS[m.role as GroupRole],
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'));
  const nameOf = (id: string) => profileOf.get(id)?.name ?? '';

  // ---- 代表帮扶花名册
  const assistance = await t
    .selectFrom('assistance')
    .selectAll()
    .where((eb) => eb.or([eb('station_id', '=', stationId), sql<boolean>`(station_id is null and person_id = any(${idList}))`]))
    .where('started_on', '<=', to)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', from)]))
    .orderBy('started_on')
    .execute();

  // ---- activities of the station in the year, with their present participants
  const activities = await t
    .selectFrom('activity')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('cancelled', '=', false)
    .where('start_date', '>=', from)
    .where('start_date', '<=', to)
    .orderBy('start_date')
    .orderBy('id')
    .execute();
  const participants =
    activities.length === 0
      ? []
      : await t
          .selectFrom('activity_participant as ap')
          .innerJoin('public_profile as pp', 'pp.person_id', 'ap.person_id')
          .select(['ap.activity_id', 'pp.name'])
          .where('ap.activity_id', 'in', activities.map((a) => a.id))
          .where('ap.attendance', '=', 'present')
          .orderBy('pp.name')
          .execute();
  const peopleOf = new Map<string, string[]>();
  for (const p of participants) peopleOf.set(p.activity_id, [...(peopleOf.get(p.activity_id) ?? []), p.name]);
  const activityRow = (a: (typeof activities)[number]): LedgerRow => ({
    date: dateSpan(a.start_date, a.end_date),
    kind: ACTIVITY_LABELS[a.kind as ActivityKind],
    theme: a.theme,
    place: a.place,
    participants: (peopleOf.get(a.id) ?? []).join('、'),
    outcome: a.outcome,
  });

  // ---- the station's own books
  const records = await t
    .selectFrom('station_record')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('recorded_on', '>=', from)
    .where('recorded_on', '<=', to)
    .orderBy('recorded_on')
    .execute();
  const recordRows = (book: string): { date: string; row: LedgerRow }[] =>
    records.filter((r) => r.book === book).map((r) => ({ date: r.recorded_on, row: { date: r.recorded_on, title: r.title, people: r.people, content: r.content, handling: r.handling } }));
  const activityAsRecord = (kind: ActivityKind) =>
    activities
      .filter((a) => a.kind === kind)
      .map((a) => ({
        date: a.start_date,
        row: { date: dateSpan(a.start_date, a.end_date), title: `${ACTIVITY_LABELS[kind]}：${a.theme}`, people: (peopleOf.get(a.id) ?? []).join('、'), content: a.place ? `地点：${a.place}` : null, handling: a.outcome },
      }));
  const byDate = (rows: { date: string; row: LedgerRow }[]) => rows.sort((a, b) => a.date.localeCompare(b.date)).map((r) => r.row);

  // ---- 代表建议登记簿: suggestions led by the station's deputies
  const suggestions =
    memberIds.length === 0
      ? []
      : await t
          .selectFrom('duty_fact as f')
          .leftJoin('suggestion_state as s', 's.suggestion_id', 'f.source_ref')
          .select(['f.person_id', 'f.occurred_on', 'f.detail', 's.state'])
          .where('f.source', '=', 'suggestions')
          .where('f.kind', 'in', ['suggestion', 'other-suggestion'])
          .where(sql<boolean>`f.person_id = any(${idList})`)
          .where('f.occurred_on', '>=', from)
          .where('f.occurred_on', '<=', to)
          .orderBy('f.occurred_on')
          .execute();

  const rows: Record<LedgerBook, LedgerRow[]> = {
    'deputy-roster': roster,
    'assistance-roster': assistance.map((a) => ({
      deputy: nameOf(a.person_id),
      household: a.household,
      village: a.village,
      reason: a.reason,
      measures: a.measures,
      startedOn: a.started_on,
      endedOn: a.ended_on,
      outcome: a.outcome,
    })),
    meetings: byDate([...recordRows('meeting'), ...activityAsRecord('group-activity')]),
    'letters-visits': byDate([...recordRows('letter-visit'), ...activityAsRecord('voter-reception')]),
    suggestions: suggestions.map((s) => {
      const detail = s.detail as { title?: string; suggestionKind?: string; period?: string };
      return {
        date: s.occurred_on,
        deputy: nameOf(s.person_id),
        title: detail.title ?? '',
        kind: SUGGESTION_KINDS[detail.suggestionKind ?? ''] ?? detail.suggestionKind ?? null,
        period: PERIODS[detail.period ?? ''] ?? null,
        state: s.state ? (STATES[s.state] ?? s.state) : '已提交',
      };
    }),
    archives: byDate(recordRows('archive')),
    activities: activities.map(activityRow),
    'practical-deeds': activities.filter((a) => a.kind === 'practical-deed').map(activityRow),
    'inspections-research': activities.filter((a) => a.kind === 'inspection' || a.kind === 'research').map(activityRow),
  };
  return {
    stationName: station.name,
    place: placeName(station.tenant_path),
    year,
    books: LEDGER_BOOKS.map((book) => ({ ...LEDGER_DEFINITIONS[book], rows: numbered(rows[book]) })),
  };
}
