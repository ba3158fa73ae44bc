// Routes. Every page is its own chunk (lazy), so the first screen loads only what it shows.
import { createBrowserRouter, Navigate, useRouteError, type RouteObject } from 'react-router';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { PublicLayout } from './ui/PublicLayout.tsx';
import { useAuth } from './auth/AuthContext.tsx';
import { homePath } from './auth/session.ts';
import { Loading } from './ui/Loading.tsx';
import { prefetchDeputyHome } from './pages/deputy/queries.ts';
import { load } from './pages.ts';

const page = (module: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await module()).default });
const named = <K extends string>(module: () => Promise<Record<K, React.ComponentType>>, name: K) => async () => ({ Component: (await module())[name] });

function WorkHome() {
  const auth = useAuth();
  if (auth.status !== 'authenticated') return <Loading />;
  return <Navigate to={homePath(auth.session.roles)} replace />;
}

function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  // A chunk that fails to load (new release, lost connection) is fixed by reloading.
  console.error(error);
  return (
    <div className="plain-state" role="alert">
      <h1>{t('errors.unknown.title')}</h1>
      <p>{t('errors.unknown.next')}</p>
      <Button type="primary" onClick={() => window.location.reload()}>{t('state.reload')}</Button>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="plain-state">
      <h1>{t('errors.not-found.title')}</h1>
      <p>{t('errors.not-found.next')}</p>
      <Button href="/">{t('nav.home')}</Button>
    </div>
  );
}

const routes: RouteObject[] = [
  {
    element: <PublicLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, lazy: page(load.publicHome) },
      { path: 'public/deputies', lazy: page(load.deputies) },
      { path: 'public/deputies/:id', lazy: page(load.deputyProfile) },
      { path: 'public/suggestions', lazy: named(load.publicSuggestions, 'PublicSuggestions') },
      { path: 'public/suggestions/:id', lazy: named(load.publicSuggestions, 'PublicSuggestion') },
      { path: 'public/opinions/new', lazy: named(load.opinion, 'OpinionForm') },
      { path: 'public/opinions/track', lazy: named(load.opinion, 'TrackOpinion') },
      { path: '*', element: <NotFound /> },
    ],
  },
  {
    path: 'work',
    lazy: named(load.workLayout, 'WorkLayout'),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <WorkHome /> },
      { path: 'account', lazy: page(load.account) },
      { path: 'deputy', loader: prefetchDeputyHome, lazy: page(load.deputyHome) },
      { path: 'deputy/suggestions', lazy: named(load.queues, 'DeputySuggestions') },
      { path: 'deputy/suggestions/new', lazy: page(load.newSuggestion) },
      { path: 'suggestions/:id', lazy: page(load.detail) },
      { path: 'deputy/opinions', lazy: named(load.around, 'DeputyOpinions') },
      { path: 'staff', lazy: page(load.staffHome) },
      { path: 'staff/roster', lazy: page(load.roster) },
      { path: 'staff/registration', lazy: named(load.queues, 'StaffRegistration') },
      { path: 'staff/deadlines', lazy: named(load.around, 'Deadlines') },
      { path: 'handler/deadlines', lazy: named(load.around, 'Deadlines') },
      { path: 'staff/supervision', lazy: named(load.pending, 'StaffSupervision') },
      { path: 'staff/notices', lazy: named(load.pending, 'StaffNotices') },
      { path: 'handler', lazy: named(load.queues, 'HandlerQueue') },
      { path: 'leader', lazy: page(load.dashboard) },
      { path: 'liaison', lazy: page(load.liaison) },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
