import { useEffect, type ReactNode } from 'react';
import { WarningFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.tsx';
import { login } from '../auth/keycloak.ts';
import { Loading, StateBlock } from './states.tsx';

/** Workspace pages need a signed-in user: others go to the login page and come back here. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const { t, i18n } = useTranslation();
  useEffect(() => {
    if (auth.status === 'anonymous') void login(undefined, i18n.language);
  }, [auth.status, i18n.language]);
  if (auth.status === 'unavailable') return <StateBlock icon={<WarningFilled />} title={t('errors.unavailable.title')} role="alert">{t('errors.authUnavailable')}</StateBlock>;
  if (auth.status !== 'authenticated') return <div style={{ padding: 24 }}><Loading /></div>;
  return <>{children}</>;
}
