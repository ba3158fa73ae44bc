// Lists around the workflow: deadlines (staff and units), constituents' opinions (deputies).
import { useState } from 'react';
import { Card, Segmented, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { formatDate, formatDateTime } from '../../time.ts';
import { EmptyState, ErrorState } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';

export function Deadlines() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'overdue'>('open');
  const query = useQuery({
    queryKey: ['suggestions', 'deadlines', status],
    queryFn: () => unwrap(api.suggestions.GET('/deadlines', { params: { query: { status, limit: 200, offset: 0 } } })),
  });
  return (
    <>
      <PageTitle title={t('staff.deadlinesTitle')} subtitle={t('staff.deadlinesBody')} />
      <Card>
        <Segmented value={status} onChange={(v) => setStatus(v as 'open' | 'overdue')} options={[{ value: 'open', label: t('around.open') }, { value: 'overdue', label: t('around.overdue') }]} style={{ marginBottom: 12 }} />
        {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : (
          <Table
            size="middle"
            rowKey="id"
            loading={query.isPending}
            dataSource={query.data?.items ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: query.isPending ? ' ' : <EmptyState title={t('around.noDeadlines')} /> }}
            columns={[
              { title: t('suggestion.title'), dataIndex: 'title', render: (title: string, d) => <Link to={`/work/suggestions/${d.suggestionId}`}>{title}</Link> },
              { title: t('around.step'), dataIndex: 'kind' },
              { title: t('around.due'), dataIndex: 'dueOn', render: (d: string) => formatDate(d) },
              { title: t('suggestion.state'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'overdue' ? 'red' : 'gold'}>{t(`around.${s === 'overdue' ? 'overdue' : 'open'}`)}</Tag> },
            ]}
          />
        )}
      </Card>
    </>
  );
}

export function DeputyOpinions() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['suggestions', 'opinions'],
    queryFn: () => unwrap(api.suggestions.GET('/opinions', { params: { query: { limit: 100, offset: 0 } } })),
  });
  return (
    <>
      <PageTitle title={t('deputy.opinionsTitle')} subtitle={t('deputy.opinionsBody')} />
      <Card>
        {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : (
          <Table
            size="middle"
            rowKey="id"
            loading={query.isPending}
            dataSource={query.data?.items ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: query.isPending ? ' ' : <EmptyState title={t('around.noOpinions')} /> }}
            columns={[
              { title: t('opinion.body'), dataIndex: 'body', render: (b: string) => <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0, maxWidth: 480 }}>{b}</Typography.Paragraph> },
              { title: t('opinion.township'), dataIndex: 'township' },
              { title: t('opinion.status'), dataIndex: 'statusLabel', render: (l: string) => <Tag>{l}</Tag> },
              { title: t('opinion.received'), dataIndex: 'createdAt', render: (d: string) => formatDateTime(d) },
              { title: t('opinion.receipt'), dataIndex: 'receiptCode' },
            ]}
          />
        )}
      </Card>
    </>
  );
}
