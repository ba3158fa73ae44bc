// The services, called through @onenet/api-client's generated types with the signed-in user's
// token. React Query keeps answers for a while so a slow connection is not asked twice.
import { QueryClient } from '@tanstack/react-query';
import { ApiNetworkError, ApiProblem, createApiClient } from '@onenet/api-client';
import { accessToken } from './auth/keycloak.ts';
import { i18n } from './i18n/index.ts';

export const api = createApiClient({
  baseUrl: window.location.origin,
  token: accessToken,
  headers: () => ({ 'Accept-Language': i18n.language }),
});

/** Only failures that may pass by themselves are retried: no answer, or a service restarting. */
export function shouldRetry(failures: number, error: unknown): boolean {
  if (failures >= 2) return false;
  if (error instanceof ApiNetworkError) return !error.aborted;
  return error instanceof ApiProblem && error.kind === 'unavailable';
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 60_000, gcTime: 10 * 60_000, retry: shouldRetry, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});
