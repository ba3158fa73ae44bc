import { SpanStatusCode, context, isSpanContextValid, propagation, trace, type Attributes, type Context, type Span, type SpanKind, type Tracer } from '@opentelemetry/api';

export interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
}

/**
 * Runs fn inside a new active span. A thrown error is recorded on the span, marks it failed and
 * is rethrown unchanged; the span always ends.
 */
export async function startSpan<T>(
  tracer: Tracer,
  name: string,
  fn: (span: Span) => T | Promise<T>,
  attributesOrOptions?: Attributes | SpanOptions,
): Promise<T> {
  const options = isSpanOptions(attributesOrOptions) ? attributesOrOptions : { attributes: attributesOrOptions };
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      const result = await fn(span);
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (error) {
      recordError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

function isSpanOptions(value: Attributes | SpanOptions | undefined): value is SpanOptions {
  if (!value) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === 'attributes' || k === 'kind');
}

/** Marks a span failed with the error's message and an exception event. */
export function recordError(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}

/** The active trace id (32 hex chars), or undefined outside any span. */
export function currentTraceId(): string | undefined {
  return activeSpanIds()?.trace_id;
}

/** Trace and span id of the active span, named as log fields; undefined outside any span. */
export function activeSpanIds(): { trace_id: string; span_id: string } | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** Writes the active context (W3C `traceparent`, `tracestate`, baggage) into a header carrier. */
export function injectTraceHeaders(headers: Record<string, string> = {}, from: Context = context.active()): Record<string, string> {
  propagation.inject(from, headers);
  return headers;
}

/** The context a set of incoming headers carries, to run the receiving side in. */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), headers, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => carrier[key],
  });
}
