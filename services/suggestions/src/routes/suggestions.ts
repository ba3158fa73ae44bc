// The items and every workflow step, one route per step, each declaring who may call it.
import type { Access, Principal } from '@onenet/auth';
import { Type, tenantParam, type KitApp, type TSchema, type Static } from '@onenet/kit';
import { redact } from '../domain/text.ts';
import { REJECTION_GROUNDS, RESULT_CATEGORIES, STATES } from '../domain/workflow.ts';
import { listXlsx, XLSX } from '../files/exports.ts';
import { lockItem, stateReached, type Trx } from '../workflow/engine.ts';
import * as op from '../workflow/operations.ts';
import { auditOf, duplicatesOf, getItem, listItems, searchItems, type ListFilters } from '../workflow/queries.ts';
import { AuditResult, checkedOnSend, Created, Duplicates, ItemDetail, Items, JsonOrXlsx, ListResult, SearchResult } from './schemas.ts';
import type { FastifyReply } from 'fastify';
import {
  Comment,
  DateOnly,
  DEPUTIES,
  HANDLERS,
  IdParams,
  Nullable,
  Page,
  PARTICIPANTS,
  Reason,
  scoped,
  STAFF,
  STAFF_OR_LEADER,
  StateResult,
  TenantQuery,
  Text,
  Uuid,
  Year,
  type RouteDeps,
} from './support.ts';

const Kind = Type.Enum(['motion', 'suggestion', 'letter']);
const Period = Type.Enum(['session', 'between-sessions'], { description: 'session: 大会期间; between-sessions: 闭会期间' });
const Units = {
  lead: Type.Optional(Nullable(Uuid)),
  co: Type.Optional(Type.Array(Uuid, { maxItems: 20, uniqueItems: true })),
  split: Type.Optional(Type.Array(Uuid, { maxItems: 20, uniqueItems: true })),
};
const ReplyBody = Type.Object(
  {
    category: Type.Enum([...RESULT_CATEGORIES], { description: 'A 已解决或基本解决, B 列入计划逐步解决, C 因条件限制暂时难以解决, D 留作参考' }),
    body: Text(20_000),
    signedBy: Text(50),
    evidence: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    templateId: Type.Optional(Nullable(Uuid)),
    followUps: Type.Optional(Type.Array(Type.Object({ promise: Text(1000), dueOn: DateOnly }, { additionalProperties: false }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const ListQuery = {
  year: Type.Optional(Year),
  session: Type.Optional(Type.String({ maxLength: 100 })),
  state: Type.Optional(Type.Array(Type.Enum([...STATES]), { maxItems: STATES.length })),
  kind: Type.Optional(Kind),
  unit: Type.Optional(Uuid),
  level: Type.Optional(Type.Enum(['national', 'region', 'city', 'county', 'township'])),
  category: Type.Optional(Type.Enum([...RESULT_CATEGORIES])),
  field: Type.Optional(Type.String({ maxLength: 50 })),
  overdue: Type.Optional(Type.Boolean()),
  keySupervision: Type.Optional(Type.Boolean()),
  deputy: Type.Optional(Uuid),
  tenant: TenantQuery,
  count: Type.Optional(Type.Boolean({ description: 'also count the matches (up to 10,000)' })),
  ...Page,
};

/**
 * List filters from the query. A named tenant must be the caller's own or below (403 otherwise);
 * the public lists (no caller) may name any tenant: they show published items only.
 */
export function filtersOf(query: Record<string, unknown>, caller?: Principal): ListFilters {
  const f = { ...query } as unknown as ListFilters & { tenant?: string };
  if (f.tenant) f.tenant = tenantParam(caller, f.tenant, '/query/tenant', caller ? { roles: 'any' } : undefined);
  return f;
}

const LIST_COLUMNS = [
  { header: '编号', key: 'number', width: 12 },
  { header: '类别', key: 'kind', width: 8 },
  { header: '标题', key: 'title', width: 40 },
  { header: '领衔代表', key: 'leadName', width: 10 },
  { header: '状态', key: 'state', width: 12 },
  { header: '答复类别', key: 'resultCategory', width: 8 },
  { header: '满意度', key: 'satisfaction', width: 10 },
  { header: '答复期限', key: 'replyDue', width: 12 },
  { header: '答复日期', key: 'repliedOn', width: 12 },
];

export function suggestionRoutes(app: KitApp, deps: RouteDeps): void {
  const { ctx } = deps;

  /** One workflow step: POST /suggestions/:id/<path>, answered with the item's new state. */
  function stepRoute<B extends TSchema>(path: string, access: Access, summary: string, body: B, run: (trx: Trx, principal: Principal, id: string, body: Static<B>) => Promise<unknown>) {
    app.post(
      `/suggestions/:id/${path}`,
      { config: { access }, schema: { summary, params: IdParams, body, response: { 200: Type.Object({ ...StateResult.properties, result: Type.Optional(Type.Unknown()) }) } } },
      async (request) =>
        scoped(deps, request, async (trx, principal) => {
          const id = request.params.id;
          const result = await run(trx, principal, id, request.body as Static<B>);
          const state = stateReached(trx, id) ?? (await lockItem(trx, id)).state;
          return { id, state, ...(result && typeof result === 'object' ? { result } : {}) };
        }),
    );
  }

  app.post(
    '/suggestions',
    {
      config: { access: DEPUTIES },
      schema: {
        summary: 'A deputy drafts a motion, suggestion or letter (optionally inviting co-signers, or submitting at once)',
        body: Type.Object(
          {
            kind: Kind,
            period: Period,
            sessionName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            title: Text(300),
            body: Text(50_000),
            field: Type.Optional(Nullable(Type.String({ maxLength: 50, description: 'subject area, e.g. 城乡建设' }))),
            mandateId: Type.Optional(Uuid),
            tenant: TenantQuery,
            coSigners: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true })),
            coSignCutoff: Type.Optional(Nullable(DateOnly)),
            submit: Type.Optional(Type.Boolean({ description: 'submit at once (no co-signers)' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await scoped(deps, request, async (trx, principal) => {
        const input = { ...body, tenant: body.tenant ? tenantParam(principal, body.tenant, '/body/tenant') : undefined };
        const cosigning = Boolean(body.coSigners?.length);
        const item = body.submit && !cosigning ? await op.createAndSubmit(ctx, trx, principal, input) : await op.createDraft(ctx, trx, principal, input);
        if (cosigning) await op.inviteCosigners(ctx, trx, principal, item.id, body.coSigners!, body.coSignCutoff);
        // A short answer: thousands of deputies submit in the days of a session; GET /suggestions/:id has the rest.
        return {
          id: item.id,
          state: cosigning ? 'co-signing' : item.state,
          tenantPath: item.tenant_path,
          kind: item.kind,
          period: item.period,
          title: item.title,
          leadName: item.lead_name,
          leadMandateId: item.lead_mandate_id,
          cosigners: (body.coSigners ?? []).map((deputyId) => ({ deputyId, status: 'invited' as const })),
        };
      });
      return reply.code(201).send(result);
    },
  );

  app.patch(
    '/suggestions/:id',
    {
      config: { access: DEPUTIES },
      schema: {
        summary: 'Edit a draft',
        params: IdParams,
        body: Type.Object(
          {
            kind: Type.Optional(Kind),
            period: Type.Optional(Period),
            sessionName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            title: Type.Optional(Text(300)),
            body: Type.Optional(Text(50_000)),
            field: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: ItemDetail },
      },
    },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        await op.editDraft(ctx, trx, principal, request.params.id, request.body);
        return checkedOnSend(ItemDetail, await getItem(ctx, trx, principal, request.params.id));
      }),
  );

  app.get(
    '/suggestions',
    {
      config: { access: PARTICIPANTS },
      schema: {
        summary: 'Items the caller may see, with filters; ?format=xlsx exports the list',
        querystring: Type.Object({ ...ListQuery, format: Type.Optional(Type.Enum(['json', 'xlsx'])) }),
        response: { 200: JsonOrXlsx(ListResult, 'a page of items (JSON), or the page as an Excel file with ?format=xlsx') },
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const result = await scoped(deps, request, (trx, principal) => listItems(ctx, trx, principal, filtersOf(query, principal)));
      if (format === 'xlsx') {
        const buffer = await listXlsx('议案建议', LIST_COLUMNS, result.items as unknown as Record<string, unknown>[]);
        return (reply as FastifyReply).type(XLSX).header('content-disposition', `attachment; filename="suggestions.xlsx"`).send(buffer);
      }
      return result;
    },
  );

  app.get(
    '/suggestions/search',
    {
      config: { access: PARTICIPANTS },
      schema: {
        summary: 'Full-text search in Chinese over titles, bodies and replies: ranked (exact title first), highlighted, filtered',
        querystring: Type.Object({ q: Text(200), ...ListQuery }),
        response: { 200: SearchResult },
      },
    },
    async (request) => {
      const { q, ...query } = request.query;
      return scoped(deps, request, (trx, principal) => searchItems(ctx, trx, principal, q, filtersOf(query, principal)));
    },
  );

  app.get(
    '/suggestions/:id',
    { config: { access: PARTICIPANTS }, schema: { summary: 'One item in full: co-signers, units, meetings, replies, evaluations, deadlines, next steps', params: IdParams, response: { 200: ItemDetail } } },
    async (request) => scoped(deps, request, async (trx, principal) => checkedOnSend(ItemDetail, await getItem(ctx, trx, principal, request.params.id))),
  );

  app.get(
    '/suggestions/:id/audit',
    { config: { access: PARTICIPANTS }, schema: { summary: "The item's audit chain and whether it verifies", params: IdParams, response: { 200: AuditResult } } },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        await getItem(ctx, trx, principal, request.params.id); // visibility
        return auditOf(trx, request.params.id);
      }),
  );

  app.get(
    '/suggestions/:id/duplicates',
    { config: { access: STAFF_OR_LEADER }, schema: { summary: 'Likely duplicates (并案 proposals) across levels and years, by text similarity', params: IdParams, response: { 200: Duplicates } } },
    async (request) => scoped(deps, request, async (trx, principal) => ({ items: await duplicatesOf(trx, principal, request.params.id) })),
  );

  // 1. co-signing and submission
  stepRoute(
    'cosigners',
    DEPUTIES,
    'Invite co-signers (联名/附议) with an optional cut-off; they count once they confirm by it',
    Type.Object({ deputyIds: Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true }), cutoff: Type.Optional(Nullable(DateOnly)) }, { additionalProperties: false }),
    (trx, p, id, b) => op.inviteCosigners(ctx, trx, p, id, b.deputyIds, b.cutoff),
  );
  stepRoute('cosign', DEPUTIES, 'An invited co-signer confirms or declines', Type.Object({ confirm: Type.Boolean(), comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }), (trx, p, id, b) =>
    op.respondCosign(ctx, trx, p, id, b.confirm, b.comment),
  );
  stepRoute('back-to-draft', DEPUTIES, 'Stop co-signing and edit again', Comment, (trx, p, id) => op.backToDraft(ctx, trx, p, id));
  stepRoute('submit', DEPUTIES, 'Submit (motions are checked against the level’s rules; unconfirmed invitations lapse)', Comment, (trx, p, id) => op.submit(ctx, trx, p, id));
  stepRoute('withdraw', DEPUTIES, 'The lead deputy withdraws the item in writing', Reason, (trx, p, id, b) => op.withdraw(ctx, trx, p, id, b.reason));
  // 2. staff review
  stepRoute('register', STAFF, 'Register (立案) and number the item', Comment, (trx, p, id, b) => op.register(ctx, trx, p, id, b.comment));
  stepRoute('reject', STAFF, 'Do not accept the item, with the ground; the deputy is told', Type.Object({ ground: Type.Enum([...REJECTION_GROUNDS]), reason: Text(2000) }, { additionalProperties: false }), (trx, p, id, b) =>
    op.reject(ctx, trx, p, id, b.ground, b.reason),
  );
  stepRoute('treat-as-suggestion', STAFF, 'A motion not put on the agenda is handled as a suggestion', Reason, (trx, p, id, b) => op.treatAsSuggestion(ctx, trx, p, id, b.reason));
  stepRoute('merge', STAFF, '并案: handle this item with another; its deputy still gets the answer', Type.Object({ into: Uuid, comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }), (trx, p, id, b) =>
    op.merge(ctx, trx, p, id, b.into, b.comment),
  );
  // 3–4. assignment
  stepRoute('assign', STAFF, 'Assign (交办) to a lead unit and co-units, or to split units', Type.Object({ ...Units, comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }), (trx, p, id, b) =>
    op.assign(ctx, trx, p, id, b, b.comment),
  );
  stepRoute('reassign', STAFF, 'Reassign (after an adjustment request or a wrong assignment)', Type.Object({ ...Units, comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }), (trx, p, id, b) =>
    op.reassign(ctx, trx, p, id, b, b.comment),
  );
  stepRoute('sign-for', HANDLERS, 'The unit signs for its assignment (签收)', Comment, (trx, p, id) => op.signFor(ctx, trx, p, id));
  stepRoute('request-adjustment', HANDLERS, 'The unit asks to be relieved of a wrong assignment, within the window', Reason, (trx, p, id, b) => op.requestAdjustment(ctx, trx, p, id, b.reason));
  stepRoute('refuse-adjustment', STAFF, 'Staff keep the assignment as it is', Reason, (trx, p, id, b) => op.refuseAdjustment(ctx, trx, p, id, b.reason));
  // 5. handling
  stepRoute(
    'meetings',
    HANDLERS,
    'Record a meeting with the deputy (见面沟通)',
    Type.Object(
      { heldOn: DateOnly, mode: Type.Enum(['face-to-face', 'phone', 'video', 'site-visit', 'forum']), participants: Text(1000), summary: Text(5000) },
      { additionalProperties: false },
    ),
    async (trx, p, id, b) => ({ meetingId: await op.recordMeeting(ctx, trx, p, id, b) }),
  );
  stepRoute('co-opinion', HANDLERS, 'A co-unit gives its view to the lead unit', Type.Object({ opinion: Text(10_000) }, { additionalProperties: false }), (trx, p, id, b) =>
    op.giveCoOpinion(ctx, trx, p, id, b.opinion),
  );
  stepRoute('extension-request', HANDLERS, 'The lead unit asks for more time (six months at most in all)', Type.Object({ months: Type.Integer({ minimum: 1, maximum: 6 }), reason: Text(2000) }, { additionalProperties: false }), async (trx, p, id, b) => ({
    extensionId: await op.requestExtension(ctx, trx, p, id, b.months, b.reason),
  }));
  stepRoute('extension-approval', STAFF, 'Staff approve the pending extension; the deputy is told', Comment, (trx, p, id, b) => op.approveExtension(ctx, trx, p, id, b.comment));
  // 6–7. reply and evaluation
  stepRoute('reply', HANDLERS, "The lead (or a split) unit replies, signed by its head; co-units' views are combined", ReplyBody, (trx, p, id, b) => op.reply(ctx, trx, p, id, b));
  stepRoute('return-reply', STAFF, 'Send a reply back (boilerplate, unsigned, wrong category)', Reason, (trx, p, id, b) => op.returnReply(ctx, trx, p, id, b.reason));
  stepRoute(
    'evaluate',
    DEPUTIES,
    'The lead deputy evaluates the reply; 不满意 after the first reply sends it back for a second reply',
    Type.Object(
      {
        satisfaction: Type.Enum(['satisfied', 'basically-satisfied', 'dissatisfied'], { description: '满意 / 基本满意 / 不满意' }),
        actuallySolved: Type.Optional(Nullable(Type.Boolean({ description: 'whether the problem itself is solved, apart from satisfaction' }))),
        comment: Type.Optional(Type.String({ maxLength: 4000 })),
      },
      { additionalProperties: false },
    ),
    (trx, p, id, b) => op.evaluate(ctx, trx, p, id, b.satisfaction, b.actuallySolved ?? null, b.comment),
  );
  stepRoute('second-reply', HANDLERS, 'The second reply (二次答复)', ReplyBody, (trx, p, id, b) => op.reply(ctx, trx, p, id, b, true));
  // 8. disclosure, follow-up, closure
  stepRoute(
    'publish',
    STAFF,
    'Publish after the disclosure check; reviewed texts may be given, personal data is removed either way',
    Type.Object(
      { publicTitle: Type.Optional(Text(300)), publicBody: Type.Optional(Text(50_000)), publicReply: Type.Optional(Text(50_000)) },
      { additionalProperties: false },
    ),
    (trx, p, id, b) => op.publish(ctx, trx, p, id, b, redact),
  );
  stepRoute('follow-up', STAFF, 'Start following up the promises of a B or C answer', Comment, (trx, p, id) => op.startFollowUp(ctx, trx, p, id));
  app.post(
    '/suggestions/:id/follow-ups/:followUpId/check',
    {
      config: { access: STAFF_OR_LEADER },
      schema: {
        summary: 'Check one dated promise: kept or broken, with evidence; the last check closes the item',
        params: Type.Object({ id: Uuid, followUpId: Uuid }),
        body: Type.Object({ kept: Type.Boolean(), evidence: Text(4000) }, { additionalProperties: false }),
        response: { 200: StateResult },
      },
    },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        const state = await op.checkFollowUp(ctx, trx, principal, request.params.id, request.params.followUpId, request.body.kept, request.body.evidence);
        return { id: request.params.id, state };
      }),
  );
  stepRoute('close', STAFF, 'Close (办结)', Comment, (trx, p, id, b) => op.close(ctx, trx, p, id, b.comment));
  stepRoute('demand-second-reply', STAFF_OR_LEADER, 'Re-open an answer and demand a second reply (回头看)', Reason, (trx, p, id, b) => op.demandSecondReply(ctx, trx, p, id, b.reason));
  app.post(
    '/suggestions/assign-bulk',
    {
      config: { access: STAFF },
      schema: {
        summary: 'Assign many items at once (the assignment meeting, 交办会); all or nothing',
        body: Type.Object(
          { items: Type.Array(Type.Object({ id: Uuid, ...Units }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Items(StateResult) },
      },
    },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        await op.assignAll(ctx, trx, principal, request.body.items, request.body.comment ?? '交办会集中交办');
        return { items: request.body.items.map((entry) => ({ id: entry.id, state: stateReached(trx, entry.id)! })) };
      }),
  );
  app.post(
    '/suggestions/:id/commend',
    {
      config: { access: STAFF_OR_LEADER },
      schema: { summary: "Mark an item as one of the year's excellent suggestions (优秀建议)", params: IdParams, body: Type.Object({ excellent: Type.Boolean() }, { additionalProperties: false }), response: { 200: Type.Object({ id: Uuid, excellent: Type.Boolean() }) } },
    },
    async (request) =>
      scoped(deps, request, async (trx) => {
        await lockItem(trx, request.params.id);
        await trx.updateTable('suggestions.suggestions').set({ excellent: request.body.excellent }).where('id', '=', request.params.id).execute();
        return { id: request.params.id, excellent: request.body.excellent };
      }),
  );
}
