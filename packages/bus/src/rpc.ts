// Request-reply over NATS core with contracts validated on both sides. Failures travel as a
// structured error ({ code, message, issues }) the caller rethrows as a BusRequestError.
import { ContractValidationError, type RequestDefinition } from '@onenet/contracts';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Static, TSchema } from 'typebox';
import { BusRequestError, RequestFailure, type RequestErrorBody } from './errors.ts';
import { consoleLogger, errorFields, type BusLogger } from './logger.ts';
import { extractContext, injectHeaders, tracer } from './tracing.ts';
import type { Headers, Subscription, Transport } from './transport/types.ts';

type ReplyBody = { ok: true; data: unknown } | { ok: false; error: RequestErrorBody };

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const encode = (value: unknown) => encoder.encode(JSON.stringify(value));

export interface ServeOptions {
  /** Queue group; by default the serving service's name, so each request reaches one replica. */
  queue?: string;
  logger?: BusLogger;
}

export type RequestHandler<Q extends TSchema, R extends TSchema> = (request: Static<Q>, context: { headers: Headers }) => Promise<Static<R>>;

/**
 * Answers `definition`'s requests. Throw a RequestFailure(code, message) to answer with an
 * error of your choice; any other error answers INTERNAL without details.
 */
export function serve<Q extends TSchema, R extends TSchema>(
  transport: Transport,
  definition: RequestDefinition<Q, R>,
  handler: RequestHandler<Q, R>,
  options: ServeOptions = {},
): Promise<Subscription> {
  const logger = options.logger ?? consoleLogger;
  const { subject } = definition;
  return transport.respond(
    subject,
    (message) =>
      tracer.startActiveSpan(
        `${definition.service}/${definition.operation}`,
        { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'nats', 'rpc.service': definition.service, 'rpc.method': definition.operation } },
        extractContext(message.headers),
        async (span) => {
          let body: ReplyBody;
          try {
            const request = readRequest(definition, message.data);
            const response = await handler(request, { headers: message.headers });
            try {
              definition.parseResponse(response);
            } catch (error) {
              logger.error({ subject, ...errorFields(error) }, 'handler returned a response that breaks its contract');
              throw new RequestFailure('INTERNAL', 'internal error');
            }
            body = { ok: true, data: response };
          } catch (error) {
            if (error instanceof RequestFailure) {
              body = { ok: false, error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
            } else {
              logger.error({ subject, ...errorFields(error) }, 'request handler failed');
              body = { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
            }
            span.setStatus({ code: SpanStatusCode.ERROR, message: body.error.code });
          } finally {
            span.end();
          }
          return { data: encode(body) };
        },
      ),
    { queue: options.queue ?? definition.service },
  );
}

function readRequest<Q extends TSchema, R extends TSchema>(definition: RequestDefinition<Q, R>, data: Uint8Array): Static<Q> {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(data));
  } catch {
    throw new RequestFailure('INVALID_REQUEST', 'request is not JSON');
  }
  try {
    return definition.parseRequest(json);
  } catch (error) {
    if (error instanceof ContractValidationError) throw new RequestFailure('INVALID_REQUEST', error.message, error.issues);
    throw error;
  }
}

/**
 * Sends a request and returns the validated response. Throws ContractValidationError for a bad
 * request (before sending), BusTimeoutError / BusNoRespondersError when nobody answers, and
 * BusRequestError when the service answers with an error.
 */
export async function call<Q extends TSchema, R extends TSchema>(
  transport: Transport,
  definition: RequestDefinition<Q, R>,
  request: Static<Q>,
  options: { timeoutMs?: number } = {},
): Promise<Static<R>> {
  const { subject } = definition;
  definition.parseRequest(request);
  return tracer.startActiveSpan(
    `${definition.service}/${definition.operation}`,
    { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'nats', 'rpc.service': definition.service, 'rpc.method': definition.operation } },
    async (span) => {
      try {
        const reply = await transport.request(subject, encode(request), { timeoutMs: options.timeoutMs ?? 5_000, headers: injectHeaders() });
        const body = parseReply(subject, reply.data);
        if (!body.ok) throw new BusRequestError(subject, body.error);
        try {
          return definition.parseResponse(body.data);
        } catch (error) {
          const issues = error instanceof ContractValidationError ? error.issues : undefined;
          throw new BusRequestError(subject, { code: 'INVALID_RESPONSE', message: (error as Error).message, issues });
        }
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

function parseReply(subject: string, data: Uint8Array): ReplyBody {
  let body: unknown;
  try {
    body = JSON.parse(decoder.decode(data));
  } catch {
    throw new BusRequestError(subject, { code: 'INVALID_RESPONSE', message: 'reply is not JSON' });
  }
  const b = body as Partial<{ ok: boolean; data: unknown; error: Partial<RequestErrorBody> }>;
  if (b?.ok === true) return { ok: true, data: b.data };
  if (b?.ok === false && typeof b.error?.code === 'string' && typeof b.error.message === 'string') {
    return { ok: false, error: { code: b.error.code, message: b.error.message, issues: b.error.issues } };
  }
  throw new BusRequestError(subject, { code: 'INVALID_RESPONSE', message: 'reply is not a bus reply' });
}
