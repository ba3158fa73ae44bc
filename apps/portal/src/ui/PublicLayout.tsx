// The public site: no login needed. Anyone can find deputies, read published suggestions and
// send an opinion; a signed-in user gets a way back to the workspace.
import { Alert, Button, Layout, Space } from 'antd';
import { LoginOutlined, AppstoreOutlined } from '@ant-design/icons';
import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.tsx';
import { login } from '../auth/keycloak.ts';
import { Brand } from './Brand.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

const LINKS = [
  { to: '/', label: 'nav.home', end: true },
  { to: '/public/deputies', label: 'nav.deputies' },
  { to: '/public/suggestions', label: 'nav.publicSuggestions' },
  { to: '/public/opinions/new', label: 'nav.opinion' },
  { to: '/public/opinions/track', label: 'nav.track' },
];

export function PublicLayout() {
  const { t, i18n } = useTranslation();
  const auth = useAuth();
  return (
    <Layout className="public">
      <Layout.Header className="app-header">
        <Brand to="/" />
        <div className="header-spacer" />
        <Space size={4}>
          <LanguageSwitch ghost />
          {auth.status === 'authenticated' ? (
            <NavLink to="/work" className="ant-btn ant-btn-default header-cta" data-testid="to-workspace">
              <AppstoreOutlined /> {t('nav.work')}
            </NavLink>
          ) : (
            <Button icon={<LoginOutlined />} className="header-cta" disabled={auth.status === 'unavailable'} onClick={() => void login('/work', i18n.language)} data-testid="login">
              {t('nav.login')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <nav className="public-nav" aria-label={t('nav.menu')}>
        {LINKS.map((l) => (
          <NavLink key={l.to} to={l.to} end={l.end} className={({ isActive }) => (isActive ? 'active' : undefined)}>
            {t(l.label)}
          </NavLink>
        ))}
      </nav>
      {auth.status === 'unavailable' && <Alert type="warning" banner message={t('errors.authUnavailable')} />}
      <Layout.Content className="app-content public-content">
        <div id="main">
          <Outlet />
        </div>
      </Layout.Content>
      <Layout.Footer className="app-footer">{t('app.name')} · {t('app.footer')}</Layout.Footer>
    </Layout>
  );
}
