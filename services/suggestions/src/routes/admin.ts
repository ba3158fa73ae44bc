// Per-tenant settings, the handling units, reply templates, deadlines and alerts, the calendar.
import { sql } from 'kysely';
import Value from 'typebox/value';
import { Type, type KitApp } from '@onenet/kit';
import { addDays, coveredYears, describeDay } from '../domain/calendar.ts';
import { DEFAULT_SETTINGS, mergeSettings, Settings } from '../domain/settings.ts';
import { Forbidden, InvalidFields, invalid } from '../errors.ts';
import { newId } from '../workflow/engine.ts';
import { scanDeadlines, settingsFor } from '../workflow/deadlines.ts';
import { deadlineOf, visibility } from '../workflow/queries.ts';
import { chinaDay } from '../domain/calendar.ts';
import { CalendarResult, DeadlineList, Items, ScanResultSchema, SettingsResult, Template, UnitSchema, UnitWritten } from './schemas.ts';
import { DateOnly, IdParams, Nullable, Page, PARTICIPANTS, PUBLIC, scoped, SETTINGS_EDITORS, STAFF, Text, Uuid, type RouteDeps } from './support.ts';

export function adminRoutes(app: KitApp, deps: RouteDeps): void {
  const { ctx } = deps;

  app.get(
    '/settings',
    { config: { access: PARTICIPANTS }, schema: { summary: "The caller's congress's settings (defaults, ancestors' and its own overrides merged)", response: { 200: SettingsResult } } },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        const own = await trx.selectFrom('suggestions.settings').select('overrides').where('tenant_path', '=', principal.tenantPath).executeTakeFirst();
        return { tenantPath: principal.tenantPath, effective: await settingsFor(trx, principal.tenantPath), overrides: own?.overrides ?? {}, defaults: DEFAULT_SETTINGS };
      }),
  );

  app.put(
    '/settings',
    {
      config: { access: SETTINGS_EDITORS },
      schema: {
        summary: "Set the caller's congress's overrides (deadlines, motion rules per level …); what is not given is inherited",
        body: Type.Object({ overrides: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false }),
        response: { 200: SettingsResult },
      },
    },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        const overrides = request.body.overrides;
        const merged = mergeSettings(overrides);
        if (!Value.Check(Settings, merged)) {
          const errors = [...Value.Errors(Settings, merged)].map((e) => ({ field: `/body/overrides${(e as { instancePath: string }).instancePath}`, message: (e as { message: string }).message }));
          throw new InvalidFields(errors);
        }
        await trx
          .insertInto('suggestions.settings')
          .values({ tenant_path: principal.tenantPath, overrides: JSON.stringify(overrides), updated_by: principal.userId })
          .onConflict((oc) => oc.column('tenant_path').doUpdateSet({ overrides: JSON.stringify(overrides), updated_by: principal.userId, updated_at: sql`now()` }))
          .execute();
        return { tenantPath: principal.tenantPath, effective: await settingsFor(trx, principal.tenantPath), overrides };
      }),
  );

  app.get(
    '/units',
    { config: { access: PARTICIPANTS }, schema: { summary: 'Handling units (承办单位) of the caller’s congress and below', response: { 200: Items(UnitSchema) } } },
    async (request) =>
      scoped(deps, request, async (trx) => ({
        items: (await trx.selectFrom('suggestions.units').selectAll().orderBy('tenant_path').orderBy('name').execute()).map((u) => ({
          id: u.id,
          tenantPath: u.tenant_path,
          name: u.name,
          headName: u.head_name,
          active: u.active,
        })),
      })),
  );

  app.put(
    '/units/:id',
    {
      config: { access: SETTINGS_EDITORS },
      schema: {
        summary: "Add or change a handling unit of the caller's congress (its id is the one handlers' tokens carry as unit_id)",
        params: IdParams,
        body: Type.Object({ name: Text(200), headName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: UnitWritten },
      },
    },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        const existing = await trx.selectFrom('suggestions.units').select('tenant_path').where('id', '=', request.params.id).executeTakeFirst();
        if (existing && existing.tenant_path !== principal.tenantPath) throw new Forbidden('this unit belongs to another congress');
        const row = { name: request.body.name, head_name: request.body.headName ?? null, active: request.body.active ?? true };
        await trx
          .insertInto('suggestions.units')
          .values({ id: request.params.id, tenant_path: principal.tenantPath, ...row })
          .onConflict((oc) => oc.column('id').doUpdateSet(row))
          .execute();
        return { id: request.params.id, tenantPath: principal.tenantPath, ...request.body };
      }),
  );

  app.get(
    '/reply-templates',
    { config: { access: { roles: ['handler', 'staff'] } }, schema: { summary: 'Reply templates: the congress’s and the caller’s unit’s', response: { 200: Items(Template) } } },
    async (request) =>
      scoped(deps, request, async (trx, principal) => ({
        items: (
          await trx
            .selectFrom('suggestions.reply_templates')
            .selectAll()
            .where((eb) => eb.or([eb('unit_id', 'is', null), ...(principal.unitId ? [eb('unit_id', '=', principal.unitId)] : [])]))
            .orderBy('name')
            .execute()
        ).map((t) => ({ id: t.id, unitId: t.unit_id, name: t.name, body: t.body })),
      })),
  );

  app.post(
    '/reply-templates',
    {
      config: { access: { roles: ['handler', 'staff'] } },
      schema: { summary: 'Add a reply template (a handler’s is its unit’s)', body: Type.Object({ name: Text(100), body: Text(20_000) }, { additionalProperties: false }), response: { 201: Template } },
    },
    async (request, reply) =>
      reply.code(201).send(
        await scoped(deps, request, async (trx, principal) => {
          const id = newId();
          const unitId = principal.roles.includes('handler') ? (principal.unitId ?? null) : null;
          await trx.insertInto('suggestions.reply_templates').values({ id, tenant_path: principal.tenantPath, unit_id: unitId, name: request.body.name, body: request.body.body }).execute();
          return { id, unitId, ...request.body };
        }),
      ),
  );

  app.get(
    '/deadlines',
    {
      config: { access: PARTICIPANTS },
      schema: {
        summary: 'Deadlines with their reminders and escalations (until the office-docs service delivers them): due soon, overdue, or all open',
        querystring: Type.Object({
          status: Type.Optional(Type.Enum(['open', 'overdue', 'reminded', 'escalated'])),
          unit: Type.Optional(Uuid),
          kind: Type.Optional(Type.String({ maxLength: 30 })),
          ...Page,
        }),
        response: { 200: DeadlineList },
      },
    },
    async (request) =>
      scoped(deps, request, async (trx, principal) => {
        const today = chinaDay(ctx.clock.now());
        const q = request.query;
        let query = trx
          .selectFrom('suggestions.deadlines as d')
          .innerJoin('suggestions.suggestions as s', 's.id', 'd.suggestion_id')
          .where(visibility(principal))
          .where('d.met_at', 'is', null)
          .where('d.cancelled_at', 'is', null)
          .selectAll('d')
          .select(['s.number', 's.title']);
        if (principal.roles.includes('handler') && !principal.roles.some((r) => r === 'staff' || r === 'leader' || r === 'admin')) {
          query = query.where('d.unit_id', '=', principal.unitId ?? '00000000-0000-0000-0000-000000000000');
        }
        if (q.status === 'overdue') query = query.where('d.due_on', '<', today);
        if (q.status === 'reminded') query = query.where('d.reminded_at', 'is not', null).where('d.escalated_at', 'is', null);
        if (q.status === 'escalated') query = query.where('d.escalated_at', 'is not', null);
        if (q.unit) query = query.where('d.unit_id', '=', q.unit);
        if (q.kind) query = query.where('d.kind', '=', q.kind);
        const rows = await query.orderBy('d.due_on').limit(q.limit).offset(q.offset).execute();
        return { today, items: rows.map((r) => ({ ...deadlineOf(r, today), number: r.number, title: r.title })) };
      }),
  );

  app.post(
    '/deadlines/scan',
    {
      config: { access: STAFF },
      schema: { summary: "Run the reminder/escalation scan over the caller's congress and below now (it also runs on a timer)", response: { 200: ScanResultSchema } },
    },
    async (request) => {
      const principal = request.principal!;
      return scanDeadlines(ctx, principal.tenantPath, ctx.clock.now());
    },
  );

  app.get(
    '/calendar',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'The working-day calendar (holidays and adjusted working days from chinese-days) between two days',
        querystring: Type.Object({ from: DateOnly, to: DateOnly }),
        response: { 200: CalendarResult },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (to < from) throw invalid('/query/to', 'must not be before from');
      const days = [];
      for (let d = from, n = 0; d <= to && n < 400; d = addDays(d, 1), n++) days.push(describeDay(d));
      return { coveredYears: coveredYears(), days };
    },
  );
}
