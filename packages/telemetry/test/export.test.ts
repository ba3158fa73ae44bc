import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./fixtures/export-modes.ts', import.meta.url));

async function runFixture(env: Record<string, string>): Promise<{ traceId: string | null }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
  const { stdout } = await run(process.execPath, [fixture], { env: { ...clean, ...env } });
  return JSON.parse(stdout) as { traceId: string | null };
}

describe('export modes', () => {
  it('without an OTLP endpoint still gives spans trace ids (for log correlation)', async () => {
    const { traceId } = await runFixture({});
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT posts the finished spans to <endpoint>/v1/traces', async () => {
    const received: { path: string; body: string }[] = [];
    const collector = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body });
        response.setHeader('content-type', 'application/json');
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      const { traceId } = await runFixture({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
      const traces = received.filter((r) => r.path === '/v1/traces');
      expect(traces.length).toBeGreaterThan(0);
      const body = traces.map((r) => r.body).join('');
      expect(body).toContain('unit-of-work');
      expect(body).toContain('export-fixture');
      expect(body).toContain(traceId);
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
