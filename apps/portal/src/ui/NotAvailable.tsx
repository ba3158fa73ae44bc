// A page whose service does not offer its endpoints yet: it says so plainly instead of showing
// invented data, and lists what it waits for.
import { Alert, Card, Collapse, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';

export interface NeededEndpoint {
  service: string;
  /** What the page needs it for, in a sentence. */
  purpose: string;
  /** The operation as the portal would call it, e.g. "POST /suggestions". */
  operation: string;
}

export function NotAvailable({ title, body, needs }: { title: string; body: string; needs: NeededEndpoint[] }) {
  const { t } = useTranslation();
  const offered = (n: NeededEndpoint) => api.has(n.service, n.operation);
  const ready = needs.every(offered);
  return (
    <Card>
      <Result
        status="info"
        title={title}
        subTitle={
          <Space direction="vertical">
            <span>{body}</span>
            <Alert type="info" showIcon message={t('state.notAvailableTitle')} description={ready ? t('state.pageComing') : t('state.notAvailableBody')} />
          </Space>
        }
      />
      <Collapse
        size="small"
        items={[{
          key: 'needs',
          forceRender: true,
          label: t('state.notAvailableNeeds'),
          children: (
            <ul className="needs">
              {needs.map((n) => (
                <li key={`${n.service} ${n.operation}`}>
                  <Typography.Text code>{n.service}</Typography.Text> <Typography.Text code>{n.operation}</Typography.Text> — {n.purpose} {offered(n) ? '✓' : '✗'}
                </li>
              ))}
            </ul>
          ),
        }]}
      />
    </Card>
  );
}
