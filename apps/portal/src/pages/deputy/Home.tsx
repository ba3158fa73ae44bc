// 我的履职: the deputy's own record, this year's "eight ones" and the facts behind them
// (deputy-registry GET /me and GET /duties/persons/{id}).
import { Card, Descriptions, Progress, Space, Statistic, Tag } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '@onenet/api-client';
import { dutiesQuery, meQuery } from './queries.ts';
import { tenants } from '../../tenants.ts';
import { currentYear, formatDate } from '../../time.ts';
import { EmptyState, ErrorState, Loading, QueryView } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useAuth } from '../../auth/AuthContext.tsx';

function EightOnes({ personId, year }: { personId: string; year: number }) {
  const { t } = useTranslation();
  const query = useQuery(dutiesQuery(personId, year));
  return (
    <QueryView query={query} rows={6}>
      {(duties) => (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card>
            <div className="figures">
              <Statistic title={t('deputy.score')} value={duties.score} suffix={`/ ${duties.maxScore}`} />
              <Statistic title={t('deputy.grade')} value={duties.grade} />
              <div>
                <div className="stat-label" id="duties-met-label">{t('deputy.met', { met: duties.metCount, total: duties.applicableCount })}</div>
                <Progress aria-labelledby="duties-met-label" percent={duties.applicableCount ? Math.round((duties.metCount / duties.applicableCount) * 100) : 0} strokeColor="#a8071a" />
              </div>
            </div>
          </Card>
          <Card title={t('deputy.eightOnes')}>
            <ul className="plain duty-grid">
              {duties.items.map((item) => (
                <li key={item.item} className={`duty ${item.met ? 'duty-met' : item.applicable ? 'duty-open' : 'duty-na'}`} data-testid="duty-item">
                  <div className="duty-head">
                    {item.met ? <CheckCircleFilled aria-hidden /> : item.applicable ? <ClockCircleOutlined aria-hidden /> : <MinusCircleOutlined aria-hidden />}
                    <span className="duty-label">{item.label}</span>
                  </div>
                  <div className="duty-state">
                    {!item.applicable ? t('deputy.notApplicable') : `${item.met ? t('deputy.done') : t('deputy.notDone')} · ${t('deputy.progress', { done: item.done, needed: item.needed })}`}
                  </div>
                </li>
              ))}
            </ul>
          </Card>
          <Card title={t('deputy.facts')}>
            {duties.facts.length === 0 ? (
              <EmptyState title={t('deputy.factsEmpty')} hint={t('deputy.factsEmptyHint')} />
            ) : (
              <ul className="plain facts">
                {duties.facts.map((f) => (
                  <li key={`${f.kind} ${f.ref}`}>
                    <span>{formatDate(f.occurredOn)} · {t(`activityKinds.${f.kind}`)}</span>
                    <Tag color={f.counted ? 'green' : 'default'}>{f.counted ? t('deputy.counted') : t('deputy.notCounted')}</Tag>
                  </li>
                ))}
              </ul>
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
  const me = useQuery(meQuery);
  // The token names the deputy: ask for the year's duties alongside the record, not after it
  // (one round trip less on a slow connection; the route's loader has usually asked already).
  const auth = useAuth();
  const deputyId = auth.status === 'authenticated' ? auth.session.deputyId : undefined;
  useQuery({ ...dutiesQuery(deputyId ?? '', year), enabled: Boolean(deputyId) });
  // A native select: the phone's own picker, and no select component to load on the first screen.
  const yearPicker = (
    <select className="year-select" aria-label={t('leader.year')} value={year} onChange={(e) => setYear(Number(e.target.value))}>
      {[thisYear, thisYear - 1, thisYear - 2].map((y) => <option key={y} value={y}>{t('deputy.year', { year: y })}</option>)}
    </select>
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
          {active.length === 0 && <span className="secondary">—</span>}
        </Card>
        <EightOnes personId={person.id} year={year} />
      </Space>
    </>
  );
}
