import { Avatar, Card, Descriptions, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { tenants } from '../../tenants.ts';
import { QueryView } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';

export default function DeputyProfile() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: ['deputy-registry', 'public-profile', id],
    queryFn: () => unwrap(api['deputy-registry'].GET('/public/profiles/{id}', { params: { path: { id } } })),
  });
  return (
    <QueryView query={query} rows={8}>
      {(d) => (
        <>
          <PageTitle title={d.name} subtitle={t('public.profileTitle')} />
          <Card>
            <Space align="start" size={24} wrap>
              {d.photoUrl ? <Avatar size={96} src={d.photoUrl} alt={d.name} shape="square" /> : <Avatar size={96} shape="square" className="avatar-initial">{d.name.slice(0, 1)}</Avatar>}
              <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                <Descriptions.Item label={t('public.occupation')}>{d.occupation ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('public.contact')}>{d.publicContact ?? t('public.noContact')}</Descriptions.Item>
              </Descriptions>
            </Space>
          </Card>
          <Card title={t('public.mandates')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              pagination={false}
              rowKey={(m) => `${m.tenantPath}-${m.term}`}
              dataSource={d.mandates}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('public.level'), dataIndex: 'level', render: (l: string) => t(`levels.${l}`) },
                { title: t('public.congress'), dataIndex: 'tenantPath', render: (p: string, m) => m.tenantName ?? tenants.byPath(p)?.name ?? p },
                { title: t('public.term'), dataIndex: 'term' },
                { title: t('public.constituency'), dataIndex: 'constituency', render: (v: string | null) => v ?? '—' },
                { title: t('public.delegation'), dataIndex: 'delegation', render: (v: string | null) => v ?? '—' },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('public.deputiesHint')}</Typography.Paragraph>
          </Card>
        </>
      )}
    </QueryView>
  );
}
