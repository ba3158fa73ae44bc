import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from './auth/AuthContext.tsx';
import { ScopeProvider } from './ui/scope.tsx';
import { queryClient } from './api.ts';
import { router } from './routes.tsx';
import { antdLocale } from './i18n/index.ts';

// 中国红 as the brand colour, with contrast enough for white text (WCAG AA).
const theme: ThemeConfig = {
  token: {
    colorPrimary: '#a8071a',
    colorLink: '#a8071a',
    borderRadius: 4,
    // antd's greys (45 % black) fall below WCAG AA contrast for small text; darker here.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    fontFamily: '-apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: '#a8071a', headerHeight: 56, headerPadding: '0 16px', bodyBg: '#f5f5f5', siderBg: '#ffffff' },
  },
};

export function App() {
  // Re-renders when the language changes (its texts are loaded by then).
  useTranslation();
  return (
    <ConfigProvider locale={antdLocale()} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <ScopeProvider>
              <RouterProvider router={router} />
            </ScopeProvider>
          </AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
