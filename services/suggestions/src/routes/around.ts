// Around the workflow: key supervision (重点督办), look-back (回头看), conversation threads,
// assessment (绩效考评), progress and results notices (通报), attachments.
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type KitApp } from '@onenet/kit';
import type { Principal } from '@onenet/auth';
import { chinaDay } from '../domain/calendar.ts';
import { Conflict, Forbidden, IllegalTransition, invalid, NotFound, PayloadTooLarge, UnsupportedMediaType } from '../errors.ts';
import { LookbackChanged, MessagePosted, NoticePublished, SupervisionChanged } from '@onenet/contracts';
import { listXlsx, XLSX } from '../files/exports.ts';
import { noticePdf, noticeXlsx, type NoticeTable } from '../files/notices.ts';
import { checkUpload, DOCUMENT_TYPES, IMAGE_TYPES } from '../files/uploads.ts';
import { assessUnits, progressRows, resultRows } from '../workflow/assessment.ts';
import { activeAssignments, lockItem, newId, partsOf, type Trx } from '../workflow/engine.ts';
import * as op from '../workflow/operations.ts';
import { getItem, visibility } from '../workflow/queries.ts';
import { tenantName } from '../workflow/tenants.ts';
import { Assessment, AttachmentStored, checkedOnSend, FileResponse, Items, JsonOrXlsx, Lookback, LookbackSummary, Message, MessagePostedSchema, Notice, Supervision, SupervisionSelected } from './schemas.ts';
import { DateOnly, IdParams, Nullable, PARTICIPANTS, PUBLIC, Reason, scoped, STAFF, STAFF_OR_LEADER, SUPERVISORS, Text, Uuid, Year, type RouteDeps } from './support.ts';

const isOwnCongress = (principal: Principal, tenantPath: string) => principal.tenantPath === tenantPath;

export function aroundRoutes(app: KitApp, deps: RouteDeps): void {
  const { ctx, storage } = deps;
  const today = () => chinaDay(ctx.clock.now());

  // ------------------------------------------------------------ 4. key supervision (重点督办)
  app.post(
    '/supervisions',
    {
      config: { access: STAFF_OR_LEADER },
      schema: {
        summary: "Select an item for the year's key supervision, led by a standing-committee leader with a supervision group",
        body: Type.Object(
          {
            suggestionId: Uuid,
            year: Year,
            leaderUserId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            leaderName: Type.Optional(Text(50)),
            members: Type.Array(Type.Object({ name: Text(50), role: Type.Enum(['member', 'deputy', 'staff', 'expert']) }, { additionalProperties: false }), { maxItems: 50 }),
            governmentLeader: Type.Optional(Nullable(Type.String({ maxLength: 100, description: '领衔办理: the government leader who leads the handling' }))),
            goal: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: SupervisionSelected },
      },
    },
    async (request, reply) => {
      const result = await scoped(deps, request, async (trx, principal) => {
        const b = request.body;
        const item = await lockItem(trx, b.suggestionId);
        if (!isOwnCongress(principal, item.tenant_path)) throw new Forbidden("key supervision is chosen by the item's own congress");
        if (['draft', 'co-signing', 'submitted', 'not-accepted', 'withdrawn'].includes(item.state)) throw new IllegalTransition(item.state, 'select-key-supervision', `an item that is "${item.state}" cannot be chosen for key supervision`);
        const existing = await trx.selectFrom('suggestions.supervisions').select('id').where('suggestion_id', '=', item.id).executeTakeFirst();
        if (existing) throw new Conflict('this item is already under key supervision');
        const leaderIsCaller = principal.roles.includes('leader');
        const leaderUserId = b.leaderUserId ?? (leaderIsCaller ? principal.userId : undefined);
        const leaderName = b.leaderName ?? (leaderIsCaller ? principal.name : undefined);
        if (!leaderUserId || !leaderName) throw invalid('/body/leaderUserId', 'name the standing-committee leader who leads the supervision');
        const id = newId();
        await trx
          .insertInto('suggestions.supervisions')
          .values({ id, tenant_path: item.tenant_path, year: b.year, suggestion_id: item.id, leader_user_id: leaderUserId, leader_name: leaderName, members: JSON.stringify(b.members), government_leader: b.governmentLeader ?? null, goal: b.goal ?? null })
          .execute();
        await trx.updateTable('suggestions.suggestions').set({ key_supervision: true }).where('id', '=', item.id).execute();
        await ctx.enqueue(trx, SupervisionChanged, {
          tenantPath: item.tenant_path,
          actor: { userId: principal.userId, name: principal.name },
          data: { supervisionId: id, suggestionId: item.id, year: b.year, change: 'selected', leaderUserId, activityKind: null },
        });
        return { id, suggestionId: item.id, leaderName, year: b.year };
      });
      return reply.code(201).send(result);
    },
  );

  const supervisionOf = async (trx: Trx, id: string) => {
    const s = await trx
      .selectFrom('suggestions.supervisions as v')
      .innerJoin('suggestions.suggestions as s', 's.id', 'v.suggestion_id')
      .selectAll('v')
      .select(['s.number', 's.title', 's.state', 's.result_category', 's.satisfaction'])
      .where('v.id', '=', id)
      .executeTakeFirst();
    if (!s) throw new NotFound(`no supervision ${id}`);
    const activities = await trx.selectFrom('suggestions.supervision_activities').selectAll().where('supervision_id', '=', id).orderBy('held_on').execute();
    return checkedOnSend(Supervision, {
      id: s.id,
      year: s.year,
      suggestion: { id: s.suggestion_id, number: s.number, title: s.title, state: s.state, resultCategory: s.result_category, satisfaction: s.satisfaction },
      leaderUserId: s.leader_user_id,
      leaderName: s.leader_name,
      members: s.members,
      governmentLeader: s.government_leader,
      goal: s.goal,
      status: s.status,
      conclusion: s.conclusion,
      activities: activities.map((a) => ({ id: a.id, kind: a.kind, heldOn: a.held_on, place: a.place, participants: a.participants, summary: a.summary })),
    });
  };

  app.get(
    '/supervisions',
    { config: { access: SUPERVISORS }, schema: { summary: "The year's key supervision items", querystring: Type.Object({ year: Type.Optional(Year) }), response: { 200: Items(Supervision) } } },
    async (request) =>
      scoped(deps, request, async (trx) => {
        let q = trx.selectFrom('suggestions.supervisions').select('id');
        if (request.query.year) q = q.where('year', '=', request.query.year);
        const ids = await q.orderBy('created_at').execute();
        return { items: await Promise.all(ids.map((r) => supervisionOf(trx, r.id as string))) };
      }),
  );

  app.get('/supervisions/:id', { config: { access: SUPERVISORS }, schema: { summary: 'One key supervision with its meetings and site visits', params: IdParams, response: { 200: Supervision } } }, async (request) =>
    scoped(deps, request, (trx) => supervisionOf(trx, request.params.id)),
  );

  app.post(
    '/supervisions/:id/activities',
    {
      config: { access: STAFF_OR_LEADER },
      schema: {
        summary: "Record the supervision group's meeting, site visit or hearing of the unit's report",
        params: IdParams,
        body: Type.Object({ kind: Type.Enum(['meeting', 'site-visit', 'hearing']), heldOn: DateOnly, place: Type.Optional(Nullable(Type.String({ maxLength: 200 }))), participants: Text(2000), summary: Text(10_000) }, { additionalProperties: false }),
        response: { 201: Supervision },
      },
    },
    async (request, reply) => {
      const result = await scoped(deps, request, async (trx, principal) => {
        const s = await trx.selectFrom('suggestions.supervisions').selectAll().where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (!s) throw new NotFound(`no supervision ${request.params.id}`);
        if (!isOwnCongress(principal, s.tenant_path as string)) throw new Forbidden("only the item's own congress records its supervision");
        if (s.status !== 'active') throw new IllegalTransition(s.status as string, 'record-activity', 'this supervision is concluded');
        if (request.body.heldOn > today()) throw invalid('/body/heldOn', 'record an activity after it was held');
        const id = newId();
        await trx
          .insertInto('suggestions.supervision_activities')
          .values({ id, supervision_id: s.id, tenant_path: s.tenant_path, kind: request.body.kind, held_on: request.body.heldOn, place: request.body.place ?? null, participants: request.body.participants, summary: request.body.summary, recorded_by: principal.userId })
          .execute();
        await ctx.enqueue(trx, SupervisionChanged, {
          tenantPath: s.tenant_path as string,
          actor: { userId: principal.userId, name: principal.name },
          data: { supervisionId: s.id as string, suggestionId: s.suggestion_id as string, year: s.year as number, change: 'activity-recorded', leaderUserId: s.leader_user_id as string, activityKind: request.body.kind },
        });
        return supervisionOf(trx, s.id as string);
      });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/supervisions/:id/conclude',
    { config: { access: STAFF_OR_LEADER }, schema: { summary: 'Conclude the key supervision with its finding', params: IdParams, body: Type.Object({ conclusion: Text(10_000) }, { additionalProperties: false }), response: { 200: Supervision } } },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        const s = await trx.selectFrom('suggestions.supervisions').selectAll().where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (!s) throw new NotFound(`no supervision ${request.params.id}`);
        if (!isOwnCongress(principal, s.tenant_path as string)) throw new Forbidden("only the item's own congress concludes its supervision");
        if (s.status !== 'active') throw new IllegalTransition(s.status as string, 'conclude', 'this supervision is already concluded');
        await trx.updateTable('suggestions.supervisions').set({ status: 'concluded', conclusion: request.body.conclusion }).where('id', '=', s.id).execute();
        await ctx.enqueue(trx, SupervisionChanged, {
          tenantPath: s.tenant_path as string,
          actor: { userId: principal.userId, name: principal.name },
          data: { supervisionId: s.id as string, suggestionId: s.suggestion_id as string, year: s.year as number, change: 'concluded', leaderUserId: s.leader_user_id as string, activityKind: null },
        });
        return supervisionOf(trx, s.id as string);
      }),
  );

  // ------------------------------------------------------------ 5. look-back (回头看)
  const lookbackOf = async (trx: Trx, id: string, principal: Principal) => {
    const l = await trx.selectFrom('suggestions.lookbacks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!l) throw new NotFound(`no look-back ${id}`);
    let q = trx
      .selectFrom('suggestions.lookback_items as i')
      .innerJoin('suggestions.suggestions as s', 's.id', 'i.suggestion_id')
      .selectAll('i')
      .select(['s.number', 's.title', 's.year', 's.result_category', 's.state'])
      .where('i.lookback_id', '=', id);
    if (principal.roles.includes('handler') && !principal.roles.some((r) => r === 'staff' || r === 'leader')) q = q.where('i.unit_id', '=', principal.unitId ?? '00000000-0000-0000-0000-000000000000');
    const items = await q.orderBy('s.number').execute();
    return checkedOnSend(Lookback, {
      id: l.id,
      title: l.title,
      yearFrom: l.year_from,
      yearTo: l.year_to,
      categories: l.categories,
      createdAt: l.created_at,
      items: items.map((i) => ({
        suggestionId: i.suggestion_id,
        number: i.number,
        title: i.title,
        year: i.year,
        category: i.result_category,
        state: i.state,
        unitId: i.unit_id,
        status: i.status,
        selfCheck: i.self_check,
        selfCheckSolved: i.self_check_solved,
        supervisionNote: i.supervision_note,
      })),
    });
  };

  app.post(
    '/lookbacks',
    {
      config: { access: STAFF },
      schema: {
        summary: 'Start a look-back: choose past answers by year range and category (e.g. A and B of the last three years)',
        body: Type.Object(
          { title: Text(200), yearFrom: Year, yearTo: Year, categories: Type.Array(Type.Enum(['A', 'B', 'C', 'D']), { minItems: 1, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 201: Lookback },
      },
    },
    async (request, reply) => {
      const result = await scoped(deps, request, async (trx, principal) => {
        const b = request.body;
        if (b.yearTo < b.yearFrom) throw invalid('/body/yearTo', 'must not be before yearFrom');
        const id = newId();
        await trx.insertInto('suggestions.lookbacks').values({ id, tenant_path: principal.tenantPath, title: b.title, year_from: b.yearFrom, year_to: b.yearTo, categories: b.categories, created_by: principal.userId }).execute();
        const chosen = await trx
          .selectFrom('suggestions.suggestions')
          .select(['id', 'tenant_path'])
          .where('tenant_path', '=', principal.tenantPath)
          .where('year', '>=', b.yearFrom)
          .where('year', '<=', b.yearTo)
          .where('result_category', 'in', b.categories)
          .where('state', 'in', ['evaluated', 'published', 'follow-up', 'closed'])
          .where('merged_into', 'is', null)
          .execute();
        for (const item of chosen) {
          const lead = (await activeAssignments(trx, item.id as string)).find((a) => a.role !== 'co');
          await trx.insertInto('suggestions.lookback_items').values({ lookback_id: id, suggestion_id: item.id, tenant_path: item.tenant_path, unit_id: lead?.unit_id ?? null }).execute();
        }
        await ctx.enqueue(trx, LookbackChanged, { tenantPath: principal.tenantPath, actor: { userId: principal.userId, name: principal.name }, data: { lookbackId: id, suggestionId: null, change: 'started', itemCount: chosen.length } });
        return lookbackOf(trx, id, principal);
      });
      return reply.code(201).send(result);
    },
  );

  app.get('/lookbacks', { config: { access: { roles: ['staff', 'leader', 'handler'] } }, schema: { summary: 'Look-backs of the caller’s congress and below', response: { 200: Items(LookbackSummary) } } }, async (request) =>
    scoped(deps, request, async (trx) => ({
      items: (await trx.selectFrom('suggestions.lookbacks').selectAll().orderBy('created_at', 'desc').execute()).map((l) =>
        checkedOnSend(LookbackSummary, { id: l.id, title: l.title, yearFrom: l.year_from, yearTo: l.year_to, categories: l.categories, tenantPath: l.tenant_path }),
      ),
    })),
  );
  app.get('/lookbacks/:id', { config: { access: { roles: ['staff', 'leader', 'handler'] } }, schema: { summary: 'A look-back and its items (a handler: its unit’s)', params: IdParams, response: { 200: Lookback } } }, async (request) =>
    scoped(deps, request, (trx, principal) => lookbackOf(trx, request.params.id, principal)),
  );

  const LookbackItemParams = Type.Object({ id: Uuid, suggestionId: Uuid });
  async function lookbackItem(trx: Trx, lookbackId: string, suggestionId: string) {
    const i = await trx.selectFrom('suggestions.lookback_items').selectAll().where('lookback_id', '=', lookbackId).where('suggestion_id', '=', suggestionId).forUpdate().executeTakeFirst();
    if (!i) throw new NotFound('this item is not part of the look-back');
    return i;
  }
  async function moveLookbackItem(trx: Trx, principal: Principal, i: Record<string, any>, change: 'self-checked' | 'under-supervision' | 'confirmed' | 'second-reply-demanded', set: Record<string, unknown>) {
    const allowed: Record<string, string[]> = {
      'self-checked': ['selected'],
      'under-supervision': ['selected', 'self-checked'],
      confirmed: ['self-checked', 'under-supervision'],
      'second-reply-demanded': ['selected', 'self-checked', 'under-supervision'],
    };
    if (!allowed[change]!.includes(i.status)) throw new IllegalTransition(i.status, change, `a look-back item that is "${i.status}" cannot become "${change}"`);
    await trx.updateTable('suggestions.lookback_items').set({ ...set, status: change, updated_at: ctx.clock.now() }).where('lookback_id', '=', i.lookback_id).where('suggestion_id', '=', i.suggestion_id).execute();
    await ctx.enqueue(trx, LookbackChanged, { tenantPath: i.tenant_path, actor: { userId: principal.userId, name: principal.name }, data: { lookbackId: i.lookback_id, suggestionId: i.suggestion_id, change, itemCount: null } });
    return lookbackOf(trx, i.lookback_id, principal);
  }

  app.post(
    '/lookbacks/:id/items/:suggestionId/self-check',
    {
      config: { access: { roles: ['handler'] } },
      schema: { summary: "The unit's self-check: is the answer's promise kept, the problem solved?", params: LookbackItemParams, body: Type.Object({ solved: Type.Boolean(), note: Text(5000) }, { additionalProperties: false }), response: { 200: Lookback } },
    },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        const i = await lookbackItem(trx, request.params.id, request.params.suggestionId);
        if (i.unit_id !== principal.unitId) throw new Forbidden('this item was answered by another unit');
        return moveLookbackItem(trx, principal, i, 'self-checked', { self_check: request.body.note, self_check_solved: request.body.solved, self_checked_at: ctx.clock.now() });
      }),
  );
  app.post(
    '/lookbacks/:id/items/:suggestionId/supervise',
    { config: { access: STAFF_OR_LEADER }, schema: { summary: 'Send the item to the supervision group', params: LookbackItemParams, body: Type.Object({ note: Text(5000) }, { additionalProperties: false }), response: { 200: Lookback } } },
    async (request) =>
      scoped(deps, request, async (trx, principal) => moveLookbackItem(trx, principal, await lookbackItem(trx, request.params.id, request.params.suggestionId), 'under-supervision', { supervision_note: request.body.note })),
  );
  app.post(
    '/lookbacks/:id/items/:suggestionId/confirm',
    { config: { access: STAFF_OR_LEADER }, schema: { summary: 'The answer holds: confirmed', params: LookbackItemParams, body: Type.Object({ note: Text(5000) }, { additionalProperties: false }), response: { 200: Lookback } } },
    async (request) =>
      scoped(deps, request, async (trx, principal) => moveLookbackItem(trx, principal, await lookbackItem(trx, request.params.id, request.params.suggestionId), 'confirmed', { supervision_note: request.body.note })),
  );
  app.post(
    '/lookbacks/:id/items/:suggestionId/demand-second-reply',
    { config: { access: STAFF_OR_LEADER }, schema: { summary: 'The answer did not hold: demand a second reply from the unit', params: LookbackItemParams, body: Reason, response: { 200: Lookback } } },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        const i = await lookbackItem(trx, request.params.id, request.params.suggestionId);
        await op.demandSecondReply(ctx, trx, principal, request.params.suggestionId, request.body.reason, { lookbackId: request.params.id });
        return moveLookbackItem(trx, principal, i, 'second-reply-demanded', { supervision_note: request.body.reason });
      }),
  );

  // ------------------------------------------------------------ 9. conversation threads
  app.get('/suggestions/:id/messages', { config: { access: PARTICIPANTS }, schema: { summary: "The item's thread: deputy, co-signers, handlers and staff", params: IdParams, response: { 200: Items(Message) } } }, async (request) =>
    scoped(deps, request, async (trx, principal) => {
      await getItem(ctx, trx, principal, request.params.id);
      const rows = await trx.selectFrom('suggestions.messages').selectAll().where('suggestion_id', '=', request.params.id).orderBy('created_at').execute();
      return { items: rows.map((m) => checkedOnSend(Message, { id: m.id, authorName: m.author_name, authorPart: m.author_part, body: m.body, at: m.created_at })) };
    }),
  );
  app.post(
    '/suggestions/:id/messages',
    { config: { access: PARTICIPANTS }, schema: { summary: "Post to the item's thread", params: IdParams, body: Type.Object({ body: Text(5000) }, { additionalProperties: false }), response: { 201: MessagePostedSchema } } },
    async (request, reply) => {
      const result = await scoped(deps, request, async (trx, principal) => {
        const seen = await trx.selectFrom('suggestions.suggestions as s').select('s.id').where('s.id', '=', request.params.id).where(visibility(principal)).executeTakeFirst();
        if (!seen) throw new NotFound(`no suggestion ${request.params.id}`);
        const item = await lockItem(trx, request.params.id);
        const parts = await partsOf(trx, principal, item);
        if (!parts.length) throw new Forbidden('only the deputy, co-signers, assigned units and the congress’s staff and leaders talk on this thread');
        const id = newId();
        await trx.insertInto('suggestions.messages').values({ id, suggestion_id: item.id, tenant_path: item.tenant_path, author_user_id: principal.userId, author_name: principal.name, author_part: parts[0], body: request.body.body }).execute();
        const cosigners = await trx.selectFrom('suggestions.cosigners').select('deputy_id').where('suggestion_id', '=', item.id).where('status', '=', 'confirmed').execute();
        const units = await activeAssignments(trx, item.id);
        const recipients = [`user:${item.lead_user_id}`, ...cosigners.map((c) => `deputy:${c.deputy_id as string}`), ...units.map((u) => `unit:${u.unit_id}`), `staff:${item.tenant_path}`].filter((r) => r !== `user:${principal.userId}`);
        await ctx.enqueue(trx, MessagePosted, { tenantPath: item.tenant_path, actor: { userId: principal.userId, name: principal.name }, data: { messageId: id, suggestionId: item.id, authorUserId: principal.userId, authorPart: parts[0]!, recipients } });
        return { id, authorName: principal.name, authorPart: parts[0]!, body: request.body.body };
      });
      return reply.code(201).send(result);
    },
  );

  // ------------------------------------------------------------ 8. assessment
  const ASSESSMENT_COLUMNS = [
    { header: '名次', key: 'rank', width: 6 },
    { header: '承办单位', key: 'unitName', width: 28 },
    { header: '综合得分', key: 'score', width: 10 },
    { header: '承办件数', key: 'assigned', width: 10 },
    { header: '按时签收率', key: 'signForOnTime', width: 12 },
    { header: '见面沟通率', key: 'meeting', width: 12 },
    { header: '按时答复率', key: 'replyOnTime', width: 12 },
    { header: '满意率', key: 'satisfaction', width: 10 },
    { header: '实际解决率', key: 'actuallySolved', width: 12 },
    { header: 'A/B/C/D', key: 'mix', width: 14 },
    { header: '承诺兑现(兑现/未兑现/逾期)', key: 'promises', width: 24 },
    { header: '雷同答复', key: 'boilerplate', width: 10 },
    { header: '优秀', key: 'excellentMark', width: 6 },
  ];
  app.get(
    '/assessment',
    {
      config: { access: SUPERVISORS },
      schema: {
        summary: 'Assessment of handling units for a year: on-time sign-for, meeting and reply rates, satisfaction, category mix, actually solved (apart from satisfaction), ranking; ?format=xlsx',
        querystring: Type.Object({ year: Year, unit: Type.Optional(Uuid), format: Type.Optional(Type.Enum(['json', 'xlsx'])) }),
        response: { 200: JsonOrXlsx(Assessment, 'the units ranked (JSON), or as an Excel file with ?format=xlsx') },
      },
    },
    async (request, reply) => {
      const result = await scoped(deps, request, async (trx) => {
        const units = await assessUnits(trx, request.query.year, today(), request.query.unit);
        const excellentSuggestions = await trx.selectFrom('suggestions.suggestions').select(['id', 'number', 'title', 'lead_name']).where('year', '=', request.query.year).where('excellent', '=', true).orderBy('number').execute();
        return { year: request.query.year, units, excellentSuggestions: excellentSuggestions.map((s) => ({ id: s.id, number: s.number, title: s.title, leadName: s.lead_name })) };
      });
      if (request.query.format === 'xlsx') {
        const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
        const rows = result.units.map((u) => ({
          rank: u.rank,
          unitName: u.unitName,
          score: u.score,
          assigned: u.assigned,
          signForOnTime: pct(u.rates.signForOnTime),
          meeting: pct(u.rates.meeting),
          replyOnTime: pct(u.rates.replyOnTime),
          satisfaction: pct(u.rates.satisfaction),
          actuallySolved: pct(u.rates.actuallySolved),
          mix: `${u.categories.A}/${u.categories.B}/${u.categories.C}/${u.categories.D}`,
          promises: `${u.promisesKept}/${u.promisesBroken}/${u.promisesOverdue}`,
          boilerplate: u.boilerplate,
          excellentMark: u.excellent ? '★' : '',
        }));
        return (reply as FastifyReply).type(XLSX).header('content-disposition', `attachment; filename="assessment-${request.query.year}.xlsx"`).send(await listXlsx(`${request.query.year}年承办单位考评`, ASSESSMENT_COLUMNS, rows));
      }
      return result;
    },
  );

  // ------------------------------------------------------------ 6. notices (通报)
  async function noticeTable(trx: Trx, notice: Record<string, any>): Promise<NoticeTable> {
    const data = notice.data as { rows: Record<string, string | number | null>[]; asOf: string };
    if (notice.kind === 'progress') {
      const totals = data.rows.reduce<Record<string, number>>((acc, r) => {
        for (const k of ['assigned', 'signed', 'met', 'replied', 'overdue']) acc[k] = (acc[k] ?? 0) + Number(r[k] ?? 0);
        return acc;
      }, {});
      return {
        title: notice.title,
        subtitle: [`${tenantName(notice.tenant_path)}人大常委会选举联络工作委员会`, `数据截至 ${data.asOf}`],
        columns: [
          { header: '承办单位', key: 'unit', width: 30 },
          { header: '承办件数', key: 'assigned', width: 10 },
          { header: '已签收', key: 'signed', width: 10 },
          { header: '已见面沟通', key: 'met', width: 12 },
          { header: '办理中', key: 'handling', width: 10 },
          { header: '已答复', key: 'replied', width: 10 },
          { header: '逾期未办', key: 'overdue', width: 10 },
        ],
        rows: data.rows,
        footer: [`合计：承办${totals.assigned ?? 0}件，已签收${totals.signed ?? 0}件，已见面沟通${totals.met ?? 0}件，已答复${totals.replied ?? 0}件，逾期${totals.overdue ?? 0}件。`],
      };
    }
    return {
      title: notice.title,
      subtitle: [`${tenantName(notice.tenant_path)}人大常委会选举联络工作委员会`, `数据截至 ${data.asOf}`],
      columns: [
        { header: '编号', key: 'number', width: 10 },
        { header: '标题', key: 'title', width: 40 },
        { header: '领衔代表', key: 'leadName', width: 10 },
        { header: '承办单位', key: 'units', width: 24 },
        { header: '答复类别', key: 'category', width: 8 },
        { header: '答复日期', key: 'repliedOn', width: 12 },
        { header: '代表评价', key: 'satisfaction', width: 10 },
        { header: '实际解决', key: 'actuallySolved', width: 8 },
      ],
      rows: data.rows,
      footer: [`共${data.rows.length}件。A类为已解决或基本解决，B类为列入计划逐步解决，C类为因条件限制暂时难以解决，D类为留作参考。`],
    };
  }

  const noticeOf = (n: Record<string, any>) =>
    checkedOnSend(Notice, { id: n.id, kind: n.kind, year: n.year, month: n.month, title: n.title, tenantPath: n.tenant_path, createdAt: n.created_at, publishedAt: n.published_at, rows: (n.data as { rows: unknown[] }).rows });

  app.post(
    '/notices',
    {
      config: { access: STAFF },
      schema: {
        summary: 'Generate a notice from the data: monthly per-unit progress, or the results after the deadline',
        body: Type.Object({ kind: Type.Enum(['progress', 'results']), year: Year, month: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })) }, { additionalProperties: false }),
        response: { 201: Notice },
      },
    },
    async (request, reply) => {
      const result = await scoped(deps, request, async (trx, principal) => {
        const b = request.body;
        if (b.kind === 'progress' && !b.month) throw invalid('/body/month', 'a progress notice is monthly: give the month');
        const asOf = today();
        const rows = b.kind === 'progress' ? await progressRows(trx, b.year, asOf) : await resultRows(trx, b.year);
        const congress = tenantName(principal.tenantPath);
        const title = b.kind === 'progress' ? `${congress}${b.year}年代表建议办理进度通报（${b.month}月）` : `${congress}${b.year}年代表建议办理结果通报`;
        const id = newId();
        await trx.insertInto('suggestions.notices').values({ id, tenant_path: principal.tenantPath, kind: b.kind, year: b.year, month: b.month ?? null, title, data: JSON.stringify({ asOf, rows }), created_by: principal.userId }).execute();
        return noticeOf((await trx.selectFrom('suggestions.notices').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Record<string, any>);
      });
      return reply.code(201).send(result);
    },
  );

  app.get('/notices', { config: { access: SUPERVISORS }, schema: { summary: 'Notices of the caller’s congress and below', response: { 200: Items(Notice) } } }, async (request) =>
    scoped(deps, request, async (trx) => ({ items: (await trx.selectFrom('suggestions.notices').selectAll().orderBy('created_at', 'desc').execute()).map(noticeOf) })),
  );

  const FileQuery = Type.Object({ format: Type.Enum(['xlsx', 'pdf']) });
  const NoticeFile = FileResponse('the notice as Excel or PDF', [XLSX, 'application/pdf']);
  async function sendNotice(reply: FastifyReply, trx: Trx, notice: Record<string, any>, format: 'xlsx' | 'pdf') {
    const table = await noticeTable(trx, notice);
    const name = `notice-${notice.kind}-${notice.year}${notice.month ? `-${notice.month}` : ''}.${format}`;
    const body = format === 'xlsx' ? await noticeXlsx(table) : await noticePdf(table);
    return reply.type(format === 'xlsx' ? XLSX : 'application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(body);
  }

  app.get('/notices/:id/file', { config: { access: SUPERVISORS }, schema: { summary: 'A notice as Excel or PDF', params: IdParams, querystring: FileQuery, response: { 200: NoticeFile } } }, async (request, reply) => {
    const notice = await scoped(deps, request, async (trx) => trx.selectFrom('suggestions.notices').selectAll().where('id', '=', request.params.id).executeTakeFirst());
    if (!notice) throw new NotFound(`no notice ${request.params.id}`);
    return ctx.withTenant(notice.tenant_path as string, (trx) => sendNotice(reply, trx, notice, request.query.format));
  });

  app.post('/notices/:id/publish', { config: { access: STAFF }, schema: { summary: 'Publish a notice on the public site', params: IdParams, response: { 200: Notice } } }, async (request) =>
    scoped(deps, request, async (trx, principal) => {
      const n = await trx.selectFrom('suggestions.notices').selectAll().where('id', '=', request.params.id).forUpdate().executeTakeFirst();
      if (!n) throw new NotFound(`no notice ${request.params.id}`);
      if (!isOwnCongress(principal, n.tenant_path as string)) throw new Forbidden("only the notice's own congress publishes it");
      if (n.published_at) throw new Conflict('this notice is already published');
      const at = ctx.clock.now();
      await trx.updateTable('suggestions.notices').set({ published_at: at }).where('id', '=', n.id).execute();
      await ctx.enqueue(trx, NoticePublished, { tenantPath: n.tenant_path as string, actor: { userId: principal.userId, name: principal.name }, data: { noticeId: n.id as string, kind: n.kind as 'progress' | 'results', year: n.year as number, month: (n.month as number | null) ?? null, title: n.title as string } });
      return noticeOf({ ...n, published_at: at });
    }),
  );

  app.get('/public/notices', { config: { access: PUBLIC }, schema: { summary: 'Published notices', response: { 200: Items(Notice) } } }, async () =>
    ctx.withTenant(ctx.config.SCAN_ROOT_TENANT, async (trx) => ({
      items: (await trx.selectFrom('suggestions.notices').selectAll().where('published_at', 'is not', null).orderBy('published_at', 'desc').limit(200).execute()).map(noticeOf),
    })),
  );
  app.get('/public/notices/:id/file', { config: { access: PUBLIC }, schema: { summary: 'A published notice as Excel or PDF', params: IdParams, querystring: FileQuery, response: { 200: NoticeFile } } }, async (request, reply) =>
    ctx.withTenant(ctx.config.SCAN_ROOT_TENANT, async (trx) => {
      const n = await trx.selectFrom('suggestions.notices').selectAll().where('id', '=', request.params.id).where('published_at', 'is not', null).executeTakeFirst();
      if (!n) throw new NotFound(`no published notice ${request.params.id}`);
      return sendNotice(reply as unknown as FastifyReply, trx, n, request.query.format);
    }),
  );

  // ------------------------------------------------------------ 1. attachments of items
  app.register(async (inner) => {
    const scope = inner as unknown as KitApp;
    await scope.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: ctx.config.ATTACHMENT_MAX_BYTES, files: 1 } });
    scope.post(
      '/suggestions/:id/attachments',
      { config: { access: { roles: ['deputy', 'handler', 'staff'] } }, schema: { summary: 'Attach a document or photo (multipart field "file"; PDF, Word, Excel, images)', params: IdParams, consumes: ['multipart/form-data'], response: { 201: AttachmentStored } } },
      async (request, reply) => {
        let file;
        try {
          file = await request.file();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new UnsupportedMediaType('send the file as multipart/form-data', '/body/file');
          throw error;
        }
        if (!file) throw invalid('/body/file', 'is required');
        let data: Buffer;
        try {
          data = await file.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new PayloadTooLarge(`/body/file: at most ${ctx.config.ATTACHMENT_MAX_BYTES} bytes are accepted`, '/body/file');
          throw error;
        }
        const detected = await checkUpload(data, '/body/file', { maxBytes: ctx.config.ATTACHMENT_MAX_BYTES, maxVideoBytes: 0, allowed: [...DOCUMENT_TYPES, ...IMAGE_TYPES] });
        const result = await scoped(deps, request, async (trx, principal) => {
          const item = await lockItem(trx, request.params.id);
          const parts = await partsOf(trx, principal, item);
          if (!parts.some((p) => p === 'lead-deputy' || p === 'lead-unit' || p === 'co-unit' || p === 'staff')) throw new Forbidden('the lead deputy, an assigned unit or the congress’s staff attach files');
          if (['not-accepted', 'withdrawn', 'closed'].includes(item.state)) throw new IllegalTransition(item.state, 'attach', `nothing is attached to an item that is "${item.state}"`);
          const id = randomUUID();
          const key = `suggestions/${item.id}/${id}`;
          await storage.put(key, data);
          await trx
            .insertInto('suggestions.attachments')
            .values({ id, tenant_path: item.tenant_path, owner_kind: 'suggestion', owner_id: item.id, filename: file.filename.slice(0, 200) || `file.${detected.ext}`, content_type: detected.mime, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), storage_key: key, uploaded_by: principal.userId })
            .execute();
          return { id, filename: file.filename, contentType: detected.mime, size: data.length };
        });
        return reply.code(201).send(result);
      },
    );
  });

  app.get('/suggestions/:id/attachments/:fileId', { config: { access: PARTICIPANTS }, schema: { summary: 'Download an attachment', params: Type.Object({ id: Uuid, fileId: Uuid }), response: { 200: FileResponse('the file, as uploaded', ['*/*']) } } }, async (request, reply) => {
    const file = await scoped(deps, request, async (trx, principal) => {
      await getItem(ctx, trx, principal, request.params.id);
      return trx.selectFrom('suggestions.attachments').selectAll().where('owner_kind', '=', 'suggestion').where('owner_id', '=', request.params.id).where('id', '=', request.params.fileId).executeTakeFirst();
    });
    if (!file) throw new NotFound('no such attachment');
    const data = await storage.get(file.storage_key as string);
    if (!data) throw new NotFound('the file is missing from storage');
    return (reply as FastifyReply).type(file.content_type as string).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename as string)}`).send(data);
  });
}
