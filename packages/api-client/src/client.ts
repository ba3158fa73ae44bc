// One typed client per service, all sharing the base URL, the token provider and the error rules.
// Types come from src/generated/ (openapi-typescript), calls from openapi-fetch: there are no
// hand-written request or response shapes here.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { HttpMethod, SuccessResponseJSON } from 'openapi-typescript-helpers';
import { serviceOperations, type ServicePaths } from './generated/index.ts';
import { ApiNetworkError, ApiProblem } from './problem.ts';

export type ServiceName = keyof ServicePaths;

/**
 * Returns the bearer token to send, refreshed if it is about to expire (keycloak-js:
 * `await kc.updateToken(30); return kc.token`), or undefined to call anonymously.
 */
export type TokenProvider = () => Promise<string | undefined> | string | undefined;

export interface ApiClientOptions {
  /** The edge's origin, e.g. http://localhost:8080 (services live under /api/<service>). */
  baseUrl: string;
  token?: TokenProvider;
  /** Another fetch (tests, mobile runtimes). */
  fetch?: (input: Request) => Promise<Response>;
  /** Extra headers on every request, e.g. Accept-Language. */
  headers?: () => Record<string, string>;
}

/**
 * The JSON body of a successful answer, e.g. `ResponseOf<'suggestions', '/suggestions/{id}', 'get'>`:
 * what a page keeps of a call is named from the service's own document, never written by hand.
 */
export type ResponseOf<S extends ServiceName, P extends keyof ServicePaths[S], M extends HttpMethod & keyof ServicePaths[S][P]> = SuccessResponseJSON<
  ServicePaths[S][P][M] & Record<string | number, any>
>;

export type ServiceClient<S extends ServiceName> = Client<ServicePaths[S]>;
export type ApiClient = { readonly [S in ServiceName]: ServiceClient<S> } & {
  /** Whether the generated client knows `METHOD /path` of a service (e.g. 'POST /suggestions'). */
  has(service: string, operation: string): boolean;
};

/** Middleware shared by every service client: token, headers, and errors as exceptions. */
export function apiMiddleware(options: Pick<ApiClientOptions, 'token' | 'headers'>): Middleware {
  return {
    async onRequest({ request }) {
      const token = await options.token?.();
      for (const [name, value] of Object.entries(options.headers?.() ?? {})) request.headers.set(name, value);
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ request, response }) {
      if (!response.ok) throw await ApiProblem.fromResponse(response, { method: request.method, url: request.url });
      return undefined;
    },
    onError({ request, error }) {
      if (error instanceof ApiProblem || error instanceof ApiNetworkError) return error;
      return new ApiNetworkError({ method: request.method, url: request.url }, error);
    },
  };
}

/** A client of one service (also for services generated elsewhere, e.g. in tests). */
export function createServiceClient<Paths extends object>(service: string, options: ApiClientOptions): Client<Paths> {
  const client = createClient<Paths>({
    baseUrl: `${options.baseUrl.replace(/\/$/, '')}/api/${service}`,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(apiMiddleware(options));
  return client;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const clients: Record<string, unknown> = {};
  for (const service of Object.keys(serviceOperations)) clients[service] = createServiceClient(service, options);
  const operations = serviceOperations as Record<string, readonly string[]>;
  return Object.freeze({
    ...clients,
    has: (service: string, operation: string) => operations[service]?.includes(operation) ?? false,
  }) as ApiClient;
}

/**
 * The data of a successful call. Failures already threw (ApiProblem, ApiNetworkError), so this
 * only narrows openapi-fetch's result type.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const result = await call;
  return result.data as T;
}
