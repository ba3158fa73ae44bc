// The public site (no login): published items only — content, progress, reply text and
// satisfaction as reviewed at publication, with personal data removed; published notices.
import { sql } from 'kysely';
import type { FastifyRequest } from 'fastify';
import { publicAnswersOf } from '../http/public-answers.ts';
import { Type, type KitApp } from '@onenet/kit';
import { CATEGORY_LABEL, SATISFACTION_LABEL, type ResultCategory, type Satisfaction } from '../domain/workflow.ts';
import { NotFound } from '../errors.ts';
import { inSubtree, searchItems } from '../workflow/queries.ts';
import { tenantName } from '../workflow/tenants.ts';
import { ListQuery, filtersOf } from './suggestions.ts';
import { checkedOnSend, Items, PublicHit, PublicItem, PublicItemDetail } from './schemas.ts';
import { asPublic, IdParams, Page, PUBLIC, Text, TenantQuery, Year, type RouteDeps } from './support.ts';
import type { Trx } from '../workflow/engine.ts';

/** Everything the public may see of an item; nothing else is ever selected for them. */
const PUBLIC_COLUMNS = [
  's.id',
  's.tenant_path',
  's.number',
  's.kind',
  's.year',
  's.session_name',
  's.field',
  's.state',
  's.lead_name',
  's.lead_level',
  's.public_title',
  's.public_body',
  's.public_reply',
  's.result_category',
  's.satisfaction',
  's.replied_on',
  's.published_at',
] as const;

function publicItem(r: Record<string, any>) {
  return checkedOnSend(PublicItem, {
    id: r.id,
    congress: tenantName(r.tenant_path),
    tenantPath: r.tenant_path,
    number: r.number,
    kind: r.kind,
    year: r.year,
    sessionName: r.session_name,
    field: r.field,
    state: r.state,
    // Deputies' names are public by law (代表信息公开); nothing else about them is shown.
    leadName: r.lead_name,
    leadLevel: r.lead_level,
    title: r.public_title,
    body: r.public_body,
    reply: r.public_reply,
    resultCategory: r.result_category,
    resultCategoryLabel: r.result_category ? CATEGORY_LABEL[r.result_category as ResultCategory] : null,
    satisfaction: r.satisfaction,
    satisfactionLabel: r.satisfaction ? SATISFACTION_LABEL[r.satisfaction as Satisfaction] : null,
    repliedOn: r.replied_on,
    publishedAt: r.published_at,
  });
}

export function publicRoutes(app: KitApp, deps: RouteDeps): void {
  const { ctx } = deps;
  // The public reads across the whole region; row-level security scopes it to the root tenant
  // and the WHERE clause to what was published.
  const publicly = <T>(fn: (trx: Trx) => Promise<T>) => asPublic(deps, fn);
  // The same question gets the same answer for everyone: kept briefly (src/http/public-answers.ts).
  const kept = <T extends object>(request: FastifyRequest, answer: () => Promise<T>) => publicAnswersOf(ctx).get(request.url, answer);

  app.get(
    '/public/suggestions',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Published items (公开), newest first',
        querystring: Type.Object({ year: Type.Optional(Year), tenant: TenantQuery, category: Type.Optional(Type.Enum(['A', 'B', 'C', 'D'])), ...Page }),
        response: { 200: Items(PublicItem) },
      },
    },
    async (request) => {
      const q = request.query;
      const f = filtersOf({ tenant: q.tenant });
      return kept(request, () => publicly(async (trx) => {
        // The region's newest come from the items' index of publication; a subtree's from the
        // narrow published_items (migration 202611280201), whose index holds them in that order.
        // Without a category the page is taken from published_items alone, then its items read.
        const page = !q.category;
        let query = f.tenant
          ? trx
              .selectFrom(
                trx
                  .selectFrom('suggestions.published_items as pi')
                  .select(['pi.suggestion_id', 'pi.published_at'])
                  .where(inSubtree('pi.tenant_path', f.tenant))
                  .$if(Boolean(q.year), (w) => w.where('pi.year', '=', q.year!))
                  .$if(page, (w) => w.orderBy('pi.published_at', 'desc').limit(q.limit).offset(q.offset))
                  .as('p'),
              )
              .innerJoin('suggestions.suggestions as s', 's.id', 'p.suggestion_id')
          : trx.selectFrom('suggestions.suggestions as s');
        query = query.where('s.published_at', 'is not', null);
        if (q.year) query = query.where('s.year', '=', q.year);
        if (q.category) query = query.where('s.result_category', '=', q.category);
        query = query.orderBy(f.tenant ? 'p.published_at' : 's.published_at', 'desc');
        if (!(f.tenant && page)) query = query.limit(q.limit).offset(q.offset);
        const rows = await query.select([...PUBLIC_COLUMNS]).execute();
        return { items: rows.map(publicItem) };
      }));
    },
  );

  app.get(
    '/public/suggestions/search',
    { config: { access: PUBLIC }, schema: { summary: 'Search published items in Chinese', querystring: Type.Object({ q: Text(200), ...ListQuery }), response: { 200: Items(PublicHit) } } },
    async (request) => {
      const { q, ...query } = request.query;
      return kept(request, () => publicly(async (trx) => {
        const found = await searchItems(ctx, trx, null, q, filtersOf(query), true);
        const ids = found.items.map((i) => i.id);
        const rows = ids.length ? await trx.selectFrom('suggestions.suggestions as s').select([...PUBLIC_COLUMNS]).where('s.id', 'in', ids).execute() : [];
        const byId = new Map(rows.map((r) => [r.id, publicItem(r)]));
        return { items: found.items.map((i) => ({ ...byId.get(i.id)!, rank: i.rank, headline: i.headline })) };
      }));
    },
  );

  app.get(
    '/public/suggestions/:id',
    { config: { access: PUBLIC }, schema: { summary: 'One published item with its progress (steps, without who took them)', params: IdParams, response: { 200: PublicItemDetail } } },
    async (request) =>
      publicly(async (trx) => {
        const row = await trx.selectFrom('suggestions.suggestions as s').select([...PUBLIC_COLUMNS]).where('s.id', '=', request.params.id).where('s.published_at', 'is not', null).executeTakeFirst();
        if (!row) throw new NotFound(`no published suggestion ${request.params.id}`);
        // Progress: the steps and their dates, never the names of staff or handlers.
        const steps = await trx
          .selectFrom('suggestions.transitions')
          .select(['action', 'to_state', sql<string>`to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`.as('day')])
          .where('suggestion_id', '=', request.params.id)
          .where('from_state', '!=', sql.ref('to_state'))
          .orderBy('seq')
          .execute();
        const units = await trx.selectFrom('suggestions.assignments').select(['unit_name', 'role']).where('suggestion_id', '=', request.params.id).where('status', '!=', 'replaced').execute();
        return {
          ...publicItem(row),
          units: units.map((u) => ({ name: u.unit_name, role: u.role })),
          progress: steps.map((s) => checkedOnSend(PublicItemDetail.properties.progress.items, { action: s.action, state: s.to_state, on: s.day })),
        };
      }),
  );
}
