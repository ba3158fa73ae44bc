// @onenet/api-client — the typed client of One Network's services for the portal and the mobile
// apps. Generated from the services' OpenAPI documents (`npm run -w @onenet/api-client generate`).
export { createApiClient, createServiceClient, apiMiddleware, unwrap } from './client.ts';
export type { ApiClient, ApiClientOptions, ResponseOf, ServiceClient, ServiceName, TokenProvider } from './client.ts';
export { ApiProblem, ApiNetworkError, problemKind, PROBLEM_CONTENT_TYPE } from './problem.ts';
export type { FieldProblem, ProblemDocument, ProblemKind, RequestInfo } from './problem.ts';
export { serviceOperations, type ServicePaths } from './generated/index.ts';
