// 联络站工作: the stations of the liaison's township and their activities (deputy-registry).
import { Card, Table, Tabs, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { tenants } from '../../tenants.ts';
import { formatDate } from '../../time.ts';
import { EmptyState, ErrorState } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useScope } from '../../ui/scope.tsx';
import { Stations } from '../staff/Home.tsx';

function Activities({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const path = tenants.get(tenant)?.path ?? tenant;
  const query = useQuery({
    queryKey: ['deputy-registry', 'activities', path],
    queryFn: () => unwrap(api['deputy-registry'].GET('/activities', { params: { query: { tenant: path, limit: 50, offset: 0 } } })),
  });
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} compact />;
  return (
    <Table
      size="middle"
      loading={query.isPending}
      rowKey="id"
      dataSource={query.data?.items ?? []}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: query.isPending ? ' ' : <EmptyState /> }}
      columns={[
        { title: t('liaison.theme'), dataIndex: 'theme' },
        { title: t('liaison.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(`activityKinds.${k}`)}</Tag> },
        { title: t('liaison.date'), dataIndex: 'startDate', render: (d: string) => formatDate(d) },
      ]}
    />
  );
}

export default function Liaison() {
  const { t } = useTranslation();
  const { tenant } = useScope();
  return (
    <>
      <PageTitle title={t('liaison.title')} subtitle={t('liaison.body')} />
      <Card>
        <Tabs items={[
          { key: 'stations', label: t('staff.stations'), children: <Stations tenant={tenant} /> },
          { key: 'activities', label: t('nav.stationActivities'), children: <Activities tenant={tenant} /> },
        ]} />
      </Card>
    </>
  );
}
