import { Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';

export function Loading({ rows = 4 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" aria-label={t('state.loading')}>
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}
