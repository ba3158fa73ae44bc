// Each workflow step as the service performs it: check the caller's part, check the step's own
// rules (deadlines, windows, required fields), change the records, and take the step.
import { sql } from 'kysely';
import type { Principal } from '@onenet/auth';
import { isWithin } from '@onenet/tenancy';
import {
  addCalendarDaysToWorkingDay,
  addMonths,
  addMonthsToWorkingDay,
  addWorkingDays,
  chinaDay,
  workingDaysBetween,
  type Day,
} from '../domain/calendar.ts';
import { checkMotion, type Kind, type Period } from '../domain/settings.ts';
import { searchExtras, segment, similarity } from '../domain/text.ts';
import { type Action, type Part, type RejectionGround, type ResultCategory, type Satisfaction } from '../domain/workflow.ts';
import { BadRequest, Conflict, Forbidden, IllegalTransition, InvalidFields, invalid, NotFound } from '../errors.ts';
import { activeMandates, deputyName } from './deputies.ts';
import { addDeadline, addDeadlines, cancelDeadlines, meetDeadlines, settingsFor, type NewDeadline } from './deadlines.ts';
import { activeAssignments, actorOf, assertAllowed, lockItem, lockItems, newId, newItemId, partsOf, step, steps, SYSTEM, type Assignment, type Ctx, type Item, type StepRequest, type Trx } from './engine.ts';
import { kindOfPath } from './tenants.ts';

const today = (ctx: Ctx): Day => chinaDay(ctx.clock.now());

/** Loads, locks and works out the caller's parts, refusing a step the machine does not allow. */
async function begin(ctx: Ctx, trx: Trx, principal: Principal, id: string, action: Action, moreParts?: (item: Item) => Promise<Part[]>): Promise<{ item: Item; parts: Part[] }> {
  const item = await lockItem(trx, id);
  const parts = [...(await partsOf(trx, principal, item)), ...((await moreParts?.(item)) ?? [])];
  refuseUnlessAllowed(item, action, parts);
  return { item, parts };
}

function refuseUnlessAllowed(item: Item, action: Action, parts: Part[]): void {
  if (item.merged_into && !['withdraw', 'evaluate', 'publish', 'close', 'start-follow-up', 'check-follow-up', 'demand-second-reply'].includes(action) && ['registered'].includes(item.state)) {
    throw new IllegalTransition(item.state, action, `this item was merged into ${item.merged_into} (并案) and is handled there; its deputy is answered when that one is`);
  }
  assertAllowed(item, action, parts);
}

// ---------------------------------------------------------------- 1. drafting and submission

export interface DraftInput {
  kind: Kind;
  period: Period;
  sessionName?: string | null;
  title: string;
  body: string;
  field?: string | null;
  mandateId?: string;
  tenant?: string;
  opinionId?: string | null;
}

export async function createDraft(ctx: Ctx, trx: Trx, principal: Principal, input: DraftInput): Promise<Item> {
  const row = await draftRow(ctx, trx, principal, input);
  // Inserted here, so locked by this transaction already.
  return (await trx.insertInto('suggestions.suggestions').values(row).returningAll().executeTakeFirstOrThrow()) as Item;
}

/**
 * Creates and submits in one write (the peak path: during a session thousands of deputies
 * submit at once): the draft never hits the table, its submit step is the first record.
 */
export async function createAndSubmit(ctx: Ctx, trx: Trx, principal: Principal, input: DraftInput): Promise<Item> {
  const row = await draftRow(ctx, trx, principal, input);
  const item = { ...row, number: null, merged_into: null, reply_round: 0, result_category: null, satisfaction: null, actually_solved: null, extension_months: 0, assigned_on: null, reply_due: null, audit_seq: 0, audit_head: '0'.repeat(64) } as unknown as Item;
  await submitChecked(ctx, trx, principal, item, ['lead-deputy'], [], row);
  return item;
}

async function draftRow(ctx: Ctx, trx: Trx, principal: Principal, input: DraftInput): Promise<Record<string, unknown> & { id: string; tenant_path: string }> {
  if (!principal.deputyId) throw new Forbidden('only a deputy (a token with deputy_id) can submit suggestions');
  const mandates = await activeMandates(ctx, trx, principal.deputyId);
  if (mandates.length === 0) throw invalid('/body/mandateId', 'the registry knows no active mandate of yours; only a sitting deputy can submit');
  let mandate = input.mandateId ? mandates.find((m) => m.mandate_id === input.mandateId) : undefined;
  if (input.mandateId && !mandate) throw invalid('/body/mandateId', 'not one of your active mandates');
  if (!mandate && input.tenant) {
    mandate = mandates.find((m) => m.elected_by_tenant_path === input.tenant);
    if (!mandate) throw invalid('/body/tenant', 'you hold no active mandate of this congress');
  }
  mandate ??= mandates.find((m) => m.elected_by_tenant_path === principal.tenantPath) ?? mandates[0]!;
  const id = newItemId();
  const year = Number(today(ctx).slice(0, 4));
  const row = {
    id,
    tenant_path: mandate.elected_by_tenant_path,
    kind: input.kind,
    original_kind: input.kind,
    period: input.period,
    session_name: input.sessionName ?? null,
    year,
    title: input.title,
    body: input.body,
    field: input.field ?? null,
    state: 'draft',
    lead_deputy_id: principal.deputyId,
    lead_user_id: principal.userId,
    lead_name: principal.name,
    lead_mandate_id: mandate.mandate_id,
    lead_level: mandate.level,
    opinion_id: input.opinionId ?? null,
    seg_title: segment(input.title),
    seg_body: segment(input.body),
    seg_extra: searchExtras(`${input.title}\n${input.body}`),
    // Set here, not by the column default, so a submission made in the same step can hand it
    // to the deadlines it opens (the overdue list's order).
    created_at: new Date(),
  };
  return row;
}

export async function editDraft(ctx: Ctx, trx: Trx, principal: Principal, id: string, input: Partial<Pick<DraftInput, 'title' | 'body' | 'field' | 'period' | 'sessionName' | 'kind'>>): Promise<void> {
  const item = await lockItem(trx, id);
  if (principal.deputyId !== item.lead_deputy_id) throw new Forbidden('only the lead deputy edits a draft');
  if (item.state !== 'draft') throw new IllegalTransition(item.state, 'edit', `only a draft can be edited; this item is "${item.state}"`);
  const set: Record<string, unknown> = { updated_at: sql`now()` };
  if (input.title !== undefined) Object.assign(set, { title: input.title, seg_title: segment(input.title) });
  if (input.body !== undefined) Object.assign(set, { body: input.body, seg_body: segment(input.body) });
  if (input.field !== undefined) set.field = input.field;
  if (input.period !== undefined) set.period = input.period;
  if (input.sessionName !== undefined) set.session_name = input.sessionName;
  if (input.kind !== undefined) Object.assign(set, { kind: input.kind, original_kind: input.kind });
  if (input.title !== undefined || input.body !== undefined) set.seg_extra = searchExtras(`${input.title ?? item.title}\n${input.body ?? item.body}`);
  await trx.updateTable('suggestions.suggestions').set(set).where('id', '=', id).execute();
}

export async function inviteCosigners(ctx: Ctx, trx: Trx, principal: Principal, id: string, deputyIds: string[], cutoff?: Day | null): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'invite-cosigners');
  const check = new InvalidFields([]);
  if (cutoff && cutoff < today(ctx)) check.errors.push({ field: '/body/cutoff', message: 'the co-signing cut-off must not be in the past' });
  const names: Record<string, string> = {};
  for (const [index, deputyId] of deputyIds.entries()) {
    if (deputyId === item.lead_deputy_id) {
      check.errors.push({ field: `/body/deputyIds/${index}`, message: 'the lead deputy does not co-sign their own item' });
      continue;
    }
    const mandates = await activeMandates(ctx, trx, deputyId);
    if (!mandates.some((m) => m.elected_by_tenant_path === item.tenant_path)) {
      check.errors.push({ field: `/body/deputyIds/${index}`, message: 'not a sitting deputy of the congress this item goes to' });
      continue;
    }
    names[deputyId] = (await deputyName(ctx, trx, deputyId)) ?? '代表';
  }
  if (check.errors.length) throw new InvalidFields(check.errors);
  for (const deputyId of deputyIds) {
    await trx
      .insertInto('suggestions.cosigners')
      .values({ suggestion_id: id, deputy_id: deputyId, tenant_path: item.tenant_path, name: names[deputyId], status: 'invited', cutoff: cutoff ?? null })
      .onConflict((oc) => oc.columns(['suggestion_id', 'deputy_id']).doNothing())
      .execute();
  }
  await step(ctx, trx, item, actorOf(principal), parts, 'invite-cosigners', { data: { deputyIds, cutoff: cutoff ?? null } });
}

export async function respondCosign(ctx: Ctx, trx: Trx, principal: Principal, id: string, confirm: boolean, comment?: string): Promise<void> {
  const action = confirm ? 'confirm-cosign' : 'decline-cosign';
  const { item, parts } = await begin(ctx, trx, principal, id, action);
  const invitation = await trx.selectFrom('suggestions.cosigners').select(['status', 'cutoff']).where('suggestion_id', '=', id).where('deputy_id', '=', principal.deputyId!).executeTakeFirstOrThrow();
  if (confirm && invitation.cutoff && today(ctx) > (invitation.cutoff as string)) {
    throw new IllegalTransition(item.state, action, `the co-signing cut-off was ${invitation.cutoff as string}; a confirmation after it does not count`);
  }
  await trx
    .updateTable('suggestions.cosigners')
    .set({ status: confirm ? 'confirmed' : 'declined', responded_at: sql`now()` })
    .where('suggestion_id', '=', id)
    .where('deputy_id', '=', principal.deputyId!)
    .execute();
  await step(ctx, trx, item, actorOf(principal), parts, action, { comment, data: { deputyId: principal.deputyId } });
}

export async function backToDraft(ctx: Ctx, trx: Trx, principal: Principal, id: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'back-to-draft');
  await step(ctx, trx, item, actorOf(principal), parts, 'back-to-draft');
}

export async function submit(ctx: Ctx, trx: Trx, principal: Principal, id: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'submit');
  const confirmed = (
    await trx.selectFrom('suggestions.cosigners').select('deputy_id').where('suggestion_id', '=', id).where('status', '=', 'confirmed').execute()
  ).map((c) => c.deputy_id as string);
  // Invitations not answered by now lapse (not "declined": nobody refused; no responded_at: nobody
  // answered; the submission's audit record says when): only confirmed co-signers count.
  const lapsed = await trx.updateTable('suggestions.cosigners').set({ status: 'lapsed' }).where('suggestion_id', '=', id).where('status', '=', 'invited').returning('deputy_id').execute();
  await submitChecked(ctx, trx, principal, item, parts, confirmed, undefined, lapsed.map((c) => c.deputy_id as string));
}

async function submitChecked(ctx: Ctx, trx: Trx, principal: Principal, item: Item, parts: Part[], confirmed: string[], insertRow?: Record<string, unknown>, lapsed: string[] = []): Promise<void> {
  const needsSettings = item.kind === 'motion' || item.period === 'between-sessions';
  const settings = needsSettings ? await settingsFor(trx, item.tenant_path) : undefined;
  if (item.kind === 'motion') {
    const problems = checkMotion(settings!.motionRules[kindOfPath(item.tenant_path)], { period: item.period, body: item.body, confirmedCoSigners: confirmed.length });
    if (problems.length) throw new InvalidFields(problems);
  }
  await step(ctx, trx, item, actorOf(principal), parts, 'submit', { data: { confirmedCoSigners: confirmed.length, ...(lapsed.length ? { lapsedCoSigners: lapsed } : {}) }, set: { submitted_at: ctx.clock.now() }, coSignerIds: confirmed, insertRow });
  // Between sessions, staff register and assign within N working days of receipt.
  if (item.period === 'between-sessions') await addDeadline(trx, item, 'assign', addWorkingDays(today(ctx), settings!.assignWithinWorkingDays));
}

// ---------------------------------------------------------------- 2. staff review

async function nextNumber(trx: Trx, item: Item): Promise<string> {
  const row = await trx
    .insertInto('suggestions.counters')
    .values({ tenant_path: item.tenant_path, year: item.year, kind: item.kind, last: 1 })
    .onConflict((oc) => oc.columns(['tenant_path', 'year', 'kind']).doUpdateSet({ last: sql`suggestions.counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  const prefix = { motion: '议', suggestion: '建', letter: '信' }[item.kind];
  return `${item.year}${prefix}${String(row.last).padStart(4, '0')}`;
}

export async function register(ctx: Ctx, trx: Trx, principal: Principal, id: string, comment?: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'register');
  const number = await nextNumber(trx, item);
  await step(ctx, trx, item, actorOf(principal), parts, 'register', { comment, data: { number }, set: { number } });
}

export async function reject(ctx: Ctx, trx: Trx, principal: Principal, id: string, ground: RejectionGround, reason: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'reject');
  await cancelDeadlines(trx, id);
  await step(ctx, trx, item, actorOf(principal), parts, 'reject', {
    comment: reason,
    data: { ground },
    set: { rejection_ground: ground, rejection_reason: reason },
    event: { reason: `${ground}: ${reason}` },
  });
}

export async function withdraw(ctx: Ctx, trx: Trx, principal: Principal, id: string, reason: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'withdraw');
  await cancelDeadlines(trx, id);
  await step(ctx, trx, item, actorOf(principal), parts, 'withdraw', { comment: reason, set: { merged_into: null } });
}

export async function treatAsSuggestion(ctx: Ctx, trx: Trx, principal: Principal, id: string, comment: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'treat-as-suggestion');
  if (item.kind !== 'motion') throw new IllegalTransition(item.state, 'treat-as-suggestion', 'only a motion (议案) can be handled as a suggestion');
  await step(ctx, trx, item, actorOf(principal), parts, 'treat-as-suggestion', { comment, data: { from: 'motion', to: 'suggestion' }, set: { kind: 'suggestion' } });
}

/** 并案: `id` follows `into`'s handling; when `into` is answered, so is `id`'s deputy. */
export async function merge(ctx: Ctx, trx: Trx, principal: Principal, id: string, into: string, comment?: string): Promise<void> {
  if (id === into) throw invalid('/body/into', 'an item cannot be merged into itself');
  let primary: Item | undefined;
  // 并案 across congresses: staff of the congress whose item it is merge into it the same matter
  // raised in a congress below theirs — their congress takes the matter over, and the lower
  // item's deputy is answered with its reply (the fan-out runs in the upper congress's reach).
  const { item, parts } = await begin(ctx, trx, principal, id, 'merge', async (lower) => {
    primary = await lockItem(trx, into);
    const takesOver = principal.roles.includes('staff') && principal.tenantPath === primary.tenant_path && isWithin(lower.tenant_path, primary.tenant_path);
    return takesOver ? ['staff'] : [];
  });
  primary ??= await lockItem(trx, into);
  if (item.tenant_path !== primary.tenant_path && !isWithin(item.tenant_path, primary.tenant_path)) {
    throw invalid('/body/into', 'that item belongs to a congress below this one; an upper congress takes a matter over, it does not hand one down');
  }
  if (primary.merged_into) throw invalid('/body/into', `that item is itself merged into ${primary.merged_into}; merge into that one`);
  if (['draft', 'co-signing', 'submitted', 'not-accepted', 'withdrawn'].includes(primary.state)) {
    throw invalid('/body/into', `that item is "${primary.state}"; merge into a registered item`);
  }
  if (['replied', 'evaluated', 'published', 'follow-up', 'closed'].includes(primary.state)) {
    throw invalid('/body/into', `that item has already been answered ("${primary.state}")`);
  }
  await trx.updateTable('suggestions.suggestions').set({ merged_into: null }).where('merged_into', '=', id).execute();
  await step(ctx, trx, item, actorOf(principal), parts, 'merge', { comment, data: { into, intoNumber: primary.number }, set: { merged_into: into }, event: { mergedInto: into } });
  await cancelDeadlines(trx, id, ['assign']);
}

// ---------------------------------------------------------------- 3–4. assignment, sign-for, adjustment

export interface UnitsInput {
  lead?: string | null;
  co?: string[];
  split?: string[];
}

/** The units' names by id; every unit must be an active handling unit of its item's congress (400 naming the field otherwise). */
async function checkUnits(trx: Trx, entries: readonly { item: Item; units: UnitsInput; field: string }[]): Promise<Map<string, string>> {
  const problems: { field: string; message: string }[] = [];
  const unitsOf = (units: UnitsInput) => [...(units.lead ? [units.lead] : []), ...(units.co ?? []), ...(units.split ?? [])];
  for (const { units, field } of entries) {
    const split = units.split ?? [];
    if (!units.lead && split.length < 2) problems.push({ field: `${field}/lead`, message: 'give a lead unit (主办), or at least two split units (分办)' });
    if (units.lead && split.length) problems.push({ field: `${field}/split`, message: 'split units (分办) each handle a part alone; do not combine them with a lead unit' });
    const all = unitsOf(units);
    if (new Set(all).size !== all.length) problems.push({ field, message: 'a unit appears twice' });
  }
  const ids = [...new Set(entries.flatMap((e) => unitsOf(e.units)))];
  const rows = ids.length ? await trx.selectFrom('suggestions.units').select(['id', 'name', 'tenant_path', 'active']).where('id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  for (const { item, units, field } of entries) {
    for (const [role, list] of [['lead', units.lead ? [units.lead] : []], ['co', units.co ?? []], ['split', units.split ?? []]] as const) {
      list.forEach((unitId, i) => {
        const unit = byId.get(unitId);
        if (!unit || unit.tenant_path !== item.tenant_path || !unit.active) {
          problems.push({ field: role === 'lead' ? `${field}/lead` : `${field}/${role}/${i}`, message: 'not an active handling unit of this item’s congress' });
        }
      });
    }
  }
  if (problems.length) throw new InvalidFields(problems);
  return new Map(rows.map((r) => [r.id as string, r.name as string]));
}

/** Memoises settingsFor within one request (a bulk step reads each congress's settings once). */
function settingsOnce(trx: Trx): (tenantPath: string) => Promise<Awaited<ReturnType<typeof settingsFor>>> {
  const known = new Map<string, ReturnType<typeof settingsFor>>();
  return (tenantPath) => {
    let settings = known.get(tenantPath);
    if (!settings) known.set(tenantPath, (settings = settingsFor(trx, tenantPath)));
    return settings;
  };
}

/** The units' assignments and their sign-for (and co-units' view) deadlines, in two statements. */
async function createAssignments(ctx: Ctx, trx: Trx, entries: readonly { item: Item; units: UnitsInput }[], names: Map<string, string>, settingsOf: ReturnType<typeof settingsOnce>): Promise<NewDeadline[]> {
  const on = today(ctx);
  const assignments: Record<string, unknown>[] = [];
  const deadlines: NewDeadline[] = [];
  for (const { item, units } of entries) {
    const settings = await settingsOf(item.tenant_path);
    const signDue = addWorkingDays(on, settings.signForWorkingDays);
    const coDue = addMonthsToWorkingDay(on, settings.coOpinionMonths);
    const roles: [string, Assignment['role']][] = [
      ...(units.lead ? [[units.lead, 'lead'] as [string, Assignment['role']]] : []),
      ...(units.co ?? []).map((u) => [u, 'co'] as [string, Assignment['role']]),
      ...(units.split ?? []).map((u) => [u, 'split'] as [string, Assignment['role']]),
    ];
    for (const [unitId, role] of roles) {
      const id = newId();
      assignments.push({
        id,
        suggestion_id: item.id,
        item_created_at: item.created_at,
        tenant_path: item.tenant_path,
        unit_id: unitId,
        unit_name: names.get(unitId)!,
        year: item.year,
        role,
        status: 'assigned',
        assigned_on: on,
        sign_for_due: signDue.due,
        co_opinion_due: role === 'co' ? coDue.due : null,
      });
      deadlines.push({ item, kind: 'sign-for', deadline: signDue, assignmentId: id, unitId });
      if (role === 'co') deadlines.push({ item, kind: 'co-opinion', deadline: coDue, assignmentId: id, unitId });
    }
  }
  if (assignments.length) await trx.insertInto('suggestions.assignments').values(assignments).execute();
  return deadlines;
}

export async function assign(ctx: Ctx, trx: Trx, principal: Principal, id: string, units: UnitsInput, comment?: string): Promise<void> {
  await assignAll(ctx, trx, principal, [{ id, ...units }], comment, '/body');
}

/**
 * The assignment meeting (交办会): many items at once, all or nothing. The items are locked,
 * checked and moved together — a handful of statements however many items there are.
 */
export async function assignAll(ctx: Ctx, trx: Trx, principal: Principal, entries: readonly ({ id: string } & UnitsInput)[], comment?: string, field?: string): Promise<void> {
  const fieldOf = (i: number) => field ?? `/body/items/${i}`;
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.id)) throw invalid(`${fieldOf(i)}/id`, 'this item appears twice');
    seen.add(e.id);
  });
  const locked = await lockItems(trx, entries.map((e) => e.id));
  const begun = [];
  for (const entry of entries) {
    const item = locked.get(entry.id);
    if (!item) throw new NotFound(`no suggestion ${entry.id}`);
    const parts = await partsOf(trx, principal, item);
    refuseUnlessAllowed(item, 'assign', parts);
    begun.push({ item, parts, units: entry as UnitsInput });
  }
  const names = await checkUnits(trx, begun.map((b, i) => ({ ...b, field: fieldOf(i) })));
  const settingsOf = settingsOnce(trx);
  const deadlines = await createAssignments(ctx, trx, begun, names, settingsOf);
  const on = today(ctx);
  const moves: StepRequest[] = [];
  for (const { item, parts, units } of begun) {
    const settings = await settingsOf(item.tenant_path);
    const replyDue = addMonthsToWorkingDay(on, settings.replyMonths);
    const meetingDue = addCalendarDaysToWorkingDay(on, settings.meetingWithinDays);
    for (const unitId of units.lead ? [units.lead] : (units.split ?? [])) {
      deadlines.push({ item, kind: 'reply', deadline: replyDue, unitId }, { item, kind: 'meeting', deadline: meetingDue, unitId });
    }
    moves.push({
      item,
      actor: actorOf(principal),
      parts,
      action: 'assign',
      options: {
        comment,
        data: { lead: units.lead ?? null, co: units.co ?? [], split: units.split ?? [], replyDue: replyDue.due, signForBy: addWorkingDays(on, settings.signForWorkingDays).due },
        set: { assigned_on: on, reply_due: replyDue.due, reply_due_provisional: replyDue.provisional },
        event: { leadUnitId: units.lead ?? null, coUnitIds: units.co ?? [], splitUnitIds: units.split ?? [] },
      },
    });
  }
  await addDeadlines(trx, deadlines);
  await meetDeadlines(trx, [...seen], ['assign']);
  await steps(ctx, trx, moves);
}

/** Replaces the units (all, or one that asked for adjustment) with new ones; deadlines restart. */
export async function reassign(ctx: Ctx, trx: Trx, principal: Principal, id: string, units: UnitsInput, comment?: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'reassign');
  const names = await checkUnits(trx, [{ item, units, field: '/body' }]);
  const old = await activeAssignments(trx, id);
  await trx.updateTable('suggestions.assignments').set({ status: 'replaced' }).where('suggestion_id', '=', id).where('status', '!=', 'replaced').execute();
  await cancelDeadlines(trx, id, ['sign-for', 'co-opinion', 'reply', 'meeting']);
  const settingsOf = settingsOnce(trx);
  const deadlines = await createAssignments(ctx, trx, [{ item, units }], names, settingsOf);
  const settings = await settingsOf(item.tenant_path);
  const on = today(ctx);
  // A wrong assignment must not eat the units' time: the reply period runs from reassignment.
  const replyDue = addMonthsToWorkingDay(on, settings.replyMonths);
  const meetingDue = addCalendarDaysToWorkingDay(on, settings.meetingWithinDays);
  for (const unitId of units.lead ? [units.lead] : (units.split ?? [])) {
    deadlines.push({ item, kind: 'reply', deadline: replyDue, unitId }, { item, kind: 'meeting', deadline: meetingDue, unitId });
  }
  await addDeadlines(trx, deadlines);
  await step(ctx, trx, item, actorOf(principal), parts, 'reassign', {
    comment,
    data: { replaced: old.map((a) => ({ unitId: a.unit_id, role: a.role, status: a.status })), lead: units.lead ?? null, co: units.co ?? [], split: units.split ?? [] },
    set: { assigned_on: on, reply_due: replyDue.due, reply_due_provisional: replyDue.provisional },
    event: { leadUnitId: units.lead ?? null, coUnitIds: units.co ?? [], splitUnitIds: units.split ?? [] },
  });
}

async function myAssignment(trx: Trx, principal: Principal, id: string): Promise<Assignment> {
  const mine = (await activeAssignments(trx, id)).find((a) => a.unit_id === principal.unitId);
  if (!mine) throw new Forbidden('your unit has no assignment on this item');
  return mine;
}

export async function signFor(ctx: Ctx, trx: Trx, principal: Principal, id: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'sign-for');
  const mine = await myAssignment(trx, principal, id);
  if (mine.status !== 'assigned') throw new Conflict(`your unit's assignment is "${mine.status}"`, { extensions: { state: item.state, action: 'sign-for' } });
  await trx.updateTable('suggestions.assignments').set({ status: 'signed-for', signed_for_at: ctx.clock.now() }).where('id', '=', mine.id).execute();
  await meetDeadlines(trx, id, ['sign-for'], mine.unit_id);
  const all = await activeAssignments(trx, id);
  const onTime = today(ctx) <= mine.sign_for_due;
  await step(ctx, trx, item, actorOf(principal), parts, 'sign-for', {
    data: { unitId: mine.unit_id, role: mine.role, onTime },
    facts: { allUnitsSigned: all.every((a) => a.status === 'signed-for') },
  });
}

export async function requestAdjustment(ctx: Ctx, trx: Trx, principal: Principal, id: string, reason: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'request-adjustment');
  const mine = await myAssignment(trx, principal, id);
  if (mine.status !== 'assigned') throw new Conflict(`your unit has already ${mine.status === 'signed-for' ? 'signed for this item' : 'asked for adjustment'}`);
  const settings = await settingsFor(trx, item.tenant_path);
  const window = addWorkingDays(mine.assigned_on, settings.adjustmentWindowWorkingDays).due;
  if (today(ctx) > window) {
    throw new IllegalTransition(item.state, 'request-adjustment', `the adjustment window closed on ${window} (${settings.adjustmentWindowWorkingDays} working days after assignment); the item stays assigned to your unit`);
  }
  await trx.updateTable('suggestions.assignments').set({ status: 'adjustment-requested', adjustment_reason: reason }).where('id', '=', mine.id).execute();
  await step(ctx, trx, item, actorOf(principal), parts, 'request-adjustment', { comment: reason, data: { unitId: mine.unit_id } });
}

export async function refuseAdjustment(ctx: Ctx, trx: Trx, principal: Principal, id: string, reason: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'refuse-adjustment');
  await trx.updateTable('suggestions.assignments').set({ status: 'assigned' }).where('suggestion_id', '=', id).where('status', '=', 'adjustment-requested').execute();
  await step(ctx, trx, item, actorOf(principal), parts, 'refuse-adjustment', { comment: reason });
}

// ---------------------------------------------------------------- 5. handling

export interface MeetingInput {
  heldOn: Day;
  mode: 'face-to-face' | 'phone' | 'video' | 'site-visit' | 'forum';
  participants: string;
  summary: string;
}

export async function recordMeeting(ctx: Ctx, trx: Trx, principal: Principal, id: string, input: MeetingInput): Promise<string> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'record-meeting');
  if (input.heldOn > today(ctx)) throw invalid('/body/heldOn', 'a meeting is recorded after it was held, not before');
  const mine = await myAssignment(trx, principal, id);
  const meetingId = newId();
  await trx
    .insertInto('suggestions.meetings')
    .values({ id: meetingId, suggestion_id: id, tenant_path: item.tenant_path, unit_id: mine.unit_id, held_on: input.heldOn, mode: input.mode, participants: input.participants, summary: input.summary, recorded_by: principal.userId })
    .execute();
  await meetDeadlines(trx, id, ['meeting'], mine.unit_id);
  await step(ctx, trx, item, actorOf(principal), parts, 'record-meeting', { comment: input.summary, data: { meetingId, heldOn: input.heldOn, mode: input.mode, unitId: mine.unit_id } });
  return meetingId;
}

export async function giveCoOpinion(ctx: Ctx, trx: Trx, principal: Principal, id: string, opinion: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'give-co-opinion');
  const mine = await myAssignment(trx, principal, id);
  if (mine.role !== 'co') throw new Forbidden('only a co-unit (协办) gives its view to the lead unit');
  await trx.updateTable('suggestions.assignments').set({ co_opinion: opinion, co_opinion_at: ctx.clock.now() }).where('id', '=', mine.id).execute();
  await meetDeadlines(trx, id, ['co-opinion'], mine.unit_id);
  await step(ctx, trx, item, actorOf(principal), parts, 'give-co-opinion', { comment: opinion, data: { unitId: mine.unit_id, onTime: !mine.co_opinion_due || today(ctx) <= mine.co_opinion_due } });
}

export async function requestExtension(ctx: Ctx, trx: Trx, principal: Principal, id: string, months: number, reason: string): Promise<string> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'request-extension');
  const settings = await settingsFor(trx, item.tenant_path);
  if (item.extension_months + months > settings.maxExtensionMonths) {
    throw invalid('/body/months', `extensions may add at most ${settings.maxExtensionMonths} months in all; ${item.extension_months} already granted`);
  }
  const pending = await trx.selectFrom('suggestions.extensions').select('id').where('suggestion_id', '=', id).where('approved_at', 'is', null).executeTakeFirst();
  if (pending) throw new Conflict('an extension request is already waiting for approval');
  const extensionId = newId();
  await trx.insertInto('suggestions.extensions').values({ id: extensionId, suggestion_id: id, tenant_path: item.tenant_path, months, reason, requested_by: principal.userId }).execute();
  await step(ctx, trx, item, actorOf(principal), parts, 'request-extension', { comment: reason, data: { extensionId, months } });
  return extensionId;
}

export async function approveExtension(ctx: Ctx, trx: Trx, principal: Principal, id: string, comment?: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'approve-extension');
  const pending = await trx.selectFrom('suggestions.extensions').selectAll().where('suggestion_id', '=', id).where('approved_at', 'is', null).executeTakeFirst();
  if (!pending) throw new IllegalTransition(item.state, 'approve-extension', 'no extension request is waiting for approval');
  const settings = await settingsFor(trx, item.tenant_path);
  const total = item.extension_months + (pending.months as number);
  if (total > settings.maxExtensionMonths) throw new Conflict(`extensions would add ${total} months; at most ${settings.maxExtensionMonths} are allowed`);
  const newDue = addMonthsToWorkingDay(addMonths(item.assigned_on!, settings.replyMonths), total);
  await trx.updateTable('suggestions.extensions').set({ approved_by: principal.userId, approved_at: ctx.clock.now(), new_due: newDue.due }).where('id', '=', pending.id).execute();
  // The reply deadline moves: the old one is replaced by the new one.
  const lead = (await activeAssignments(trx, id)).filter((a) => a.role !== 'co');
  await cancelDeadlines(trx, id, ['reply']);
  for (const a of lead) await addDeadline(trx, item, 'reply', newDue, { unitId: a.unit_id });
  await step(ctx, trx, item, actorOf(principal), parts, 'approve-extension', {
    comment: comment ?? null,
    data: { extensionId: pending.id, months: pending.months, totalMonths: total, replyDue: newDue.due, deputyNotified: true },
    set: { extension_months: total, reply_due: newDue.due, reply_due_provisional: newDue.provisional },
    event: { reason: pending.reason as string },
  });
}

// ---------------------------------------------------------------- 6. reply

export interface ReplyInput {
  category: ResultCategory;
  body: string;
  signedBy: string;
  evidence?: string | null;
  templateId?: string | null;
  followUps?: { promise: string; dueOn: Day }[];
}

export interface ReplyResult {
  replyId: string;
  state: string;
  boilerplate: { score: number; similarTo: string | null } | null;
}

/** How near a reply is to the unit's earlier replies or other units' (highest cosine). */
async function boilerplateCheck(trx: Trx, unitId: string, suggestionId: string, tenantPath: string, body: string): Promise<{ score: number; similarTo: string | null }> {
  // The unit's own 200 most recent replies (the same answer year after year) and other units'
  // of the same congress (a reply copied from another department): see the function's migration.
  const { rows } = await sql<{ id: string; body: string }>`select id, body from suggestions.recent_replies(${unitId}, ${tenantPath}, ${suggestionId}, 200)`.execute(trx);
  // Boilerplate repeats itself: each distinct text is segmented and compared once.
  const scores = new Map<string, number>();
  let best = { score: 0, similarTo: null as string | null };
  for (const r of rows) {
    let s = scores.get(r.body);
    if (s === undefined) scores.set(r.body, (s = similarity(body, r.body)));
    if (s > best.score) best = { score: s, similarTo: r.id };
  }
  return best;
}

function checkReply(input: ReplyInput): void {
  const problems: { field: string; message: string }[] = [];
  if (input.category === 'A' && !input.evidence?.trim()) problems.push({ field: '/body/evidence', message: 'an A answer (已解决) states what was done, with evidence' });
  if ((input.category === 'B' || input.category === 'C') && !(input.followUps?.length)) {
    problems.push({ field: '/body/followUps', message: `a ${input.category} answer carries dated promises (what will be done, by when) for follow-up` });
  }
  if (problems.length) throw new InvalidFields(problems);
}

async function writeReply(
  ctx: Ctx,
  trx: Trx,
  item: Item,
  mine: Assignment,
  round: number,
  input: ReplyInput,
  assignments: readonly Assignment[],
  settings: Awaited<ReturnType<typeof settingsFor>>,
): Promise<{ replyId: string; boilerplate: { score: number; similarTo: string | null } | null }> {
  const coUnits = assignments.filter((a) => a.role === 'co');
  // Co-units feed one combined reply: the lead unit answers once their views are in.
  const missing = coUnits.filter((a) => !a.co_opinion);
  if (mine.role === 'lead' && missing.length) {
    throw new Conflict(`the co-units ${missing.map((a) => a.unit_name).join('、')} have not given their views yet; the lead unit's reply combines them`, {
      extensions: { state: item.state, action: round > 1 ? 'second-reply' : 'reply', missingCoUnits: missing.map((a) => a.unit_id) },
    });
  }
  if (input.templateId) {
    const template = await trx.selectFrom('suggestions.reply_templates').select('id').where('id', '=', input.templateId).executeTakeFirst();
    if (!template) throw invalid('/body/templateId', 'no such reply template');
  }
  const bp = await boilerplateCheck(trx, mine.unit_id, item.id, item.tenant_path, input.body);
  const flagged = bp.score >= settings.boilerplateThreshold ? bp : null;
  const replyId = newId();
  const on = today(ctx);
  await trx
    .insertInto('suggestions.replies')
    .values({
      id: replyId,
      suggestion_id: item.id,
      tenant_path: item.tenant_path,
      round,
      unit_id: mine.unit_id,
      unit_name: mine.unit_name,
      category: input.category,
      body: input.body,
      signed_by: input.signedBy,
      evidence: input.evidence ?? null,
      template_id: input.templateId ?? null,
      co_opinions: JSON.stringify(mine.role === 'lead' ? coUnits.map((a) => ({ unitId: a.unit_id, unitName: a.unit_name, opinion: a.co_opinion })) : []),
      boilerplate_score: bp.score,
      boilerplate_of: flagged ? bp.similarTo : null,
      replied_on: on,
    })
    .execute();
  if (input.followUps?.length) {
    await trx
      .insertInto('suggestions.follow_ups')
      .values(input.followUps.map((f) => ({ id: newId(), suggestion_id: item.id, tenant_path: item.tenant_path, unit_id: mine.unit_id, promise: f.promise, due_on: f.dueOn })))
      .execute();
  }
  return { replyId, boilerplate: flagged };
}

async function replyTexts(trx: Trx, id: string): Promise<string> {
  const rows = await trx.selectFrom('suggestions.replies').select('body').where('suggestion_id', '=', id).where('returned_at', 'is', null).orderBy('created_at').execute();
  return rows.map((r) => r.body as string).join('\n');
}

async function replySegments(trx: Trx, item: Item, replies?: string): Promise<{ seg_reply: string; seg_extra: string }> {
  replies ??= await replyTexts(trx, item.id);
  return { seg_reply: segment(replies), seg_extra: searchExtras(`${item.title}\n${item.body}\n${replies}`) };
}

export async function reply(ctx: Ctx, trx: Trx, principal: Principal, id: string, input: ReplyInput, second = false): Promise<ReplyResult> {
  const action = second ? 'second-reply' : 'reply';
  const item = await lockItem(trx, id);
  // The item's units and standing replies are read once and serve every check below.
  const assignments = await activeAssignments(trx, id);
  const parts = await partsOf(trx, principal, item, assignments);
  refuseUnlessAllowed(item, action, parts);
  checkReply(input);
  const mine = assignments.find((a) => a.unit_id === principal.unitId);
  if (!mine) throw new Forbidden('your unit has no assignment on this item');
  if (mine.role === 'co') throw new Forbidden('a co-unit gives its view to the lead unit; the lead unit replies');
  const round = second ? 2 : 1;
  const standing = await trx.selectFrom('suggestions.replies').select(['unit_id', 'round', 'category', 'body']).where('suggestion_id', '=', id).where('returned_at', 'is', null).orderBy('created_at').execute();
  const thisRound = standing.filter((r) => r.round === round);
  if (thisRound.some((r) => r.unit_id === mine.unit_id)) throw new Conflict('your unit has already replied in this round');
  for (const [i, f] of (input.followUps ?? []).entries()) if (f.dueOn <= today(ctx)) throw invalid(`/body/followUps/${i}/dueOn`, 'a promise is dated in the future');
  const settings = await settingsFor(trx, item.tenant_path);
  const written = await writeReply(ctx, trx, item, mine, round, input, assignments, settings);
  const done = new Set([...thisRound.map((r) => r.unit_id as string), mine.unit_id]);
  const allPartsReplied = assignments.filter((a) => a.role === 'split').every((a) => done.has(a.unit_id));
  await meetDeadlines(trx, id, [second ? 'second-reply' : 'reply'], mine.unit_id);
  const on = today(ctx);
  const onTime = !item.reply_due || on <= item.reply_due;
  // The item's category is the least favourable of the parts' (a split answer is as good as its worst part).
  const category = [...thisRound.map((r) => r.category as ResultCategory), input.category].sort().at(-1)!;
  const texts = [...standing.map((r) => r.body as string), input.body].join('\n');
  const to = await step(ctx, trx, item, actorOf(principal), parts, action, {
    comment: null,
    data: { replyId: written.replyId, unitId: mine.unit_id, category: input.category, signedBy: input.signedBy, onTime, boilerplate: written.boilerplate },
    facts: { allPartsReplied },
    set: {
      result_category: category,
      reply_round: round,
      ...(await replySegments(trx, item, texts)),
      ...(allPartsReplied ? { replied_on: on } : {}),
    },
    event: { resultCategory: category, leadUnitId: mine.role === 'lead' ? mine.unit_id : null },
  });
  if (to === 'replied') {
    await addDeadlines(trx, [
      { item, kind: 'evaluation', deadline: addWorkingDays(on, settings.evaluationWorkingDays) },
      { item, kind: 'publish', deadline: addWorkingDays(on, settings.publishWithinWorkingDays) },
    ]);
    await answerMerged(ctx, trx, item, written.replyId, round);
  }
  return { replyId: written.replyId, state: to, boilerplate: written.boilerplate };
}

/** 并案: every item merged into this one gets the reply as its own, so each deputy is answered. */
async function answerMerged(ctx: Ctx, trx: Trx, primary: Item, replyId: string, round: number): Promise<void> {
  if (round !== 1) return;
  const followers = await trx.selectFrom('suggestions.suggestions').select('id').where('merged_into', '=', primary.id).where('state', '=', 'registered').execute();
  if (!followers.length) return;
  const replies = await trx.selectFrom('suggestions.replies').selectAll().where('suggestion_id', '=', primary.id).where('round', '=', 1).where('returned_at', 'is', null).execute();
  const settings = await settingsFor(trx, primary.tenant_path);
  const on = today(ctx);
  for (const { id } of followers) {
    const follower = await lockItem(trx, id as string);
    for (const r of replies) {
      await trx
        .insertInto('suggestions.replies')
        .values({ ...r, id: newId(), suggestion_id: follower.id, tenant_path: follower.tenant_path, co_opinions: JSON.stringify(r.co_opinions), via_merge_of: primary.id, created_at: undefined })
        .execute();
    }
    for (const a of await activeAssignments(trx, primary.id)) {
      await trx.insertInto('suggestions.assignments').values({ ...a, id: newId(), suggestion_id: follower.id, item_created_at: follower.created_at, tenant_path: follower.tenant_path, created_at: undefined } as never).execute();
    }
    await step(ctx, trx, follower, SYSTEM, ['system'], 'reply-via-merge', {
      data: { primary: primary.id, replyId },
      set: { result_category: primary.result_category, reply_round: 1, replied_on: on, assigned_on: primary.assigned_on, reply_due: primary.reply_due, ...(await replySegments(trx, follower)) },
      event: { resultCategory: primary.result_category, mergedInto: primary.id },
    });
    await addDeadline(trx, follower, 'evaluation', addWorkingDays(on, settings.evaluationWorkingDays));
  }
}

export async function returnReply(ctx: Ctx, trx: Trx, principal: Principal, id: string, reason: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'return-reply');
  const round = item.reply_round || 1;
  await trx.updateTable('suggestions.replies').set({ returned_at: ctx.clock.now(), returned_reason: reason }).where('suggestion_id', '=', id).where('round', '=', round).where('returned_at', 'is', null).execute();
  await trx.deleteFrom('suggestions.follow_ups').where('suggestion_id', '=', id).where('status', '=', 'open').execute();
  await cancelDeadlines(trx, id, ['evaluation', 'publish']);
  const settings = await settingsFor(trx, item.tenant_path);
  await addDeadline(trx, item, round > 1 ? 'second-reply' : 'reply', addWorkingDays(today(ctx), Math.max(5, settings.signForWorkingDays)));
  await step(ctx, trx, item, actorOf(principal), parts, 'return-reply', { comment: reason, facts: { round }, set: await replySegments(trx, item) });
}

// ---------------------------------------------------------------- 7. evaluation

export async function evaluate(ctx: Ctx, trx: Trx, principal: Principal, id: string, satisfaction: Satisfaction, actuallySolved: boolean | null, comment?: string): Promise<string> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'evaluate');
  const round = item.reply_round || 1;
  await trx
    .insertInto('suggestions.evaluations')
    .values({ id: newId(), suggestion_id: id, tenant_path: item.tenant_path, round, satisfaction, actually_solved: actuallySolved, comment: comment ?? null, deputy_id: principal.deputyId })
    .execute();
  await meetDeadlines(trx, id, ['evaluation']);
  const to = await step(ctx, trx, item, actorOf(principal), parts, 'evaluate', {
    comment,
    data: { round, satisfaction, actuallySolved },
    facts: { satisfaction, round },
    set: { satisfaction, actually_solved: actuallySolved, evaluated_on: today(ctx) },
    event: { satisfaction, actuallySolved },
  });
  if (to === 're-handling') {
    const settings = await settingsFor(trx, item.tenant_path);
    await cancelDeadlines(trx, id, ['publish']);
    const due = addMonthsToWorkingDay(today(ctx), settings.secondReplyMonths);
    for (const a of (await activeAssignments(trx, id)).filter((x) => x.role !== 'co')) await addDeadline(trx, item, 'second-reply', due, { unitId: a.unit_id });
  }
  return to;
}

// ---------------------------------------------------------------- 8. disclosure, follow-up, closure

export interface PublishInput {
  publicTitle?: string;
  publicBody?: string;
  publicReply?: string;
}

export async function publish(ctx: Ctx, trx: Trx, principal: Principal, id: string, input: PublishInput, redactFn: (t: string) => string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'publish');
  const replies = await replyTexts(trx, id);
  // The disclosure check: staff may give reviewed texts; personal data is removed either way.
  const set = {
    public_title: redactFn(input.publicTitle ?? item.title),
    public_body: redactFn(input.publicBody ?? item.body),
    public_reply: redactFn(input.publicReply ?? replies),
    published_at: ctx.clock.now(),
  };
  await meetDeadlines(trx, id, ['publish']);
  await step(ctx, trx, item, actorOf(principal), parts, 'publish', { data: { reviewedTexts: Object.keys(input) }, set });
}

export async function startFollowUp(ctx: Ctx, trx: Trx, principal: Principal, id: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'start-follow-up');
  const open = await trx.selectFrom('suggestions.follow_ups').selectAll().where('suggestion_id', '=', id).where('status', '=', 'open').execute();
  if (!open.length) throw new IllegalTransition(item.state, 'start-follow-up', 'this answer carries no open promises to follow up; close it instead');
  for (const f of open) await addDeadline(trx, item, 'follow-up', addWorkingDays(f.due_on as string, 0), { unitId: f.unit_id as string });
  await step(ctx, trx, item, actorOf(principal), parts, 'start-follow-up', { data: { promises: open.length } });
}

export async function checkFollowUp(ctx: Ctx, trx: Trx, principal: Principal, id: string, followUpId: string, kept: boolean, evidence: string): Promise<string> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'check-follow-up');
  const row = await trx.selectFrom('suggestions.follow_ups').selectAll().where('id', '=', followUpId).where('suggestion_id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound(`no follow-up ${followUpId} on this item`);
  if (row.status !== 'open') throw new Conflict(`this promise was already checked (${row.status as string})`);
  await trx.updateTable('suggestions.follow_ups').set({ status: kept ? 'kept' : 'broken', checked_at: ctx.clock.now(), checked_by: principal.userId, evidence }).where('id', '=', followUpId).execute();
  const open = await trx.selectFrom('suggestions.follow_ups').select('id').where('suggestion_id', '=', id).where('status', '=', 'open').execute();
  if (!open.length) await meetDeadlines(trx, id, ['follow-up']);
  const allKept = !open.length && (await trx.selectFrom('suggestions.follow_ups').select('status').where('suggestion_id', '=', id).execute()).every((f) => f.status === 'kept');
  return step(ctx, trx, item, actorOf(principal), parts, 'check-follow-up', {
    comment: evidence,
    data: { followUpId, kept },
    facts: { followUpsOpen: open.length > 0 },
    // "Actually solved" is what the checks show, not what the deputy's satisfaction says.
    set: open.length ? {} : { actually_solved: allKept, closed_on: today(ctx) },
    event: open.length ? {} : { actuallySolved: allKept },
  });
}

export async function close(ctx: Ctx, trx: Trx, principal: Principal, id: string, comment?: string): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'close');
  const open = await trx.selectFrom('suggestions.follow_ups').select('id').where('suggestion_id', '=', id).where('status', '=', 'open').execute();
  if (open.length) throw new IllegalTransition(item.state, 'close', `${open.length} promise(s) of a ${item.result_category} answer are still open; follow them up before closing`);
  await cancelDeadlines(trx, id);
  await step(ctx, trx, item, actorOf(principal), parts, 'close', { comment, set: { closed_on: today(ctx) } });
}

/** 回头看: a past answer is re-opened and the lead unit must reply again within the period. */
export async function demandSecondReply(ctx: Ctx, trx: Trx, principal: Principal, id: string, reason: string, data: Record<string, unknown> = {}): Promise<void> {
  const { item, parts } = await begin(ctx, trx, principal, id, 'demand-second-reply');
  const settings = await settingsFor(trx, item.tenant_path);
  const due = addMonthsToWorkingDay(today(ctx), settings.secondReplyMonths);
  for (const a of (await activeAssignments(trx, id)).filter((x) => x.role !== 'co')) await addDeadline(trx, item, 'second-reply', due, { unitId: a.unit_id });
  await step(ctx, trx, item, actorOf(principal), parts, 'demand-second-reply', { comment: reason, data, set: { closed_on: null } });
}

export { workingDaysBetween, BadRequest };
