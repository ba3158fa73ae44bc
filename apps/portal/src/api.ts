// The services, called through @onenet/api-client's generated types with the signed-in user's
// token. React Query keeps answers for a while so a slow connection is not asked twice.
import { QueryClient } from '@tanstack/react-query';
import { createApiClient } from '@onenet/api-client';
import { accessToken } from './auth/keycloak.ts';
import { i18n } from './i18n/index.ts';
import { shouldRetry } from './retry.ts';

export const api = createApiClient({
  baseUrl: window.location.origin,
  token: accessToken,
  headers: () => ({ 'Accept-Language': i18n.language }),
});


export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 60_000, gcTime: 10 * 60_000, retry: shouldRetry, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});
