// A list of suggestions the caller may see (suggestions GET /suggestions), filtered per role:
// the deputy's own items, staff queues by state, a unit's assigned items.
import { useState, type ReactNode } from 'react';
import { Card, Segmented, Table, Tag } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { formatDate } from '../../time.ts';
import { EmptyState, ErrorState } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import type { SuggestionPage, SuggestionState } from './shapes.ts';

const PAGE_SIZE = 20;

export const STATE_COLORS: Partial<Record<SuggestionState, string>> = {
  draft: 'default', submitted: 'gold', registered: 'orange', assigned: 'blue', 'signed-for': 'blue', handling: 'processing',
  replied: 'cyan', evaluated: 'green', published: 'green', closed: 'default', 'not-accepted': 'red', withdrawn: 'default',
};

export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state as SuggestionState] ?? 'default'} data-testid="state-tag">{t(`suggestion.states.${state}`)}</Tag>;
}

export interface Queue {
  key: string;
  label: string;
  states?: SuggestionState[];
}

export function SuggestionList({ title, queues, emptyHint, extra }: { title: string; queues: Queue[]; emptyHint: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const [queueKey, setQueueKey] = useState(queues[0]?.key ?? 'all');
  const [page, setPage] = useState(1);
  const queue = queues.find((q) => q.key === queueKey) ?? queues[0];
  const query = useQuery({
    queryKey: ['suggestions', 'list', queue?.states ?? 'all', page],
    // Without `format` the list answers JSON (its other content type is the Excel export).
    queryFn: async () => (await unwrap(api.suggestions.GET('/suggestions', {
      params: { query: { ...(queue?.states ? { state: queue.states } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
    }))) as SuggestionPage,
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageTitle title={title} extra={extra} />
      <Card>
        {queues.length > 1 && (
          <Segmented
            value={queueKey}
            onChange={(v) => { setQueueKey(String(v)); setPage(1); }}
            options={queues.map((q) => ({ value: q.key, label: q.label }))}
            style={{ marginBottom: 12 }}
          />
        )}
        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <ScrollRegion label={title}>
          <Table
            size="middle"
            rowKey="id"
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: query.isPending ? ' ' : <EmptyState title={t('suggestion.empty')} hint={emptyHint} /> }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: query.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { title: t('suggestion.title'), dataIndex: 'title', render: (title: string, s) => <Link to={`/work/suggestions/${s.id}`} data-testid="suggestion-link">{title}</Link> },
              { title: t('suggestion.state'), dataIndex: 'state', render: (state: string) => <StateTag state={state} /> },
              { title: t('suggestion.kind'), dataIndex: 'kind', render: (k: string) => t(`suggestion.kinds.${k}`) },
              { title: t('suggestion.lead'), dataIndex: 'leadName' },
              { title: t('suggestion.number'), dataIndex: 'number', render: (n: string | null) => n ?? '—' },
              { title: t('suggestion.due'), dataIndex: 'replyDue', render: (d: string | null) => formatDate(d) },
              { title: t('suggestion.created'), dataIndex: 'createdAt', render: (d: string) => formatDate(d) },
            ]}
          />
          </ScrollRegion>
        )}
      </Card>
    </>
  );
}
