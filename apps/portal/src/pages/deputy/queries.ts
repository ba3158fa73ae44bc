// The deputy home's requests, shared with its route's loader: they leave as soon as the sign-in
// check ends, while the page's code is still downloading and rendering (one round trip less
// on the critical path of a phone on a slow connection).
import { queryOptions } from '@tanstack/react-query';
import { unwrap } from '@onenet/api-client';
import { api, queryClient } from '../../api.ts';
import { authSettled } from '../../auth/keycloak.ts';
import { currentYear } from '../../time.ts';

export const meQuery = queryOptions({
  queryKey: ['deputy-registry', 'me'],
  queryFn: () => unwrap(api['deputy-registry'].GET('/me')),
});

export const dutiesQuery = (personId: string, year: number) => queryOptions({
  queryKey: ['deputy-registry', 'duties', personId, year],
  queryFn: () => unwrap(api['deputy-registry'].GET('/duties/persons/{id}', { params: { path: { id: personId }, query: { year } } })),
});

/** The route's loader: starts the requests and returns at once (the page shows their progress). */
export function prefetchDeputyHome(): null {
  void authSettled.then((auth) => {
    if (auth.status !== 'authenticated') return;
    void queryClient.prefetchQuery(meQuery);
    if (auth.session.deputyId) void queryClient.prefetchQuery(dutiesQuery(auth.session.deputyId, currentYear()));
  });
  return null;
}
