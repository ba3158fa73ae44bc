import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initI18n } from './i18n/index.ts';
import { initAuth } from './auth/keycloak.ts';
import './styles.css';

// Language first (the loading text), then the silent SSO check: a returning user lands signed
// in, a visitor of the public site is never redirected to a login page.
await initI18n();
await initAuth();
createRoot(document.getElementById('root') as HTMLElement).render(<App />);

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
