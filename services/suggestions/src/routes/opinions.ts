// Constituent opinions (民事联解): anyone sends an opinion with photos or a short video to their
// township without login (rate-limited, size- and type-checked, a receipt code to follow it);
// the area's deputies triage it (merge, reject with reason, forward to the congress); the
// congress sends it to a government unit; the unit answers; the sender reads the answer. An
// opinion can become a deputy's suggestion, keeping the link.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { OpinionHandled } from '@onenet/contracts';
import { Type, type KitApp } from '@onenet/kit';
import type { Principal } from '@onenet/auth';
import { getTenant } from '@onenet/tenancy';
import { Conflict, Forbidden, IllegalTransition, InvalidFields, invalid, NotFound, PayloadTooLarge, TooManyRequests, UnsupportedMediaType } from '../errors.ts';
import { OpinionStep } from '@onenet/contracts';
import { chinaDay } from '../domain/calendar.ts';
import { postgresRateLimitStore } from '../http/rate-limit-store.ts';
import { checkUpload, IMAGE_TYPES, VIDEO_TYPES } from '../files/uploads.ts';
import { newItemId, type Trx } from '../workflow/engine.ts';
import * as op from '../workflow/operations.ts';
import { getItem } from '../workflow/queries.ts';
import { kindOfPath, tenantName, within } from '../workflow/tenants.ts';
import { checkedOnSend, FileResponse, Instant, Items, ItemDetail } from './schemas.ts';
import { IdParams, Nullable, OPINION_TRIAGERS, Page, PUBLIC, Reason, scoped, STAFF, Text, Uuid, type RouteDeps } from './support.ts';

export const OPINION_STATUSES = ['received', 'forwarded', 'sent-to-unit', 'answered', 'merged', 'rejected', 'became-suggestion'] as const;
type Status = (typeof OPINION_STATUSES)[number];
const StatusSchema = Type.Enum([...OPINION_STATUSES]);
const OpinionSchema = Type.Object({
  id: Uuid,
  tenantPath: Type.String(),
  township: Type.String(),
  receiptCode: Type.String(),
  body: Type.String(),
  status: StatusSchema,
  statusLabel: Type.String(),
  senderName: Type.Optional(Nullable(Type.String())),
  senderContact: Type.Optional(Nullable(Type.String())),
  deputyId: Nullable(Uuid),
  rejectReason: Nullable(Type.String()),
  mergedInto: Nullable(Uuid),
  forwardedNote: Nullable(Type.String()),
  unitId: Nullable(Uuid),
  unitName: Nullable(Type.String()),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Instant),
  suggestionId: Nullable(Uuid),
  createdAt: Instant,
});
const OpinionDetail = Type.Object({
  ...OpinionSchema.properties,
  files: Type.Array(Type.Object({ id: Uuid, filename: Type.String(), contentType: Type.String(), size: Type.Integer() })),
  steps: Type.Array(Type.Object({ action: Type.String(), from: Nullable(StatusSchema), to: StatusSchema, actor: Type.String(), comment: Nullable(Type.String()), at: Instant })),
});
const OpinionReceived = Type.Object({ id: Uuid, receiptCode: Type.String(), township: Type.String(), status: Type.Literal('received'), statusLabel: Type.String(), files: Type.Integer({ minimum: 0 }) });
const OpinionFollowed = Type.Object({
  receiptCode: Type.String(),
  township: Type.String(),
  status: StatusSchema,
  statusLabel: Type.String(),
  answer: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  answeredAt: Nullable(Instant),
  createdAt: Instant,
  steps: Type.Array(Type.Object({ status: StatusSchema, label: Type.String(), at: Instant })),
});
const OpinionMoved = Type.Object({ id: Uuid, status: StatusSchema, suggestion: Type.Optional(ItemDetail) });
const STATUS_LABEL: Record<Status, string> = {
  received: '已收到，待代表处理',
  forwarded: '已转交人大',
  'sent-to-unit': '已交政府部门办理',
  answered: '已答复',
  merged: '已与相同意见合并办理',
  rejected: '不予受理',
  'became-suggestion': '已转为代表建议',
};
type OpinionAction = 'merge' | 'reject' | 'forward' | 'send-to-unit' | 'answer' | 'to-suggestion';
/** The opinions' own small state machine: status × action → status. */
const OPINION_STEPS: Record<OpinionAction, { from: Status[]; to: Status }> = {
  merge: { from: ['received', 'forwarded'], to: 'merged' },
  reject: { from: ['received', 'forwarded'], to: 'rejected' },
  forward: { from: ['received'], to: 'forwarded' },
  'send-to-unit': { from: ['forwarded'], to: 'sent-to-unit' },
  answer: { from: ['received', 'forwarded', 'sent-to-unit'], to: 'answered' },
  'to-suggestion': { from: ['received', 'forwarded'], to: 'became-suggestion' },
};
const OUTCOME: Partial<Record<OpinionAction, 'answered' | 'forwarded-to-congress' | 'forwarded-to-government' | 'became-suggestion' | 'not-accepted'>> = {
  answer: 'answered',
  forward: 'forwarded-to-congress',
  'send-to-unit': 'forwarded-to-government',
  'to-suggestion': 'became-suggestion',
  reject: 'not-accepted',
};

// Receipt codes: no 0/O, 1/I/L, so they can be read out over the phone.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
function receiptCode(): string {
  const bytes = randomBytes(12);
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

const FIELDS_MAX: Record<string, number> = { township: 12, name: 50, contact: 100, body: 5000 };

interface Received {
  fields: Record<string, string>;
  files: { field: string; filename: string; data: Buffer; mime: string }[];
}

/** Reads the multipart form, checking each file's real type and size as it arrives. */
async function readForm(request: FastifyRequest, limits: { maxBytes: number; maxVideoBytes: number; maxFiles: number }): Promise<Received> {
  const out: Received = { fields: {}, files: [] };
  try {
    for await (const part of request.parts({ limits: { fileSize: limits.maxVideoBytes, files: limits.maxFiles, fields: 10, fieldSize: 20_000 } })) {
      if (part.type === 'file') {
        const field = `/body/files/${out.files.length}`;
        const data = await part.toBuffer();
        const detected = await checkUpload(data, field, { maxBytes: limits.maxBytes, maxVideoBytes: limits.maxVideoBytes, allowed: [...IMAGE_TYPES, ...VIDEO_TYPES] });
        out.files.push({ field, filename: part.filename || `file.${detected.ext}`, data, mime: detected.mime });
      } else {
        out.fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new PayloadTooLarge(`/body/files/${out.files.length}: a file is larger than ${limits.maxVideoBytes} bytes`, `/body/files/${out.files.length}`);
    if (code === 'FST_FILES_LIMIT') throw new PayloadTooLarge(`at most ${limits.maxFiles} files may be sent with one opinion`, '/body/files');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new PayloadTooLarge('too many form fields', '/body');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new UnsupportedMediaType('send the opinion as multipart/form-data (fields and files)', '/body');
    throw error;
  }
  return out;
}

function opinionOf(r: Record<string, any>, withContact: boolean) {
  return checkedOnSend(OpinionSchema, {
    id: r.id,
    tenantPath: r.tenant_path,
    township: tenantName(r.tenant_path),
    receiptCode: r.receipt_code,
    body: r.body,
    status: r.status,
    statusLabel: STATUS_LABEL[r.status as Status],
    ...(withContact ? { senderName: r.sender_name, senderContact: r.sender_contact } : {}),
    deputyId: r.deputy_id,
    rejectReason: r.reject_reason,
    mergedInto: r.merged_into,
    forwardedNote: r.forwarded_note,
    unitId: r.unit_id,
    unitName: r.unit_name,
    answer: r.answer,
    answeredAt: r.answered_at,
    suggestionId: r.suggestion_id,
    createdAt: r.created_at,
  });
}

export function opinionRoutes(app: KitApp, deps: RouteDeps): void {
  const { ctx, storage } = deps;
  const limits = { maxBytes: ctx.config.ATTACHMENT_MAX_BYTES, maxVideoBytes: ctx.config.VIDEO_MAX_BYTES, maxFiles: ctx.config.OPINION_FILES_MAX };

  async function record(trx: Trx, row: Record<string, any>, action: OpinionAction | 'received', actor: Principal | null, to: Status, comment: string | null, extra: { unitId?: string | null; suggestionId?: string | null } = {}) {
    await trx
      .insertInto('suggestions.opinion_steps')
      .values({ opinion_id: row.id, tenant_path: row.tenant_path, actor: actor ? `${actor.name} (${actor.userId})` : '群众', action, from_status: action === 'received' ? null : row.status, to_status: to, comment })
      .execute();
    const stepAction = ({ received: 'received', merge: 'merged', reject: 'rejected', forward: 'forwarded', 'send-to-unit': 'sent-to-unit', answer: 'answered', 'to-suggestion': 'became-suggestion' } as const)[action];
    const envelopeActor = actor ? { userId: actor.userId, name: actor.name } : null;
    await ctx.enqueue(trx, OpinionStep, {
      tenantPath: row.tenant_path,
      actor: envelopeActor,
      data: { opinionId: row.id, action: stepAction, from: action === 'received' ? null : row.status, to, unitId: extra.unitId ?? null, suggestionId: extra.suggestionId ?? null },
    });
    const outcome = action === 'received' ? undefined : OUTCOME[action];
    if (outcome) {
      await ctx.enqueue(trx, OpinionHandled, {
        tenantPath: row.tenant_path,
        actor: envelopeActor,
        data: {
          opinionId: row.id,
          deputyPersonId: actor?.deputyId ?? null,
          outcome,
          suggestionId: extra.suggestionId ?? null,
          feedback: action === 'answer' || action === 'reject' ? (comment?.slice(0, 4000) ?? null) : null,
          handledOn: chinaDay(ctx.clock.now()),
        },
      });
    }
  }

  /** Locks an opinion and checks the step against its status and the caller's reach. */
  async function begin(trx: Trx, id: string, action: OpinionAction): Promise<Record<string, any>> {
    const row = await trx.selectFrom('suggestions.opinions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFound(`no opinion ${id}`);
    if (!OPINION_STEPS[action].from.includes(row.status as Status)) throw new IllegalTransition(row.status as string, action, `action "${action}" is not possible while the opinion is "${row.status as string}"`);
    return row;
  }

  async function move(trx: Trx, row: Record<string, any>, action: OpinionAction, principal: Principal, comment: string | null, set: Record<string, unknown>, extra: { unitId?: string | null; suggestionId?: string | null } = {}) {
    const to = OPINION_STEPS[action].to;
    await trx.updateTable('suggestions.opinions').set({ ...set, status: to, updated_at: ctx.clock.now() }).where('id', '=', row.id).execute();
    await record(trx, row, action, principal, to, comment, extra);
    return { id: row.id as string, status: to };
  }

  app.register(async (inner) => {
    // Its own context: multipart parsing and rate limits apply to the public routes only.
    const scope = inner as unknown as KitApp;
    await scope.register(multipart, { throwFileSizeLimit: true });
    await scope.register(rateLimit, {
      global: false,
      // One address's opinions per window, counted in PostgreSQL: the same limit across replicas.
      store: postgresRateLimitStore(ctx.db),
      errorResponseBuilder: (_request, context) => new TooManyRequests(`too many opinions from this address; try again in ${Math.ceil(context.ttl / 1000)} seconds`, Math.ceil(context.ttl / 1000)),
    });

    scope.post(
      '/public/opinions',
      {
        config: { access: PUBLIC, rateLimit: { max: ctx.config.OPINION_RATE_LIMIT, timeWindow: ctx.config.OPINION_RATE_WINDOW_MS } },
        schema: {
          summary: 'Send an opinion to a township (multipart/form-data: township, body, name?, contact?, files: photos or a short video); answers with a receipt code',
          consumes: ['multipart/form-data'],
          response: { 201: OpinionReceived },
        },
      },
      async (request, reply) => {
        const form = await readForm(request, limits);
        const problems = new InvalidFields([]);
        for (const [field, max] of Object.entries(FIELDS_MAX)) {
          if ((form.fields[field]?.length ?? 0) > max) problems.errors.push({ field: `/body/${field}`, message: `must be at most ${max} characters` });
        }
        const code = form.fields.township?.trim() ?? '';
        const township = getTenant(code);
        if (!code) problems.errors.push({ field: '/body/township', message: 'is required (the township’s division code)' });
        else if (!township || township.kind !== 'township') problems.errors.push({ field: '/body/township', message: `${code} is not a township of the directory` });
        if (!form.fields.body?.trim()) problems.errors.push({ field: '/body/body', message: 'is required: what is the matter?' });
        if (problems.errors.length) throw new InvalidFields(problems.errors);
        const tenantPath = township!.path;
        // Time-ordered, as an item's id: a million opinions' id indexes (theirs, their steps') take
        // the new one at their end instead of on a random page each.
        const id = newItemId();
        const receipt = receiptCode();
        // Files first, the row last: nothing is acknowledged that is not stored.
        const stored: { id: string; key: string; file: Received['files'][number] }[] = [];
        for (const file of form.files) {
          const fileId = randomUUID();
          const key = `opinions/${id}/${fileId}`;
          await storage.put(key, file.data);
          stored.push({ id: fileId, key, file });
        }
        await ctx.withTenant(tenantPath, async (trx) => {
          const row = { id, tenant_path: tenantPath, receipt_code: receipt, sender_name: form.fields.name?.trim() || null, sender_contact: form.fields.contact?.trim() || null, body: form.fields.body!.trim(), status: 'received' };
          await trx.insertInto('suggestions.opinions').values(row).execute();
          for (const s of stored) {
            await trx
              .insertInto('suggestions.attachments')
              .values({
                id: s.id,
                tenant_path: tenantPath,
                owner_kind: 'opinion',
                owner_id: id,
                filename: s.file.filename.slice(0, 200),
                content_type: s.file.mime,
                size: s.file.data.length,
                sha256: createHash('sha256').update(s.file.data).digest('hex'),
                storage_key: s.key,
              })
              .execute();
          }
          await record(trx, row, 'received', null, 'received', null);
        });
        return reply.code(201).send({ id, receiptCode: receipt, township: township!.name, status: 'received' as const, statusLabel: STATUS_LABEL.received, files: stored.length });
      },
    );

    scope.get(
      '/public/opinions/:receipt',
      {
        config: { access: PUBLIC, rateLimit: { max: ctx.config.OPINION_RATE_LIMIT * 20, timeWindow: ctx.config.OPINION_RATE_WINDOW_MS } },
        schema: { summary: 'Follow an opinion by its receipt code: status, steps and the answer', params: Type.Object({ receipt: Type.String({ pattern: '^[2-9A-HJKMNP-Z]{12}$' }) }), response: { 200: OpinionFollowed } },
      },
      async (request) =>
        ctx.withTenant(ctx.config.SCAN_ROOT_TENANT, async (trx) => {
          const row = await trx.selectFrom('suggestions.opinions').selectAll().where('receipt_code', '=', request.params.receipt).executeTakeFirst();
          if (!row) throw new NotFound('no opinion with this receipt code');
          const steps = await trx.selectFrom('suggestions.opinion_steps').select(['to_status', 'at']).where('opinion_id', '=', row.id).orderBy('id').execute();
          return checkedOnSend(OpinionFollowed, {
            receiptCode: row.receipt_code,
            township: tenantName(row.tenant_path as string),
            status: row.status,
            statusLabel: STATUS_LABEL[row.status as Status],
            answer: row.answer,
            rejectReason: row.reject_reason,
            answeredAt: row.answered_at,
            createdAt: row.created_at,
            steps: steps.map((s) => ({ status: s.to_status, label: STATUS_LABEL[s.to_status as Status], at: s.at })),
          });
        }),
    );
  });

  const handlerOnly = (p: Principal) => p.roles.includes('handler') && !p.roles.some((r) => r === 'staff' || r === 'deputy' || r === 'liaison');

  app.get(
    '/opinions',
    {
      config: { access: { roles: ['deputy', 'staff', 'liaison', 'handler'] } },
      schema: { summary: 'Opinions of the caller’s area (a handler: those sent to its unit)', querystring: Type.Object({ status: Type.Optional(Type.Enum([...OPINION_STATUSES])), ...Page }), response: { 200: Items(OpinionSchema) } },
    },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        let query = trx.selectFrom('suggestions.opinions').selectAll();
        // A township has nothing below it: its subtree is its own path. Said outright, the newest
        // are read from the index in order instead of all of the township's being sorted.
        if (kindOfPath(principal.tenantPath) === 'township') query = query.where('tenant_path', '=', principal.tenantPath);
        if (handlerOnly(principal)) query = query.where('unit_id', '=', principal.unitId ?? '00000000-0000-0000-0000-000000000000');
        if (request.query.status) query = query.where('status', '=', request.query.status);
        const rows = await query.orderBy('created_at', 'desc').limit(request.query.limit).offset(request.query.offset).execute();
        return { items: rows.map((r) => opinionOf(r, true)) };
      }),
  );

  app.get(
    '/opinions/:id',
    { config: { access: { roles: ['deputy', 'staff', 'liaison', 'handler'] } }, schema: { summary: 'One opinion with its files and steps', params: IdParams, response: { 200: OpinionDetail } } },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        let query = trx.selectFrom('suggestions.opinions').selectAll().where('id', '=', request.params.id);
        if (handlerOnly(principal)) query = query.where('unit_id', '=', principal.unitId ?? '00000000-0000-0000-0000-000000000000');
        const row = await query.executeTakeFirst();
        if (!row) throw new NotFound(`no opinion ${request.params.id}`);
        const files = await trx.selectFrom('suggestions.attachments').select(['id', 'filename', 'content_type', 'size']).where('owner_kind', '=', 'opinion').where('owner_id', '=', row.id).execute();
        const steps = await trx.selectFrom('suggestions.opinion_steps').selectAll().where('opinion_id', '=', row.id).orderBy('id').execute();
        return checkedOnSend(OpinionDetail, {
          ...opinionOf(row, true),
          files: files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.content_type, size: f.size })),
          steps: steps.map((s) => ({ action: s.action, from: s.from_status, to: s.to_status, actor: s.actor, comment: s.comment, at: s.at })),
        });
      }),
  );

  app.get(
    '/opinions/:id/files/:fileId',
    { config: { access: { roles: ['deputy', 'staff', 'liaison', 'handler'] } }, schema: { summary: 'A photo or video of an opinion', params: Type.Object({ id: Uuid, fileId: Uuid }), response: { 200: FileResponse('the photo or video', ['image/*', 'video/*']) } } },
    async (request, reply) => {
      const file = await scoped(deps, request, async (trx) =>
        trx.selectFrom('suggestions.attachments').selectAll().where('owner_kind', '=', 'opinion').where('owner_id', '=', request.params.id).where('id', '=', request.params.fileId).executeTakeFirst(),
      );
      if (!file) throw new NotFound('no such file');
      const data = await storage.get(file.storage_key as string);
      if (!data) throw new NotFound('the file is missing from storage');
      return (reply as FastifyReply).type(file.content_type as string).send(data);
    },
  );

  const triage = (path: string, action: OpinionAction, summary: string, body: ReturnType<typeof Type.Object>, run: (trx: Trx, principal: Principal, row: Record<string, any>, body: any) => Promise<unknown>) =>
    app.post(`/opinions/:id/${path}`, { config: { access: action === 'send-to-unit' ? STAFF : action === 'answer' ? { roles: ['staff', 'handler'] } : OPINION_TRIAGERS }, schema: { summary, params: IdParams, body, response: { 200: OpinionMoved } } }, async (request) =>
      scoped(deps, request, async (trx, principal) => checkedOnSend(OpinionMoved, await run(trx, principal, await begin(trx, (request.params as { id: string }).id, action), request.body))),
    );

  triage('merge', 'merge', 'Merge with an opinion on the same matter (the sender follows that one’s answer)', Type.Object({ into: Uuid }, { additionalProperties: false }), async (trx, principal, row, body) => {
    const target = await trx.selectFrom('suggestions.opinions').select(['id', 'status', 'merged_into']).where('id', '=', body.into).executeTakeFirst();
    if (!target || target.id === row.id) throw invalid('/body/into', 'no other opinion with this id in your area');
    if (target.status === 'merged' || target.status === 'rejected') throw invalid('/body/into', `that opinion is ${target.status as string}`);
    return move(trx, row, 'merge', principal, `并入 ${body.into}`, { merged_into: body.into, deputy_id: principal.deputyId ?? null });
  });
  triage('reject', 'reject', 'Reject with the reason the sender will read', Reason, (trx, principal, row, body) => move(trx, row, 'reject', principal, body.reason, { reject_reason: body.reason, deputy_id: principal.deputyId ?? null }));
  triage('forward', 'forward', 'Forward to the congress (township or county) for handling', Type.Object({ note: Text(2000) }, { additionalProperties: false }), (trx, principal, row, body) =>
    move(trx, row, 'forward', principal, body.note, { forwarded_note: body.note, deputy_id: principal.deputyId ?? null }),
  );
  triage('send-to-unit', 'send-to-unit', 'The congress sends it to a government unit', Type.Object({ unitId: Uuid, note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }), async (trx, principal, row, body) => {
    const unit = await trx.selectFrom('suggestions.units').select(['id', 'name', 'tenant_path', 'active']).where('id', '=', body.unitId).executeTakeFirst();
    if (!unit || !unit.active || !within(row.tenant_path as string, unit.tenant_path as string)) throw invalid('/body/unitId', 'not an active unit of a congress above or at this township');
    return move(trx, row, 'send-to-unit', principal, body.note ?? null, { unit_id: unit.id, unit_name: unit.name }, { unitId: unit.id as string });
  });
  triage('answer', 'answer', 'Answer the sender (the unit it was sent to, or staff)', Type.Object({ answer: Text(5000) }, { additionalProperties: false }), async (trx, principal, row, body) => {
    if (!principal.roles.includes('staff') && row.unit_id !== principal.unitId) throw new Forbidden('this opinion was not sent to your unit');
    return move(trx, row, 'answer', principal, body.answer, { answer: body.answer, answered_at: ctx.clock.now() });
  });
  triage(
    'to-suggestion',
    'to-suggestion',
    'A deputy turns the opinion into a draft suggestion of theirs, keeping the link',
    Type.Object(
      { title: Text(300), body: Type.Optional(Text(50_000)), period: Type.Enum(['session', 'between-sessions']), kind: Type.Optional(Type.Enum(['suggestion', 'letter', 'motion'])), mandateId: Type.Optional(Uuid) },
      { additionalProperties: false },
    ),
    async (trx, principal, row, body) => {
      if (!principal.deputyId) throw new Forbidden('only a deputy turns an opinion into a suggestion');
      const item = await op.createDraft(ctx, trx, principal, {
        kind: body.kind ?? 'suggestion',
        period: body.period,
        title: body.title,
        body: body.body ?? (row.body as string),
        mandateId: body.mandateId,
        opinionId: row.id as string,
      });
      if (item.tenant_path !== row.tenant_path && !within(row.tenant_path as string, item.tenant_path)) throw new Conflict('the suggestion must go to a congress whose area includes the opinion’s township');
      await move(trx, row, 'to-suggestion', principal, body.title, { suggestion_id: item.id, deputy_id: principal.deputyId }, { suggestionId: item.id });
      return { id: row.id, status: 'became-suggestion', suggestion: await getItem(ctx, trx, principal, item.id) };
    },
  );
}

export { Nullable };
