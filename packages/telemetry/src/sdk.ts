// The process's one OpenTelemetry SDK. Everything else in the monorepo talks to
// @opentelemetry/api only; this module decides where spans and metrics go.
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import type { Instrumentation } from '@opentelemetry/instrumentation';

export interface TelemetryOptions {
  /** Becomes the `service.name` resource attribute (OTEL_RESOURCE_ATTRIBUTES adds the rest). */
  serviceName: string;
  /**
   * Test mode: every finished span goes to this exporter as soon as it ends (no batching), e.g.
   * an `InMemorySpanExporter`. Takes precedence over OTLP export.
   */
  spanExporter?: SpanExporter;
  /** Where OTEL_EXPORTER_OTLP_ENDPOINT is read from; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /**
   * Trace incoming requests with @opentelemetry/instrumentation-http as well. Off by default:
   * servers wrap their request listener in traceHttpServer(), which costs a tenth as much (the
   * kit does). Outgoing http.request() and fetch are always traced.
   */
  instrumentIncomingHttp?: boolean;
}

export interface Telemetry {
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
  /** Exports buffered spans now (tests call this before asserting). */
  forceFlush(): Promise<void>;
}

const DEFAULT_IGNORED_PATHS = ['/healthz', '/readyz'];

let active: { sdk: NodeSDK; processor: SpanProcessor; instrumentations: Instrumentation[] } | undefined;

function spanProcessorFor(options: TelemetryOptions, endpoint: string | undefined): SpanProcessor {
  if (options.spanExporter) return new SimpleSpanProcessor({ exporter: options.spanExporter });
  if (endpoint) return new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }) });
  // No exporter, but a real tracer provider all the same: spans get ids, context propagates
  // over HTTP and NATS, and log lines carry trace ids.
  return new NoopSpanProcessor();
}

function metricReadersFor(endpoint: string | undefined): IMetricReader[] {
  if (!endpoint) return [];
  return [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/metrics` }) })];
}

/** Packages whose instrumentation patches them on require(), with their entry files. */
const INSTRUMENTED_PACKAGES = ['pg', 'pg-pool'];

/**
 * require-in-the-middle patches a module when it is require()d after the hooks are in place. A
 * service imports fastify (hence node:http) and pg statically, i.e. before startTelemetry()
 * runs. Requiring them again now lets the hooks patch those very module objects in place:
 * http's request/get (and Server.prototype if incoming requests are instrumented), pg's Client
 * and pg-pool's Pool for query spans.
 */
function patchPreloadedModules(): void {
  const require = createRequire(import.meta.url);
  require('node:http');
  require('node:https');
  for (const file of Object.keys(require.cache)) {
    for (const name of INSTRUMENTED_PACKAGES) {
      const marker = `${sep}node_modules${sep}${name}${sep}`;
      const at = file.lastIndexOf(marker);
      if (at < 0) continue;
      const packageDir = file.slice(0, at + marker.length - 1);
      try {
        const main = require.resolve(packageDir);
        if (main === file) require(main);
      } catch {
        // Not resolvable as a package: leave it alone.
      }
    }
  }
}

/**
 * Starts tracing and metrics for this process. Call it before the service creates servers or
 * database pools. Starting twice returns the running instance (two services in one test process
 * share it); starting again after shutdown() works.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (!active) {
    const env = options.env ?? process.env;
    const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
    const ignored = new Set(DEFAULT_IGNORED_PATHS);
    const processor = spanProcessorFor(options, endpoint);
    const instrumentations: Instrumentation[] = [
      new HttpInstrumentation({
        disableIncomingRequestInstrumentation: !options.instrumentIncomingHttp,
        ignoreIncomingRequestHook: (request) => ignored.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      new UndiciInstrumentation(),
      // Only queries made on behalf of something (a request, a message, a job) are worth a span;
      // background polling would otherwise produce a root trace per tick.
      new PgInstrumentation({ requireParentSpan: true }),
    ];
    const sdk = new NodeSDK({
      serviceName: options.serviceName,
      // Detected resource attributes (host, process) resolve asynchronously and hold back every
      // export until they do; a test exporter should see a span the moment it ends.
      autoDetectResources: !options.spanExporter,
      spanProcessors: [processor],
      metricReaders: metricReadersFor(endpoint),
      // Logs are pino's job (stdout, collected by the platform); no OTLP log pipeline.
      logRecordProcessors: [],
      instrumentations,
    });
    sdk.start();
    patchPreloadedModules();
    active = { sdk, processor, instrumentations };
  }
  const current = active;
  return {
    async forceFlush() {
      await current.processor.forceFlush();
    },
    async shutdown() {
      if (active !== current) return;
      active = undefined;
      await current.sdk.shutdown();
      for (const instrumentation of current.instrumentations) instrumentation.disable();
      // Unregister the globals so a later startTelemetry() (next test) can register afresh.
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}
