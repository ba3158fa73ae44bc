// Everything leaves a service as RFC 9457 application/problem+json: thrown domain errors, schema
// violations, framework errors (bad JSON, body too large, unknown route) and crashes. 4xx say
// what was wrong and name every bad field; 5xx say nothing beyond the request id to quote.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { AuthError } from '@onenet/auth';
import { BusNoRespondersError, BusTimeoutError } from '@onenet/bus';
import { ProblemError, problemType } from './errors.ts';
import { RESPONSE_VALIDATION } from './validation.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const FieldError = Type.Object({
  field: Type.String({ description: 'JSON pointer into the request: /body/title, /query/limit, /params/id' }),
  message: Type.String(),
});

export const ProblemDocument = Type.Object(
  {
    type: Type.String({ description: 'URI naming the kind of problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String({ description: 'the request path' })),
    requestId: Type.Optional(Type.String({ description: 'quote it when reporting the problem' })),
    errors: Type.Optional(Type.Array(FieldError)),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);
export type ProblemDocument = Static<typeof ProblemDocument> & Record<string, unknown>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
const SLUGS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  500: 'internal',
  503: 'unavailable',
};

export function problem(status: number, detail: string | undefined, request: FastifyRequest, extra: Partial<ProblemDocument> = {}): ProblemDocument {
  return {
    type: SLUGS[status] ? problemType(SLUGS[status]) : 'about:blank',
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    ...(detail === undefined ? {} : { detail }),
    instance: request.url,
    requestId: String(request.id),
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, body: ProblemDocument): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const PARTS: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/** One entry per bad field: `/body/title: must NOT have fewer than 1 characters`. */
export function fieldErrors(validation: AjvError[], context: string | undefined): { field: string; message: string }[] {
  const part = `/${PARTS[context ?? 'body'] ?? context}`;
  return validation.map((error) => {
    let pointer = error.instancePath;
    // Errors about a missing or unexpected member point at its parent; name the member itself.
    const member = error.params.missingProperty ?? error.params.additionalProperty;
    if (typeof member === 'string') pointer = `${pointer}/${member}`;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') message = 'is required';
    if (error.keyword === 'additionalProperties') message = 'is not allowed';
    if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) message = `must be one of ${error.params.allowedValues.join(', ')}`;
    return { field: `${part}${pointer}`, message };
  });
}

/** Fastify's own client errors, by code: the status to answer and what to tell the client. */
const FRAMEWORK_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'the request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'the request body is empty but content-type says JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'the request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'this content-type is not accepted; send application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'content-length does not match the body'],
};

function toProblem(error: FastifyError & { validationContext?: string }, request: FastifyRequest): { body: ProblemDocument; serverFault: boolean } {
  if (error instanceof ProblemError) {
    return { body: problem(error.status, error.message, request, { ...error.extensions, type: error.type, title: error.title }), serverFault: error.status >= 500 };
  }
  if (error instanceof AuthError) {
    return { body: problem(error.statusCode, error.message, request), serverFault: false };
  }
  if (error.validation && error.code !== RESPONSE_VALIDATION) {
    const errors = fieldErrors(error.validation as AjvError[], error.validationContext);
    return {
      body: problem(400, `${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => e.field).join(', ')}`, request, {
        type: problemType('validation'),
        title: 'Invalid request',
        errors,
      }),
      serverFault: false,
    };
  }
  if (error instanceof BusTimeoutError || error instanceof BusNoRespondersError) {
    // Another service did not answer: worth retrying later, and not this caller's fault.
    return { body: problem(503, 'a service this request depends on is not answering; try again later', request), serverFault: true };
  }
  if (isDatabaseOverloaded(error)) {
    return { body: problem(503, 'the database is busy or unreachable; try again in a moment', request), serverFault: true };
  }
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known) return { body: problem(known[0], known[1], request), serverFault: false };
  // Other framework errors below 500 are about the request (bad URL, header too large…).
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 && error.code?.startsWith('FST_')) {
    return { body: problem(error.statusCode, error.message, request), serverFault: false };
  }
  return { body: problem(500, undefined, request), serverFault: true };
}

/**
 * No free connection in time (pg-pool), a statement cancelled by its timeout, too many
 * connections, the server shutting down or refusing: the request was fine and may succeed
 * again shortly, so 503 with Retry-After rather than 500.
 */
const OVERLOADED_SQLSTATES = new Set(['57014', '53300', '57P01', '57P03']);
function isDatabaseOverloaded(error: { code?: string; message?: string }): boolean {
  return error.message === 'timeout exceeded when trying to connect' || error.code === 'ECONNREFUSED' || OVERLOADED_SQLSTATES.has(error.code ?? '');
}

/** Installs the error and not-found handlers that turn everything into problem documents. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { body, serverFault } = toProblem(error, request);
    if (serverFault) request.log.error({ err: error }, 'request failed');
    if (body.status === 503) void reply.header('retry-after', '1');
    else if (body.status === 401 || body.status === 403) request.log.info({ status: body.status, detail: body.detail }, 'request refused');
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, `no route ${request.method} ${request.url.split('?')[0]}`, request, { type: problemType('no-route') })),
  );
}
