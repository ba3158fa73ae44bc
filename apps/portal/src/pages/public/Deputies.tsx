// 代表名录: the public deputy directory (deputy-registry GET /public/profiles).
import { Avatar, Button, Card, Input, List, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { tenants } from '../../tenants.ts';
import { EmptyState, ErrorState, Loading } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { LEVELS, type Level } from '../labels.ts';

const PAGE_SIZE = 20;

export default function Deputies() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const level = (params.get('level') as Level | null) ?? undefined;
  const tenant = params.get('tenant') ?? undefined;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  const query = useQuery({
    queryKey: ['deputy-registry', 'public-profiles', { q, level, tenant, page }],
    queryFn: () => unwrap(api['deputy-registry'].GET('/public/profiles', {
      params: { query: { ...(q ? { q } : {}), ...(level ? { level } : {}), ...(tenant ? { tenant } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
    })),
    placeholderData: keepPreviousData,
  });

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const rootTree = tenants.subtree('450000');

  return (
    <>
      <PageTitle title={t('public.deputiesTitle')} subtitle={t('public.deputiesHint')} />
      <Card className="filters">
        <Space wrap style={{ width: '100%' }}>
          <Input.Search
            defaultValue={q}
            allowClear
            placeholder={t('public.searchPlaceholder')}
            aria-label={t('public.searchDeputies')}
            onSearch={(value) => update({ q: value.trim() || undefined })}
            style={{ width: 280, maxWidth: '100%' }}
          />
          <Select
            aria-label={t('public.level')}
            value={level ?? ''}
            onChange={(v: string) => update({ level: v || undefined })}
            options={[{ value: '', label: t('public.allLevels') }, ...LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))]}
            style={{ width: 140 }}
          />
          <TreeSelect
            aria-label={t('public.congress')}
            placeholder={t('public.congress')}
            allowClear
            showSearch
            treeNodeFilterProp="title"
            value={tenant}
            treeData={rootTree ? [rootTree] : []}
            onChange={(v?: string) => update({ tenant: v ? tenants.get(v)?.path : undefined })}
            style={{ width: 220, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
          />
        </Space>
      </Card>
      {query.isPending ? (
        <Card><Loading rows={6} /></Card>
      ) : query.isError ? (
        <Card><ErrorState error={query.error} onRetry={() => void query.refetch()} /></Card>
      ) : query.data.items.length === 0 ? (
        <Card>
          <EmptyState
            title={t('public.noDeputies')}
            hint={t('public.noDeputiesHint')}
            action={(q || level || tenant) && <Button onClick={() => setParams(new URLSearchParams())}>{t('public.clear')}</Button>}
          />
        </Card>
      ) : (
        <Card title={t('public.total', { count: query.data.total })} aria-busy={query.isFetching}>
          <List
            itemLayout="horizontal"
            dataSource={query.data.items}
            pagination={query.data.total > PAGE_SIZE ? {
              current: page, pageSize: PAGE_SIZE, total: query.data.total, showSizeChanger: false,
              onChange: (p) => update({ page: String(p) }),
            } : false}
            renderItem={(d) => (
              <List.Item>
                <List.Item.Meta
                  avatar={d.photoUrl ? <Avatar size={48} src={d.photoUrl} alt="" /> : <Avatar size={48} className="avatar-initial">{d.name.slice(0, 1)}</Avatar>}
                  title={<Link to={`/public/deputies/${d.personId}`} className="deputy-name">{d.name}</Link>}
                  description={
                    <Space direction="vertical" size={2}>
                      <span>
                        {d.mandates.map((m) => (
                          <Tag key={`${m.tenantPath}-${m.term}`} color="red">
                            {t(`levels.${m.level}`)} · {m.tenantName ?? tenants.byPath(m.tenantPath)?.name ?? m.tenantPath}
                          </Tag>
                        ))}
                      </span>
                      {(d.occupation || d.mandates[0]?.constituency) && (
                        <Typography.Text type="secondary">
                          {[d.occupation, d.mandates[0]?.constituency].filter(Boolean).join(' · ')}
                        </Typography.Text>
                      )}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </>
  );
}
