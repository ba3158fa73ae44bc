// Stations and their eight haves, mixed groups and members, stations' books, assistance.
import { Type, type KitApp } from '@onenet/kit';
import {
  addAssistance,
  addStationRecord,
  createGroup,
  createStation,
  getGroup,
  getStation,
  listAssistance,
  listGroups,
  listStationRecords,
  listStations,
  removeMember,
  setEightHave,
  setMember,
  updateAssistance,
  updateGroup,
  updateStation,
} from '../db/organisation.ts';
import { EIGHT_HAVES, GROUP_ROLES, STATION_BOOKS, STATION_KIND_LABELS, STATION_KINDS } from '../domain/stations.ts';
import { Assistance, DateOnly, EightHaves, Format, Group, GroupDetail, GroupMember, IdParams, Items, OptText, Page, Station, StationDetail, StationRecord, TenantPath, TenantQuery, Text, Uuid, Year } from './schemas.ts';
import { ORGANISERS, READERS, RECORDERS, scoped, sendList, tenantName, tenantParam, today, type RouteDeps } from './support.ts';

export function organisationRoutes(app: KitApp, deps: RouteDeps): void {
  app.post(
    '/stations',
    {
      config: { access: RECORDERS },
      schema: {
        summary: 'Register a station (履职实体平台) of the caller’s congress or one below it',
        body: Type.Object({ name: Text(200), kind: Type.Enum([...STATION_KINDS]), address: OptText(300), tenantPath: Type.Optional(TenantPath) }, { additionalProperties: false }),
        response: { 201: Station },
      },
    },
    async (request, reply) => {
      const tenantPath = tenantParam(request.principal, request.body.tenantPath ?? request.principal!.tenantPath, '/body/tenantPath', RECORDERS)!;
      return reply.code(201).send(await scoped(deps, request, (scope) => createStation(scope, { ...request.body, tenantPath })));
    },
  );

  app.get(
    '/stations',
    {
      config: { access: READERS },
      schema: { summary: 'Stations of the caller’s congress and below', querystring: Type.Object({ tenant: TenantQuery, q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), ...Page, format: Format }), response: { 200: Items(Station) } },
    },
    async (request, reply) => {
      const { tenant, format, ...filter } = request.query;
      const tenantPath = tenantParam(request.principal, tenant, '/query/tenant', READERS);
      const items = await scoped(deps, request, (scope) => listStations(scope, { ...filter, tenantPath }));
      return sendList(
        reply,
        format,
        '代表履职平台',
        [
          { key: 'name', header: '名称', width: 28 },
          { key: 'kind', header: '类型', width: 18 },
          { key: 'place', header: '所在乡镇', width: 14 },
          { key: 'address', header: '地址', width: 30 },
        ],
        { items },
        () => items.map((s) => ({ name: s.name, kind: STATION_KIND_LABELS[s.kind], place: tenantName(s.tenantPath), address: s.address })),
      );
    },
  );

  app.get('/stations/:id', { config: { access: READERS }, schema: { summary: 'A station with its eight-haves checklist and groups', params: IdParams, response: { 200: StationDetail } } }, async (request) =>
    scoped(deps, request, (scope) => getStation(scope, request.params.id)),
  );

  app.patch(
    '/stations/:id',
    {
      config: { access: RECORDERS },
      schema: { params: IdParams, body: Type.Object({ name: Type.Optional(Text(200)), kind: Type.Optional(Type.Enum([...STATION_KINDS])), address: OptText(300) }, { additionalProperties: false, minProperties: 1 }), response: { 200: Station } },
    },
    async (request) => scoped(deps, request, (scope) => updateStation(scope, request.params.id, request.body)),
  );

  app.put(
    '/stations/:id/eight-haves/:item',
    {
      config: { access: RECORDERS },
      schema: {
        summary: 'Record one of the eight haves (八有) with its evidence',
        params: Type.Object({ id: Uuid, item: Type.Enum([...EIGHT_HAVES]) }),
        body: Type.Object({ present: Type.Boolean(), evidence: OptText(1000), note: OptText(1000) }, { additionalProperties: false }),
        response: { 200: EightHaves },
      },
    },
    async (request) => scoped(deps, request, (scope) => setEightHave(scope, request.params.id, request.params.item, request.body)),
  );

  app.post(
    '/stations/:id/records',
    {
      config: { access: RECORDERS },
      schema: {
        summary: 'An entry of a station’s own books: meeting (会议记录), letter or visit (来信来访), archive (档案)',
        params: IdParams,
        body: Type.Object(
          { book: Type.Enum([...STATION_BOOKS]), recordedOn: DateOnly, title: Text(300), people: OptText(1000), content: OptText(4000), handling: OptText(2000) },
          { additionalProperties: false },
        ),
        response: { 201: StationRecord },
      },
    },
    async (request, reply) => reply.code(201).send(await scoped(deps, request, (scope) => addStationRecord(scope, request.params.id, request.body))),
  );

  app.get(
    '/stations/:id/records',
    { config: { access: READERS }, schema: { params: IdParams, querystring: Type.Object({ book: Type.Optional(Type.Enum([...STATION_BOOKS])), year: Type.Optional(Year) }), response: { 200: Items(StationRecord) } } },
    async (request) => ({ items: await scoped(deps, request, (scope) => listStationRecords(scope, request.params.id, request.query)) }),
  );

  app.post(
    '/groups',
    {
      config: { access: ORGANISERS },
      schema: {
        summary: 'Form a mixed group (混合编组) attached to a station',
        body: Type.Object({ name: Text(200), stationId: Uuid, liaisonName: OptText(50), liaisonUserId: OptText(100) }, { additionalProperties: false }),
        response: { 201: Group },
      },
    },
    async (request, reply) => reply.code(201).send(await scoped(deps, request, (scope) => createGroup(scope, request.body))),
  );

  app.get(
    '/groups',
    { config: { access: READERS }, schema: { querystring: Type.Object({ stationId: Type.Optional(Uuid), tenant: TenantQuery, ...Page, format: Format }), response: { 200: Items(Group) } } },
    async (request, reply) => {
      const { tenant, format, ...filter } = request.query;
      const tenantPath = tenantParam(request.principal, tenant, '/query/tenant', READERS);
      const items = await scoped(deps, request, (scope) => listGroups(scope, { ...filter, tenantPath }));
      return sendList(
        reply,
        format,
        '混合编组代表小组',
        [
          { key: 'name', header: '小组名称', width: 24 },
          { key: 'place', header: '所在乡镇', width: 14 },
          { key: 'liaison', header: '联络员', width: 10 },
          { key: 'dissolvedOn', header: '撤销日期', width: 11 },
        ],
        { items },
        () => items.map((g) => ({ name: g.name, place: tenantName(g.tenantPath), liaison: g.liaisonName, dissolvedOn: g.dissolvedOn })),
      );
    },
  );

  app.get('/groups/:id', { config: { access: READERS }, schema: { summary: 'A group with its current members', params: IdParams, response: { 200: GroupDetail } } }, async (request) =>
    scoped(deps, request, (scope) => getGroup(scope, request.params.id)),
  );

  app.patch(
    '/groups/:id',
    {
      config: { access: ORGANISERS },
      schema: {
        params: IdParams,
        body: Type.Object({ name: Type.Optional(Text(200)), liaisonName: OptText(50), liaisonUserId: OptText(100), dissolvedOn: Type.Optional(Type.Union([DateOnly, Type.Null()])) }, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Group },
      },
    },
    async (request) => scoped(deps, request, (scope) => updateGroup(scope, request.params.id, request.body)),
  );

  app.put(
    '/groups/:id/members/:personId',
    {
      config: { access: ORGANISERS },
      schema: {
        summary: 'Add a deputy of any level to the group, or change their role (one leader 组长)',
        params: Type.Object({ id: Uuid, personId: Uuid }),
        body: Type.Object({ role: Type.Enum([...GROUP_ROLES]), joinedOn: Type.Optional(DateOnly) }, { additionalProperties: false }),
        response: { 200: Items(GroupMember) },
      },
    },
    async (request) => ({ items: await scoped(deps, request, (scope) => setMember(scope, request.params.id, request.params.personId, request.body.role, request.body.joinedOn ?? today())) }),
  );

  app.delete(
    '/groups/:id/members/:personId',
    {
      config: { access: ORGANISERS },
      schema: { summary: 'A member leaves the group (kept in its history)', params: Type.Object({ id: Uuid, personId: Uuid }), querystring: Type.Object({ leftOn: Type.Optional(DateOnly) }), response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await scoped(deps, request, (scope) => removeMember(scope, request.params.id, request.params.personId, request.query.leftOn ?? today()));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/assistance',
    {
      config: { access: RECORDERS },
      schema: {
        summary: 'Pair a deputy with a household they help (代表联系帮扶)',
        body: Type.Object(
          {
            personId: Uuid,
            stationId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            household: Text(100),
            village: OptText(100),
            reason: OptText(500),
            measures: OptText(2000),
            startedOn: DateOnly,
            endedOn: Type.Optional(Type.Union([DateOnly, Type.Null()])),
            outcome: OptText(2000),
          },
          { additionalProperties: false },
        ),
        response: { 201: Assistance },
      },
    },
    async (request, reply) => reply.code(201).send(await scoped(deps, request, (scope) => addAssistance(scope, request.body))),
  );

  app.get(
    '/assistance',
    { config: { access: READERS }, schema: { querystring: Type.Object({ personId: Type.Optional(Uuid), stationId: Type.Optional(Uuid), year: Type.Optional(Year), format: Format }), response: { 200: Items(Assistance) } } },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const items = await scoped(deps, request, (scope) => listAssistance(scope, filter));
      return sendList(
        reply,
        format,
        '代表帮扶',
        [
          { key: 'household', header: '帮扶对象（户主）', width: 14 },
          { key: 'village', header: '所在村（组）', width: 14 },
          { key: 'reason', header: '致贫原因', width: 14 },
          { key: 'measures', header: '帮扶措施', width: 24 },
          { key: 'startedOn', header: '开始时间', width: 11 },
          { key: 'endedOn', header: '结束时间', width: 11 },
          { key: 'outcome', header: '帮扶成效', width: 20 },
        ],
        { items },
        () => items,
      );
    },
  );

  app.patch(
    '/assistance/:id',
    {
      config: { access: RECORDERS },
      schema: {
        params: IdParams,
        body: Type.Object({ measures: OptText(2000), endedOn: Type.Optional(Type.Union([DateOnly, Type.Null()])), outcome: OptText(2000) }, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Assistance },
      },
    },
    async (request) => scoped(deps, request, (scope) => updateAssistance(scope, request.params.id, request.body)),
  );
}
