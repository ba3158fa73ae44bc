import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  InMemorySpanExporter,
  contextFromHeaders,
  currentTraceId,
  injectTraceHeaders,
  startSpan,
  startTelemetry,
  traceHttpServer,
  type Telemetry,
} from '../src/index.ts';

const exporter = new InMemorySpanExporter();
const tracer = trace.getTracer('telemetry-test');
let telemetry: Telemetry;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  // node:http is already loaded (imported above), as fastify's is in a service.
  telemetry = startTelemetry({ serviceName: 'telemetry-test', spanExporter: exporter });
  server = createServer(
    traceHttpServer((request, response) => {
      response.statusCode = request.url?.startsWith('/fails') ? 503 : 200;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ traceId: currentTraceId() ?? null, path: request.url }));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await telemetry.shutdown();
});

beforeEach(() => exporter.reset());

/** Spans end when responses finish, a moment after the client has its body. */
async function finishedSpans(count: number) {
  for (let i = 0; i < 100 && exporter.getFinishedSpans().length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return exporter.getFinishedSpans();
}

describe('startTelemetry', () => {
  it('joins an outgoing fetch and the server handling it into one trace', async () => {
    const body = await startSpan(tracer, 'caller', async () => (await fetch(`${baseUrl}/things`)).json() as Promise<{ traceId: string }>);
    const spans = await finishedSpans(3);
    const caller = spans.find((s) => s.name === 'caller');
    const client = spans.find((s) => s.kind === SpanKind.CLIENT);
    const serverSpan = spans.find((s) => s.kind === SpanKind.SERVER);
    expect(caller && client && serverSpan).toBeTruthy();
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([caller?.spanContext().traceId]));
    expect(client?.parentSpanContext?.spanId).toBe(caller?.spanContext().spanId);
    expect(serverSpan?.parentSpanContext?.spanId).toBe(client?.spanContext().spanId);
    // The handler saw the same trace: this is what puts trace ids into log lines.
    expect(body.traceId).toBe(caller?.spanContext().traceId);
  });

  it('marks a server span failed on a 5xx answer, with its status code', async () => {
    await (await fetch(`${baseUrl}/fails?x=1`)).json();
    const spans = await finishedSpans(2);
    const serverSpan = spans.find((s) => s.kind === SpanKind.SERVER);
    expect(serverSpan?.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.path': '/fails', 'http.response.status_code': 503 });
    expect(serverSpan?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('does not trace health probes', async () => {
    await (await fetch(`${baseUrl}/healthz`)).json();
    await (await fetch(`${baseUrl}/other`)).json();
    const spans = await finishedSpans(3);
    const served = spans.filter((s) => s.kind === SpanKind.SERVER).map((s) => s.attributes['url.path']);
    expect(served).toEqual(['/other']);
  });

  it('returns the running instance when started twice', () => {
    const again = startTelemetry({ serviceName: 'other' });
    expect(again).toBeDefined();
    return startSpan(tracer, 'still-exported', () => undefined).then(() => {
      expect(exporter.getFinishedSpans().map((s) => s.name)).toContain('still-exported');
    });
  });
});

describe('startSpan', () => {
  it('returns the result and marks the span OK', async () => {
    const result = await startSpan(tracer, 'ok', (span) => {
      span.setAttribute('x', 1);
      return 42;
    }, { 'app.thing': 'a' });
    expect(result).toBe(42);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('ok');
    expect(span?.status.code).toBe(SpanStatusCode.OK);
    expect(span?.attributes).toMatchObject({ x: 1, 'app.thing': 'a' });
  });

  it('records the exception, marks the span failed and rethrows the same error', async () => {
    const boom = new Error('boom');
    await expect(startSpan(tracer, 'fails', async () => { throw boom; })).rejects.toBe(boom);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
    expect(span?.ended).toBe(true);
  });

  it('accepts a span kind', async () => {
    await startSpan(tracer, 'produce', () => undefined, { kind: SpanKind.PRODUCER, attributes: { a: 'b' } });
    const [span] = exporter.getFinishedSpans();
    expect(span?.kind).toBe(SpanKind.PRODUCER);
    expect(span?.attributes).toEqual({ a: 'b' });
  });
});

describe('trace context helpers', () => {
  it('has no trace id outside a span, and the span\'s inside', async () => {
    expect(currentTraceId()).toBeUndefined();
    await startSpan(tracer, 'inside', (span) => {
      expect(currentTraceId()).toBe(span.spanContext().traceId);
    });
  });

  it('carries a trace across a header map (as a message bus does)', async () => {
    let headers: Record<string, string> = {};
    let producerTrace = '';
    await startSpan(tracer, 'producer', (span) => {
      producerTrace = span.spanContext().traceId;
      headers = injectTraceHeaders();
    });
    expect(headers.traceparent).toMatch(new RegExp(`^00-${producerTrace}-[0-9a-f]{16}-01$`));
    await context.with(contextFromHeaders(headers), () => startSpan(tracer, 'consumer', () => undefined));
    const consumer = exporter.getFinishedSpans().find((s) => s.name === 'consumer');
    expect(consumer?.spanContext().traceId).toBe(producerTrace);
  });
});
