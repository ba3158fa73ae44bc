// Trace context crosses the bus: request → outbox → relay (PRODUCER) → consumer (CONSUMER),
// and caller (CLIENT) → server (SERVER) for request-reply.
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { defineRequest, streamFor } from '@onenet/contracts';
import type { TestDatabase } from '@onenet/db/testing';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, enqueue, serve, startConsumer, startOutboxRelay, type Transport } from '../src/index.ts';
import { SCHEMA, effects, recordEffect, testDatabase, testEvents, transportKinds, uniqueId, waitFor } from './helpers.ts';

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
const app = trace.getTracer('test-app');

const only = (spans: ReadableSpan[], predicate: (s: ReadableSpan) => boolean) => {
  const found = spans.filter(predicate);
  expect(found).toHaveLength(1);
  return found[0] as ReadableSpan;
};

describe.each(transportKinds)('trace context over the $kind transport', ({ create }) => {
  let transport: Transport;
  let t: TestDatabase;
  beforeAll(async () => {
    [transport, t] = await Promise.all([create(), testDatabase()]);
  });
  afterAll(async () => {
    await transport.close();
    await t.drop();
  });

  it('the handler runs in a CONSUMER span, child of the PRODUCER span, child of the request that enqueued', async () => {
    const { service, Thing } = testEvents();
    const durable = 'bustest--traced';
    const relay = startOutboxRelay({ db: t.db, pool: t.pool, schema: SCHEMA, transport });
    let handlerSpanId: string | undefined;
    const consumer = await startConsumer({
      db: t.db,
      schema: SCHEMA,
      transport,
      durable,
      events: [Thing],
      handle: async (e, trx) => {
        handlerSpanId = trace.getActiveSpan()?.spanContext().spanId;
        await recordEffect(trx, durable, e.id, e.data.n);
      },
    });
    const envelope = await app.startActiveSpan(`POST /${service}`, async (span) => {
      try {
        return await t.db.transaction().execute((trx) => enqueue(trx, SCHEMA, Thing, { data: { n: 1 }, tenantPath: '450000', actor: null }));
      } finally {
        span.end();
      }
    });
    await waitFor(async () => (await effects(t.db, durable)).length === 1);
    await consumer.stop();
    await relay.stop();
    await transport.deleteStream(streamFor(service).name);

    const spans = exporter.getFinishedSpans();
    const request = only(spans, (s) => s.name === `POST /${service}`);
    const producer = only(spans, (s) => s.kind === SpanKind.PRODUCER && s.attributes['messaging.message.id'] === envelope.id);
    const consumed = only(spans, (s) => s.kind === SpanKind.CONSUMER && s.attributes['messaging.message.id'] === envelope.id);
    expect(producer.name).toBe(`send ${Thing.subject}`);
    expect(producer.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(producer.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(consumed.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(consumed.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(consumed.attributes['messaging.consumer.group.name']).toBe(durable);
    expect(handlerSpanId).toBe(consumed.spanContext().spanId);
  });

  it('a request’s SERVER span is a child of the caller’s CLIENT span', async () => {
    const Echo = defineRequest({ service: `t${uniqueId()}`, operation: 'echo', request: Type.Object({ s: Type.String() }), response: Type.Object({ s: Type.String() }) });
    let serverSpanId: string | undefined;
    const server = await serve(transport, Echo, async (req) => {
      serverSpanId = trace.getActiveSpan()?.spanContext().spanId;
      return req;
    });
    await app.startActiveSpan(`GET /${Echo.service}`, async (span) => {
      await call(transport, Echo, { s: 'hi' });
      span.end();
    });
    await server.stop();
    const spans = exporter.getFinishedSpans();
    const outer = only(spans, (s) => s.name === `GET /${Echo.service}`);
    const client = only(spans, (s) => s.kind === SpanKind.CLIENT && s.attributes['rpc.service'] === Echo.service);
    const server_ = only(spans, (s) => s.kind === SpanKind.SERVER && s.attributes['rpc.service'] === Echo.service);
    expect(client.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(server_.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(server_.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(serverSpanId).toBe(server_.spanContext().spanId);
  });
});
