// SERVER spans for incoming HTTP requests, made with @opentelemetry/api only. Used instead of
// @opentelemetry/instrumentation-http's incoming side, which costs ~50 µs of CPU per request
// (it rebinds every event-emitter method of each request and response and computes a large
// attribute set); this costs a few. The request listener runs inside the span's context, so
// everything the request does (pg queries, outgoing calls, log lines) belongs to its trace.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { ProxyTracerProvider, ROOT_CONTEXT, SpanKind, SpanStatusCode, context, isSpanContextValid, propagation, trace, type TextMapGetter } from '@opentelemetry/api';

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

export interface HttpServerTracingOptions {
  /** Paths that get no span (probes would drown the traces). Default /healthz and /readyz. */
  ignorePaths?: string[];
}

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

const tracer = trace.getTracer('@onenet/telemetry/http-server');

// The API's no-op provider (what a provider-less proxy delegates to): while it is the global
// one, telemetry is not started and a request skips the span machinery altogether.
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();
const tracing = (): boolean => {
  const provider = trace.getTracerProvider() as Partial<ProxyTracerProvider>;
  return provider.getDelegate?.() !== NOOP_PROVIDER;
};

/** Wraps an http.Server request listener so each request runs in a SERVER span. */
export function traceHttpServer(listener: RequestListener, options: HttpServerTracingOptions = {}): RequestListener {
  const ignored = new Set(options.ignorePaths ?? ['/healthz', '/readyz']);
  return (request, response) => {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (ignored.has(path) || !tracing()) return listener(request, response);

    const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
    const method = request.method ?? 'GET';
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'url.path': path,
          'url.scheme': 'http',
          'network.protocol.version': request.httpVersion,
          ...(request.headers['user-agent'] ? { 'user_agent.original': request.headers['user-agent'] } : {}),
        },
      },
      parent,
    );
    // Telemetry not started: nothing to record and no trace to carry on.
    if (!span.isRecording() && !isSpanContextValid(span.spanContext())) return listener(request, response);
    // 'close' follows the response being sent, or the connection dying before it was.
    response.once('close', () => {
      const status = response.statusCode;
      span.setAttribute('http.response.status_code', status);
      // Server spans fail on 5xx only; a 4xx is the client's mistake, answered correctly.
      if (!response.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'connection closed before the response was sent' });
      else if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), listener, undefined, request, response);
  };
}
