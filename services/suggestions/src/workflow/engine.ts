// Runs workflow steps: locks the item, asks the state machine, appends the audit record onto
// the item's hash chain, moves the item and enqueues the events — all in the caller's
// transaction, so a step and its record and events commit together or not at all.
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Principal } from '@onenet/auth';
import { outgoing, type Outgoing, type ServiceContext } from '@onenet/kit';
import { SuggestionSubmitted, SuggestionTransitioned } from '@onenet/contracts';
import { chain, type ChainedRecord } from '../domain/audit.ts';
import { decide, V1_STATES, type Action, type Facts, type Part, type State } from '../domain/workflow.ts';
import { Forbidden, IllegalTransition, NotFound } from '../errors.ts';
import { SuggestionTransitionedV2 } from '@onenet/contracts';

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
export async function partsOf(trx: Trx, principal: Principal, item: Item): Promise<Part[]> {
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
    const mine = (await activeAssignments(trx, item.id)).filter((a) => a.unit_id === principal.unitId);
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

/**
 * Takes one step: decides the target, appends the chained audit record, moves the item, and
 * enqueues the events. Returns the new state. `item` must have been locked by lockItem.
 */
export async function step(ctx: Ctx, trx: Trx, item: Item, actor: Actor, parts: readonly Part[], action: Action, options: StepOptions = {}): Promise<State> {
  const decision = decide(item.state, action, parts, options.facts ?? {});
  if (!decision.ok) {
    if (decision.reason === 'no-such-step') throw new IllegalTransition(item.state, action);
    throw new Forbidden(`action "${action}" on an item in state "${item.state}" is for: ${decision.allowedParts.join(', ')}`);
  }
  const from = item.state;
  const to = decision.to;
  const at = ctx.clock.now().toISOString();
  const previous = { hash: item.audit_head } as ChainedRecord;
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
      fromState: from,
      toState: to,
      comment: options.comment ?? null,
      data: options.data ?? {},
    },
    previous,
  );
  // A new item and its first record go in one statement (one round trip at the peak of a session).
  const writer = options.insertRow
    ? trx.with('item', (db) => db.insertInto('suggestions.suggestions').values({ ...options.insertRow, ...(options.set ?? {}), state: to, audit_seq: record.seq, audit_head: record.hash }))
    : trx;
  await writer
    .insertInto('suggestions.transitions')
    .values({
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
    })
    .execute();
  if (!options.insertRow) {
    await trx
      .updateTable('suggestions.suggestions')
      .set({ ...(options.set ?? {}), state: to, audit_seq: record.seq, audit_head: record.hash, updated_at: sql`now()` })
      .where('id', '=', item.id)
      .execute();
  }
  Object.assign(item, options.set ?? {}, { state: to, audit_seq: record.seq, audit_head: record.hash });

  const e = options.event ?? {};
  const envelopeActor = { userId: actor.userId, name: actor.name };
  const occurredAt = at;
  // Every event of the step goes to the outbox in one statement.
  const events: Outgoing<any>[] = [];
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
      actorPart: decision.part,
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
  await ctx.enqueueAll(trx, events);
  return to;
}

function truncate(text: string | null, max: number): string | null {
  if (text === null || text.length === 0) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export const newId = (): string => randomUUID();
