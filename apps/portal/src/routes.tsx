// Routes. Every page is its own chunk (lazy), so the first screen loads only what it shows.
import { createBrowserRouter, Navigate, useRouteError, type RouteObject } from 'react-router';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { PublicLayout } from './ui/PublicLayout.tsx';
import { useAuth } from './auth/AuthContext.tsx';
import { homePath } from './auth/session.ts';
import { Loading } from './ui/Loading.tsx';

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });
const named = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) => async () => ({ Component: (await load())[name] });

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
      { index: true, lazy: page(() => import('./pages/public/Home.tsx')) },
      { path: 'public/deputies', lazy: page(() => import('./pages/public/Deputies.tsx')) },
      { path: 'public/deputies/:id', lazy: page(() => import('./pages/public/DeputyProfile.tsx')) },
      { path: 'public/suggestions', lazy: named(() => import('./pages/public/Suggestions.tsx'), 'PublicSuggestions') },
      { path: 'public/suggestions/:id', lazy: named(() => import('./pages/public/Suggestions.tsx'), 'PublicSuggestion') },
      { path: 'public/opinions/new', lazy: named(() => import('./pages/public/Opinion.tsx'), 'OpinionForm') },
      { path: 'public/opinions/track', lazy: named(() => import('./pages/public/Opinion.tsx'), 'TrackOpinion') },
      { path: '*', element: <NotFound /> },
    ],
  },
  {
    path: 'work',
    lazy: named(() => import('./ui/WorkLayout.tsx'), 'WorkLayout'),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <WorkHome /> },
      { path: 'account', lazy: page(() => import('./pages/work/Account.tsx')) },
      { path: 'deputy', lazy: page(() => import('./pages/deputy/Home.tsx')) },
      { path: 'deputy/suggestions', lazy: named(() => import('./pages/suggestions/Queues.tsx'), 'DeputySuggestions') },
      { path: 'deputy/suggestions/new', lazy: page(() => import('./pages/suggestions/New.tsx')) },
      { path: 'suggestions/:id', lazy: page(() => import('./pages/suggestions/Detail.tsx')) },
      { path: 'deputy/opinions', lazy: named(() => import('./pages/suggestions/Around.tsx'), 'DeputyOpinions') },
      { path: 'staff', lazy: page(() => import('./pages/staff/Home.tsx')) },
      { path: 'staff/roster', lazy: page(() => import('./pages/staff/Roster.tsx')) },
      { path: 'staff/registration', lazy: named(() => import('./pages/suggestions/Queues.tsx'), 'StaffRegistration') },
      { path: 'staff/deadlines', lazy: named(() => import('./pages/suggestions/Around.tsx'), 'Deadlines') },
      { path: 'handler/deadlines', lazy: named(() => import('./pages/suggestions/Around.tsx'), 'Deadlines') },
      { path: 'staff/supervision', lazy: named(() => import('./pages/work/Pending.tsx'), 'StaffSupervision') },
      { path: 'staff/notices', lazy: named(() => import('./pages/work/Pending.tsx'), 'StaffNotices') },
      { path: 'handler', lazy: named(() => import('./pages/suggestions/Queues.tsx'), 'HandlerQueue') },
      { path: 'leader', lazy: page(() => import('./pages/leader/Dashboard.tsx')) },
      { path: 'liaison', lazy: page(() => import('./pages/work/Liaison.tsx')) },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
