// Loading, empty and error states — every data view shows one of these instead of a blank
// area, and every error says what to do next. On every first screen, so built from plain
// elements and antd's light parts (Result's illustrations and Typography weigh ~20 KB gzip
// and cost style rendering on a slow phone).
import { useState, type ReactNode } from 'react';
import { Alert, Button, Empty, Space } from 'antd';
import { CheckOutlined, CopyOutlined, ExclamationCircleFilled, StopFilled } from '@ant-design/icons';
import { Loading } from './Loading.tsx';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiNetworkError, ApiProblem } from '@onenet/api-client';
import { login } from '../auth/keycloak.ts';

export { Loading } from './Loading.tsx';

export function EmptyState({ title, hint, action }: { title?: string; hint?: string; action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <>
          <strong className="state-line">{title ?? t('state.empty')}</strong>
          {hint && <span className="state-line secondary">{hint}</span>}
        </>
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
      {problem?.detail && kind !== 'server' && <div className="secondary">{problem.detail}</div>}
      {problem?.requestId && <RequestId id={problem.requestId} />}
    </>
  );
  if (compact) return <Alert type="error" showIcon message={title} description={detail} action={actions} role="alert" />;
  return <StateBlock icon={kind === 'forbidden' || kind === 'not-found' ? <StopFilled /> : <ExclamationCircleFilled />} title={title} extra={actions} role="alert">{detail}</StateBlock>;
}

/** A whole-area state: icon, title, what to do next, the buttons for it. */
export function StateBlock({ icon, title, children, extra, role }: { icon: ReactNode; title: string; children?: ReactNode; extra?: ReactNode; role?: string }) {
  return (
    <div className="state-block" role={role}>
      <div className="state-icon" aria-hidden>{icon}</div>
      <div className="state-title">{title}</div>
      {children && <div className="state-detail">{children}</div>}
      {extra && <div className="state-extra">{extra}</div>}
    </div>
  );
}

/** The request id to quote to the administrator, with a button that copies it. */
function RequestId({ id }: { id: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <span className="secondary">{t('state.requestId')}: </span>
      <code>{id}</code>
      <Button
        type="text"
        size="small"
        icon={copied ? <CheckOutlined /> : <CopyOutlined />}
        aria-label={t('state.copy')}
        title={t('state.copy')}
        onClick={() => void navigator.clipboard?.writeText(id).then(() => setCopied(true))}
      />
    </div>
  );
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
