// Loading, empty, error and "not available yet" — every data view shows one of these instead
// of a blank area, and every error says what to do next.
import type { ReactNode } from 'react';
import { Alert, Button, Card, Collapse, Empty, Result, Space, Typography } from 'antd';
import { Loading } from './Loading.tsx';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiNetworkError, ApiProblem } from '@onenet/api-client';
import { login } from '../auth/keycloak.ts';
import { api } from '../api.ts';

export { Loading } from './Loading.tsx';

export function EmptyState({ title, hint, action }: { title?: string; hint?: string; action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <Space direction="vertical" size={4}>
          <Typography.Text strong>{title ?? t('state.empty')}</Typography.Text>
          {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
        </Space>
      }
    >
      {action}
    </Empty>
  );
}

/** The kind of failure, for choosing the words. */
export function errorKind(error: unknown): string {
  if (error instanceof ApiNetworkError) return 'network';
  if (error instanceof ApiProblem) return error.kind;
  return 'unknown';
}

export function ErrorState({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const kind = errorKind(error);
  const problem = error instanceof ApiProblem ? error : undefined;
  const title = t(`errors.${kind}.title`);
  const next = t(`errors.${kind}.next`);
  const actions = (
    <Space wrap>
      {kind === 'unauthenticated' ? (
        <Button type="primary" onClick={() => void login(undefined, i18n.language)}>{t('state.loginAgain')}</Button>
      ) : onRetry && kind !== 'forbidden' && kind !== 'not-found' ? (
        <Button type="primary" onClick={onRetry}>{t('state.retry')}</Button>
      ) : null}
      {kind === 'not-found' && <Button onClick={() => window.history.back()}>{t('state.back')}</Button>}
    </Space>
  );
  const detail = (
    <>
      <div>{next}</div>
      {problem?.detail && kind !== 'server' && <Typography.Text type="secondary">{problem.detail}</Typography.Text>}
      {problem?.requestId && (
        <div>
          <Typography.Text type="secondary">{t('state.requestId')}: </Typography.Text>
          <Typography.Text code copyable>{problem.requestId}</Typography.Text>
        </div>
      )}
    </>
  );
  if (compact) return <Alert type="error" showIcon message={title} description={detail} action={actions} role="alert" />;
  return <Result status={kind === 'forbidden' ? '403' : kind === 'not-found' ? '404' : 'warning'} title={title} subTitle={detail} extra={actions} role="alert" />;
}

/** Renders a query's data, or its loading, error or empty state. */
export function QueryView<T>({ query, isEmpty, empty, children, rows }: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
  rows?: number;
}) {
  if (query.isPending) return <Loading rows={rows} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <>{empty ?? <EmptyState />}</>;
  return <>{children(query.data)}</>;
}

export interface NeededEndpoint {
  service: string;
  /** What the page needs it for, in a sentence. */
  purpose: string;
  /** The operation as the portal would call it, e.g. "POST /suggestions". */
  operation: string;
}

/**
 * A page whose service does not offer its endpoints yet: it says so plainly instead of showing
 * invented data, and lists what it waits for.
 */
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
