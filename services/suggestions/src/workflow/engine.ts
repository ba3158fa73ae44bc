// Runs workflow steps: locks the item, asks the state machine, appends the audit record onto
// the item's hash chain, moves the item and enqueues the events — all in the caller's
// transaction, so a step and its record and events commit together or not at all.
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { sql, type Transaction } from 'kysely';
import type { Principal } from '@onenet/auth';
import { outgoing, type Outgoing, type ServiceContext } from '@onenet/kit';
import { SuggestionSubmitted, SuggestionTransitioned } from '@onenet/contracts';
import { chain, type ChainedRecord } from '../domain/audit.ts';
import { decide, V1_STATES, type Action, type Facts, type Part, type State } from '../domain/workflow.ts';
import { Forbidden, IllegalTransition, NotFound } from '../errors.ts';
import { SuggestionTransitionedV2 } from '@onenet/contracts';
import { onCommit, publicAnswersOf } from '../http/public-answers.ts';

export type Trx = Transaction<any>;
export type Ctx = ServiceContext<any, any>;

/** A suggestions row as stored (snake_case columns). */
export interface Item {
  id: string;
  tenant_path: string;
  number: string | null;
  kind: 'motion' | 'suggestion' | 'letter';
  period: 'session' | 'between-sessions';
  year: number;
  title: string;
  body: string;
  state: State;
  lead_deputy_id: string;
  lead_user_id: string;
  lead_name: string;
  lead_mandate_id: string;
  lead_level: string;
  merged_into: string | null;
  reply_round: number;
  result_category: 'A' | 'B' | 'C' | 'D' | null;
  satisfaction: 'satisfied' | 'basically-satisfied' | 'dissatisfied' | null;
  actually_solved: boolean | null;
  extension_months: number;
  assigned_on: string | null;
  reply_due: string | null;
  audit_seq: number;
  audit_head: string;
  created_at: Date;
  published_at: Date | null;
  [column: string]: unknown;
}

export interface Assignment {
  id: string;
  suggestion_id: string;
  unit_id: string;
  unit_name: string;
  role: 'lead' | 'co' | 'split';
  status: 'assigned' | 'signed-for' | 'adjustment-requested' | 'replaced';
  assigned_on: string;
  sign_for_due: string;
  co_opinion: string | null;
  co_opinion_due: string | null;
}

/** Who takes a step: a person playing a part, possibly for a unit, or the system. */
export interface Actor {
  userId: string;
  name: string;
  unitId: string | null;
}

export const SYSTEM: Actor = { userId: 'system', name: '系统', unitId: null };

export const actorOf = (principal: Principal): Actor => ({ userId: principal.userId, name: principal.name, unitId: principal.unitId ?? null });

export async function lockItem(trx: Trx, id: string): Promise<Item> {
  const item = (await trx.selectFrom('suggestions.suggestions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as Item | undefined;
  // Row-level security hides other tenants' items: to the caller they do not exist.
  if (!item) throw new NotFound(`no suggestion ${id}`);
  return item;
}

/** Locks several items (in id order, so two bulk steps never wait on each other crosswise); the missing are absent from the map. */
export async function lockItems(trx: Trx, ids: readonly string[]): Promise<Map<string, Item>> {
  const rows = (await trx.selectFrom('suggestions.suggestions').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute()) as Item[];
  return new Map(rows.map((r) => [r.id, r]));
}

export async function activeAssignments(trx: Trx, suggestionId: string): Promise<Assignment[]> {
  return (await trx
    .selectFrom('suggestions.assignments')
    .selectAll()
    .where('suggestion_id', '=', suggestionId)
    .where('status', '!=', 'replaced')
    .orderBy('created_at')
    .execute()) as Assignment[];
}

/** The parts a caller can play for an item, from their token and the item. */
export async function partsOf(trx: Trx, principal: Principal, item: Item, assignments?: readonly Assignment[]): Promise<Part[]> {
  const parts: Part[] = [];
  const roles = principal.roles;
  if (roles.includes('deputy') && principal.deputyId) {
    if (principal.deputyId === item.lead_deputy_id) parts.push('lead-deputy');
    const cosigner = await trx
      .selectFrom('suggestions.cosigners')
      .select('status')
      .where('suggestion_id', '=', item.id)
      .where('deputy_id', '=', principal.deputyId)
      .executeTakeFirst();
    if (cosigner) parts.push('co-signer');
  }
  // Upper levels supervise lower ones; only the item's own congress works on it.
  const ownCongress = principal.tenantPath === item.tenant_path;
  if (roles.includes('staff') && ownCongress) parts.push('staff');
  if (roles.includes('leader') && ownCongress) parts.push('leader');
  if (roles.includes('handler') && principal.unitId) {
    const mine = (assignments ?? (await activeAssignments(trx, item.id))).filter((a) => a.unit_id === principal.unitId);
    if (mine.some((a) => a.role === 'lead' || a.role === 'split')) parts.push('lead-unit');
    if (mine.some((a) => a.role === 'co')) parts.push('co-unit');
  }
  return parts;
}

/** Refuses a step the state machine does not allow, before anything is changed. */
export function assertAllowed(item: Item, action: Action, parts: readonly Part[]): Part {
  const decision = decide(item.state, action, parts);
  if (decision.ok) return decision.part;
  if (decision.reason === 'no-such-step') throw new IllegalTransition(item.state, action);
  throw new Forbidden(`action "${action}" on an item in state "${item.state}" is for: ${decision.allowedParts.join(', ')}`, {
    extensions: { state: item.state, action, allowedParts: decision.allowedParts },
  });
}

export interface StepOptions {
  comment?: string | null;
  data?: Record<string, unknown>;
  facts?: Facts;
  /** Overrides of the v2 event's step fields (units, category, satisfaction …). */
  event?: Partial<{
    reason: string | null;
    leadUnitId: string | null;
    coUnitIds: string[];
    splitUnitIds: string[];
    resultCategory: 'A' | 'B' | 'C' | 'D' | null;
    satisfaction: 'satisfied' | 'basically-satisfied' | 'dissatisfied' | null;
    actuallySolved: boolean | null;
    mergedInto: string | null;
  }>;
  /** Extra columns to set on the item with the new state. */
  set?: Record<string, unknown>;
  /** On submit: the confirmed co-signers, when the caller already knows them. */
  coSignerIds?: string[];
  /**
   * The item is not stored yet: insert this row in its new state instead of updating (one
   * write instead of two on the peak path, a draft submitted in the request that creates it).
   */
  insertRow?: Record<string, unknown>;
}

/** One step to take (see `step`). */
export interface StepRequest {
  item: Item;
  actor: Actor;
  parts: readonly Part[];
  action: Action;
  options?: StepOptions;
}

/** The state each item reached by a step in this transaction (the routes answer with it without reading the item again). */
const reached = new WeakMap<Trx, Map<string, State>>();
export const stateReached = (trx: Trx, id: string): State | undefined => reached.get(trx)?.get(id);

/**
 * Takes one step: decides the target, appends the chained audit record, moves the item, and
 * enqueues the events. Returns the new state. `item` must have been locked by lockItem.
 */
export async function step(ctx: Ctx, trx: Trx, item: Item, actor: Actor, parts: readonly Part[], action: Action, options: StepOptions = {}): Promise<State> {
  return (await steps(ctx, trx, [{ item, actor, parts, action, options }]))[0]!;
}

/**
 * Takes several items' steps together (the assignment meeting's bulk assignment): every step is
 * decided before anything is written, then the records and the items' moves are one statement
 * and the events another, however many items there are.
 */
export async function steps(ctx: Ctx, trx: Trx, requests: readonly StepRequest[]): Promise<State[]> {
  const at = ctx.clock.now().toISOString();
  const taken = requests.map(({ item, actor, parts, action, options = {} }) => {
    const decision = decide(item.state, action, parts, options.facts ?? {});
    if (!decision.ok) {
      if (decision.reason === 'no-such-step') throw new IllegalTransition(item.state, action);
      throw new Forbidden(`action "${action}" on an item in state "${item.state}" is for: ${decision.allowedParts.join(', ')}`);
    }
    const record = chain(
      {
        suggestionId: item.id,
        seq: item.audit_seq + 1,
        at,
        actorUserId: actor.userId,
        actorName: actor.name,
        actorPart: decision.part,
        actorUnitId: actor.unitId,
        action,
        fromState: item.state,
        toState: decision.to,
        comment: options.comment ?? null,
        data: options.data ?? {},
      },
      { hash: item.audit_head } as ChainedRecord,
    );
    return { item, actor, action, options, part: decision.part, from: item.state, to: decision.to, record };
  });
  if (taken.length === 0) return [];

  const records = (list: typeof taken) =>
    list.map(({ item, record }) => ({
      suggestion_id: record.suggestionId,
      seq: record.seq,
      tenant_path: item.tenant_path,
      at: record.at,
      actor_user_id: record.actorUserId,
      actor_name: record.actorName,
      actor_part: record.actorPart,
      actor_unit_id: record.actorUnitId,
      action: record.action,
      from_state: record.fromState,
      to_state: record.toState,
      comment: record.comment,
      data: JSON.stringify(record.data),
      prev_hash: record.prevHash,
      hash: record.hash,
    }));
  const moved = (t: (typeof taken)[number]) => ({ ...(t.options.set ?? {}), state: t.to, audit_seq: t.record.seq, audit_head: t.record.hash });
  const inserted = taken.filter((t) => t.options.insertRow);
  const updated = taken.filter((t) => !t.options.insertRow);
  if (inserted.length) {
    // A new item and its first record go in one statement (one round trip at the peak of a session).
    await trx
      .with('item', (db) => db.insertInto('suggestions.suggestions').values(inserted.map((t) => ({ ...t.options.insertRow, ...moved(t) }))))
      .insertInto('suggestions.transitions')
      .values(records(inserted))
      .execute();
  }
  if (updated.length === 1) {
    // The record and the item's move in one statement.
    const [t] = updated as [(typeof taken)[number]];
    await trx
      .with('record', (db) => db.insertInto('suggestions.transitions').values(records(updated)))
      .updateTable('suggestions.suggestions')
      .set({ ...moved(t), updated_at: sql`now()` })
      .where('id', '=', t.item.id)
      .execute();
  } else if (updated.length > 1) {
    // Every item's move from one JSON array, typed by the table's own row type.
    const columns = Object.keys(moved(updated[0]!));
    if (updated.some((t) => Object.keys(moved(t)).join() !== columns.join())) throw new Error('steps taken together must set the same columns');
    const rows = JSON.stringify(updated.map((t) => ({ id: t.item.id, ...moved(t) })));
    await trx
      .with('record', (db) => db.insertInto('suggestions.transitions').values(records(updated)))
      .updateTable('suggestions.suggestions as s')
      .from(sql<{ id: string }>`jsonb_populate_recordset(null::suggestions.suggestions, ${rows}::jsonb)`.as('v'))
      .set(Object.fromEntries([...columns.map((c) => [c, sql.ref(`v.${c}`)]), ['updated_at', sql`now()`]]))
      .whereRef('s.id', '=', 'v.id')
      .execute();
  }
  // The public site shows a published item's state and progress: what it kept is stale now.
  if (taken.some((t) => t.item.published_at || t.options.set?.published_at)) {
    onCommit(trx, () => publicAnswersOf(ctx).changed());
  }
  let known = reached.get(trx);
  if (!known) reached.set(trx, (known = new Map()));
  for (const t of taken) {
    Object.assign(t.item, moved(t));
    known.set(t.item.id, t.to);
  }

  // Every event of every step goes to the outbox in one statement.
  const events: Outgoing<any>[] = [];
  for (const { item, actor, action, options, part, from, to, record } of taken) {
    const e = options.event ?? {};
    const envelopeActor = { userId: actor.userId, name: actor.name };
    const occurredAt = at;
    events.push(outgoing(SuggestionTransitionedV2, {
      tenantPath: item.tenant_path,
      actor: envelopeActor,
      occurredAt,
      data: {
        suggestionId: item.id,
        number: item.number,
        kind: item.kind,
        leadPersonId: item.lead_deputy_id,
        action,
        actorPart: part,
        from,
        to,
        auditSeq: record.seq,
        reason: e.reason ?? options.comment ?? null,
        round: item.reply_round,
        leadUnitId: e.leadUnitId ?? null,
        coUnitIds: e.coUnitIds ?? [],
        splitUnitIds: e.splitUnitIds ?? [],
        resultCategory: e.resultCategory ?? null,
        satisfaction: e.satisfaction ?? null,
        actuallySolved: e.actuallySolved ?? null,
        mergedInto: e.mergedInto ?? null,
      },
    }));
    // The catalogue's v1 event, which the registry counts from, wherever its states can say it.
    if (from !== to && V1_STATES.includes(from) && V1_STATES.includes(to)) {
      events.push(outgoing(SuggestionTransitioned, {
        tenantPath: item.tenant_path,
        actor: envelopeActor,
        occurredAt,
        data: {
          suggestionId: item.id,
          from: from as never,
          to: to as never,
          reason: truncate(e.reason ?? options.comment ?? null, 2000),
          leadUnitId: e.leadUnitId ?? null,
          coUnitIds: e.coUnitIds ?? [],
          resultCategory: e.resultCategory ?? null,
          satisfaction: e.satisfaction ?? null,
          actuallySolved: e.actuallySolved ?? null,
        },
      }));
    }
    if (action === 'submit') {
      const confirmed =
        options.coSignerIds?.map((deputy_id) => ({ deputy_id })) ??
        (await trx.selectFrom('suggestions.cosigners').select('deputy_id').where('suggestion_id', '=', item.id).where('status', '=', 'confirmed').execute());
      events.push(outgoing(SuggestionSubmitted, {
        tenantPath: item.tenant_path,
        actor: envelopeActor,
        occurredAt,
        data: {
          suggestionId: item.id,
          kind: item.kind,
          title: item.title.slice(0, 300),
          period: item.period,
          leadPersonId: item.lead_deputy_id,
          leadMandateId: item.lead_mandate_id,
          coSignerPersonIds: confirmed.map((c) => c.deputy_id as string),
          // 政府工作: no per-item flag is kept yet; motions and suggestions address the work of the
          // government and other state organs, a letter (来信) is not the deputy's yearly suggestion.
          onGovernmentWork: item.kind !== 'letter',
        },
      }));
    }
  }
  await ctx.enqueueAll(trx, events);
  return taken.map((t) => t.to);
}

function truncate(text: string | null, max: number): string | null {
  if (text === null || text.length === 0) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export const newId = (): string => randomUUID();

/**
 * An item's (and an opinion's) id: time-ordered (UUIDv7), so the items that arrive together sit
 * together in every index keyed by it — the items', their 10 M workflow records', the search and
 * statistics rows'.
 * Random ids put each submission on five random pages of indexes larger than the buffer cache,
 * each written whole to the WAL after a checkpoint. (74 random bits remain; the time it carries
 * is the item's created_at, shown wherever the item is.)
 */
export const newItemId = (): string => uuidv7();
