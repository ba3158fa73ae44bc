// A stand-in OpenTelemetry collector on loopback: it records what the OTLP/HTTP exporters post
// (JSON bodies by path: /v1/traces, /v1/metrics) so tests can assert on what left the process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpCollector {
  /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  /** Everything posted to one path, joined. */
  bodiesAt(path: '/v1/traces' | '/v1/metrics' | '/v1/logs'): string;
  close(): Promise<void>;
}

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const received: { path: string; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body });
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodiesAt: (path) => received.filter((r) => r.path === path).map((r) => r.body).join(''),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
