// The leaders' dashboard: statistics of a congress's whole subtree for a year.
import { requirePrincipal, Type, tenantParam, type KitApp } from '@onenet/kit';
import { chinaDay } from '../domain/calendar.ts';
import { STATES } from '../domain/workflow.ts';
import { statisticsOf } from '../workflow/statistics.ts';
import { Nullable, scoped, SUPERVISORS, TenantQuery, Uuid, Year, type RouteDeps } from './support.ts';

const Count = Type.Integer({ minimum: 0 });
const Rate = (description: string) => Nullable(Type.Number({ minimum: 0, maximum: 1, description: `${description}; null when there is nothing to rate` }));
const OnTime = Rate('replied by the due date ÷ (replied + past the due date without a reply)');
const Satisfaction = Rate('满意 or 基本满意 ÷ evaluated');
const TenantPath = Type.String({ description: 'tenant path, e.g. 450000/451100/451102' });

export const StatisticsSchema = Type.Object({
  tenant: TenantPath,
  code: Type.String({ description: 'division code' }),
  name: Type.String(),
  year: Year,
  total: Type.Integer({ minimum: 0, description: 'items of the year in the subtree, submitted or later (drafts and co-signing items are the deputies’ own)' }),
  byState: Type.Array(Type.Object({ state: Type.Enum([...STATES]), count: Count })),
  byKind: Type.Array(Type.Object({ kind: Type.Enum(['motion', 'suggestion', 'letter']), count: Count })),
  byLevel: Type.Array(Type.Object({ level: Type.Enum(['national', 'region', 'city', 'county', 'township']), count: Count }, { description: 'by the level of the lead deputy’s seat' })),
  byUnit: Type.Array(
    Type.Object({
      unitId: Uuid,
      unitName: Type.String(),
      assigned: Type.Integer({ minimum: 0, description: 'assignments of the year (lead, split and co-unit), merged-away items left out' }),
      replied: Type.Integer({ minimum: 0, description: 'items the unit answered as lead or split unit' }),
      onTimeRate: OnTime,
      satisfactionRate: Satisfaction,
      solvedRate: Rate('answered items actually solved (checked promises, or an A answer nobody contradicted) ÷ replied — counted apart from satisfaction'),
    }),
  ),
  byChildTenant: Type.Array(
    Type.Object({ tenant: TenantPath, code: Type.String(), name: Type.String(), total: Count, replied: Count, onTimeRate: OnTime, satisfactionRate: Satisfaction }),
    { description: 'each congress directly below, its own subtree' },
  ),
});

export function statisticsRoutes(app: KitApp, deps: RouteDeps): void {
  const { ctx } = deps;
  app.get(
    '/statistics',
    {
      config: { access: SUPERVISORS },
      schema: {
        summary: "The leaders' dashboard: a congress's whole subtree for a year — items by state, kind and level; each unit's rates; each congress below",
        querystring: Type.Object({
          tenant: TenantQuery,
          year: Type.Optional(Year),
        }),
        response: { 200: StatisticsSchema },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      // A named tenant must be the caller's own congress or one below it (403 otherwise).
      const tenant = tenantParam(principal, request.query.tenant, '/query/tenant', SUPERVISORS) ?? principal.tenantPath;
      const today = chinaDay(ctx.clock.now());
      return scoped(deps, request, (trx) => statisticsOf(trx, tenant, request.query.year ?? Number(today.slice(0, 4)), today));
    },
  );
}
