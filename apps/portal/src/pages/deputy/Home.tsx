// 我的履职: the deputy's own record, this year's "eight ones" and the facts behind them
// (deputy-registry GET /me and GET /duties/persons/{id}).
import { Card, Col, Descriptions, List, Progress, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { tenants } from '../../tenants.ts';
import { currentYear, formatDate } from '../../time.ts';
import { EmptyState, ErrorState, Loading, QueryView } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useAuth } from '../../auth/AuthContext.tsx';

const dutiesQuery = (personId: string, year: number) => ({
  queryKey: ['deputy-registry', 'duties', personId, year],
  queryFn: () => unwrap(api['deputy-registry'].GET('/duties/persons/{id}', { params: { path: { id: personId }, query: { year } } })),
});

function EightOnes({ personId, year }: { personId: string; year: number }) {
  const { t } = useTranslation();
  const query = useQuery(dutiesQuery(personId, year));
  return (
    <QueryView query={query} rows={6}>
      {(duties) => (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={8}><Statistic title={t('deputy.score')} value={duties.score} suffix={`/ ${duties.maxScore}`} /></Col>
              <Col xs={12} md={8}><Statistic title={t('deputy.grade')} value={duties.grade} /></Col>
              <Col xs={24} md={8}>
                <div className="stat-label" id="duties-met-label">{t('deputy.met', { met: duties.metCount, total: duties.applicableCount })}</div>
                <Progress aria-labelledby="duties-met-label" percent={duties.applicableCount ? Math.round((duties.metCount / duties.applicableCount) * 100) : 0} strokeColor="#a8071a" />
              </Col>
            </Row>
          </Card>
          <Card title={t('deputy.eightOnes')}>
            <List
              grid={{ gutter: 12, xs: 1, sm: 2, lg: 4 }}
              dataSource={duties.items}
              renderItem={(item) => (
                <List.Item>
                  <div className={`duty ${item.met ? 'duty-met' : item.applicable ? 'duty-open' : 'duty-na'}`} data-testid="duty-item">
                    <div className="duty-head">
                      {item.met ? <CheckCircleFilled aria-hidden /> : item.applicable ? <ClockCircleOutlined aria-hidden /> : <MinusCircleOutlined aria-hidden />}
                      <span className="duty-label">{item.label}</span>
                    </div>
                    <div className="duty-state">
                      {!item.applicable ? t('deputy.notApplicable') : `${item.met ? t('deputy.done') : t('deputy.notDone')} · ${t('deputy.progress', { done: item.done, needed: item.needed })}`}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          </Card>
          <Card title={t('deputy.facts')}>
            {duties.facts.length === 0 ? (
              <EmptyState title={t('deputy.factsEmpty')} hint={t('deputy.factsEmptyHint')} />
            ) : (
              <List
                size="small"
                dataSource={duties.facts}
                renderItem={(f) => (
                  <List.Item extra={<Tag color={f.counted ? 'green' : 'default'}>{f.counted ? t('deputy.counted') : t('deputy.notCounted')}</Tag>}>
                    <List.Item.Meta title={<span>{formatDate(f.occurredOn)} · {t(`activityKinds.${f.kind}`)}</span>} />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Space>
      )}
    </QueryView>
  );
}

export default function DeputyHome() {
  const { t } = useTranslation();
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  const me = useQuery({ queryKey: ['deputy-registry', 'me'], queryFn: () => unwrap(api['deputy-registry'].GET('/me')) });
  // The token names the deputy: ask for the year's duties alongside the record, not after it
  // (one round trip less on a slow connection).
  const auth = useAuth();
  const deputyId = auth.status === 'authenticated' ? auth.session.deputyId : undefined;
  useQuery({ ...dutiesQuery(deputyId ?? '', year), enabled: Boolean(deputyId) });
  const yearPicker = (
    <Select
      aria-label={t('leader.year')}
      value={year}
      onChange={setYear}
      options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: t('deputy.year', { year: y }) }))}
      style={{ width: 120 }}
    />
  );
  if (me.isPending) return <><PageTitle title={t('deputy.title')} /><Card><Loading /></Card></>;
  if (me.isError) {
    const unregistered = me.error instanceof ApiProblem && me.error.kind === 'not-found';
    return (
      <>
        <PageTitle title={t('deputy.title')} />
        <Card>{unregistered ? <EmptyState title={t('deputy.notRegistered')} hint={t('deputy.notRegisteredHint')} /> : <ErrorState error={me.error} onRetry={() => void me.refetch()} />}</Card>
      </>
    );
  }
  const person = me.data;
  const active = person.mandates.filter((m) => m.status === 'active');
  return (
    <>
      <PageTitle title={t('deputy.title')} subtitle={person.name} extra={yearPicker} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('deputy.myMandates')} size="small">
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            {active.map((m) => (
              <Descriptions.Item key={m.id} label={`${t(`levels.${m.level}`)} · ${m.term}`}>
                {tenants.byPath(m.tenantPath)?.name ?? m.tenantPath}{m.constituency ? ` · ${m.constituency}` : ''}
              </Descriptions.Item>
            ))}
          </Descriptions>
          {active.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
        </Card>
        <EightOnes personId={person.id} year={year} />
      </Space>
    </>
  );
}
