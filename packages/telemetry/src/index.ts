export { startTelemetry, type Telemetry, type TelemetryOptions } from './sdk.ts';
export { traceHttpServer, type HttpServerTracingOptions, type RequestListener } from './http-server.ts';
export {
  startSpan,
  recordError,
  currentTraceId,
  activeSpanIds,
  injectTraceHeaders,
  contextFromHeaders,
  type SpanOptions,
} from './spans.ts';
// Test support: tests assert on finished spans without importing the SDK themselves.
export { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
