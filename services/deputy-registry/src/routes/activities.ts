// Activities, attendance, photos and linked-activity plans.
import { detectContent } from '@onenet/files';
import { Type, type KitApp } from '@onenet/kit';
import { addPhoto, createPlan, getActivity, getPhoto, getPlan, listActivities, listPlans, PHOTO_CONTENT_TYPES, recordActivity, setParticipants, updateActivity } from '../db/activities.ts';
import { ACTIVITY_LABELS } from '../domain/activities.ts';
import { dateSpan } from '../domain/ledgers.ts';
import { invalid } from '../errors.ts';
import { Activity, ActivityDetail, ActivityKind, DateOnly, Format, IdParams, Items, OptText, Page, Participant, Photo, Plan, PlanDetail, TenantQuery, Text, Uuid, Year } from './schemas.ts';
import { READERS, RECORDERS, scoped, sendList, tenantParam, type RouteDeps } from './support.ts';

export function activityRoutes(app: KitApp, deps: RouteDeps): void {
  app.post(
    '/activities',
    {
      config: { access: RECORDERS },
      schema: {
        summary: 'Record an activity (1–2 days) with its participants and their attendance',
        body: Type.Object(
          {
            kind: ActivityKind,
            theme: Text(200),
            startDate: DateOnly,
            endDate: Type.Optional(DateOnly),
            place: OptText(200),
            outcome: OptText(2000),
            stationId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            groupId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            planId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            incomeSkill: Type.Optional(Type.Boolean({ description: 'a training teaching an income skill (致富技术)' })),
            participants: Type.Array(Participant, { maxItems: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ActivityDetail },
      },
    },
    async (request, reply) => reply.code(201).send(await scoped(deps, request, (scope) => recordActivity(scope, request.body))),
  );

  app.get(
    '/activities',
    {
      config: { access: READERS },
      schema: {
        summary: 'Activities of the caller’s congress and below; ?format=xlsx exports the list',
        querystring: Type.Object({
          tenant: TenantQuery,
          stationId: Type.Optional(Uuid),
          groupId: Type.Optional(Uuid),
          planId: Type.Optional(Uuid),
          personId: Type.Optional(Uuid),
          kind: Type.Optional(ActivityKind),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
          ...Page,
          limit: Type.Integer({ minimum: 1, maximum: 20_000, default: 50 }),
          format: Format,
        }),
        response: { 200: Items(Activity) },
      },
    },
    async (request, reply) => {
      const { tenant, format, ...filter } = request.query;
      const tenantPath = tenantParam(request.principal, tenant, '/query/tenant', READERS);
      const items = await scoped(deps, request, (scope) => listActivities(scope, { ...filter, tenantPath }));
      return sendList(
        reply,
        format,
        '代表活动',
        [
          { key: 'date', header: '活动日期', width: 22 },
          { key: 'kind', header: '活动类型', width: 10 },
          { key: 'theme', header: '活动主题', width: 30 },
          { key: 'place', header: '活动地点', width: 18 },
          { key: 'outcome', header: '活动成效', width: 30 },
        ],
        { items },
        () => items.map((a) => ({ date: dateSpan(a.startDate, a.endDate), kind: ACTIVITY_LABELS[a.kind], theme: a.theme, place: a.place, outcome: a.outcome })),
      );
    },
  );

  app.get('/activities/:id', { config: { access: READERS }, schema: { params: IdParams, response: { 200: ActivityDetail } } }, async (request) =>
    scoped(deps, request, (scope) => getActivity(scope, request.params.id)),
  );

  app.patch(
    '/activities/:id',
    {
      config: { access: RECORDERS },
      schema: {
        summary: 'Correct an activity, or cancel it (its participants’ duty facts stop counting)',
        params: IdParams,
        body: Type.Object(
          { theme: Type.Optional(Text(200)), startDate: Type.Optional(DateOnly), endDate: Type.Optional(DateOnly), place: OptText(200), outcome: OptText(2000), cancelled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: ActivityDetail },
      },
    },
    async (request) => scoped(deps, request, (scope) => updateActivity(scope, request.params.id, request.body)),
  );

  app.put(
    '/activities/:id/participants',
    {
      config: { access: RECORDERS },
      schema: { summary: 'Replace the participants and their attendance', params: IdParams, body: Type.Object({ participants: Type.Array(Participant, { maxItems: 500 }) }, { additionalProperties: false }), response: { 200: ActivityDetail } },
    },
    async (request) => scoped(deps, request, (scope) => setParticipants(scope, request.params.id, request.body.participants)),
  );

  app.post(
    '/activities/:id/photos',
    {
      config: { access: RECORDERS },
      bodyLimit: deps.ctx.config.REGISTRY_UPLOAD_LIMIT_BYTES,
      schema: {
        summary: `Upload a photo (body: the image; ${PHOTO_CONTENT_TYPES.join(', ')}, as its bytes say)`,
        params: IdParams,
        querystring: Type.Object({ caption: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 201: Photo },
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw invalid('/body', `must be the image bytes with content-type ${PHOTO_CONTENT_TYPES.join(', ')}`);
      // The type is what the bytes say, not what the client claims.
      const { mime } = await detectContent(body, '/body', { accept: PHOTO_CONTENT_TYPES, maxBytes: deps.ctx.config.REGISTRY_UPLOAD_LIMIT_BYTES });
      const photo = await scoped(deps, request, (scope) => addPhoto(scope, deps.storage, request.params.id, body, mime, request.query.caption ?? null));
      return reply.code(201).send(photo);
    },
  );

  app.get(
    '/activities/:id/photos/:photoId',
    { config: { access: READERS }, schema: { summary: 'A photo’s bytes', params: Type.Object({ id: Uuid, photoId: Uuid }) } },
    async (request, reply) => {
      const photo = await scoped(deps, request, (scope) => getPhoto(scope, deps.storage, request.params.id, request.params.photoId));
      return reply.type(photo.contentType).header('cache-control', 'private, max-age=3600').send(photo.data);
    },
  );

  app.post(
    '/plans',
    {
      config: { access: RECORDERS },
      schema: {
        summary: 'A yearly linked-activity plan (联动履职) with one theme per quarter',
        body: Type.Object(
          {
            year: Year,
            title: Text(200),
            stationId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            groupId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            quarters: Type.Array(Type.Object({ quarter: Type.Integer({ minimum: 1, maximum: 4 }), theme: Text(200) }, { additionalProperties: false }), { minItems: 1, maxItems: 4 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: PlanDetail },
      },
    },
    async (request, reply) => reply.code(201).send(await scoped(deps, request, (scope) => createPlan(scope, request.body))),
  );

  app.get(
    '/plans',
    { config: { access: READERS }, schema: { querystring: Type.Object({ year: Type.Optional(Year), tenant: TenantQuery, stationId: Type.Optional(Uuid) }), response: { 200: Items(Plan) } } },
    async (request) => {
      const { tenant, ...filter } = request.query;
      const tenantPath = tenantParam(request.principal, tenant, '/query/tenant', READERS);
      return { items: await scoped(deps, request, (scope) => listPlans(scope, { ...filter, tenantPath })) };
    },
  );

  app.get('/plans/:id', { config: { access: READERS }, schema: { summary: 'A plan with, per quarter, its theme and the activities held', params: IdParams, response: { 200: PlanDetail } } }, async (request) =>
    scoped(deps, request, (scope) => getPlan(scope, request.params.id)),
  );
}
