import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/AuthContext.tsx';
import { tenants } from '../../tenants.ts';
import { formatDateTime } from '../../time.ts';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { TenantSwitcher } from '../../ui/TenantSwitcher.tsx';
import { useScope } from '../../ui/scope.tsx';

export default function Account() {
  const { t } = useTranslation();
  const auth = useAuth();
  const { choices, tenant } = useScope();
  if (auth.status !== 'authenticated') return null;
  const s = auth.session;
  return (
    <>
      <PageTitle title={t('account.title')} />
      <Card>
        <Descriptions column={1} bordered size="middle" data-testid="account">
          <Descriptions.Item label={t('account.name')}>{s.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('account.username')}>{s.username}</Descriptions.Item>
          <Descriptions.Item label={t('account.tenant')}>{tenants.fullName(s.tenantCode)}（{s.tenantCode}）</Descriptions.Item>
          <Descriptions.Item label={t('account.roles')}>{s.roles.map((r) => <Tag key={r} color="red">{t(`roles.${r}`)}</Tag>)}</Descriptions.Item>
          {s.groups.length > 0 && (
            <Descriptions.Item label={t('account.seats')}>{s.groups.map((g) => <Tag key={g}>{tenants.byGroupPath(g)?.name ?? g}</Tag>)}</Descriptions.Item>
          )}
          {s.deputyId && <Descriptions.Item label={t('account.deputyId')}>{s.deputyId}</Descriptions.Item>}
          {s.unitId && <Descriptions.Item label={t('account.unitId')}>{s.unitId}</Descriptions.Item>}
          {choices.length > 0 && (
            <Descriptions.Item label={t('account.scope')}>
              <div style={{ marginBottom: 8 }}>{t('account.scopeHint')}</div>
              <TenantSwitcher />
              <div style={{ marginTop: 8 }}>{tenants.fullName(tenant)}</div>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('account.expires')}>{formatDateTime(s.expiresAt * 1000)}</Descriptions.Item>
        </Descriptions>
      </Card>
    </>
  );
}
