// Reading items: who sees which (on top of row-level security), lists with filters, Chinese
// full-text search (ranked, highlighted), one item in full, its audit chain, duplicates.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Principal } from '@onenet/auth';
import { verifyChain, type ChainedRecord } from '../domain/audit.ts';
import { chinaDay, describeDay } from '../domain/calendar.ts';
import { keyWords, searchExtras, segment, similarity, toTsQuery, unsegmentHeadline } from '../domain/text.ts';
import { actionsFrom, type State } from '../domain/workflow.ts';
import { NotFound } from '../errors.ts';
import { partsOf, type Ctx, type Item, type Trx } from './engine.ts';
import { kindOfPath } from './tenants.ts';

/** Staff, leaders and admins see their congress and below; deputies their own items; handlers their unit's. */
/** Staff, leaders and admins: everything within row-level security's reach. */
const isBroad = (principal: Principal) => principal.roles.some((r) => r === 'staff' || r === 'leader' || r === 'admin');

export function visibility(principal: Principal, filters: { unit?: string } = {}) {
  const roles = principal.roles;
  const broad = isBroad(principal);
  // A handler's worklist filters on the own unit, which admits only items assigned to it: the
  // handler's visibility test would look the same assignment up a second time for every row.
  const ownUnitFilter = roles.includes('handler') && principal.unitId !== undefined && filters.unit === principal.unitId;
  return (eb: ExpressionBuilder<any, any>) => {
    if (broad || ownUnitFilter) return eb.lit(true);
    const alternatives = [];
    if (roles.includes('deputy') && principal.deputyId) {
      alternatives.push(eb('s.lead_deputy_id', '=', principal.deputyId));
      alternatives.push(
        eb.exists(
          eb
            .selectFrom('suggestions.cosigners as c')
            .select(sql.lit(1).as('one'))
            .whereRef('c.suggestion_id', '=', 's.id')
            .where('c.deputy_id', '=', principal.deputyId),
        ),
      );
    }
    if (roles.includes('handler') && principal.unitId) {
      alternatives.push(
        eb.exists(
          eb
            .selectFrom('suggestions.assignments as a')
            .select(sql.lit(1).as('one'))
            .whereRef('a.suggestion_id', '=', 's.id')
            .where('a.unit_id', '=', principal.unitId)
            .where('a.status', '!=', 'replaced'),
        ),
      );
    }
    return alternatives.length ? eb.or(alternatives) : eb.lit(false);
  };
}

/**
 * A tenant and everything below it, as a range of paths an index on the path can serve: paths are
 * division codes and slashes, and '/' sorts just below '0'. PostgreSQL uses a condition as an
 * index condition under row-level security only if its operators are leakproof — the pattern
 * comparisons (~>=~, ~<~) are, LIKE is not — so the LIKE after it only makes the range exact.
 */
export function inSubtree(column: string, path: string) {
  const c = sql.ref(column);
  return () => sql<boolean>`(${c} ~>=~ ${path} and ${c} ~<~ ${`${path}0`} and (${c} = ${path} or ${c} like ${`${path}/%`}))`;
}

export interface ListFilters {
  year?: number;
  session?: string;
  state?: State[];
  kind?: string;
  unit?: string;
  level?: string;
  category?: string;
  field?: string;
  overdue?: boolean;
  keySupervision?: boolean;
  deputy?: string;
  tenant?: string;
  limit: number;
  offset: number;
}

function applyFilters(query: SelectQueryBuilder<any, any, any>, f: Omit<ListFilters, 'limit' | 'offset'>, today: string): SelectQueryBuilder<any, any, any> {
  let q = query;
  if (f.year !== undefined) q = q.where('s.year', '=', f.year);
  if (f.session) q = q.where('s.session_name', '=', f.session);
  if (f.state?.length) q = q.where('s.state', 'in', f.state);
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  if (f.level) q = q.where('s.lead_level', '=', f.level);
  if (f.category) q = q.where('s.result_category', '=', f.category);
  if (f.field) q = q.where('s.field', '=', f.field);
  if (f.deputy) q = q.where('s.lead_deputy_id', '=', f.deputy);
  if (f.keySupervision !== undefined) q = q.where('s.key_supervision', '=', f.keySupervision);
  if (f.tenant) q = q.where(inSubtree('s.tenant_path', f.tenant));
  if (f.unit) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('suggestions.assignments as fa')
          .select(sql.lit(1).as('one'))
          .whereRef('fa.suggestion_id', '=', 's.id')
          .where('fa.unit_id', '=', f.unit!)
          .where('fa.status', '!=', 'replaced')
          // Assignments carry the item's year: the unit's items of a year come from its index.
          .$if(f.year !== undefined, (sub) => sub.where('fa.year', '=', f.year!)),
      ),
    );
  }
  if (f.overdue) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('suggestions.deadlines as d')
          .select(sql.lit(1).as('one'))
          .whereRef('d.suggestion_id', '=', 's.id')
          .where('d.met_at', 'is', null)
          .where('d.cancelled_at', 'is', null)
          .where('d.due_on', '<', today),
      ),
    );
  }
  return q;
}

// The staff worklist's partial index (suggestions_waiting, migration 202611281400) includes these
// columns so that its pages are index-only scans: a column added here belongs in that index too.
const LIST_COLUMNS = [
  's.id',
  's.tenant_path',
  's.number',
  's.kind',
  's.period',
  's.session_name',
  's.year',
  's.title',
  's.field',
  's.state',
  's.lead_deputy_id',
  's.lead_name',
  's.lead_level',
  's.merged_into',
  's.key_supervision',
  's.result_category',
  's.satisfaction',
  's.actually_solved',
  's.reply_due',
  's.replied_on',
  's.created_at',
  's.submitted_at',
] as const;

export function listItemOf(row: Record<string, any>) {
  return {
    id: row.id,
    tenantPath: row.tenant_path,
    number: row.number,
    kind: row.kind,
    period: row.period,
    sessionName: row.session_name,
    year: row.year,
    title: row.title,
    field: row.field,
    state: row.state,
    leadDeputyId: row.lead_deputy_id,
    leadName: row.lead_name,
    leadLevel: row.lead_level,
    mergedInto: row.merged_into,
    keySupervision: row.key_supervision,
    resultCategory: row.result_category,
    satisfaction: row.satisfaction,
    actuallySolved: row.actually_solved,
    replyDue: row.reply_due,
    repliedOn: row.replied_on,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
  };
}
export type ListItem = ReturnType<typeof listItemOf>;

/** Counting stops here: past it a list says "more than" (a count of 100,000 rows costs more than the page). */
export const COUNT_CAP = 10_000;

/**
 * A page of items, newest first. `hasMore` says whether another page exists; the total is
 * counted only when asked (`count`), and only up to COUNT_CAP: under row-level security the
 * planner cannot skip other tenants' rows when counting, so a count costs more than the page.
 */
export async function listItems(ctx: Ctx, trx: Trx, principal: Principal, f: ListFilters & { count?: boolean }): Promise<{ items: ListItem[]; hasMore: boolean; total?: number; totalIsLowerBound?: boolean }> {
  const today = chinaDay(ctx.clock.now());
  let base;
  let rows;
  // Overdue items and a unit's worklist come from a walk of rows that carry their item's creation
  // time (open deadlines, migration 202611272301; a unit's live assignments, 202611281300), in
  // the list's own order from a partial index, so that only a page's items are looked up. Row-level
  // security hides from the planner how few rows the walk needs: sorted instead, every open
  // deadline of the subtree, or every item the unit was ever given, costs a hundred times more.
  const walk = f.overdue
    ? trx.selectFrom('suggestions.deadlines as w').where('w.met_at', 'is', null).where('w.cancelled_at', 'is', null).where('w.due_on', '<', today)
    : f.unit
      ? trx.selectFrom('suggestions.assignments as w').where('w.unit_id', '=', f.unit).where('w.status', '!=', 'replaced')
      : undefined;
  if (walk) {
    await sql`set local enable_sort = off`.execute(trx);
    const walked = walk
      .select(['w.suggestion_id', 'w.item_created_at'])
      .distinctOn(['w.item_created_at', 'w.suggestion_id'])
      .orderBy('w.item_created_at', 'desc')
      .orderBy('w.suggestion_id')
      .as('o');
    // The walk does the overdue filter or (without it) the unit filter; the others still apply.
    const rest = f.overdue ? { ...f, overdue: false } : { ...f, unit: undefined };
    base = applyFilters(trx.selectFrom(walked).innerJoin('suggestions.suggestions as s', 's.id', 'o.suggestion_id').where(visibility(principal, f)), rest, today);
    rows = await base.select([...LIST_COLUMNS]).orderBy('o.item_created_at', 'desc').orderBy('o.suggestion_id').limit(f.limit + 1).offset(f.offset).execute();
  } else {
    const filtered = (filters: typeof f) => applyFilters(trx.selectFrom('suggestions.suggestions as s').where(visibility(principal, f)), filters, today);
    const newestFirst = <Q extends SelectQueryBuilder<any, any, any>>(q: Q) => q.orderBy('s.created_at', 'desc').orderBy('s.id');
    base = filtered(f);
    if (f.state && f.state.length > 1) {
      // Several states ("handling or replied"): the (year, state, created_at) index yields each
      // state's items in order, but not the states' together, so PostgreSQL read them all and
      // sorted — a county's current year, 8,000 items, 220 ms. Each state's newest page instead,
      // merged: 6 ms.
      const pages = f.state.map((state) => newestFirst(filtered({ ...f, state: [state] }).select([...LIST_COLUMNS])).limit(f.offset + f.limit + 1));
      rows = await trx
        .selectFrom(sql`(${sql.join(pages, sql` union all `)})`.as('s'))
        .selectAll()
        .$call(newestFirst)
        .limit(f.limit + 1)
        .offset(f.offset)
        .execute();
    } else {
      rows = await newestFirst(base.select([...LIST_COLUMNS])).limit(f.limit + 1).offset(f.offset).execute();
    }
  }
  const hasMore = rows.length > f.limit;
  const items = rows.slice(0, f.limit).map(listItemOf);
  if (!f.count) return { items, hasMore };
  let total = f.offset + items.length;
  if (hasMore) {
    const counted = await trx
      .selectFrom(base.select(sql.lit(1).as('one')).limit(COUNT_CAP + 1).as('capped'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  return { items, hasMore, total: Math.min(total, COUNT_CAP), totalIsLowerBound: total > COUNT_CAP };
}

export interface SearchHit extends ListItem {
  rank: number;
  headline: string;
}

/**
 * How many of the best-ranked hits the other filters (state, unit, category …) are applied to:
 * the year and the caller's subtree are applied inside the index search itself.
 */
export const SEARCH_CANDIDATES = 500;

/**
 * The hits of a tsquery as a derived table (suggestion_id, rank): the GIN search of
 * `search_hits()` (see migration 202611272004) plus exact title matches, which rank first.
 */
function hitsTable(tsquery: string, title: string, year: number | undefined, candidates = SEARCH_CANDIDATES, pool = candidates) {
  return sql<{ suggestion_id: string; rank: number }>`(
    select suggestion_id, max(rank) as rank from (
      select h.suggestion_id, h.rank from suggestions.search_hits(to_tsquery('simple', ${tsquery}), ${year ?? null}::int, ${candidates}::int, ${pool}::int) h
      union all
      select t.id, 1 + 1 from suggestions.suggestions t where t.title = ${title}
    ) u group by suggestion_id
  )`;
}

/** hitsTable for the public: published items only, of a year and a subtree when given. */
function publicHitsTable(tsquery: string, title: string, year: number | undefined, subtree: string | undefined, candidates: number) {
  return sql<{ suggestion_id: string; rank: number }>`(
    select suggestion_id, max(rank) as rank from (
      select h.suggestion_id, h.rank from suggestions.public_search_hits(to_tsquery('simple', ${tsquery}), ${year ?? null}::int, ${subtree ?? null}::text, ${candidates}::int, ${SEARCH_CANDIDATES}::int) h
      union all
      select t.id, 1 + 1 from suggestions.suggestions t where t.title = ${title} and t.published_at is not null
    ) u group by suggestion_id
  )`;
}

/**
 * Full-text search in Chinese: the query is segmented like the documents; an exact title match
 * ranks first, then ts_rank_cd over title (A), body (B), replies (C), sub-words (D);
 * ts_headline marks the hits.
 */
export async function searchItems(ctx: Ctx, trx: Trx, principal: Principal | null, q: string, f: ListFilters, publicOnly = false): Promise<{ items: SearchHit[]; query: string | null }> {
  const tsquery = toTsQuery(q);
  if (!tsquery) return { items: [], query: null };
  const today = chinaDay(ctx.clock.now());
  const query = sql`to_tsquery('simple', ${tsquery})`;
  // Ranked among the same pool either way; when nothing but the year and the subtree (both
  // applied inside the index search) narrows the hits, a page's worth of the best is enough.
  const { year: _year, limit: _limit, offset: _offset, tenant: _tenant, ...others } = f;
  const narrowedInside = Object.values(others).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
  // The public's search looks among published items only (public_search_hits, migration
  // 202611280201), where the year and subtree are applied inside too.
  const unfiltered = narrowedInside && (publicOnly || (principal !== null && isBroad(principal) && f.tenant === undefined));
  const candidates = unfiltered ? Math.min(SEARCH_CANDIDATES, f.offset + f.limit) : SEARCH_CANDIDATES;
  const hits = publicOnly ? publicHitsTable(tsquery, q.trim(), f.year, f.tenant, candidates) : hitsTable(tsquery, q.trim(), f.year, candidates, SEARCH_CANDIDATES);
  let base = trx.selectFrom(hits.as('h')).innerJoin('suggestions.suggestions as s', 's.id', 'h.suggestion_id');
  base = publicOnly ? base.where('s.published_at', 'is not', null) : base.where(visibility(principal!, f));
  base = applyFilters(base, f, today);
  const rows = await base
    .select([...LIST_COLUMNS])
    .select([
      sql<number>`h.rank`.as('rank'),
      publicOnly
        ? sql<string>`concat_ws(${'\n'}, s.public_title, s.public_body, s.public_reply)`.as('headline')
        : sql<string>`ts_headline('simple', s.seg_body || ' ' || s.seg_reply, ${query}, ${HEADLINE})`.as('headline'),
    ])
    .orderBy('rank', 'desc')
    .orderBy('s.created_at', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const items = rows.map((r) => ({ ...listItemOf(r), rank: Number(r.rank), headline: r.headline as string }));
  return { query: tsquery, items: publicOnly ? await publishedOnly(trx, items, query) : items.map((i) => ({ ...i, headline: unsegmentHeadline(i.headline) })) };
}

const HEADLINE = 'StartSel=<mark>, StopSel=</mark>, MaxWords=40, MinWords=10, MaxFragments=2';

/**
 * The public sees what was published, nothing more: the hits were found in the items' own words,
 * which may hold what publication removed (a phone number). Each hit's published texts (in
 * `headline` as they come) are segmented here; a hit whose published texts do not hold the
 * query is dropped, and the highlight is cut from them.
 */
async function publishedOnly(trx: Trx, items: SearchHit[], query: ReturnType<typeof sql>): Promise<SearchHit[]> {
  if (!items.length) return items;
  const texts = items.map((i) => segment(i.headline));
  const words = items.map((i, n) => `${texts[n]} ${searchExtras(i.headline)}`);
  const { rows } = await sql<{ n: number; found: boolean; headline: string }>`
    select x.n::int as n, to_tsvector('simple', w.words) @@ ${query} as found, ts_headline('simple', x.text, ${query}, ${HEADLINE}) as headline
    from unnest(${texts}::text[]) with ordinality as x(text, n)
    join unnest(${words}::text[]) with ordinality as w(words, n) on w.n = x.n`.execute(trx);
  const byN = new Map(rows.map((r) => [r.n, r]));
  return items.flatMap((item, n) => {
    const r = byN.get(n + 1);
    return r?.found ? [{ ...item, headline: unsegmentHeadline(r.headline) }] : [];
  });
}

export async function getItem(ctx: Ctx, trx: Trx, principal: Principal, id: string) {
  const row = (await trx.selectFrom('suggestions.suggestions as s').selectAll('s').where('s.id', '=', id).where(visibility(principal)).executeTakeFirst()) as Item | undefined;
  if (!row) throw new NotFound(`no suggestion ${id}`);
  const [cosigners, assignments, meetings, extensions, replies, evaluations, followUps, deadlines, attachments, supervision, merged] = await Promise.all([
    trx.selectFrom('suggestions.cosigners').selectAll().where('suggestion_id', '=', id).orderBy('invited_at').execute(),
    trx.selectFrom('suggestions.assignments').selectAll().where('suggestion_id', '=', id).orderBy('created_at').execute(),
    trx.selectFrom('suggestions.meetings').selectAll().where('suggestion_id', '=', id).orderBy('held_on').execute(),
    trx.selectFrom('suggestions.extensions').selectAll().where('suggestion_id', '=', id).orderBy('requested_at').execute(),
    trx.selectFrom('suggestions.replies').selectAll().where('suggestion_id', '=', id).orderBy('created_at').execute(),
    trx.selectFrom('suggestions.evaluations').selectAll().where('suggestion_id', '=', id).orderBy('created_at').execute(),
    trx.selectFrom('suggestions.follow_ups').selectAll().where('suggestion_id', '=', id).orderBy('due_on').execute(),
    trx.selectFrom('suggestions.deadlines').selectAll().where('suggestion_id', '=', id).orderBy('due_on').execute(),
    trx.selectFrom('suggestions.attachments').select(['id', 'filename', 'content_type', 'size', 'created_at']).where('owner_kind', '=', 'suggestion').where('owner_id', '=', id).execute(),
    trx.selectFrom('suggestions.supervisions').selectAll().where('suggestion_id', '=', id).executeTakeFirst(),
    trx.selectFrom('suggestions.suggestions').select(['id', 'number', 'lead_name', 'state']).where('merged_into', '=', id).execute(),
  ]);
  const today = chinaDay(ctx.clock.now());
  const parts = await partsOf(trx, principal, row);
  const next = actionsFrom(row.state).filter((a) => a.parts.some((p) => parts.includes(p)));
  return {
    ...listItemOf(row),
    body: row.body,
    originalKind: row.original_kind,
    opinionId: row.opinion_id,
    rejection: row.rejection_ground ? { ground: row.rejection_ground, reason: row.rejection_reason } : null,
    replyRound: row.reply_round,
    extensionMonths: row.extension_months,
    assignedOn: row.assigned_on,
    replyDueProvisional: row.reply_due_provisional,
    publishedAt: row.published_at,
    excellent: row.excellent,
    audit: { records: row.audit_seq, head: row.audit_head },
    yourParts: parts,
    nextActions: next,
    // Past its cut-off an unanswered invitation has lapsed, though the row says so only once the item is submitted.
    cosigners: cosigners.map((c) => ({ deputyId: c.deputy_id, name: c.name, status: c.status === 'invited' && c.cutoff && today > (c.cutoff as string) ? 'lapsed' : c.status, respondedAt: c.responded_at, cutoff: c.cutoff })),
    assignments: assignments.map((a) => ({
      id: a.id,
      unitId: a.unit_id,
      unitName: a.unit_name,
      role: a.role,
      status: a.status,
      assignedOn: a.assigned_on,
      signForDue: a.sign_for_due,
      signedForAt: a.signed_for_at,
      adjustmentReason: a.adjustment_reason,
      coOpinion: a.co_opinion,
      coOpinionAt: a.co_opinion_at,
      coOpinionDue: a.co_opinion_due,
    })),
    meetings: meetings.map((m) => ({ id: m.id, unitId: m.unit_id, heldOn: m.held_on, mode: m.mode, participants: m.participants, summary: m.summary })),
    extensions: extensions.map((e) => ({ id: e.id, months: e.months, reason: e.reason, requestedAt: e.requested_at, approvedAt: e.approved_at, newDue: e.new_due })),
    replies: replies.map((r) => ({
      id: r.id,
      round: r.round,
      unitId: r.unit_id,
      unitName: r.unit_name,
      category: r.category,
      body: r.body,
      signedBy: r.signed_by,
      evidence: r.evidence,
      coOpinions: r.co_opinions,
      viaMergeOf: r.via_merge_of,
      boilerplate: r.boilerplate_of ? { score: r.boilerplate_score, similarTo: r.boilerplate_of } : null,
      returned: r.returned_at ? { at: r.returned_at, reason: r.returned_reason } : null,
      repliedOn: r.replied_on,
    })),
    evaluations: evaluations.map((e) => ({ round: e.round, satisfaction: e.satisfaction, actuallySolved: e.actually_solved, comment: e.comment, at: e.created_at })),
    followUps: followUps.map((f) => ({ id: f.id, unitId: f.unit_id, promise: f.promise, dueOn: f.due_on, status: f.status, checkedAt: f.checked_at, evidence: f.evidence })),
    deadlines: deadlines.map((d) => deadlineOf(d, today)),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size })),
    supervision: supervision ? { id: supervision.id, leaderName: supervision.leader_name, governmentLeader: supervision.government_leader, status: supervision.status } : null,
    mergedItems: merged.map((m) => ({ id: m.id, number: m.number, leadName: m.lead_name, state: m.state })),
    motionLevel: kindOfPath(row.tenant_path),
  };
}

export function deadlineOf(d: Record<string, any>, today: string) {
  const status: 'met' | 'cancelled' | 'overdue' | 'open' = d.met_at ? 'met' : d.cancelled_at ? 'cancelled' : d.due_on < today ? 'overdue' : 'open';
  return {
    id: d.id,
    suggestionId: d.suggestion_id,
    kind: d.kind,
    unitId: d.unit_id,
    dueOn: d.due_on,
    dueDay: describeDay(d.due_on),
    provisional: d.provisional,
    status,
    metAt: d.met_at,
    remindedAt: d.reminded_at,
    escalatedAt: d.escalated_at,
  };
}

export async function auditOf(trx: Trx, id: string) {
  const item = await trx.selectFrom('suggestions.suggestions').select(['id', 'audit_seq', 'audit_head']).where('id', '=', id).executeTakeFirst();
  if (!item) throw new NotFound(`no suggestion ${id}`);
  const rows = await trx.selectFrom('suggestions.transitions').selectAll().where('suggestion_id', '=', id).orderBy('seq').execute();
  const records = rows.map(recordOf);
  const problems = verifyChain(id, records, { seq: item.audit_seq as number, hash: item.audit_head as string });
  return { records, verified: problems.length === 0, problems };
}

export function recordOf(r: Record<string, any>): ChainedRecord {
  return {
    suggestionId: r.suggestion_id,
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actorUserId: r.actor_user_id,
    actorName: r.actor_name,
    actorPart: r.actor_part,
    actorUnitId: r.actor_unit_id,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    comment: r.comment,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * 并案 proposals: items of the caller's reach (several levels, several years) that raise the
 * same matter, found by the item's key words and ranked by the cosine of their word counts.
 */
export async function duplicatesOf(trx: Trx, principal: Principal, id: string, threshold = 0.45) {
  const item = await trx.selectFrom('suggestions.suggestions as s').select(['s.id', 's.title', 's.body']).where('s.id', '=', id).where(visibility(principal)).executeTakeFirst();
  if (!item) throw new NotFound(`no suggestion ${id}`);
  const text = `${item.title as string} ${item.body as string}`;
  const keys = keyWords(text);
  if (!keys.length) return [];
  const any = keys.map((k) => `'${k.replaceAll("'", "''")}'`).join(' | ');
  const candidates = await trx
    .selectFrom(hitsTable(any, item.title as string, undefined, 200).as('h'))
    .innerJoin('suggestions.suggestions as s', 's.id', 'h.suggestion_id')
    .select(['s.id', 's.number', 's.title', 's.body', 's.year', 's.tenant_path', 's.state', 's.lead_name', 's.merged_into'])
    .where(visibility(principal))
    .where('s.id', '!=', id)
    .where('s.state', 'not in', ['draft', 'co-signing', 'withdrawn'])
    .execute();
  return candidates
    .map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      year: c.year,
      tenantPath: c.tenant_path,
      state: c.state,
      leadName: c.lead_name,
      mergedInto: c.merged_into,
      similarity: Math.round(similarity(text, `${c.title as string} ${c.body as string}`) * 1000) / 1000,
    }))
    .filter((c) => c.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 20);
}
