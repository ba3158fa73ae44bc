// 承办单位按时办结率与满意率: the year's assessment of handling units (suggestions GET /assessment),
// with "actually solved" shown apart from satisfaction — the pain the domain guide names.
import { Card, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { Chart } from '../../ui/Chart.tsx';
import { EmptyState, ErrorState, Loading } from '../../ui/states.tsx';
import type { UnitAssessment } from '../suggestions/shapes.ts';

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const show = (r: number | null) => (r === null ? '—' : `${pct(r)}%`);

export function UnitRates({ year }: { year: number }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['suggestions', 'assessment', year],
    queryFn: async () => (await unwrap(api.suggestions.GET('/assessment', { params: { query: { year } } }))) as unknown as { units: UnitAssessment[] },
  });
  return (
    <Card title={t('leader.unitRates')} style={{ marginTop: 16 }} data-testid="unit-rates">
      {query.isPending ? <Loading rows={4} /> : query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} compact /> : query.data.units.length === 0 ? (
        <EmptyState title={t('leader.noUnits')} hint={t('leader.noUnitsHint')} />
      ) : (
        <>
          <Chart
            label={t('leader.unitRates')}
            height={Math.max(220, query.data.units.length * 36)}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
              xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
              yAxis: { type: 'category', data: query.data.units.map((u) => u.unitName), inverse: true },
              series: [
                { name: t('leader.replyOnTime'), type: 'bar', data: query.data.units.map((u) => pct(u.rates.replyOnTime)) },
                { name: t('leader.satisfaction'), type: 'bar', data: query.data.units.map((u) => pct(u.rates.satisfaction)) },
                { name: t('leader.actuallySolved'), type: 'bar', data: query.data.units.map((u) => pct(u.rates.actuallySolved)) },
              ],
            }}
          />
          <Table
            size="small"
            rowKey="unitId"
            dataSource={query.data.units}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('suggestion.units'), dataIndex: 'unitName' },
              { title: t('leader.assigned'), dataIndex: 'assigned' },
              { title: t('leader.signForOnTime'), render: (_: unknown, u) => show(u.rates.signForOnTime) },
              { title: t('leader.replyOnTime'), render: (_: unknown, u) => show(u.rates.replyOnTime) },
              { title: t('leader.satisfaction'), render: (_: unknown, u) => show(u.rates.satisfaction) },
              { title: t('leader.actuallySolved'), render: (_: unknown, u) => show(u.rates.actuallySolved) },
              { title: t('leader.score'), dataIndex: 'score' },
            ]}
          />
        </>
      )}
    </Card>
  );
}
