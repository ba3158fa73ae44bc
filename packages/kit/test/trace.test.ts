// THE trace test: one HTTP request into the notes service writes to PostgreSQL and enqueues an
// event (outbox); the relay publishes it to NATS; the audit service's consumer handles it. All
// of it must be one trace. Real PostgreSQL, real NATS, real HTTP, in-memory span export.
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter, startTelemetry, type ReadableSpan, type Telemetry } from '@onenet/telemetry';
import { createTestTransport, waitFor, type NamespacedTransport } from '@onenet/bus/testing';
import { startTestService, type TestService } from '../src/testing.ts';
import { auditService, notesService } from './fixtures/notes-service.ts';

const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;
let transport: NamespacedTransport;
let notes: TestService;
let audit: TestService;

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: 'kit-trace-test', spanExporter: exporter });
  transport = await createTestTransport();
  notes = await startTestService(notesService, { transport });
  audit = await startTestService(auditService, { transport });
});

afterAll(async () => {
  await notes?.stop();
  await audit?.stop();
  await transport?.dispose();
  await telemetry?.shutdown();
});

const describeSpan = (s: ReadableSpan) => `${SpanKind[s.kind]} ${s.name} ${s.spanContext().traceId.slice(0, 8)}`;

describe('one request, one trace', () => {
  it('joins HTTP server, pg, NATS producer and consumer spans of two services into one trace', async () => {
    exporter.reset();
    const response = await fetch(`${notes.url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Street lights in 八步区', priority: 3 }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };

    const seen = await waitFor(
      async () => (await audit.database.pool.query('select tenant from kit_audit.seen where note_id = $1', [id])).rows[0] as { tenant: string } | undefined,
      { what: 'the audit consumer to handle the event' },
    );
    // The consumer ran inside the event's tenant (row-level security context).
    expect(seen.tenant).toBe('450000/451100');

    const finished = await waitFor(
      async () => {
        await telemetry.forceFlush();
        const spans = exporter.getFinishedSpans();
        return spans.some((s) => s.kind === SpanKind.CONSUMER) && spans.some((s) => s.kind === SpanKind.SERVER) ? spans : undefined;
      },
      { what: 'the consumer span to end' },
    );

    const server = finished.find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /notes');
    expect(server, finished.map(describeSpan).join('\n')).toBeDefined();
    const traceId = server!.spanContext().traceId;
    expect(finished.map(describeSpan).filter((d) => !d.endsWith(traceId.slice(0, 8))), 'spans outside the trace').toEqual([]);

    const inTrace = finished.filter((s) => s.spanContext().traceId === traceId);
    const kinds = (kind: SpanKind) => inTrace.filter((s) => s.kind === kind);
    expect(server?.attributes['http.route']).toBe('/notes');
    expect(kinds(SpanKind.CLIENT).some((s) => s.name.startsWith('pg.query'))).toBe(true);
    expect(kinds(SpanKind.PRODUCER).length).toBeGreaterThan(0);
    const consumer = kinds(SpanKind.CONSUMER)[0];
    expect(consumer?.name).toContain('onenet.kit-notes.note.created.v1');
    // The audit service's own query ran under its consumer span.
    const auditInsert = inTrace.find((s) => s.name.startsWith('pg.query') && s.parentSpanContext?.spanId === consumer?.spanContext().spanId);
    expect(auditInsert, inTrace.map(describeSpan).join('\n')).toBeDefined();

    // The access-log line names the trace and the server span: logs lead to the trace.
    const line = notes.logs.find((l) => l.msg === 'request' && l.url === '/notes' && l.method === 'POST');
    expect(line).toMatchObject({ status: 201, trace_id: traceId, span_id: server?.spanContext().spanId, request_id: expect.any(String) });
  });
});
