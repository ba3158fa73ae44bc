// Duty facts and duty performance (履职登记、评估、考核).
//
// Facts arrive from the registry's own activities and from other services' events; each is
// keyed by (source, thing, person), so a repeated event changes nothing, and carries
// `version_at` (when the source says it happened), so an older event arriving late does not
// undo a newer one. A deputy-year is then a tally of counted facts, assessed under the
// scoring scheme of the congress the report is for.
import { sql, type Compilable, type RawBuilder, type Transaction } from 'kysely';
import { assessDuties, maxScoreOf, DEFAULT_SCHEME, EIGHT_ONES_LABELS, DUTY_KINDS, type DutyAssessment, type DutyKind, type DutyTally, type ScoringScheme, EIGHT_ONES } from '../domain/duties.ts';
import type { DeputyLevel } from '../domain/levels.ts';
import { NotFound } from '../errors.ts';
import type { Envelope } from '@onenet/contracts';
import { diff, inSubtree, record, tables, type Scope } from './scope.ts';
import { SCHEMA, type RegistryDatabase } from './schema.ts';

export interface DutyFactInput {
  tenantPath: string;
  personId: string;
  source: 'activity' | 'suggestions' | 'training' | 'opinions';
  sourceRef: string;
  kind: string;
  occurredOn: string;
  counted: boolean;
  versionAt: string | Date;
  detail?: Record<string, unknown>;
}

/**
 * The other service's event a fact came from. Given, every fact it adds or changes is written to
 * the deputy's history as a direct change is: who (the source service, and the event's own
 * actor), when, what. A fact the event leaves as it was (a repeat, an older event) writes nothing.
 */
export interface FactEvent {
  service: string;
  envelope: Pick<Envelope<unknown>, 'id' | 'type' | 'version' | 'occurredAt' | 'tenantPath' | 'actor'>;
}

const eventScope = (trx: Transaction<RegistryDatabase>, via: FactEvent): Scope => ({ trx, tenantPath: via.envelope.tenantPath, actor: { userId: `service:${via.service}`, name: via.service } });
const eventOf = (via: FactEvent) => ({ id: via.envelope.id, type: via.envelope.type, version: via.envelope.version, occurredAt: via.envelope.occurredAt, actor: via.envelope.actor ?? null });

/** Inserts or, when not older than what is stored, replaces facts. */
export async function upsertFacts(trx: Transaction<RegistryDatabase>, facts: DutyFactInput[], via?: FactEvent): Promise<void> {
  if (facts.length === 0) return;
  const t = tables(trx);
  const key = (f: { source: string; source_ref: string; person_id: string }) => `${f.source}|${f.source_ref}|${f.person_id}`;
  const before = new Map<string, { kind: string; occurred_on: string; counted: boolean; detail: Record<string, unknown> }>();
  if (via) {
    const rows = await t
      .selectFrom('duty_fact')
      .select(['source', 'source_ref', 'person_id', 'kind', 'occurred_on', 'counted', 'detail'])
      .where((eb) => eb.or(facts.map((f) => eb.and([eb('source', '=', f.source), eb('source_ref', '=', f.sourceRef), eb('person_id', '=', f.personId)]))))
      .execute();
    for (const row of rows) before.set(key(row), row);
  }
  const written = await t
    .insertInto('duty_fact')
    .values(
      facts.map((f) => ({
        tenant_path: f.tenantPath,
        person_id: f.personId,
        source: f.source,
        source_ref: f.sourceRef,
        kind: f.kind,
        occurred_on: f.occurredOn,
        counted: f.counted,
        version_at: f.versionAt,
        detail: JSON.stringify(f.detail ?? {}),
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['source', 'source_ref', 'person_id'])
        .doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          occurred_on: eb.ref('excluded.occurred_on'),
          counted: eb.ref('excluded.counted'),
          version_at: eb.ref('excluded.version_at'),
          detail: eb.ref('excluded.detail'),
        }))
        .whereRef('duty_fact.version_at', '<=', 'excluded.version_at'),
    )
    .returning(['source', 'source_ref', 'person_id', 'kind', 'occurred_on', 'counted', 'detail'])
    .execute();
  if (!via) return;
  const scope = eventScope(trx, via);
  for (const row of written) {
    const old = before.get(key(row));
    const fact = { source: row.source, sourceRef: row.source_ref, kind: row.kind, occurredOn: row.occurred_on };
    if (!old) {
      await record(scope, 'person', row.person_id, 'duty-fact-added', { fact, counted: row.counted, detail: row.detail, event: eventOf(via) });
      continue;
    }
    const changes = diff(
      { kind: old.kind, occurredOn: old.occurred_on, counted: old.counted, detail: old.detail },
      { kind: row.kind, occurredOn: row.occurred_on, counted: row.counted, detail: row.detail },
    );
    if (Object.keys(changes).length > 0) await record(scope, 'person', row.person_id, 'duty-fact-changed', { fact, ...changes, event: eventOf(via) });
  }
}

/** States after which a suggestion no longer counts as the deputy's suggestion of the year. */
export const VOIDING_STATES = new Set(['withdrawn', 'not-accepted']);

/** Serialises the handling of one suggestion's events (submitted vs. transitioned race). */
export async function lockSuggestion(trx: Transaction<RegistryDatabase>, suggestionId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`suggestion:${suggestionId}`}, 0))`.execute(trx);
}

export async function suggestionState(trx: Transaction<RegistryDatabase>, suggestionId: string): Promise<string | undefined> {
  return (await tables(trx).selectFrom('suggestion_state').select('state').where('suggestion_id', '=', suggestionId).executeTakeFirst())?.state;
}

/** Records a workflow step if it is the latest known; re-counts the suggestion's facts (in the deputies' history). */
export async function applySuggestionState(trx: Transaction<RegistryDatabase>, tenantPath: string, suggestionId: string, state: string, at: string, via?: FactEvent): Promise<void> {
  // The state before this step comes back with it: most steps (registered, assigned, replied …)
  // leave a suggestion counted as it was, and then its facts need no update. (The caller holds
  // the suggestion's lock, so nothing changes the row between the two reads.)
  const applied = await tables(trx)
    .with('previous', (db) => db.selectFrom('suggestion_state').select('state').where('suggestion_id', '=', suggestionId))
    .insertInto('suggestion_state')
    .values({ suggestion_id: suggestionId, tenant_path: tenantPath, state, state_at: at })
    .onConflict((oc) =>
      oc
        .column('suggestion_id')
        .doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), state_at: eb.ref('excluded.state_at') }))
        .whereRef('suggestion_state.state_at', '<=', 'excluded.state_at'),
    )
    .returning(['state', sql<string | null>`(select state from previous)`.as('previous')])
    .executeTakeFirst();
  if (!applied) return; // an older step than one already applied
  const counted = !VOIDING_STATES.has(state);
  // No state before: the facts were written counted (see the submission's handler).
  const wasCounted = applied.previous === null || !VOIDING_STATES.has(applied.previous);
  if (counted === wasCounted) return;
  const recounted = await tables(trx)
    .updateTable('duty_fact')
    .set({ counted })
    .where('source', '=', 'suggestions')
    .where('source_ref', '=', suggestionId)
    .where('counted', '=', !counted)
    .returning(['person_id', 'kind', 'occurred_on'])
    .execute();
  if (!via) return;
  for (const row of recounted) {
    const fact = { source: 'suggestions', sourceRef: suggestionId, kind: row.kind, occurredOn: row.occurred_on };
    await record(eventScope(trx, via), 'person', row.person_id, 'duty-fact-changed', { fact, counted: { from: !counted, to: counted }, suggestionState: state, event: eventOf(via) });
  }
}

// ---------------------------------------------------------------- scoring schemes

/** The scheme in force for a congress: its own, else its nearest ancestor's, else the default. */
export async function schemeFor(trx: Transaction<RegistryDatabase>, tenantPath: string): Promise<{ scheme: ScoringScheme; definedBy: string | null }> {
  const parts = tenantPath.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  const rows = await tables(trx).selectFrom('scoring_scheme').select(['tenant_path', 'scheme']).where('tenant_path', 'in', candidates).execute();
  const best = rows.sort((a, b) => b.tenant_path.length - a.tenant_path.length)[0];
  return best ? { scheme: best.scheme as ScoringScheme, definedBy: best.tenant_path } : { scheme: DEFAULT_SCHEME, definedBy: null };
}

export async function setScheme(scope: Scope, scheme: ScoringScheme): Promise<void> {
  const before = await tables(scope.trx).selectFrom('scoring_scheme').select('scheme').where('tenant_path', '=', scope.tenantPath).executeTakeFirst();
  await tables(scope.trx)
    .insertInto('scoring_scheme')
    .values({ tenant_path: scope.tenantPath, scheme: JSON.stringify(scheme), updated_by: scope.actor?.userId ?? 'system' })
    .onConflict((oc) => oc.column('tenant_path').doUpdateSet({ scheme: JSON.stringify(scheme), updated_at: sql<Date>`now()`, updated_by: scope.actor?.userId ?? 'system' }))
    .execute();
  await record(scope, 'scoring-scheme', scope.tenantPath, before ? 'changed' : 'created', { before: before?.scheme ?? null, after: scheme });
}

export async function deleteScheme(scope: Scope): Promise<boolean> {
  const result = await tables(scope.trx).deleteFrom('scoring_scheme').where('tenant_path', '=', scope.tenantPath).executeTakeFirst();
  const deleted = Number(result.numDeletedRows) > 0;
  if (deleted) await record(scope, 'scoring-scheme', scope.tenantPath, 'removed');
  return deleted;
}

// ---------------------------------------------------------------- tallies and reports

const yearBounds = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/**
 * Each person's tally for a year as one row: counted facts per kind and half-year as a jsonb
 * object (so equal tallies are equal values), the farmer flag, and whether an assistance pairing
 * was active. `persons` is any query of person ids. The tallies are kept as facts change
 * (duty_year, see its migration); a person's rows there, one per tenant of their facts, add up.
 */
function tallyRows(persons: Compilable | RawBuilder<unknown>, year: number) {
  const { from, to } = yearBounds(year);
  const table = (name: string) => sql.id(SCHEMA, name);
  return sql<TallyRow>`
    select s.person_id,
      coalesce((
        select ${sql.id(SCHEMA, 'sum_duty_counts')}(y.counts) from ${table('duty_year')} y
        where y.person_id = s.person_id and y.year = ${year}
      ), '{}') as counts,
      -- is_farmer of people the caller cannot see (a group's national deputy) stays unknown: false.
      coalesce(p.is_farmer, false) as is_farmer,
      exists (
        select from ${table('assistance')} a
        where a.person_id = s.person_id and a.started_on <= ${to} and (a.ended_on is null or a.ended_on >= ${from})
      ) as assisted
    from (${persons}) s (person_id)
    left join ${table('person')} p on p.id = s.person_id`;
}

interface TallyRow {
  person_id: string;
  counts: DutyTally['counts'];
  is_farmer: boolean;
  assisted: boolean;
}

const tallyOf = (row: Omit<TallyRow, 'person_id'>): DutyTally => ({ counts: row.counts, isFarmer: row.is_farmer, assistanceActive: row.assisted });

/** Tallies of counted facts per person for a year, with the farmer flag and assistance. */
export async function tallies(trx: Transaction<RegistryDatabase>, personIds: string[], year: number): Promise<Map<string, DutyTally>> {
  if (personIds.length === 0) return new Map();
  const { rows } = await tallyRows(sql`select unnest(${sql.val(personIds)}::uuid[])`, year).execute(trx);
  return new Map(rows.map((r) => [r.person_id, tallyOf(r)]));
}

export interface DeputyYear extends DutyAssessment {
  personId: string;
  name: string;
  levels: DeputyLevel[];
  year: number;
}

export interface DutyReport {
  scope: { kind: 'deputy' | 'group' | 'station' | 'tenant'; id: string; name: string | null };
  year: number;
  scheme: { definedBy: string | null; maxScore: number };
  summary: {
    deputies: number;
    averageScore: number;
    /** Deputies meeting all applicable items. */
    allMet: number;
    items: { item: string; label: string; applicable: number; met: number }[];
    grades: { label: string; count: number }[];
    /** When the figures were counted (a congress's summary may be up to a minute old). */
    asOf: string;
  };
  deputies: DeputyYear[];
  total: number;
}

interface Subject {
  personId: string;
  name: string;
  levels: DeputyLevel[];
}

async function assess(trx: Transaction<RegistryDatabase>, subjects: Subject[], year: number, scheme: ScoringScheme): Promise<DeputyYear[]> {
  const byPerson = await tallies(trx, subjects.map((s) => s.personId), year);
  return subjects.map((s) => ({ ...s, year, ...assessDuties(byPerson.get(s.personId)!, scheme) }));
}

/** Assessments with how many deputies have each (a congress's summary counts each distinct tally once). */
type Counted = { assessment: DutyAssessment; deputies: number }[];

function summarise(counted: Counted, scheme: ScoringScheme, asOf: string): DutyReport['summary'] {
  const items = EIGHT_ONES.map((item) => ({ item, label: EIGHT_ONES_LABELS[item], applicable: 0, met: 0 }));
  const grades = new Map(scheme.grades.map((g) => [g.label, 0]));
  let deputies = 0;
  let sum = 0;
  let allMet = 0;
  for (const { assessment: a, deputies: n } of counted) {
    // a.items is in EIGHT_ONES order (assessDuties builds it so).
    a.items.forEach((status, i) => {
      if (status.applicable) items[i]!.applicable += n;
      if (status.met) items[i]!.met += n;
    });
    grades.set(a.grade, (grades.get(a.grade) ?? 0) + n);
    deputies += n;
    sum += a.score * n;
    if (a.metCount === a.applicableCount) allMet += n;
  }
  return {
    deputies,
    averageScore: deputies ? Math.round((sum / deputies) * 10) / 10 : 0,
    allMet,
    items,
    grades: scheme.grades.map((g) => ({ label: g.label, count: grades.get(g.label)! })),
    asOf,
  };
}

/** Names and active levels of people; names from public profiles, so group members of any level resolve. */
async function subjectsOf(trx: Transaction<RegistryDatabase>, personIds: string[]): Promise<Subject[]> {
  if (personIds.length === 0) return [];
  const ids = sql`${sql.val(personIds)}::uuid[]`;
  const rows = await tables(trx)
    .selectFrom('public_profile as pp')
    .select(['pp.person_id', 'pp.name'])
    .where(sql<boolean>`pp.person_id = any(${ids})`)
    .orderBy('pp.name')
    .orderBy('pp.person_id')
    .execute();
  const levels = await tables(trx)
    .selectFrom('mandate')
    .select(['person_id', 'level'])
    .where(sql<boolean>`person_id = any(${ids})`)
    .where('status', '=', 'active')
    .execute();
  const byPerson = new Map<string, DeputyLevel[]>();
  for (const l of levels) byPerson.set(l.person_id, [...(byPerson.get(l.person_id) ?? []), l.level]);
  return rows.map((r) => ({ personId: r.person_id, name: r.name, levels: byPerson.get(r.person_id) ?? [] }));
}

function report(kind: DutyReport['scope']['kind'], id: string, name: string | null, year: number, scheme: { scheme: ScoringScheme; definedBy: string | null }, all: DeputyYear[], page: { limit: number; offset: number }): DutyReport {
  return {
    scope: { kind, id, name },
    year,
    scheme: { definedBy: scheme.definedBy, maxScore: maxScoreOf(scheme.scheme) },
    summary: summarise(all.map((assessment) => ({ assessment, deputies: 1 })), scheme.scheme, new Date().toISOString()),
    deputies: all.slice(page.offset, page.offset + page.limit),
    total: all.length,
  };
}

/** One deputy's year: the eight ones with counts, score and grade, and the facts behind them. */
export async function deputyYear(scope: Scope, personId: string, year: number) {
  const subjects = await subjectsOf(scope.trx, [personId]);
  const visible = await tables(scope.trx).selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst();
  if (!visible || subjects.length === 0) throw new NotFound(`no deputy ${personId}`);
  const scheme = await schemeFor(scope.trx, scope.tenantPath);
  const [assessed] = await assess(scope.trx, subjects, year, scheme.scheme);
  const { from, to } = yearBounds(year);
  const facts = await tables(scope.trx)
    .selectFrom('duty_fact')
    .select(['source', 'source_ref', 'kind', 'occurred_on', 'counted', 'detail'])
    .where('person_id', '=', personId)
    .where('occurred_on', '>=', from)
    .where('occurred_on', '<=', to)
    .orderBy('occurred_on')
    .execute();
  return {
    ...assessed!,
    scheme: { definedBy: scheme.definedBy, maxScore: assessed!.maxScore },
    facts: facts.map((f) => ({ source: f.source, ref: f.source_ref, kind: f.kind as DutyKind, occurredOn: f.occurred_on, counted: f.counted, detail: f.detail })),
  };
}

const yearMembers = (year: number) => {
  const { from, to } = yearBounds(year);
  return { from, to };
};

export async function groupReport(scope: Scope, groupId: string, year: number, page: { limit: number; offset: number }): Promise<DutyReport> {
  const group = await tables(scope.trx).selectFrom('mixed_group').select(['id', 'name', 'tenant_path']).where('id', '=', groupId).executeTakeFirst();
  if (!group) throw new NotFound(`no group ${groupId}`);
  const { from, to } = yearMembers(year);
  const members = await tables(scope.trx)
    .selectFrom('group_member')
    .select('person_id')
    .where('group_id', '=', groupId)
    .where('joined_on', '<=', to)
    .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>=', from)]))
    .execute();
  const scheme = await schemeFor(scope.trx, group.tenant_path);
  const all = await assess(scope.trx, await subjectsOf(scope.trx, members.map((m) => m.person_id)), year, scheme.scheme);
  return report('group', groupId, group.name, year, scheme, all, page);
}

export async function stationReport(scope: Scope, stationId: string, year: number, page: { limit: number; offset: number }): Promise<DutyReport> {
  const station = await tables(scope.trx).selectFrom('station').select(['id', 'name', 'tenant_path']).where('id', '=', stationId).executeTakeFirst();
  if (!station) throw new NotFound(`no station ${stationId}`);
  const ids = await stationMemberIds(scope.trx, stationId, year);
  const scheme = await schemeFor(scope.trx, station.tenant_path);
  const all = await assess(scope.trx, await subjectsOf(scope.trx, ids), year, scheme.scheme);
  return report('station', stationId, station.name, year, scheme, all, page);
}

/** Deputies in any of the station's groups at some time in the year. */
export async function stationMemberIds(trx: Transaction<RegistryDatabase>, stationId: string, year: number): Promise<string[]> {
  const { from, to } = yearMembers(year);
  const rows = await tables(trx)
    .selectFrom('group_member as gm')
    .innerJoin('mixed_group as g', 'g.id', 'gm.group_id')
    .select('gm.person_id')
    .distinct()
    .where('g.station_id', '=', stationId)
    .where('gm.joined_on', '<=', to)
    .where((eb) => eb.or([eb('gm.left_on', 'is', null), eb('gm.left_on', '>=', from)]))
    .execute();
  return rows.map((r) => r.person_id);
}

/** Deputies elected by a congress or those below it, holding their seat at some time in the year. */
function tenantSubjects(trx: Transaction<RegistryDatabase>, tenantPath: string, year: number, filter: { level?: DeputyLevel }) {
  const { from, to } = yearBounds(year);
  return tables(trx)
    .selectFrom('mandate')
    .select('person_id')
    .where(inSubtree('tenant_path', tenantPath))
    .where('start_date', '<=', to)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', from)]))
    .$if(filter.level !== undefined, (q) => q.where('level', '=', filter.level!));
}

export type ReportSummary = DutyReport['summary'];

/**
 * The summary of a congress's report: every deputy of the subtree assessed (for the region,
 * all 116,000), so the route keeps it for a short while — see REGISTRY_REPORT_CACHE_SECONDS.
 */
export async function tenantSummary(trx: Transaction<RegistryDatabase>, tenantPath: string, year: number, filter: { level?: DeputyLevel }, scheme: ScoringScheme): Promise<ReportSummary> {
  // The deputies the report lists (those with a profile), grouped by equal tallies: a few hundred
  // groups for the region's 116,000 deputies, each assessed once.
  const subjects = tables(trx)
    .selectFrom('public_profile as pp')
    .select('pp.person_id')
    .where('pp.person_id', 'in', tenantSubjects(trx, tenantPath, year, filter));
  const { rows } = await sql<Omit<TallyRow, 'person_id'> & { deputies: number }>`
    select counts, is_farmer, assisted, count(*)::int as deputies from (${tallyRows(subjects, year)}) t group by 1, 2, 3`.execute(trx);
  return summarise(rows.map((r) => ({ assessment: assessDuties(tallyOf(r), scheme), deputies: r.deputies })), scheme, new Date().toISOString());
}

/** One page of a congress's report in name order; only the page's deputies are assessed. */
export async function tenantPage(trx: Transaction<RegistryDatabase>, tenantPath: string, year: number, filter: { level?: DeputyLevel }, scheme: ScoringScheme, page: { limit: number; offset: number }): Promise<DeputyYear[]> {
  const rows = await tables(trx)
    .selectFrom('public_profile as pp')
    .select('pp.person_id')
    .where('pp.person_id', 'in', tenantSubjects(trx, tenantPath, year, filter))
    .orderBy('pp.name')
    .orderBy('pp.person_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return assess(trx, await subjectsOf(trx, rows.map((r) => r.person_id)), year, scheme);
}

export function tenantReport(tenantPath: string, year: number, scheme: { scheme: ScoringScheme; definedBy: string | null }, summary: ReportSummary, deputies: DeputyYear[]): DutyReport {
  return {
    scope: { kind: 'tenant', id: tenantPath, name: null },
    year,
    scheme: { definedBy: scheme.definedBy, maxScore: maxScoreOf(scheme.scheme) },
    summary,
    deputies,
    total: summary.deputies,
  };
}

export const DUTY_KIND_SET = new Set<string>(DUTY_KINDS);
