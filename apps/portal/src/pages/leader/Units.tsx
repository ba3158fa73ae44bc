// 建议办理统计: the suggestions of a congress's whole subtree for a year (suggestions
// GET /statistics) — by state and by the lead deputy's level, each handling unit's on-time,
// satisfaction and "actually solved" rates (solved counted apart from satisfied, the pain the
// domain guide names), and each congress below, whose bars drill down.
import { Card, Col, Row, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { Chart } from '../../ui/Chart.tsx';
import { EmptyState, ErrorState, Loading } from '../../ui/states.tsx';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const show = (r: number | null) => (r === null ? '—' : `${pct(r)}%`);

/** States in which the unit has answered (the reply stands). */
const ANSWERED = new Set(['replied', 'evaluated', 'published', 'follow-up', 'closed']);

export function SuggestionStats({ tenantPath, year, onDrill }: { tenantPath: string; year: number; onDrill: (code: string) => void }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['suggestions', 'statistics', tenantPath, year],
    queryFn: () => unwrap(api.suggestions.GET('/statistics', { params: { query: { tenant: tenantPath, year } } })),
  });
  if (query.isPending) return <Card title={t('leader.suggestionsByStatus')} style={{ marginTop: 16 }}><Loading rows={6} /></Card>;
  if (query.isError) return <Card title={t('leader.suggestionsByStatus')} style={{ marginTop: 16 }}><ErrorState error={query.error} onRetry={() => void query.refetch()} compact /></Card>;
  const s = query.data;
  const byState = s.byState.filter((x) => x.count > 0);
  const answered = s.byState.filter((x) => ANSWERED.has(x.state)).reduce((sum, x) => sum + x.count, 0);
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }} data-testid="suggestion-figures">
        <Col xs={12} md={6}><Card><Statistic title={t('leader.suggestionsTotal')} value={s.total} valueStyle={{ fontSize: 24 }} data-testid="suggestions-total" /></Card></Col>
        <Col xs={12} md={6}><Card><Statistic title={t('leader.suggestionsAnswered')} value={answered} data-testid="suggestions-answered" /></Card></Col>
        <Col xs={12} md={6}><Card><Statistic title={t('leader.unitsCount')} value={s.byUnit.length} /></Card></Col>
        <Col xs={12} md={6}><Card><Statistic title={t('leader.childrenWithItems')} value={s.byChildTenant.filter((c) => c.total > 0).length} /></Card></Col>
      </Row>
      {s.total === 0 ? (
        <Card title={t('leader.suggestionsByStatus')} style={{ marginTop: 16 }} data-testid="by-state">
          <EmptyState title={t('leader.noSuggestions')} hint={t('leader.noSuggestionsHint')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={14}>
            <Card title={t('leader.suggestionsByStatus')} data-testid="by-state">
              <Chart
                label={t('leader.suggestionsByStatus')}
                height={Math.max(220, byState.length * 32)}
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 8, right: 16, bottom: 8, top: 8, containLabel: true },
                  xAxis: { type: 'value', minInterval: 1 },
                  yAxis: { type: 'category', data: byState.map((x) => t(`suggestion.states.${x.state}`)), inverse: true },
                  series: [{ name: t('leader.count'), type: 'bar', data: byState.map((x) => x.count) }],
                }}
              />
              {/* The same figures as text: for screen readers, and for tests. */}
              <ul className="sr-only" data-testid="by-state-list">
                {byState.map((x) => <li key={x.state}>{t(`suggestion.states.${x.state}`)} {x.count}</li>)}
              </ul>
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card title={t('leader.byLevel')} data-testid="by-level">
              <Chart
                label={t('leader.byLevel')}
                option={{
                  tooltip: { trigger: 'item' },
                  legend: { bottom: 0 },
                  series: [{ type: 'pie', radius: ['40%', '70%'], data: s.byLevel.filter((x) => x.count > 0).map((x) => ({ name: t(`levels.${x.level}`), value: x.count })) }],
                }}
              />
            </Card>
          </Col>
        </Row>
      )}

      {s.byChildTenant.length > 0 && (
        <Card title={t('leader.suggestionsByTenant')} style={{ marginTop: 16 }} data-testid="suggestions-by-tenant">
          <Chart
            label={t('leader.suggestionsByTenant')}
            height={Math.max(220, s.byChildTenant.length * 28)}
            onClick={({ dataIndex }) => { const target = s.byChildTenant[dataIndex]; if (target) onDrill(target.code); }}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
              xAxis: { type: 'value', minInterval: 1 },
              yAxis: { type: 'category', data: s.byChildTenant.map((c) => c.name), inverse: true },
              series: [
                { name: t('leader.suggestionsTotal'), type: 'bar', data: s.byChildTenant.map((c) => c.total), cursor: 'pointer' },
                { name: t('leader.suggestionsAnswered'), type: 'bar', data: s.byChildTenant.map((c) => c.replied), cursor: 'pointer' },
              ],
            }}
          />
        </Card>
      )}

      <Card title={t('leader.unitRates')} style={{ marginTop: 16 }} data-testid="unit-rates">
        {s.byUnit.length === 0 ? (
          <EmptyState title={t('leader.noUnits')} hint={t('leader.noUnitsHint')} />
        ) : (
          <>
            <Chart
              label={t('leader.unitRates')}
              height={Math.max(220, s.byUnit.length * 36)}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
                xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                yAxis: { type: 'category', data: s.byUnit.map((u) => u.unitName), inverse: true },
                series: [
                  { name: t('leader.replyOnTime'), type: 'bar', data: s.byUnit.map((u) => pct(u.onTimeRate)) },
                  { name: t('leader.satisfaction'), type: 'bar', data: s.byUnit.map((u) => pct(u.satisfactionRate)) },
                  { name: t('leader.actuallySolved'), type: 'bar', data: s.byUnit.map((u) => pct(u.solvedRate)) },
                ],
              }}
            />
            <ScrollRegion label={t('leader.unitRates')}>
            <Table
              size="small"
              rowKey="unitId"
              dataSource={s.byUnit}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('suggestion.units'), dataIndex: 'unitName' },
                { title: t('leader.assigned'), dataIndex: 'assigned' },
                { title: t('leader.suggestionsAnswered'), dataIndex: 'replied' },
                { title: t('leader.replyOnTime'), render: (_: unknown, u) => show(u.onTimeRate) },
                { title: t('leader.satisfaction'), render: (_: unknown, u) => show(u.satisfactionRate) },
                { title: t('leader.actuallySolved'), render: (_: unknown, u) => show(u.solvedRate) },
              ]}
            />
            </ScrollRegion>
          </>
        )}
      </Card>
    </>
  );
}
