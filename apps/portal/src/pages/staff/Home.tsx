// 代表与站点: the deputies and stations of the scope tenant and below (deputy-registry
// GET /persons, GET /stations), with Excel export and the stations' yearly ledgers.
import { useState } from 'react';
import { App, Button, Card, Dropdown, Input, Space, Table, Tabs, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { tenants } from '../../tenants.ts';
import { currentYear } from '../../time.ts';
import { EmptyState, ErrorState } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useScope } from '../../ui/scope.tsx';
import { saveBlob } from '../../ui/download.ts';
import { errorMessage } from '../../ui/errors.ts';

const PAGE_SIZE = 20;

function Persons({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [exporting, setExporting] = useState(false);
  const tenantPath = tenants.get(tenant)?.path ?? tenant;
  const query = useQuery({
    queryKey: ['deputy-registry', 'persons', tenantPath, q, page],
    queryFn: () => unwrap(api['deputy-registry'].GET('/persons', {
      params: { query: { tenant: tenantPath, ...(q ? { q } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
    })),
    placeholderData: keepPreviousData,
  });
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const { data } = await api['deputy-registry'].GET('/persons', { params: { query: { tenant: tenantPath, ...(q ? { q } : {}), format: 'xlsx', limit: 20_000, offset: 0 } }, parseAs: 'blob' });
      saveBlob(data as unknown as Blob, `代表名单-${tenants.name(tenant)}.xlsx`);
    } catch (error) {
      message.error(errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('staff.search')} aria-label={t('staff.search')} onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ width: 260, maxWidth: '100%' }} />
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>{exporting ? t('staff.exporting') : t('staff.export')}</Button>
      </Space>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} compact />
      ) : (
        <Table
          size="middle"
          loading={query.isFetching}
          rowKey="id"
          dataSource={query.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: query.isPending ? ' ' : <EmptyState title={t('staff.noPersons')} hint={t('staff.noPersonsHint')} /> }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: query.data?.total ?? 0, showSizeChanger: false, onChange: setPage, hideOnSinglePage: true }}
          columns={[
            { title: t('staff.name'), dataIndex: 'name', fixed: 'left' },
            { title: t('staff.mandates'), dataIndex: 'mandates', render: (ms: { id: string; level: string; term: string; status: string }[]) => ms.map((m) => <Tag key={m.id} color={m.status === 'active' ? 'red' : 'default'}>{t(`levels.${m.level}`)} · {m.term}</Tag>) },
            { title: t('public.occupation'), dataIndex: 'occupation', render: (v: string | null) => v ?? '—' },
            { title: t('staff.tenant'), dataIndex: 'tenantPath', render: (p: string) => tenants.byPath(p)?.name ?? p },
          ]}
        />
      )}
    </>
  );
}

export function Stations({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenantPath = tenants.get(tenant)?.path ?? tenant;
  const year = currentYear();
  const query = useQuery({
    queryKey: ['deputy-registry', 'stations', tenantPath],
    queryFn: () => unwrap(api['deputy-registry'].GET('/stations', { params: { query: { tenant: tenantPath, limit: 100, offset: 0 } } })),
  });
  const ledger = async (id: string, name: string, format: 'xlsx' | 'pdf') => {
    try {
      const { data } = await api['deputy-registry'].GET('/stations/{id}/ledgers/{year}', { params: { path: { id, year }, query: { format } }, parseAs: 'blob' });
      saveBlob(data as unknown as Blob, `两册七簿-${name}-${year}.${format}`);
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  };
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} compact />;
  return (
    <Table
      size="middle"
      loading={query.isPending}
      rowKey="id"
      dataSource={query.data?.items ?? []}
      scroll={{ x: 'max-content' }}
      pagination={false}
      locale={{ emptyText: query.isPending ? ' ' : <EmptyState title={t('staff.noStations')} hint={t('staff.noStationsHint')} /> }}
      columns={[
        { title: t('staff.station'), dataIndex: 'name' },
        { title: t('staff.tenant'), dataIndex: 'tenantPath', render: (p: string) => tenants.byPath(p)?.name ?? p },
        { title: t('staff.ledgers'), key: 'ledgers', render: (_: unknown, s) => (
          <Dropdown menu={{ items: [
            { key: 'xlsx', label: 'Excel', onClick: () => void ledger(s.id, s.name, 'xlsx') },
            { key: 'pdf', label: 'PDF', onClick: () => void ledger(s.id, s.name, 'pdf') },
          ] }}>
            <Button size="small" icon={<DownloadOutlined />}>{t('staff.download')} {year}</Button>
          </Dropdown>
        ) },
      ]}
    />
  );
}

export default function StaffHome() {
  const { t } = useTranslation();
  const { tenant } = useScope();
  return (
    <>
      <PageTitle title={t('staff.title')} subtitle={tenants.fullName(tenant)} />
      <Card>
        <Tabs items={[
          { key: 'persons', label: t('staff.persons'), children: <Persons tenant={tenant} /> },
          { key: 'stations', label: t('staff.stations'), children: <Stations tenant={tenant} /> },
        ]} />
      </Card>
    </>
  );
}
