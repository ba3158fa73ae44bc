// Duty performance (履职评估) reports, the scoring scheme, ledgers (两册七簿) and roster import.
import { LRUCache } from 'lru-cache';
import { Type, type KitApp, Forbidden } from '@onenet/kit';
import { deleteScheme, deputyYear, groupReport, schemeFor, setScheme, stationReport, tenantPage, tenantReport, tenantSummary, type DutyReport, type ReportSummary } from '../db/duties.ts';
import { stationLedger } from '../db/ledgers.ts';
import { importRoster } from '../db/roster-import.ts';
import { ScoringSchemeSchema, schemeProblems, EIGHT_ONES, type ScoringScheme } from '../domain/duties.ts';
import { LEVEL_LABELS, type DeputyLevel } from '../domain/levels.ts';
import { InvalidFields } from '../errors.ts';
import { ledgerPdf, ledgerXlsx, XLSX_CONTENT_TYPE } from '../files/ledger-files.ts';
import { DateOnly, DeputyYearDetail, DutyReport as DutyReportSchema, Format, IdParams, ImportSummary, Level, Nullable, Page, TenantPath, TenantQuery, Uuid, Year } from './schemas.ts';
import { ORGANISERS, READERS, READERS_OR_DEPUTY, REGISTRARS, currentYear, placeName, scoped, sendList, tenantParam, type RouteDeps } from './support.ts';

const reportColumns = [
  { key: 'name', header: '姓名', width: 10 },
  { key: 'levels', header: '代表层级', width: 14 },
  ...EIGHT_ONES.map((item) => ({ key: item, header: item, width: 10 })),
  { key: 'metCount', header: '完成项数', width: 8 },
  { key: 'score', header: '得分', width: 7 },
  { key: 'grade', header: '等级', width: 7 },
];

async function sendReport(reply: Parameters<typeof sendList>[0], format: 'json' | 'xlsx' | undefined, title: string, report: DutyReport) {
  const columns = reportColumns.map((c) => ({ ...c, header: report.summary.items.find((i) => i.item === c.key)?.label ?? c.header }));
  return sendList(reply, format, title, columns, report, () =>
    report.deputies.map((d) => ({
      name: d.name,
      levels: d.levels.map((l) => LEVEL_LABELS[l]).join('、'),
      ...Object.fromEntries(d.items.map((i) => [i.item, i.applicable ? (i.met ? '✓' : `${i.done}/${i.needed}`) : '—'])),
      metCount: `${d.metCount}/${d.applicableCount}`,
      score: d.score,
      grade: d.grade,
    })),
  );
}

/**
 * A congress's summary assesses every deputy of its subtree — for the region, 116,000 of them —
 * and a leader's dashboard asks for it and for each child congress on every visit. So a summary is
 * kept for REGISTRY_REPORT_CACHE_SECONDS (five minutes by default): after that the next request still gets it at once while
 * one recount runs (concurrent requests share that recount). The key holds the caller's tenant
 * (what row-level security lets them see) and the scheme in force, so a changed scheme counts
 * again at once.
 */
function summaryCache(deps: RouteDeps) {
  const seconds = deps.ctx.config.REGISTRY_REPORT_CACHE_SECONDS;
  type Count = () => Promise<ReportSummary>;
  const cache = new LRUCache<string, ReportSummary, Count>({
    max: 2000,
    ttl: seconds * 1000,
    allowStale: true,
    fetchMethod: (_key, _stale, { context }) => context(),
  });
  return {
    async get(callerTenant: string, tenantPath: string, year: number, level: DeputyLevel | undefined, scheme: ScoringScheme): Promise<ReportSummary> {
      // Its own read-only transaction: a recount may outlive the request that started it.
      const count: Count = () => deps.ctx.withTenant(callerTenant, (trx) => tenantSummary(trx, tenantPath, year, { level }, scheme), { readOnly: true });
      if (seconds === 0) return count();
      const key = JSON.stringify([callerTenant, tenantPath, year, level ?? null, scheme]);
      return (await cache.fetch(key, { context: count }))!;
    },
  };
}

const ReportQuery = Type.Object({ year: Type.Optional(Year), ...Page, limit: Type.Integer({ minimum: 1, maximum: 200_000, default: 1000 }), format: Format });

export function dutyRoutes(app: KitApp, deps: RouteDeps): void {
  const summaries = summaryCache(deps);
  app.get(
    '/duties/persons/:id',
    {
      config: { access: READERS_OR_DEPUTY },
      schema: { summary: 'A deputy’s year: the eight ones (八个一), score, grade and the facts behind them', params: IdParams, querystring: Type.Object({ year: Type.Optional(Year) }), response: { 200: DeputyYearDetail } },
    },
    async (request) =>
      scoped(deps, request, (scope, principal) => {
        if (principal.roles.every((r) => r === 'deputy') && principal.deputyId !== request.params.id) throw new Forbidden('a deputy may read their own duties only');
        return deputyYear(scope, request.params.id, request.query.year ?? currentYear());
      }),
  );

  app.get(
    '/duties/groups/:id',
    { config: { access: READERS }, schema: { summary: 'Duty performance of a mixed group’s members', params: IdParams, querystring: ReportQuery, response: { 200: DutyReportSchema } } },
    async (request, reply) => {
      const { year = currentYear(), format, limit, offset } = request.query;
      const report = await scoped(deps, request, (scope) => groupReport(scope, request.params.id, year, { limit, offset }));
      return sendReport(reply, format, `${report.scope.name ?? '小组'} ${year}年 代表履职情况`, report);
    },
  );

  app.get(
    '/duties/stations/:id',
    { config: { access: READERS }, schema: { summary: 'Duty performance of the deputies of a station’s groups', params: IdParams, querystring: ReportQuery, response: { 200: DutyReportSchema } } },
    async (request, reply) => {
      const { year = currentYear(), format, limit, offset } = request.query;
      const report = await scoped(deps, request, (scope) => stationReport(scope, request.params.id, year, { limit, offset }));
      return sendReport(reply, format, `${report.scope.name ?? '履职平台'} ${year}年 代表履职情况`, report);
    },
  );

  app.get(
    '/duties/tenants',
    {
      config: { access: READERS },
      schema: {
        summary: 'Duty performance of the deputies elected by a congress and those below it (default: the caller’s)',
        querystring: Type.Object({ ...ReportQuery.properties, tenant: TenantQuery, level: Type.Optional(Level) }),
        response: { 200: DutyReportSchema },
      },
    },
    async (request, reply) => {
      const { year = currentYear(), format, limit, offset, tenant, level } = request.query;
      const principal = request.principal!;
      const tenantPath = tenantParam(principal, tenant ?? principal.tenantPath, '/query/tenant', READERS)!;
      const { scheme, deputies } = await scoped(deps, request, async (scope) => {
        const scheme = await schemeFor(scope.trx, tenantPath);
        return { scheme, deputies: await tenantPage(scope.trx, tenantPath, year, { level }, scheme.scheme, { limit, offset }) };
      });
      // After the request's own transaction: a recount takes a connection of its own.
      const summary = await summaries.get(principal.tenantPath, tenantPath, year, level, scheme.scheme);
      const report = tenantReport(tenantPath, year, scheme, summary, deputies);
      report.scope.name = placeName(tenantPath);
      return sendReport(reply, format, `${report.scope.name ?? tenantPath} ${year}年 代表履职情况`, report);
    },
  );

  const SchemeResponse = Type.Object({ tenantPath: TenantPath, definedBy: Nullable(TenantPath), scheme: ScoringSchemeSchema });

  app.get(
    '/scoring-scheme',
    {
      config: { access: READERS },
      schema: { summary: 'The scoring scheme in force for a congress (its own, else inherited, else the default)', querystring: Type.Object({ tenant: TenantQuery }), response: { 200: SchemeResponse } },
    },
    async (request) => {
      const tenantPath = tenantParam(request.principal, request.query.tenant ?? request.principal!.tenantPath, '/query/tenant', READERS)!;
      const { scheme, definedBy } = await scoped(deps, request, (scope) => schemeFor(scope.trx, tenantPath));
      return { tenantPath, definedBy, scheme };
    },
  );

  app.put(
    '/scoring-scheme',
    { config: { access: ORGANISERS }, schema: { summary: 'Set the caller’s congress’s scoring scheme (inherited by those below without one)', body: ScoringSchemeSchema, response: { 200: SchemeResponse } } },
    async (request) => {
      const problems = schemeProblems(request.body as ScoringScheme);
      if (problems.length > 0) throw new InvalidFields(problems.map((p) => ({ field: `/body${p.field}`, message: p.message })));
      const tenantPath = request.principal!.tenantPath;
      await scoped(deps, request, (scope) => setScheme(scope, request.body as ScoringScheme));
      return { tenantPath, definedBy: tenantPath, scheme: request.body };
    },
  );

  app.delete('/scoring-scheme', { config: { access: ORGANISERS }, schema: { summary: 'Remove the caller’s own scheme (inherit again)', response: { 204: Type.Null() } } }, async (request, reply) => {
    await scoped(deps, request, (scope) => deleteScheme(scope));
    return reply.code(204).send(null);
  });

  app.get(
    '/stations/:id/ledgers/:year',
    {
      config: { access: READERS },
      schema: {
        summary: 'The station’s two rosters and seven books (两册七簿) for a year, as .xlsx (default) or PDF',
        params: Type.Object({ id: Uuid, year: Year }),
        querystring: Type.Object({ format: Type.Optional(Type.Enum(['xlsx', 'pdf'])) }),
      },
    },
    async (request, reply) => {
      const { id, year } = request.params;
      const ledger = await scoped(deps, request, (scope) => stationLedger(scope, id, year, placeName));
      const pdf = request.query.format === 'pdf';
      const file = pdf ? await ledgerPdf(ledger) : await ledgerXlsx(ledger);
      const name = `${ledger.stationName}${year}年两册七簿.${pdf ? 'pdf' : 'xlsx'}`;
      return reply
        .type(pdf ? 'application/pdf' : XLSX_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(file);
    },
  );

  app.post(
    '/imports/roster',
    {
      config: { access: REGISTRARS },
      bodyLimit: deps.ctx.config.REGISTRY_UPLOAD_LIMIT_BYTES,
      schema: {
        summary: 'Import a deputy roster (.xlsx or .csv with Chinese headers) into the caller’s congress: all rows or none',
        description:
          'Body: the file (content-type .xlsx or text/csv; GBK CSV is detected). dryRun=true reports every bad row (row, field, reason) and, for a clean file, what would change; without dryRun a file with any bad row is refused with 422 and the same list. Re-importing a file changes nothing.',
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()), startDate: Type.Optional(DateOnly) }),
        response: { 200: ImportSummary },
      },
    },
    async (request) => {
      const body = request.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new InvalidFields([{ field: '/body', message: 'must be the roster file (.xlsx or .csv)' }]);
      return scoped(deps, request, (scope) => importRoster(scope, deps.secrets, body, { dryRun: request.query.dryRun ?? false, defaultStartDate: request.query.startDate }));
    },
  );
}

