// The fastify instance every service runs: TypeBox type provider, request and response
// validation, problem+json errors, one access-log line per request, OpenAPI 3.1 at
// /openapi.json with a docs page at /docs, health routes, and the auth slot.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest, type FastifyInstance, type FastifySchema, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { metrics, trace } from '@opentelemetry/api';
import { traceHttpServer } from '@onenet/telemetry';
import { checkAccess, type Authenticator } from './auth.ts';
import { installHealthRoutes, type Readiness } from './health.ts';
import type { Logger } from './logging.ts';
import { PROBLEM_CONTENT_TYPE, ProblemDocument, installProblemHandlers } from './problem.ts';
import { createRequestValidatorCompiler, createResponseSerializerCompiler } from './validation.ts';

/** The app a service's routes are registered on: TypeBox schemas type request and reply. */
export type KitApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface AppOptions {
  name: string;
  version?: string;
  description?: string;
  logger: Logger;
  bodyLimit?: number;
  authenticator?: Authenticator;
  readiness: Readiness;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** trace_id/span_id of the request's server span, for the access-log line. */
    traceIds: { trace_id: string; span_id: string } | undefined;
    /** The matched route's URL template (`/notes/:id`); undefined when no route matched. */
    route: string | undefined;
  }
}

/** Request ids from the edge are kept (so one id follows a call across services) if sane. */
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;
// Our own: a random per-process prefix and a counter, unique across replicas, cheaper than a UUID.
const REQUEST_ID_PREFIX = randomUUID().slice(0, 8);
let requestCounter = 0;
function requestId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  if (typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming)) return incoming;
  requestCounter = (requestCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `${REQUEST_ID_PREFIX}-${requestCounter.toString(36)}`;
}

const PROBES = new Set(['/healthz', '/readyz']);

/**
 * One access-log line per request, written when the response is finished, instead of
 * fastify's "incoming request" + "request completed" pair. Probes log at debug.
 */
class AccessLog extends LogController {
  // The OpenTelemetry HTTP server metric, by route template (a no-op until telemetry exports).
  readonly #duration = metrics.getMeter('@onenet/kit').createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'Duration of HTTP server requests',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
  });

  constructor() {
    super({ requestIdLogLabel: 'request_id' });
  }
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const route = request.route;
    const line = {
      method: request.method,
      url: request.url,
      route,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      ...request.traceIds,
      ...(error ? { err: error } : {}),
    };
    this.#duration.record(reply.elapsedTime / 1000, {
      'http.request.method': request.method,
      'http.response.status_code': reply.statusCode,
      ...(route ? { 'http.route': route } : {}),
    });
    // request.log carries the tenant and user once authenticated (checkAccess).
    if (error) request.log.error(line, 'request');
    else if (PROBES.has(route ?? '')) request.log.debug(line, 'request');
    else request.log.info(line, 'request');
  }
}

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemDocument } },
});

export async function createApp(options: AppOptions): Promise<KitApp> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new AccessLog(),
    genReqId: requestId,
    // Each request runs in its SERVER span (a no-op until telemetry is started). Fastify applies
    // its timeouts only to servers it creates itself, so they are set here.
    serverFactory: (handler, options) => {
      const settings = options as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number };
      const server = createServer(traceHttpServer(handler));
      server.keepAliveTimeout = settings.keepAliveTimeout ?? 72_000;
      server.requestTimeout = settings.requestTimeout ?? 0;
      server.setTimeout(settings.connectionTimeout ?? 0);
      return server;
    },
    bodyLimit: options.bodyLimit ?? 1_048_576,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createRequestValidatorCompiler());
  app.setSerializerCompiler(createResponseSerializerCompiler());
  installProblemHandlers(app);

  app.decorateRequest('traceIds', undefined);
  app.decorateRequest('route', undefined);
  app.decorateRequest('principal', undefined);
  // One hook for everything a request needs before its handler: fewer hook calls per request.
  const authenticator = options.authenticator;
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // routeOptions builds a new object on every read: read it once.
    const { url: route, config } = request.routeOptions;
    request.route = route;
    const span = trace.getActiveSpan();
    if (span) {
      // The HTTP server span is named after the route template, not the concrete URL.
      if (route) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      const context = span.spanContext();
      request.traceIds = { trace_id: context.traceId, span_id: context.spanId };
    }
    const checking = checkAccess(request, config.access, authenticator);
    if (checking) checking.then(() => done(), done);
    else done();
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.name, version: options.version ?? '0.0.0', ...(options.description ? { description: options.description } : {}) },
    },
    transform: ({ schema, url }) => {
      const documented = { ...(schema as FastifySchema & { tags?: string[]; response?: Record<string, unknown> }) };
      if (!documented.tags?.length) documented.tags = [options.name];
      documented.response = {
        '4xx': problemResponse('The request was refused: application/problem+json naming what was wrong'),
        '5xx': problemResponse('The service failed: application/problem+json with a request id'),
        ...documented.response,
      };
      return { schema: documented, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Once shutting down, every response closes its connection (requests in flight included): a
  // keep-alive client opens its next one elsewhere, and close() is not held up by connections
  // idling after their last response.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (options.readiness.shuttingDown) reply.header('connection', 'close');
    done(null, payload);
  });

  installHealthRoutes(app, options.readiness);
  return app;
}
