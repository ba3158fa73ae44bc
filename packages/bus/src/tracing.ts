// W3C trace context across the bus. Only @opentelemetry/api: spans are real when the service
// started the SDK (@onenet/telemetry), no-ops otherwise.
import { context, propagation, ROOT_CONTEXT, trace, type Context, type TextMapGetter } from '@opentelemetry/api';
import type { Headers } from './transport/types.ts';

export const tracer = trace.getTracer('onenet-bus');

const getter: TextMapGetter<Headers> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key] ?? carrier[key.toLowerCase()],
};

/** The active context's traceparent/tracestate as headers. */
export function injectHeaders(ctx: Context = context.active(), headers: Headers = {}): Headers {
  propagation.inject(ctx, headers);
  return headers;
}

/** The sender's context (a new root when the headers carry none). */
export function extractContext(headers: Headers): Context {
  return propagation.extract(ROOT_CONTEXT, headers, getter);
}
