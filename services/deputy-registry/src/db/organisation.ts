// Stations (履职实体平台) with the eight haves, mixed groups (混合编组) and their members, the
// stations' own books, and assistance pairings (帮扶).
import { GroupMembershipChanged } from '@onenet/contracts';
import { sql, type Selectable } from 'kysely';
import type { AssistanceTable, MixedGroupTable } from './schema.ts';
import { eightHavesChecklist, type EightHave, type GroupRole, type StationBook, type StationKind } from '../domain/stations.ts';
import { Conflict, NotFound, invalid } from '../errors.ts';
import { diff, emit, inSubtree, isUniqueViolation, iso, publicly, record, tables, type Scope } from './scope.ts';

// ---------------------------------------------------------------- stations

export interface StationInput {
  name: string;
  kind: StationKind;
  address?: string | null;
  /** The township (or other congress in the caller's subtree) the station belongs to. */
  tenantPath: string;
}

export interface Station {
  id: string;
  tenantPath: string;
  name: string;
  kind: StationKind;
  address: string | null;
  createdAt: string;
  updatedAt: string;
}

const toStation = (r: { id: string; tenant_path: string; name: string; kind: StationKind; address: string | null; created_at: Date; updated_at: Date }): Station => ({
  id: r.id,
  tenantPath: r.tenant_path,
  name: r.name,
  kind: r.kind,
  address: r.address,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** The resource's tenant must be the caller's or below (RLS would refuse the write anyway). */
function requireWithin(scope: Scope, tenantPath: string, field: string): void {
  if (tenantPath !== scope.tenantPath && !tenantPath.startsWith(`${scope.tenantPath}/`)) {
    throw invalid(field, `must be ${scope.tenantPath} or a congress below it`);
  }
}

export async function createStation(scope: Scope, input: StationInput): Promise<Station> {
  requireWithin(scope, input.tenantPath, '/body/tenantPath');
  const row = await tables(scope.trx)
    .insertInto('station')
    .values({ tenant_path: input.tenantPath, name: input.name.trim(), kind: input.kind, address: input.address ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'station', row.id, 'created', { name: row.name, kind: row.kind, tenantPath: row.tenant_path, address: row.address });
  return toStation(row);
}

export async function getStationRow(scope: Scope, stationId: string) {
  const row = await tables(scope.trx).selectFrom('station').selectAll().where('id', '=', stationId).executeTakeFirst();
  if (!row) throw new NotFound(`no station ${stationId}`);
  return row;
}

export async function getStation(scope: Scope, stationId: string) {
  const row = await getStationRow(scope, stationId);
  const items = await tables(scope.trx).selectFrom('station_item').selectAll().where('station_id', '=', stationId).execute();
  const checklist = eightHavesChecklist(items.map((i) => ({ item: i.item as EightHave, present: i.present, evidence: i.evidence, note: i.note })));
  const groups = await tables(scope.trx).selectFrom('mixed_group').select(['id', 'name']).where('station_id', '=', stationId).orderBy('name').execute();
  return { ...toStation(row), eightHaves: checklist, groups };
}

export async function updateStation(scope: Scope, stationId: string, patch: { name?: string; kind?: StationKind; address?: string | null }): Promise<Station> {
  const before = toStation(await getStationRow(scope, stationId));
  const changes = diff(before as unknown as Record<string, unknown>, patch);
  if (Object.keys(changes).length === 0) return before;
  const row = await tables(scope.trx)
    .updateTable('station')
    .set({ ...(patch.name !== undefined && { name: patch.name.trim() }), ...(patch.kind && { kind: patch.kind }), ...(patch.address !== undefined && { address: patch.address }), updated_at: sql<Date>`now()` })
    .where('id', '=', stationId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'station', stationId, 'changed', changes);
  return toStation(row);
}

export async function listStations(scope: Scope, filter: { tenantPath?: string; q?: string; limit: number; offset: number }): Promise<Station[]> {
  const rows = await tables(scope.trx)
    .selectFrom('station')
    .selectAll()
    .$if(filter.tenantPath !== undefined, (q) => q.where(inSubtree('tenant_path', filter.tenantPath!)))
    .$if(filter.q !== undefined, (q) => q.where('name', 'like', `%${filter.q}%`))
    .orderBy('tenant_path')
    .orderBy('name')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return rows.map(toStation);
}

/** Records one of the eight haves: present or not, with evidence (a document, a photo URL) and a note. */
export async function setEightHave(scope: Scope, stationId: string, item: EightHave, state: { present: boolean; evidence?: string | null; note?: string | null }) {
  const station = await getStationRow(scope, stationId);
  const t = tables(scope.trx);
  const before = await t.selectFrom('station_item').selectAll().where('station_id', '=', stationId).where('item', '=', item).executeTakeFirst();
  const values = { present: state.present, evidence: state.evidence ?? null, note: state.note ?? null };
  await t
    .insertInto('station_item')
    .values({ station_id: stationId, item, tenant_path: station.tenant_path, ...values, updated_by: scope.actor?.userId ?? 'system' })
    .onConflict((oc) => oc.columns(['station_id', 'item']).doUpdateSet({ ...values, updated_at: sql<Date>`now()`, updated_by: scope.actor?.userId ?? 'system' }))
    .execute();
  await record(scope, 'station', stationId, 'eight-have-set', { item, ...diff(before ? { present: before.present, evidence: before.evidence, note: before.note } : {}, values) });
  return (await getStation(scope, stationId)).eightHaves;
}

// ---------------------------------------------------------------- mixed groups

export interface GroupInput {
  name: string;
  stationId: string;
  liaisonName?: string | null;
  liaisonUserId?: string | null;
}

export interface Group {
  id: string;
  tenantPath: string;
  formedByTenantPath: string;
  stationId: string | null;
  name: string;
  liaisonName: string | null;
  liaisonUserId: string | null;
  dissolvedOn: string | null;
}

const toGroup = (r: Omit<Selectable<MixedGroupTable>, 'created_at' | 'updated_at'>): Group => ({
  id: r.id,
  tenantPath: r.tenant_path,
  formedByTenantPath: r.formed_by_tenant_path,
  stationId: r.station_id,
  name: r.name,
  liaisonName: r.liaison_name,
  liaisonUserId: r.liaison_user_id,
  dissolvedOn: r.dissolved_on,
});

/** Forms a mixed group attached to a station; it belongs to the station's congress (the township). */
export async function createGroup(scope: Scope, input: GroupInput): Promise<Group> {
  const station = await tables(scope.trx).selectFrom('station').select(['id', 'tenant_path']).where('id', '=', input.stationId).executeTakeFirst();
  if (!station) throw invalid('/body/stationId', 'no such station in your congress or below');
  const row = await tables(scope.trx)
    .insertInto('mixed_group')
    .values({
      tenant_path: station.tenant_path,
      formed_by_tenant_path: scope.tenantPath,
      station_id: station.id,
      name: input.name.trim(),
      liaison_name: input.liaisonName ?? null,
      liaison_user_id: input.liaisonUserId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'group', row.id, 'created', { name: row.name, stationId: row.station_id, liaisonName: row.liaison_name });
  return toGroup(row);
}

export async function getGroupRow(scope: Scope, groupId: string) {
  const row = await tables(scope.trx).selectFrom('mixed_group').selectAll().where('id', '=', groupId).executeTakeFirst();
  if (!row) throw new NotFound(`no group ${groupId}`);
  return row;
}

export interface GroupMember {
  personId: string;
  name: string;
  role: GroupRole;
  joinedOn: string;
  leftOn: string | null;
  levels: string[];
}

export async function groupMembers(scope: Scope, groupId: string, current = true): Promise<GroupMember[]> {
  // Members' levels come from their active mandates, which may belong to other congresses: public.
  const rows = await publicly(scope, (trx) => tables(trx)
    .selectFrom('group_member as gm')
    .innerJoin('public_profile as pp', 'pp.person_id', 'gm.person_id')
    .select(['gm.person_id', 'pp.name', 'gm.role', 'gm.joined_on', 'gm.left_on'])
    .select((eb) =>
      eb
        .selectFrom('mandate as m')
        .select(sql<string[]>`coalesce(array_agg(distinct m.level), '{}')`.as('levels'))
        .whereRef('m.person_id', '=', 'gm.person_id')
        .where('m.status', '=', 'active')
        .as('levels'),
    )
    .where('gm.group_id', '=', groupId)
    .$if(current, (q) => q.where('gm.left_on', 'is', null))
    .orderBy(sql`case gm.role when 'leader' then 0 when 'liaison' then 1 else 2 end`)
    .orderBy('pp.name')
    .execute());
  return rows.map((r) => ({ personId: r.person_id, name: r.name, role: r.role, joinedOn: r.joined_on, leftOn: r.left_on, levels: r.levels ?? [] }));
}

export async function getGroup(scope: Scope, groupId: string) {
  const row = await getGroupRow(scope, groupId);
  return { ...toGroup(row), members: await groupMembers(scope, groupId) };
}

export async function listGroups(scope: Scope, filter: { stationId?: string; tenantPath?: string; limit: number; offset: number }): Promise<Group[]> {
  const rows = await tables(scope.trx)
    .selectFrom('mixed_group')
    .selectAll()
    .$if(filter.stationId !== undefined, (q) => q.where('station_id', '=', filter.stationId!))
    .$if(filter.tenantPath !== undefined, (q) => q.where(inSubtree('tenant_path', filter.tenantPath!)))
    .orderBy('tenant_path')
    .orderBy('name')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return rows.map(toGroup);
}

export async function updateGroup(scope: Scope, groupId: string, patch: { name?: string; liaisonName?: string | null; liaisonUserId?: string | null; dissolvedOn?: string | null }): Promise<Group> {
  const before = toGroup(await getGroupRow(scope, groupId));
  const changes = diff(before as unknown as Record<string, unknown>, patch);
  if (Object.keys(changes).length === 0) return before;
  const row = await tables(scope.trx)
    .updateTable('mixed_group')
    .set({
      ...(patch.name !== undefined && { name: patch.name.trim() }),
      ...(patch.liaisonName !== undefined && { liaison_name: patch.liaisonName }),
      ...(patch.liaisonUserId !== undefined && { liaison_user_id: patch.liaisonUserId }),
      ...(patch.dissolvedOn !== undefined && { dissolved_on: patch.dissolvedOn }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', groupId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'group', groupId, 'changed', changes);
  return toGroup(row);
}

/**
 * Adds a deputy of any level to a group, or changes their role. The person is named by id
 * (found through the public profile search: deputies of other levels are public); they must hold
 * an active mandate. One leader (组长) at a time.
 */
export async function setMember(scope: Scope, groupId: string, personId: string, role: GroupRole, joinedOn: string): Promise<GroupMember[]> {
  const group = await getGroupRow(scope, groupId);
  if (group.dissolved_on) throw new Conflict('the group has been dissolved');
  const t = tables(scope.trx);
  // A deputy of any level may join: whether they hold an active mandate is public knowledge.
  const active = await publicly(scope, (trx) =>
    tables(trx).selectFrom('mandate').select('id').where('person_id', '=', personId).where('status', '=', 'active').executeTakeFirst(),
  );
  if (!active) throw invalid('/params/personId', 'no deputy with an active mandate has this id');
  const before = await t.selectFrom('group_member').selectAll().where('group_id', '=', groupId).where('person_id', '=', personId).executeTakeFirst();
  const change: 'joined' | 'role-changed' = before && before.left_on === null ? 'role-changed' : 'joined';
  if (before && before.left_on === null && before.role === role) return groupMembers(scope, groupId);
  try {
    await t
      .insertInto('group_member')
      .values({ group_id: groupId, person_id: personId, tenant_path: group.tenant_path, role, joined_on: joinedOn })
      .onConflict((oc) => oc.columns(['group_id', 'person_id']).doUpdateSet(change === 'joined' ? { role, joined_on: joinedOn, left_on: null } : { role }))
      .execute();
  } catch (error) {
    if (isUniqueViolation(error, 'group_one_leader')) throw new Conflict('the group already has a leader (组长): make them a member first');
    throw error;
  }
  await record(scope, 'group', groupId, change === 'joined' ? 'member-joined' : 'member-role-changed', { personId, role, ...(before ? { previousRole: before.role } : {}) });
  await emit(scope, GroupMembershipChanged, { groupId, stationId: group.station_id, personId, change, role }, group.tenant_path);
  return groupMembers(scope, groupId);
}

export async function removeMember(scope: Scope, groupId: string, personId: string, leftOn: string): Promise<void> {
  const group = await getGroupRow(scope, groupId);
  const t = tables(scope.trx);
  const before = await t.selectFrom('group_member').selectAll().where('group_id', '=', groupId).where('person_id', '=', personId).executeTakeFirst();
  if (!before || before.left_on !== null) throw new NotFound('the person is not a member of this group');
  if (leftOn < before.joined_on) throw invalid('/body/leftOn', `must not be before the person joined (${before.joined_on})`);
  await t.updateTable('group_member').set({ left_on: leftOn }).where('group_id', '=', groupId).where('person_id', '=', personId).execute();
  await record(scope, 'group', groupId, 'member-left', { personId, leftOn });
  await emit(scope, GroupMembershipChanged, { groupId, stationId: group.station_id, personId, change: 'left', role: null }, group.tenant_path);
}

// ---------------------------------------------------------------- station books

export interface StationRecordInput {
  book: StationBook;
  recordedOn: string;
  title: string;
  people?: string | null;
  content?: string | null;
  handling?: string | null;
}

export async function addStationRecord(scope: Scope, stationId: string, input: StationRecordInput) {
  const station = await getStationRow(scope, stationId);
  const row = await tables(scope.trx)
    .insertInto('station_record')
    .values({
      tenant_path: station.tenant_path,
      station_id: stationId,
      book: input.book,
      recorded_on: input.recordedOn,
      title: input.title,
      people: input.people ?? null,
      content: input.content ?? null,
      handling: input.handling ?? null,
      recorded_by: scope.actor?.name ?? scope.actor?.userId ?? 'system',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'station', stationId, 'book-entry-added', { book: input.book, recordId: row.id, title: input.title, recordedOn: input.recordedOn });
  return toStationRecord(row);
}

const toStationRecord = (r: { id: string; book: StationBook; recorded_on: string; title: string; people: string | null; content: string | null; handling: string | null; recorded_by: string }) => ({
  id: r.id,
  book: r.book,
  recordedOn: r.recorded_on,
  title: r.title,
  people: r.people,
  content: r.content,
  handling: r.handling,
  recordedBy: r.recorded_by,
});

export async function listStationRecords(scope: Scope, stationId: string, filter: { book?: StationBook; year?: number }) {
  await getStationRow(scope, stationId);
  const rows = await tables(scope.trx)
    .selectFrom('station_record')
    .selectAll()
    .where('station_id', '=', stationId)
    .$if(filter.book !== undefined, (q) => q.where('book', '=', filter.book!))
    .$if(filter.year !== undefined, (q) => q.where('recorded_on', '>=', `${filter.year}-01-01`).where('recorded_on', '<=', `${filter.year}-12-31`))
    .orderBy('recorded_on')
    .execute();
  return rows.map(toStationRecord);
}

// ---------------------------------------------------------------- assistance (帮扶)

export interface AssistanceInput {
  personId: string;
  stationId?: string | null;
  household: string;
  village?: string | null;
  reason?: string | null;
  measures?: string | null;
  startedOn: string;
  endedOn?: string | null;
  outcome?: string | null;
}

const toAssistance = (r: Pick<Selectable<AssistanceTable>, 'id' | 'tenant_path' | 'station_id' | 'person_id' | 'household' | 'village' | 'reason' | 'measures' | 'started_on' | 'ended_on' | 'outcome'>) => ({
  id: r.id,
  tenantPath: r.tenant_path,
  stationId: r.station_id,
  personId: r.person_id,
  household: r.household,
  village: r.village,
  reason: r.reason,
  measures: r.measures,
  startedOn: r.started_on,
  endedOn: r.ended_on,
  outcome: r.outcome,
});

/** Pairs a deputy with a household they help (代表联系帮扶贫困户). */
export async function addAssistance(scope: Scope, input: AssistanceInput) {
  const t = tables(scope.trx);
  const person = await t.selectFrom('person').select('id').where('id', '=', input.personId).executeTakeFirst();
  if (!person) throw invalid('/body/personId', 'no such deputy visible to your congress');
  let tenantPath = scope.tenantPath;
  if (input.stationId) tenantPath = (await getStationRow(scope, input.stationId).catch(() => { throw invalid('/body/stationId', 'no such station'); })).tenant_path;
  if (input.endedOn && input.endedOn < input.startedOn) throw invalid('/body/endedOn', 'must not be before startedOn');
  const row = await t
    .insertInto('assistance')
    .values({
      tenant_path: tenantPath,
      station_id: input.stationId ?? null,
      person_id: input.personId,
      household: input.household,
      village: input.village ?? null,
      reason: input.reason ?? null,
      measures: input.measures ?? null,
      started_on: input.startedOn,
      ended_on: input.endedOn ?? null,
      outcome: input.outcome ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'assistance', row.id, 'created', { personId: input.personId, household: input.household, village: input.village, startedOn: input.startedOn });
  return toAssistance(row);
}

export async function updateAssistance(scope: Scope, id: string, patch: { measures?: string | null; endedOn?: string | null; outcome?: string | null }) {
  const t = tables(scope.trx);
  const before = await t.selectFrom('assistance').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new NotFound(`no assistance pairing ${id}`);
  if (patch.endedOn && patch.endedOn < before.started_on) throw invalid('/body/endedOn', `must not be before the start (${before.started_on})`);
  const row = await t
    .updateTable('assistance')
    .set({
      ...(patch.measures !== undefined && { measures: patch.measures }),
      ...(patch.endedOn !== undefined && { ended_on: patch.endedOn }),
      ...(patch.outcome !== undefined && { outcome: patch.outcome }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(scope, 'assistance', id, 'changed', diff({ measures: before.measures, endedOn: before.ended_on, outcome: before.outcome }, patch));
  return toAssistance(row);
}

export async function listAssistance(scope: Scope, filter: { personId?: string; stationId?: string; year?: number }) {
  const rows = await tables(scope.trx)
    .selectFrom('assistance')
    .selectAll()
    .$if(filter.personId !== undefined, (q) => q.where('person_id', '=', filter.personId!))
    .$if(filter.stationId !== undefined, (q) => q.where('station_id', '=', filter.stationId!))
    .$if(filter.year !== undefined, (q) =>
      q.where('started_on', '<=', `${filter.year}-12-31`).where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', `${filter.year}-01-01`)])),
    )
    .orderBy('started_on')
    .execute();
  return rows.map(toAssistance);
}
