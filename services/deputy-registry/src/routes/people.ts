// Public profiles, people, mandates, history.
import { Type, type KitApp, Forbidden, NotFound, invalid } from '@onenet/kit';
import type { FastifyReply } from 'fastify';
import { getProfile, getPublicPhoto, searchProfiles, type PublicProfile as PublicProfileData } from '../db/public.ts';
import { detectContent } from '@onenet/files';
import {
  addMandate,
  endMandate,
  getPerson,
  getPersonPhoto,
  listMandates,
  listPersons,
  PERSON_PHOTO_TYPES,
  personHistory,
  registerPerson,
  removePersonPhoto,
  setPersonPhoto,
  updateMandate,
  updatePerson,
  type PersonListItem,
} from '../db/persons.ts';
import { GENDER_LABELS } from '../domain/identity.ts';
import { LEVEL_LABELS } from '../domain/levels.ts';
import {
  DateOnly,
  Format,
  HistoryEntry,
  IdParams,
  Items,
  Level,
  Mandate,
  MandateInput,
  MandateStatus,
  Page,
  Paged,
  Person,
  PersonDetail,
  PersonFields,
  PersonListItem as PersonListItemSchema,
  PublicProfile,
  TenantQuery,
  Text,
  Uuid,
} from './schemas.ts';
import { AUDITORS, PUBLIC, READERS, READERS_OR_DEPUTY, REGISTRARS, scoped, sendList, tenantName, tenantParam, type RouteDeps } from './support.ts';

const withNames = (profile: PublicProfileData) => ({
  ...profile,
  mandates: profile.mandates.map((m) => ({ ...m, tenantName: tenantName(m.tenantPath) })),
});

const MANDATE_STATUS_LABELS = { active: '在任', resigned: '辞职', terminated: '终止', ended: '任期届满' } as const;

const ROSTER_COLUMNS = [
  { key: 'name', header: '姓名', width: 10 },
  { key: 'gender', header: '性别', width: 5 },
  { key: 'ethnicity', header: '民族', width: 8 },
  { key: 'birthMonth', header: '出生年月', width: 9 },
  { key: 'levels', header: '代表层级', width: 14 },
  { key: 'terms', header: '届次', width: 12 },
  { key: 'constituencies', header: '选区', width: 16 },
  { key: 'occupation', header: '职业', width: 14 },
  { key: 'workplace', header: '工作单位', width: 24 },
];

const rosterRow = (p: PersonListItem) => ({
  name: p.name,
  gender: p.gender ? GENDER_LABELS[p.gender] : null,
  ethnicity: p.ethnicity,
  birthMonth: p.birthMonth,
  levels: p.mandates.map((m) => LEVEL_LABELS[m.level]).join('、'),
  terms: p.mandates.map((m) => m.term).join('、'),
  constituencies: p.mandates.map((m) => m.constituency).filter(Boolean).join('、'),
  occupation: p.occupation,
  workplace: p.workplace,
});

export function peopleRoutes(app: KitApp, deps: RouteDeps): void {
  app.get(
    '/public/profiles',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['public'],
        summary: '代表信息公开: search deputies by name, level, constituency, congress — public fields only',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'part of the name' })),
          level: Type.Optional(Level),
          constituency: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'exact constituency name' })),
          tenant: TenantQuery,
          ...Page,
        }),
        response: { 200: Type.Object({ items: Type.Array(PublicProfile), total: Type.Integer(), totalExact: Type.Boolean({ description: 'false: there are at least `total` matches' }) }) },
      },
    },
    async (request) => {
      const { q, level, constituency, tenant, limit, offset } = request.query;
      const tenantPath = tenantParam(undefined, tenant, '/query/tenant');
      const result = await searchProfiles(deps.ctx.db, { q, level, constituency, tenantPath, limit, offset });
      return { total: result.total, totalExact: result.totalExact, items: result.items.map(withNames) };
    },
  );

  app.get(
    '/public/profiles/:id',
    { config: { access: PUBLIC }, schema: { tags: ['public'], summary: "A deputy's public profile", params: IdParams, response: { 200: PublicProfile } } },
    async (request) => {
      const profile = await getProfile(deps.ctx.db, request.params.id);
      if (!profile) throw new NotFound(`no published deputy ${request.params.id}`);
      return withNames(profile);
    },
  );

  app.get(
    '/public/profiles/:id/photo',
    { config: { access: PUBLIC }, schema: { tags: ['public'], summary: "A published deputy's uploaded photo (the profile's photoUrl)", params: IdParams } },
    async (request, reply) => {
      const photo = await getPublicPhoto(deps.ctx.db, deps.storage, request.params.id);
      if (!photo) throw new NotFound(`no published photo of deputy ${request.params.id}`);
      // The URL carries the photo's version (?v=): a new photo is a new URL, so caching is safe.
      return sendPhoto(reply, photo, 'public, max-age=86400');
    },
  );

  app.post(
    '/persons',
    {
      config: { access: REGISTRARS },
      schema: {
        summary: 'Register a deputy: matched by ID number against every level, created only when new; optionally with a mandate of this congress',
        body: Type.Object({ name: Text(100), ...PersonFields, mandate: Type.Optional(MandateInput) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ personId: Uuid, matched: Type.Literal(true), mandate: Type.Optional(Mandate) }),
          201: Type.Object({ personId: Uuid, matched: Type.Boolean(), mandate: Type.Optional(Mandate) }),
        },
      },
    },
    async (request, reply) => {
      const { mandate, ...fields } = request.body;
      const result = await scoped(deps, request, (scope) => registerPerson(scope, deps.secrets, fields, mandate));
      return reply.code(result.matched && !result.mandate ? 200 : 201).send(result);
    },
  );

  app.get(
    '/persons',
    {
      config: { access: READERS },
      schema: {
        summary: 'People the caller’s congress sees, with their mandates; ?format=xlsx exports the list',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
          level: Type.Optional(Level),
          status: Type.Optional(Type.Union([MandateStatus, Type.Literal('any')])),
          tenant: TenantQuery,
          constituency: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          term: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
          ...Page,
          limit: Type.Integer({ minimum: 1, maximum: 20_000, default: 50 }),
          format: Format,
        }),
        response: { 200: Paged(PersonListItemSchema) },
      },
    },
    async (request, reply) => {
      const { tenant, format, ...filter } = request.query;
      const tenantPath = tenantParam(request.principal, tenant, '/query/tenant', READERS);
      const result = await scoped(deps, request, (scope) => listPersons(scope, { ...filter, tenantPath }));
      return sendList(reply, format, '代表名册', ROSTER_COLUMNS, result, () => result.items.map(rosterRow));
    },
  );

  app.get('/me', { config: { access: { roles: ['deputy'] } }, schema: { summary: 'The calling deputy’s own record', response: { 200: PersonDetail } } }, async (request) => {
    const deputyId = request.principal?.deputyId;
    if (!deputyId) throw new NotFound('this login is not linked to a deputy (no deputy_id in the token)');
    return scoped(deps, request, (scope, principal) => getPerson(scope, deps.secrets, principal, deputyId));
  });

  app.get(
    '/persons/:id',
    { config: { access: READERS_OR_DEPUTY }, schema: { summary: 'A person with mandates and groups; private data only for the registering/electing congress', params: IdParams, response: { 200: PersonDetail } } },
    async (request) =>
      scoped(deps, request, (scope, principal) => {
        const onlyDeputy = principal.roles.every((r) => r === 'deputy');
        if (onlyDeputy && principal.deputyId !== request.params.id) throw new Forbidden('a deputy may read their own record only');
        return getPerson(scope, deps.secrets, principal, request.params.id);
      }),
  );

  app.patch(
    '/persons/:id',
    {
      config: { access: REGISTRARS },
      schema: {
        summary: 'Change a person the caller’s congress manages',
        params: IdParams,
        body: Type.Object({ name: Type.Optional(Text(100)), ...PersonFields }, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Person },
      },
    },
    async (request) => scoped(deps, request, (scope) => updatePerson(scope, deps.secrets, request.params.id, request.body)),
  );

  app.put(
    '/persons/:id/photo',
    {
      config: { access: REGISTRARS },
      bodyLimit: deps.ctx.config.REGISTRY_UPLOAD_LIMIT_BYTES,
      schema: {
        summary: `Upload a person's photo, replacing the one before (body: the image; ${PERSON_PHOTO_TYPES.join(', ')}, as the bytes say)`,
        params: IdParams,
        response: { 200: Person },
      },
    },
    async (request) => {
      const body = request.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw invalid('/body', `must be the image bytes (${PERSON_PHOTO_TYPES.join(', ')})`);
      const photo = await detectContent(body, '/body', { accept: PERSON_PHOTO_TYPES, maxBytes: deps.ctx.config.REGISTRY_PHOTO_LIMIT_BYTES });
      const { person, replacedKey } = await scoped(deps, request, (scope) =>
        setPersonPhoto(scope, deps.storage, request.params.id, { data: body, ...photo }, deps.ctx.config.REGISTRY_PUBLIC_PATH),
      );
      if (replacedKey) await removeFile(deps, replacedKey);
      return person;
    },
  );

  app.delete(
    '/persons/:id/photo',
    { config: { access: REGISTRARS }, schema: { summary: "Remove a person's uploaded photo", params: IdParams, response: { 200: Person } } },
    async (request) => {
      const { person, removedKey } = await scoped(deps, request, (scope) => removePersonPhoto(scope, request.params.id));
      await removeFile(deps, removedKey);
      return person;
    },
  );

  app.get(
    '/persons/:id/photo',
    { config: { access: READERS_OR_DEPUTY }, schema: { summary: "A person's uploaded photo, published or not", params: IdParams } },
    async (request, reply) => {
      const photo = await scoped(deps, request, (scope, principal) => {
        const onlyDeputy = principal.roles.every((r) => r === 'deputy');
        if (onlyDeputy && principal.deputyId !== request.params.id) throw new Forbidden('a deputy may see their own photo only');
        return getPersonPhoto(scope, deps.storage, request.params.id);
      });
      return sendPhoto(reply, photo, 'private, no-cache');
    },
  );

  app.get(
    '/persons/:id/history',
    { config: { access: AUDITORS }, schema: { summary: 'Every recorded change of a person (private values shown only as changed)', params: IdParams, response: { 200: Items(HistoryEntry) } } },
    async (request) => ({ items: await scoped(deps, request, (scope) => personHistory(scope, 'person', request.params.id)) }),
  );

  app.post(
    '/persons/:id/mandates',
    { config: { access: REGISTRARS }, schema: { summary: 'Add a mandate elected by the caller’s congress', params: IdParams, body: MandateInput, response: { 201: Mandate } } },
    async (request, reply) => reply.code(201).send(await scoped(deps, request, (scope) => addMandate(scope, request.params.id, request.body))),
  );

  app.get(
    '/mandates',
    {
      config: { access: READERS },
      schema: {
        summary: 'Mandates elected by the caller’s congress and those below',
        querystring: Type.Object({ personId: Type.Optional(Uuid), tenant: TenantQuery, level: Type.Optional(Level), status: Type.Optional(MandateStatus), ...Page, limit: Type.Integer({ minimum: 1, maximum: 20_000, default: 50 }), format: Format }),
        response: { 200: Items(Mandate) },
      },
    },
    async (request, reply) => {
      const { tenant, format, ...filter } = request.query;
      const tenantPath = tenantParam(request.principal, tenant, '/query/tenant', READERS);
      const items = await scoped(deps, request, (scope) => listMandates(scope, { ...filter, tenantPath }));
      return sendList(
        reply,
        format,
        '代表资格',
        [
          { key: 'tenant', header: '选举机关', width: 16 },
          { key: 'level', header: '代表层级', width: 10 },
          { key: 'term', header: '届次', width: 10 },
          { key: 'constituency', header: '选区', width: 16 },
          { key: 'delegation', header: '代表团', width: 14 },
          { key: 'startDate', header: '任期开始', width: 11 },
          { key: 'endDate', header: '任期结束', width: 11 },
          { key: 'status', header: '状态', width: 8 },
        ],
        { items },
        () =>
          items.map((m) => ({
            tenant: tenantName(m.tenantPath) ?? m.tenantPath,
            level: LEVEL_LABELS[m.level],
            term: m.term,
            constituency: m.constituency,
            delegation: m.delegation,
            startDate: m.startDate,
            endDate: m.endDate,
            status: MANDATE_STATUS_LABELS[m.status],
          })),
      );
    },
  );

  app.patch(
    '/mandates/:id',
    {
      config: { access: REGISTRARS },
      schema: {
        summary: 'Correct an active mandate (electing congress only)',
        params: IdParams,
        body: Type.Object(
          { term: Type.Optional(Text(50)), delegation: MandateInput.properties.delegation, constituency: MandateInput.properties.constituency, startDate: Type.Optional(DateOnly), endDate: Type.Optional(Type.Union([DateOnly, Type.Null()])) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Mandate },
      },
    },
    async (request) => scoped(deps, request, (scope) => updateMandate(scope, request.params.id, request.body)),
  );

  app.post(
    '/mandates/:id/end',
    {
      config: { access: REGISTRARS },
      schema: {
        summary: 'End a mandate: term ended, resigned (辞职) or terminated (终止代表资格)',
        params: IdParams,
        body: Type.Object({ endDate: DateOnly, reason: Type.Enum(['term-ended', 'resigned', 'terminated']) }, { additionalProperties: false }),
        response: { 200: Mandate },
      },
    },
    async (request) => scoped(deps, request, (scope) => endMandate(scope, request.params.id, request.body.endDate, request.body.reason)),
  );

  app.get(
    '/history',
    {
      config: { access: AUDITORS },
      schema: {
        summary: 'The recorded changes of any entity (person, mandate, station, group, activity, plan, assistance, scoring-scheme, roster-import)',
        querystring: Type.Object({ entity: Type.String({ minLength: 1, maxLength: 50 }), entityId: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Items(HistoryEntry) },
      },
    },
    async (request) => ({ items: await scoped(deps, request, (scope) => personHistory(scope, request.query.entity, request.query.entityId)) }),
  );
}

function sendPhoto(reply: FastifyReply, photo: { data: Buffer; contentType: string }, cacheControl: string) {
  return reply.type(photo.contentType).header('cache-control', cacheControl).header('x-content-type-options', 'nosniff').send(photo.data);
}

/** Deletes a file no row points at any more (after the commit); a failure leaves an orphan, logged. */
async function removeFile(deps: RouteDeps, key: string): Promise<void> {
  await deps.storage.delete(key).catch((error: unknown) => deps.ctx.log.warn({ err: error, key }, 'could not delete a replaced file; it is left orphaned'));
}
