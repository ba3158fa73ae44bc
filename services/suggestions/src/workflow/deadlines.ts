// Deadlines of an item on the working-day calendar, the per-tenant settings they come from,
// and the scan that sends reminders before and escalations after them (as events, and visible
// in the API until the office-docs service delivers them).
import { sql } from 'kysely';
import { ancestorsOf } from './tenants.ts';
import { addWorkingDays, chinaDay, workingDaysBetween, type Day, type Deadline } from '../domain/calendar.ts';
import { mergeSettings, type Settings } from '../domain/settings.ts';
import { DeadlineEscalated, DeadlineReminder } from '@onenet/contracts';
import { newId, type Ctx, type Item, type Trx } from './engine.ts';

export const DEADLINE_KINDS = ['assign', 'sign-for', 'meeting', 'co-opinion', 'reply', 'evaluation', 'second-reply', 'publish', 'follow-up'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The tenant's settings: defaults, then each ancestor's overrides, then its own. */
export async function settingsFor(trx: Trx, tenantPath: string): Promise<Settings> {
  const paths = [...ancestorsOf(tenantPath), tenantPath];
  const rows = await trx.selectFrom('suggestions.settings').select(['tenant_path', 'overrides']).where('tenant_path', 'in', paths).execute();
  const byPath = new Map(rows.map((r) => [r.tenant_path as string, r.overrides as Record<string, unknown>]));
  return mergeSettings(...paths.map((p) => byPath.get(p) ?? {}));
}

export interface NewDeadline {
  item: Pick<Item, 'id' | 'tenant_path' | 'created_at'>;
  kind: DeadlineKind;
  deadline: Deadline;
  assignmentId?: string | null;
  unitId?: string | null;
}

/** Opens deadlines, all in one statement. */
export async function addDeadlines(trx: Trx, deadlines: readonly NewDeadline[]): Promise<void> {
  if (!deadlines.length) return;
  await trx
    .insertInto('suggestions.deadlines')
    .values(
      deadlines.map((d) => ({
        id: newId(),
        tenant_path: d.item.tenant_path,
        suggestion_id: d.item.id,
        // The overdue list's order (migration 202611272301).
        item_created_at: d.item.created_at,
        assignment_id: d.assignmentId ?? null,
        unit_id: d.unitId ?? null,
        kind: d.kind,
        due_on: d.deadline.due,
        provisional: d.deadline.provisional,
      })),
    )
    .execute();
}

export async function addDeadline(
  trx: Trx,
  item: Pick<Item, 'id' | 'tenant_path' | 'created_at'>,
  kind: DeadlineKind,
  deadline: Deadline,
  options: { assignmentId?: string | null; unitId?: string | null } = {},
): Promise<void> {
  await addDeadlines(trx, [{ item, kind, deadline, ...options }]);
}

/** Marks open deadlines of these kinds as met (for one unit when given). */
export async function meetDeadlines(trx: Trx, suggestionId: string | readonly string[], kinds: DeadlineKind[], unitId?: string | null): Promise<void> {
  let query = trx
    .updateTable('suggestions.deadlines')
    .set({ met_at: sql`now()` })
    .where('suggestion_id', 'in', typeof suggestionId === 'string' ? [suggestionId] : suggestionId)
    .where('kind', 'in', kinds)
    .where('met_at', 'is', null)
    .where('cancelled_at', 'is', null);
  if (unitId) query = query.where('unit_id', '=', unitId);
  await query.execute();
}

/** Cancels open deadlines that no longer apply (a unit replaced, an item withdrawn). */
export async function cancelDeadlines(trx: Trx, suggestionId: string, kinds?: DeadlineKind[], filter: { unitId?: string; assignmentId?: string } = {}): Promise<void> {
  let query = trx
    .updateTable('suggestions.deadlines')
    .set({ cancelled_at: sql`now()` })
    .where('suggestion_id', '=', suggestionId)
    .where('met_at', 'is', null)
    .where('cancelled_at', 'is', null);
  if (kinds) query = query.where('kind', 'in', kinds);
  if (filter.unitId) query = query.where('unit_id', '=', filter.unitId);
  if (filter.assignmentId) query = query.where('assignment_id', '=', filter.assignmentId);
  await query.execute();
}

export interface ScanResult {
  today: Day;
  reminded: number;
  escalated: number;
}

/**
 * Finds deadlines that are near (within the tenant's reminder window) or past, not yet
 * reminded or escalated, and records and announces each once. Idempotent: run it as often
 * as you like; a second run the same day sends nothing new.
 */
export async function scanDeadlines(ctx: Ctx, rootTenant: string, now: Date): Promise<ScanResult> {
  const today = chinaDay(now);
  return ctx.withTenant(rootTenant, async (trx) => {
    const open = await trx
      .selectFrom('suggestions.deadlines as d')
      .innerJoin('suggestions.suggestions as s', 's.id', 'd.suggestion_id')
      .select(['d.id', 'd.tenant_path', 'd.suggestion_id', 'd.kind', 'd.unit_id', 'd.due_on', 'd.reminded_at', 'd.escalated_at', 's.number', 's.title'])
      .where('d.met_at', 'is', null)
      .where('d.cancelled_at', 'is', null)
      .where((eb) => eb.or([eb('d.reminded_at', 'is', null), eb('d.escalated_at', 'is', null)]))
      // Nothing is reminded more than 30 working days ahead; bounds the scan.
      .where('d.due_on', '<=', addWorkingDays(today, 30).due)
      .orderBy('d.due_on')
      .limit(5000)
      .forUpdate()
      .skipLocked()
      .execute();
    const settingsCache = new Map<string, Settings>();
    let reminded = 0;
    let escalated = 0;
    for (const d of open) {
      const tenantPath = d.tenant_path as string;
      let settings = settingsCache.get(tenantPath);
      if (!settings) settingsCache.set(tenantPath, (settings = await settingsFor(trx, tenantPath)));
      const due = d.due_on as string;
      const base = {
        deadlineId: d.id as string,
        suggestionId: d.suggestion_id as string,
        number: (d.number as string | null) ?? null,
        title: d.title as string,
        kind: d.kind as string,
        unitId: (d.unit_id as string | null) ?? null,
        dueOn: due,
      };
      if (today > due && !d.escalated_at) {
        const overdue = workingDaysBetween(due, today);
        await trx.updateTable('suggestions.deadlines').set({ escalated_at: now, reminded_at: d.reminded_at ?? now }).where('id', '=', d.id).execute();
        await ctx.enqueue(trx, DeadlineEscalated, { tenantPath, actor: null, occurredAt: now, data: { ...base, workingDays: overdue } });
        escalated++;
      } else if (today <= due && !d.reminded_at) {
        const left = workingDaysBetween(today, due);
        if (left <= settings.remindWorkingDaysBefore) {
          await trx.updateTable('suggestions.deadlines').set({ reminded_at: now }).where('id', '=', d.id).execute();
          await ctx.enqueue(trx, DeadlineReminder, { tenantPath, actor: null, occurredAt: now, data: { ...base, workingDays: left } });
          reminded++;
        }
      }
    }
    return { today, reminded, escalated };
  });
}
