// Each page's code: one chunk per page module, loaded when the router (routes.tsx) goes to it.
// main.tsx starts the chunks of the page being opened before the app itself has arrived, so on a
// slow connection they download alongside antd and the router instead of after them.
import { prefetchDeputyHome } from './pages/deputy/queries.ts';

export const load = {
  publicHome: () => import('./pages/public/Home.tsx'),
  deputies: () => import('./pages/public/Deputies.tsx'),
  deputyProfile: () => import('./pages/public/DeputyProfile.tsx'),
  publicSuggestions: () => import('./pages/public/Suggestions.tsx'),
  opinion: () => import('./pages/public/Opinion.tsx'),
  workLayout: () => import('./ui/WorkLayout.tsx'),
  account: () => import('./pages/work/Account.tsx'),
  deputyHome: () => import('./pages/deputy/Home.tsx'),
  queues: () => import('./pages/suggestions/Queues.tsx'),
  newSuggestion: () => import('./pages/suggestions/New.tsx'),
  detail: () => import('./pages/suggestions/Detail.tsx'),
  around: () => import('./pages/suggestions/Around.tsx'),
  staffHome: () => import('./pages/staff/Home.tsx'),
  roster: () => import('./pages/staff/Roster.tsx'),
  pending: () => import('./pages/work/Pending.tsx'),
  dashboard: () => import('./pages/leader/Dashboard.tsx'),
  liaison: () => import('./pages/work/Liaison.tsx'),
};

/** The pages people open first (the public home, each role's home, an item), by path. */
const FIRST_PAGES: [RegExp, (keyof typeof load)[], (() => unknown)?][] = [
  [/^\/$/, ['publicHome']],
  // The deputy's home also asks for its data as soon as the sign-in check ends, before the app
  // has arrived (the most opened page on phones).
  [/^\/work\/deputy\/?$/, ['workLayout', 'deputyHome'], prefetchDeputyHome],
  [/^\/work\/staff\/?$/, ['workLayout', 'staffHome']],
  [/^\/work\/handler\/?$/, ['workLayout', 'queues']],
  [/^\/work\/leader\/?$/, ['workLayout', 'dashboard']],
  [/^\/work\/suggestions\/[^/]+\/?$/, ['workLayout', 'detail']],
  [/^\/work(\/|$)/, ['workLayout']],
];

export function preloadPage(pathname: string): void {
  const [, pages = [], data] = FIRST_PAGES.find(([pattern]) => pattern.test(pathname)) ?? [];
  // A failure here is the router's to report when it loads the page itself.
  for (const name of pages) load[name]().catch(() => undefined);
  data?.();
}
