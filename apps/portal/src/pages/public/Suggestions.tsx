// 建议办理公开: published suggestions with the unit's reply and the deputy's satisfaction
// (suggestions GET /public/suggestions, GET /public/suggestions/{id}).
import { useState } from 'react';
import { Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { EmptyState, ErrorState, Loading, QueryView } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';

const PAGE_SIZE = 20;

export function PublicSuggestions() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['suggestions', 'public', page],
    queryFn: () => unwrap(api.suggestions.GET('/public/suggestions', { params: { query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageTitle title={t('public.suggestionsTitle')} subtitle={t('public.suggestionsBody')} />
      <Card>
        {query.isPending ? <Loading rows={6} /> : query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : query.data.items.length === 0 && page === 1 ? (
          <EmptyState title={t('suggestion.empty')} />
        ) : (
          <List
            dataSource={query.data.items}
            pagination={{ current: page, pageSize: PAGE_SIZE, onChange: setPage, total: (page - 1) * PAGE_SIZE + query.data.items.length + (query.data.items.length === PAGE_SIZE ? 1 : 0), showSizeChanger: false, hideOnSinglePage: true }}
            renderItem={(s) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/public/suggestions/${s.id}`} data-testid="public-suggestion">{s.title}</Link>}
                  description={
                    <Space wrap size={4}>
                      <Tag>{s.congress}</Tag>
                      <span>{s.leadName}</span>
                      {s.resultCategoryLabel && <Tag color="blue">{s.resultCategoryLabel}</Tag>}
                      {s.satisfactionLabel && <Tag color="green">{s.satisfactionLabel}</Tag>}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}

export function PublicSuggestion() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: ['suggestions', 'public', 'detail', id],
    queryFn: () => unwrap(api.suggestions.GET('/public/suggestions/{id}', { params: { path: { id } } })),
  });
  return (
    <QueryView query={query} rows={8}>
      {(s) => (
        <>
          <PageTitle title={s.title ?? s.number ?? ''} subtitle={`${s.congress} · ${s.leadName}`} />
          <Card>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('suggestion.kind')}>{t(`suggestion.kinds.${s.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('suggestion.year')}>{s.year}</Descriptions.Item>
              <Descriptions.Item label={t('suggestion.category')}>{s.resultCategoryLabel ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('suggestion.satisfactionLabel')}>{s.satisfactionLabel ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
          {s.body && <Card title={t('suggestion.body')} style={{ marginTop: 16 }}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.body}</Typography.Paragraph></Card>}
          {s.reply && <Card title={t('suggestion.replies')} style={{ marginTop: 16 }}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.reply}</Typography.Paragraph></Card>}
        </>
      )}
    </QueryView>
  );
}
