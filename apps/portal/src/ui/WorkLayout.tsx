// The signed-in workspace: header with tenant switcher, language and user menu; the role menu
// at the side on a desktop and in a drawer on a phone.
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag } from 'antd';
import { LogoutOutlined, MenuOutlined, UserOutlined, HomeOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.tsx';
import { logout } from '../auth/keycloak.ts';
import type { Session } from '../auth/session.ts';
import { tenants } from '../tenants.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useScope } from './scope.tsx';
import { navFor } from './nav.ts';
import { Brand } from './Brand.tsx';
import { RequireAuth } from './RequireAuth.tsx';

// Only users whose rights span several congresses get the switcher (a tree select): most
// deputies never download it.
const LazyTenantSwitcher = lazy(async () => ({ default: (await import('./TenantSwitcher.tsx')).TenantSwitcher }));
function TenantSwitcher({ block }: { block?: boolean }) {
  const { choices } = useScope();
  if (choices.length === 0) return null;
  return <Suspense fallback={null}><LazyTenantSwitcher block={block} /></Suspense>;
}

function WorkMenu({ session, onNavigate }: { session: Session; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const sections = navFor(session.roles);
  const items = [
    ...sections.map(({ role, items: entries }) => ({
      type: 'group' as const,
      key: role,
      label: t(`roles.${role}`),
      children: entries.map((e) => ({ key: e.path, label: t(e.label) })),
    })),
    { type: 'divider' as const },
    { key: '/work/account', icon: <UserOutlined />, label: t('nav.account') },
    { key: '/', icon: <HomeOutlined />, label: t('nav.publicSite') },
  ];
  const selected = [...sections.flatMap((s) => s.items.map((i) => i.path)), '/work/account']
    .filter((p) => location.pathname === p || location.pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );
}

function UserMenu({ session }: { session: Session }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', disabled: true, label: <span data-testid="user-tenant">{tenants.fullName(session.tenantCode)}</span> },
          { type: 'divider' },
          { key: 'account', icon: <UserOutlined />, label: t('nav.account'), onClick: () => navigate('/work/account') },
          { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), onClick: () => void logout() },
        ],
      }}
    >
      <Button type="text" className="on-dark user-button" title={t('nav.account')} data-testid="user-menu">
        <Avatar size="small" aria-hidden style={{ background: '#ffd666', color: '#820014' }}>{session.displayName.slice(0, 1)}</Avatar>
        <span className="user-name" data-testid="user-name">{session.displayName}</span>
      </Button>
    </Dropdown>
  );
}

function Shell({ session, children }: { session: Session; children: ReactNode }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const desktop = !!screens.lg;
  const [drawer, setDrawer] = useState(false);
  // Mounted at the first opening (then kept, for its closing animation): a phone's first screen
  // renders no drawer and generates none of its styles.
  const [drawerUsed, setDrawerUsed] = useState(false);
  return (
    <Layout className="work">
      <Layout.Header className="app-header">
        {!desktop && (
          <Button type="text" className="on-dark" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => { setDrawerUsed(true); setDrawer(true); }} />
        )}
        <Brand to="/work" compact={!screens.md} />
        <div className="header-spacer" />
        <Space size={4} wrap={false}>
          {screens.md && <TenantSwitcher />}
          {screens.sm && <LanguageSwitch ghost />}
          <UserMenu session={session} />
        </Space>
      </Layout.Header>
      <div className="identity-bar" data-testid="identity-bar">
        <strong>{tenants.name(session.tenantCode)}</strong>
        <span className="roles">{session.roles.map((r) => <Tag key={r} color="red" data-testid="role-tag">{t(`roles.${r}`)}</Tag>)}</span>
      </div>
      <Layout>
        {desktop && (
          <Layout.Sider width={220} theme="light" className="app-sider">
            <WorkMenu session={session} />
          </Layout.Sider>
        )}
        <Layout.Content className="app-content">
          <div id="main">{children}</div>
        </Layout.Content>
      </Layout>
      {drawerUsed && (
        <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={280} title={t('app.name')}>
          <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
            <TenantSwitcher block />
            <LanguageSwitch />
          </Space>
          <WorkMenu session={session} onNavigate={() => setDrawer(false)} />
        </Drawer>
      )}
    </Layout>
  );
}

export function WorkLayout() {
  const auth = useAuth();
  return (
    <RequireAuth>
      {auth.status === 'authenticated' && (
        <Shell session={auth.session}>
          <Outlet />
        </Shell>
      )}
    </RequireAuth>
  );
}
