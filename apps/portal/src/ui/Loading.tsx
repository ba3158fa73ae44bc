import { useTranslation } from 'react-i18next';

/** Grey lines where the content will be (CSS only: it is on every first screen). */
export function Loading({ rows = 4 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" aria-label={t('state.loading')} className="loading">
      {Array.from({ length: rows + 1 }, (_, i) => <div key={i} className="loading-line" />)}
    </div>
  );
}
