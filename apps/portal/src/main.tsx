import { initI18n } from './i18n/index.ts';
import { initAuth } from './auth/keycloak.ts';
import { preloadPage } from './pages.ts';
import './styles.css';

// The app (antd, the router, React DOM) and the page's own chunks download while the language
// loads and the silent SSO check runs, which starts as soon as this small entry has arrived: on
// a slow connection those round trips overlap instead of queueing. A returning user lands
// signed in; a visitor of the public site is never redirected to a login page.
const app = import('./App.tsx');
const dom = import('react-dom/client');
preloadPage(window.location.pathname);
await Promise.all([initI18n(), initAuth()]);
const [{ App }, { createRoot }] = await Promise.all([app, dom]);
createRoot(document.getElementById('root') as HTMLElement).render(<App />);

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
