import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function Brand({ to, compact }: { to: string; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to={to} className="brand">
      <img src="/icons/favicon.svg" alt="" width={32} height={32} />
      <span className="brand-text" title={t('app.name')}>
        <span className="brand-name">{compact ? t('app.short') : t('app.name')}</span>
        {!compact && <span className="brand-tagline">{t('app.tagline')}</span>}
      </span>
    </Link>
  );
}
