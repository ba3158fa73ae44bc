// Activities (履职活动), their participants, attendance and photos, and linked-activity plans
// (联动履职). Every change to who attended writes the participants' duty facts in the same
// transaction, so a deputy's year is never out of step with the activities recorded.
import { ActivityRecorded } from '@onenet/contracts';
import { sql } from 'kysely';
import { checkActivityDates, quarterOf, yearOf, type ActivityKind, type Attendance } from '../domain/activities.ts';
import { Conflict, FieldCheck, NotFound, invalid } from '../errors.ts';
import type { FileStorage } from '@onenet/files';
import { upsertFacts } from './duties.ts';
import { emit, inSubtree, iso, record, tables, type Scope } from './scope.ts';
import type { ActivityTable } from './schema.ts';
import type { Selectable } from 'kysely';

export interface ParticipantInput {
  personId: string;
  attendance: Attendance;
}

export interface ActivityInput {
  kind: ActivityKind;
  theme: string;
  startDate: string;
  endDate?: string;
  place?: string | null;
  outcome?: string | null;
  stationId?: string | null;
  groupId?: string | null;
  planId?: string | null;
  /** A training that teaches an income skill (致富技术), for farmer deputies' eight ones. */
  incomeSkill?: boolean;
  participants: ParticipantInput[];
}

export interface Activity {
  id: string;
  tenantPath: string;
  kind: ActivityKind;
  theme: string;
  startDate: string;
  endDate: string;
  place: string | null;
  outcome: string | null;
  stationId: string | null;
  groupId: string | null;
  planId: string | null;
  incomeSkill: boolean;
  cancelled: boolean;
  recordedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ActivityDetail extends Activity {
  participants: { personId: string; name: string; attendance: Attendance }[];
  photos: { id: string; contentType: string; byteSize: number; caption: string | null; uploadedAt: string }[];
}

const toActivity = (r: Selectable<ActivityTable>): Activity => ({
  id: r.id,
  tenantPath: r.tenant_path,
  kind: r.kind as ActivityKind,
  theme: r.theme,
  startDate: r.start_date,
  endDate: r.end_date,
  place: r.place,
  outcome: r.outcome,
  stationId: r.station_id,
  groupId: r.group_id,
  planId: r.plan_id,
  incomeSkill: r.income_skill,
  cancelled: r.cancelled,
  recordedBy: r.recorded_by,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** The duty kind an activity counts as for its participants. */
export const dutyKindOf = (a: Pick<Activity, 'kind' | 'incomeSkill'>): string => (a.kind === 'training' && a.incomeSkill ? 'income-skill' : a.kind);

/** Where the activity belongs: its station's, else its group's, else the caller's congress. */
async function resolvePlacement(scope: Scope, input: Pick<ActivityInput, 'stationId' | 'groupId' | 'planId' | 'startDate'>, check: FieldCheck) {
  const t = tables(scope.trx);
  let tenantPath = scope.tenantPath;
  let stationId = input.stationId ?? null;
  if (input.groupId) {
    const group = await t.selectFrom('mixed_group').select(['tenant_path', 'station_id']).where('id', '=', input.groupId).executeTakeFirst();
    if (!group) check.add('/body/groupId', 'no such group in your congress or below');
    else {
      tenantPath = group.tenant_path;
      if (stationId && group.station_id && stationId !== group.station_id) check.add('/body/stationId', "is not the group's station");
      stationId ??= group.station_id;
    }
  }
  if (stationId) {
    const station = await t.selectFrom('station').select('tenant_path').where('id', '=', stationId).executeTakeFirst();
    if (!station) check.add('/body/stationId', 'no such station in your congress or below');
    else tenantPath = station.tenant_path;
  }
  if (input.planId) {
    const plan = await t.selectFrom('plan').select(['year']).where('id', '=', input.planId).executeTakeFirst();
    if (!plan) check.add('/body/planId', 'no such plan in your congress or below');
    else if (plan.year !== yearOf(input.startDate)) check.add('/body/planId', `the plan is for ${plan.year}; the activity starts in ${yearOf(input.startDate)}`);
  }
  return { tenantPath, stationId };
}

async function checkParticipants(scope: Scope, participants: ParticipantInput[], check: FieldCheck): Promise<void> {
  const seen = new Set<string>();
  participants.forEach((p, i) => {
    if (seen.has(p.personId)) check.add(`/body/participants/${i}/personId`, 'is listed twice');
    seen.add(p.personId);
  });
  if (participants.length === 0) return;
  // Any deputy may take part (mixed groups span all five levels); every one is a public profile.
  const known = await tables(scope.trx).selectFrom('public_profile').select('person_id').where('person_id', 'in', [...seen]).execute();
  const ids = new Set(known.map((k) => k.person_id));
  participants.forEach((p, i) => {
    if (!ids.has(p.personId)) check.add(`/body/participants/${i}/personId`, 'no such deputy');
  });
}

/** Writes the participants' duty facts and announces the activity (its current state). */
async function syncFactsAndAnnounce(scope: Scope, activity: Activity, removed: string[] = []): Promise<void> {
  const participants = await tables(scope.trx).selectFrom('activity_participant').select(['person_id', 'attendance']).where('activity_id', '=', activity.id).execute();
  const kind = dutyKindOf(activity);
  const detail = { theme: activity.theme, kind: activity.kind, stationId: activity.stationId, groupId: activity.groupId };
  await upsertFacts(scope.trx, [
    ...participants.map((p) => ({
      tenantPath: activity.tenantPath,
      personId: p.person_id,
      source: 'activity' as const,
      sourceRef: activity.id,
      kind,
      occurredOn: activity.startDate,
      counted: p.attendance === 'present' && !activity.cancelled,
      versionAt: activity.updatedAt,
      detail,
    })),
    ...removed.map((personId) => ({
      tenantPath: activity.tenantPath,
      personId,
      source: 'activity' as const,
      sourceRef: activity.id,
      kind,
      occurredOn: activity.startDate,
      counted: false,
      versionAt: activity.updatedAt,
      detail,
    })),
  ]);
  const present = participants.filter((p) => p.attendance === 'present').map((p) => p.person_id);
  if (present.length > 0 && !activity.cancelled) {
    await emit(
      scope,
      ActivityRecorded,
      {
        activityId: activity.id,
        kind: activity.kind,
        theme: activity.theme,
        startDate: activity.startDate,
        endDate: activity.endDate,
        place: activity.place,
        stationId: activity.stationId,
        groupId: activity.groupId,
        participantPersonIds: present,
        outcome: activity.outcome,
        linkedPlanId: activity.planId,
      },
      activity.tenantPath,
    );
  }
}

export async function recordActivity(scope: Scope, input: ActivityInput): Promise<ActivityDetail> {
  const check = new FieldCheck();
  const endDate = input.endDate ?? input.startDate;
  const dates = checkActivityDates(input.startDate, endDate);
  if (dates) check.add(`/body/${dates.field}`, dates.message);
  if (input.incomeSkill && input.kind !== 'training') check.add('/body/incomeSkill', 'only a training can teach an income skill');
  const placement = await resolvePlacement(scope, input, check);
  await checkParticipants(scope, input.participants, check);
  check.throwIfAny();

  const t = tables(scope.trx);
  const row = await t
    .insertInto('activity')
    .values({
      tenant_path: placement.tenantPath,
      kind: input.kind,
      theme: input.theme.trim(),
      start_date: input.startDate,
      end_date: endDate,
      place: input.place ?? null,
      outcome: input.outcome ?? null,
      station_id: placement.stationId,
      group_id: input.groupId ?? null,
      plan_id: input.planId ?? null,
      income_skill: input.incomeSkill ?? false,
      recorded_by: scope.actor?.name ?? scope.actor?.userId ?? 'system',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.participants.length > 0) {
    await t
      .insertInto('activity_participant')
      .values(input.participants.map((p) => ({ activity_id: row.id, person_id: p.personId, tenant_path: row.tenant_path, attendance: p.attendance })))
      .execute();
  }
  const activity = toActivity(row);
  await record(scope, 'activity', row.id, 'recorded', { kind: input.kind, theme: input.theme, startDate: input.startDate, endDate, participants: input.participants });
  await syncFactsAndAnnounce(scope, activity);
  return getActivity(scope, row.id);
}

export async function getActivity(scope: Scope, activityId: string): Promise<ActivityDetail> {
  const t = tables(scope.trx);
  const row = await t.selectFrom('activity').selectAll().where('id', '=', activityId).executeTakeFirst();
  if (!row) throw new NotFound(`no activity ${activityId}`);
  const participants = await t
    .selectFrom('activity_participant as ap')
    .innerJoin('public_profile as pp', 'pp.person_id', 'ap.person_id')
    .select(['ap.person_id as personId', 'pp.name', 'ap.attendance'])
    .where('ap.activity_id', '=', activityId)
    .orderBy('pp.name')
    .execute();
  const photos = await t.selectFrom('activity_photo').selectAll().where('activity_id', '=', activityId).orderBy('uploaded_at').execute();
  return {
    ...toActivity(row),
    participants,
    photos: photos.map((p) => ({ id: p.id, contentType: p.content_type, byteSize: p.byte_size, caption: p.caption, uploadedAt: iso(p.uploaded_at) })),
  };
}

export interface ActivityPatch {
  theme?: string;
  startDate?: string;
  endDate?: string;
  place?: string | null;
  outcome?: string | null;
  cancelled?: boolean;
}

export async function updateActivity(scope: Scope, activityId: string, patch: ActivityPatch): Promise<ActivityDetail> {
  const t = tables(scope.trx);
  const before = await t.selectFrom('activity').selectAll().where('id', '=', activityId).executeTakeFirst();
  if (!before) throw new NotFound(`no activity ${activityId}`);
  const startDate = patch.startDate ?? before.start_date;
  const endDate = patch.endDate ?? (patch.startDate && before.start_date === before.end_date ? patch.startDate : before.end_date);
  const dates = checkActivityDates(startDate, endDate);
  if (dates) throw invalid(`/body/${dates.field}`, dates.message);
  if (before.plan_id && yearOf(startDate) !== yearOf(before.start_date)) throw invalid('/body/startDate', 'must stay in the year of the activity’s plan');
  const row = await t
    .updateTable('activity')
    .set({
      ...(patch.theme !== undefined && { theme: patch.theme.trim() }),
      start_date: startDate,
      end_date: endDate,
      ...(patch.place !== undefined && { place: patch.place }),
      ...(patch.outcome !== undefined && { outcome: patch.outcome }),
      ...(patch.cancelled !== undefined && { cancelled: patch.cancelled }),
      updated_at: sql<Date>`clock_timestamp()`,
    })
    .where('id', '=', activityId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'activity', activityId, patch.cancelled ? 'cancelled' : 'changed', { ...patch, ...(patch.startDate && { endDate }) });
  await syncFactsAndAnnounce(scope, toActivity(row));
  return getActivity(scope, activityId);
}

/** Replaces the participant list (who took part and their attendance). */
export async function setParticipants(scope: Scope, activityId: string, participants: ParticipantInput[]): Promise<ActivityDetail> {
  const t = tables(scope.trx);
  const activity = await t.selectFrom('activity').selectAll().where('id', '=', activityId).executeTakeFirst();
  if (!activity) throw new NotFound(`no activity ${activityId}`);
  if (activity.cancelled) throw new Conflict('the activity was cancelled');
  const check = new FieldCheck();
  await checkParticipants(scope, participants, check);
  check.throwIfAny();
  const before = await t.selectFrom('activity_participant').select(['person_id', 'attendance']).where('activity_id', '=', activityId).execute();
  const keep = new Set(participants.map((p) => p.personId));
  const removed = before.filter((b) => !keep.has(b.person_id)).map((b) => b.person_id);
  if (removed.length > 0) await t.deleteFrom('activity_participant').where('activity_id', '=', activityId).where('person_id', 'in', removed).execute();
  if (participants.length > 0) {
    await t
      .insertInto('activity_participant')
      .values(participants.map((p) => ({ activity_id: activityId, person_id: p.personId, tenant_path: activity.tenant_path, attendance: p.attendance })))
      .onConflict((oc) => oc.columns(['activity_id', 'person_id']).doUpdateSet((eb) => ({ attendance: eb.ref('excluded.attendance') })))
      .execute();
  }
  const row = await t.updateTable('activity').set({ updated_at: sql<Date>`clock_timestamp()` }).where('id', '=', activityId).returningAll().executeTakeFirstOrThrow();
  await record(scope, 'activity', activityId, 'participants-set', { before, after: participants });
  await syncFactsAndAnnounce(scope, toActivity(row), removed);
  return getActivity(scope, activityId);
}

export interface ActivityFilter {
  tenantPath?: string;
  stationId?: string;
  groupId?: string;
  planId?: string;
  personId?: string;
  kind?: ActivityKind;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export async function listActivities(scope: Scope, filter: ActivityFilter): Promise<Activity[]> {
  const rows = await tables(scope.trx)
    .selectFrom('activity as a')
    .selectAll('a')
    .$if(filter.tenantPath !== undefined, (q) => q.where(inSubtree('a.tenant_path', filter.tenantPath!)))
    .$if(filter.stationId !== undefined, (q) => q.where('a.station_id', '=', filter.stationId!))
    .$if(filter.groupId !== undefined, (q) => q.where('a.group_id', '=', filter.groupId!))
    .$if(filter.planId !== undefined, (q) => q.where('a.plan_id', '=', filter.planId!))
    .$if(filter.kind !== undefined, (q) => q.where('a.kind', '=', filter.kind!))
    .$if(filter.from !== undefined, (q) => q.where('a.start_date', '>=', filter.from!))
    .$if(filter.to !== undefined, (q) => q.where('a.start_date', '<=', filter.to!))
    .$if(filter.personId !== undefined, (q) =>
      q.where((eb) => eb.exists(eb.selectFrom('activity_participant as ap').select('ap.person_id').whereRef('ap.activity_id', '=', 'a.id').where('ap.person_id', '=', filter.personId!))),
    )
    .orderBy('a.start_date', 'desc')
    .orderBy('a.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return rows.map(toActivity);
}

// ---------------------------------------------------------------- photos

const PHOTO_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
export const PHOTO_CONTENT_TYPES = Object.keys(PHOTO_TYPES);

export async function addPhoto(scope: Scope, storage: FileStorage, activityId: string, data: Buffer, contentType: string, caption: string | null) {
  const t = tables(scope.trx);
  const activity = await t.selectFrom('activity').select(['id', 'tenant_path']).where('id', '=', activityId).executeTakeFirst();
  if (!activity) throw new NotFound(`no activity ${activityId}`);
  const ext = PHOTO_TYPES[contentType];
  if (!ext) throw invalid('/headers/content-type', `must be one of ${PHOTO_CONTENT_TYPES.join(', ')}`);
  const id = crypto.randomUUID();
  const key = `activities/${activityId}/${id}.${ext}`;
  // Stored first: a crash after this leaves an orphan file, never a row pointing at nothing.
  await storage.put(key, data, contentType);
  const row = await t
    .insertInto('activity_photo')
    .values({ id, activity_id: activityId, tenant_path: activity.tenant_path, storage_key: key, content_type: contentType, byte_size: data.length, caption, uploaded_by: scope.actor?.userId ?? 'system' })
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'activity', activityId, 'photo-added', { photoId: id, byteSize: data.length, caption });
  return { id: row.id, contentType: row.content_type, byteSize: row.byte_size, caption: row.caption, uploadedAt: iso(row.uploaded_at) };
}

export async function getPhoto(scope: Scope, storage: FileStorage, activityId: string, photoId: string) {
  const row = await tables(scope.trx).selectFrom('activity_photo').selectAll().where('id', '=', photoId).where('activity_id', '=', activityId).executeTakeFirst();
  if (!row) throw new NotFound(`no photo ${photoId} of activity ${activityId}`);
  const file = await storage.get(row.storage_key);
  if (!file) throw new NotFound(`the photo ${photoId} is recorded but its file is missing from storage`);
  return { data: file, contentType: row.content_type };
}

// ---------------------------------------------------------------- plans (联动履职)

export interface PlanInput {
  year: number;
  title: string;
  stationId?: string | null;
  groupId?: string | null;
  quarters: { quarter: number; theme: string }[];
}

export async function createPlan(scope: Scope, input: PlanInput) {
  const check = new FieldCheck();
  const seen = new Set<number>();
  input.quarters.forEach((q, i) => {
    if (seen.has(q.quarter)) check.add(`/body/quarters/${i}/quarter`, 'each quarter has one theme');
    seen.add(q.quarter);
  });
  const placement = await resolvePlacement(scope, { stationId: input.stationId, groupId: input.groupId, startDate: `${input.year}-01-01` }, check);
  check.throwIfAny();
  const t = tables(scope.trx);
  const row = await t
    .insertInto('plan')
    .values({ tenant_path: placement.tenantPath, year: input.year, title: input.title.trim(), station_id: placement.stationId, group_id: input.groupId ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.quarters.length > 0) {
    await t
      .insertInto('plan_quarter')
      .values(input.quarters.map((q) => ({ plan_id: row.id, quarter: q.quarter, theme: q.theme.trim(), tenant_path: row.tenant_path })))
      .execute();
  }
  await record(scope, 'plan', row.id, 'created', { year: input.year, title: input.title, quarters: input.quarters });
  return getPlan(scope, row.id);
}

/** The plan with, per quarter, its theme and the activities held for it. */
export async function getPlan(scope: Scope, planId: string) {
  const t = tables(scope.trx);
  const plan = await t.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new NotFound(`no plan ${planId}`);
  const quarters = await t.selectFrom('plan_quarter').selectAll().where('plan_id', '=', planId).orderBy('quarter').execute();
  const activities = await t
    .selectFrom('activity')
    .select(['id', 'kind', 'theme', 'start_date', 'end_date'])
    .where('plan_id', '=', planId)
    .where('cancelled', '=', false)
    .orderBy('start_date')
    .execute();
  return {
    id: plan.id,
    tenantPath: plan.tenant_path,
    year: plan.year,
    title: plan.title,
    stationId: plan.station_id,
    groupId: plan.group_id,
    quarters: [1, 2, 3, 4].map((quarter) => {
      const held = activities.filter((a) => quarterOf(a.start_date) === quarter);
      return {
        quarter,
        theme: quarters.find((q) => q.quarter === quarter)?.theme ?? null,
        activities: held.map((a) => ({ id: a.id, kind: a.kind as ActivityKind, theme: a.theme, startDate: a.start_date, endDate: a.end_date })),
        held: held.length > 0,
      };
    }),
  };
}

export async function listPlans(scope: Scope, filter: { year?: number; tenantPath?: string; stationId?: string }) {
  const rows = await tables(scope.trx)
    .selectFrom('plan')
    .select(['id', 'tenant_path', 'year', 'title', 'station_id', 'group_id'])
    .$if(filter.year !== undefined, (q) => q.where('year', '=', filter.year!))
    .$if(filter.tenantPath !== undefined, (q) => q.where(inSubtree('tenant_path', filter.tenantPath!)))
    .$if(filter.stationId !== undefined, (q) => q.where('station_id', '=', filter.stationId!))
    .orderBy('year', 'desc')
    .execute();
  return rows.map((p) => ({ id: p.id, tenantPath: p.tenant_path, year: p.year, title: p.title, stationId: p.station_id, groupId: p.group_id }));
}
