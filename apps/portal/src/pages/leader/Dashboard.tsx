// 领导驾驶舱: duty performance (deputy-registry GET /duties/tenants per tenant) and suggestion
// handling (suggestions GET /statistics) over the tenant subtree, with drill-down from the region
// to a township.
import { useMemo, useState } from 'react';
import { Breadcrumb, Button, Card, Col, Row, Select, Space, Statistic, Typography } from 'antd';
import { ArrowUpOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { tenants } from '../../tenants.ts';
import { currentYear, formatDateTime } from '../../time.ts';
import { Chart } from '../../ui/Chart.tsx';
import { EmptyState, ErrorState, Loading } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useScope } from '../../ui/scope.tsx';
import { SuggestionStats } from './Units.tsx';

const summaryQuery = (tenantCode: string, year: number) => ({
  queryKey: ['deputy-registry', 'duties-tenant', tenantCode, year],
  queryFn: () => unwrap(api['deputy-registry'].GET('/duties/tenants', { params: { query: { tenant: tenants.get(tenantCode)?.path ?? tenantCode, year, limit: 1, offset: 0 } } })),
});

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

export default function Dashboard() {
  const { t } = useTranslation();
  const { tenant: scope } = useScope();
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  const [focus, setFocus] = useState<string | null>(null);
  // Drill-down stays inside the scope: a stale focus from another scope is dropped.
  const current = focus && tenants.isWithin(focus, scope) ? focus : scope;
  const children = useMemo(() => tenants.children(current), [current]);

  const summary = useQuery(summaryQuery(current, year));
  const childSummaries = useQueries({ queries: children.map((c) => summaryQuery(c.code, year)) });

  const trail = tenants.lineage(current).filter((x) => tenants.isWithin(x.code, scope));
  const s = summary.data?.summary;

  const childRows = children.map((c, i) => ({ tenant: c, data: childSummaries[i]?.data?.summary }));
  const childrenLoading = childSummaries.some((q) => q.isPending);

  return (
    <>
      <PageTitle
        title={t('leader.title')}
        extra={
          <Space wrap>
            <Select aria-label={t('leader.year')} value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: String(y) }))} style={{ width: 100 }} />
          </Space>
        }
      />
      <Card size="small" className="drill-bar">
        <Space wrap>
          <span>{t('leader.scope')}:</span>
          <Breadcrumb
            items={trail.map((x) => ({
              key: x.code,
              title: x.code === current ? <strong data-testid="drill-current">{x.name}</strong> : <a onClick={() => setFocus(x.code)}>{x.name}</a>,
            }))}
          />
          {current !== scope && (
            <Button size="small" icon={<ArrowUpOutlined />} onClick={() => setFocus(tenants.get(current)?.parentCode ?? scope)}>{t('leader.drillUp')}</Button>
          )}
        </Space>
      </Card>

      {summary.isPending ? (
        <Card style={{ marginTop: 16 }}><Loading rows={6} /></Card>
      ) : summary.isError ? (
        <Card style={{ marginTop: 16 }}><ErrorState error={summary.error} onRetry={() => void summary.refetch()} /></Card>
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={12} md={6}><Card><Statistic title={t('leader.deputies')} value={s?.deputies ?? 0} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('leader.averageScore')} value={s?.averageScore ?? 0} precision={1} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('leader.allMet')} value={s?.allMet ?? 0} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('leader.completion')} value={percent(s?.allMet ?? 0, s?.deputies ?? 0)} suffix="%" /></Card></Col>
          </Row>
          {s && <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }} data-testid="duties-as-of">{t('leader.asOf', { time: formatDateTime(s.asOf) })}</Typography.Text>}
          {!s || s.deputies === 0 ? (
            <Card style={{ marginTop: 16 }}><EmptyState title={t('leader.noDeputies')} hint={t('leader.noDeputiesHint')} /></Card>
          ) : (
            <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
              <Col xs={24} xl={14}>
                <Card title={t('leader.byItem')}>
                  <Chart
                    label={t('leader.byItem')}
                    option={{
                      tooltip: { trigger: 'axis' },
                      legend: { top: 0 },
                      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
                      xAxis: { type: 'value' },
                      yAxis: { type: 'category', data: s.items.map((i) => i.label), inverse: true },
                      series: [
                        { name: t('leader.applicable'), type: 'bar', data: s.items.map((i) => i.applicable) },
                        { name: t('leader.metCount'), type: 'bar', data: s.items.map((i) => i.met) },
                      ],
                    }}
                  />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card title={t('leader.grades')}>
                  <Chart
                    label={t('leader.grades')}
                    option={{
                      tooltip: { trigger: 'item' },
                      legend: { bottom: 0 },
                      series: [{ type: 'pie', radius: ['40%', '70%'], data: s.grades.map((g) => ({ name: g.label, value: g.count })) }],
                    }}
                  />
                </Card>
              </Col>
            </Row>
          )}
        </>
      )}

      {children.length > 0 && (
        <Card title={t('leader.byTenant')} style={{ marginTop: 16 }} data-testid="drill-chart">
          {childrenLoading ? <Loading rows={4} /> : childSummaries.find((q) => q.isError) ? (
            <ErrorState error={childSummaries.find((q) => q.isError)?.error} onRetry={() => childSummaries.forEach((q) => void q.refetch())} compact />
          ) : (
            <Chart
              label={t('leader.byTenant')}
              height={Math.max(240, children.length * 28)}
              onClick={({ dataIndex }) => { const target = childRows[dataIndex]; if (target) setFocus(target.tenant.code); }}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
                xAxis: { type: 'value' },
                yAxis: { type: 'category', data: childRows.map((r) => r.tenant.name), inverse: true },
                series: [
                  { name: t('leader.deputies'), type: 'bar', data: childRows.map((r) => r.data?.deputies ?? 0), cursor: 'pointer' },
                  { name: t('leader.allMet'), type: 'bar', data: childRows.map((r) => r.data?.allMet ?? 0), cursor: 'pointer' },
                ],
              }}
            />
          )}
          <Space wrap style={{ marginTop: 8 }}>
            {children.map((c) => <Button key={c.code} size="small" onClick={() => setFocus(c.code)} data-testid="drill-button">{c.name}</Button>)}
          </Space>
        </Card>
      )}

      <SuggestionStats tenantPath={tenants.get(current)?.path ?? current} year={year} onDrill={setFocus} />
    </>
  );
}
