import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startOtlpCollector } from '@onenet/testing';

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
    const collector = await startOtlpCollector();
    try {
      const { traceId } = await runFixture({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint });
      const body = collector.bodiesAt('/v1/traces');
      expect(body.length).toBeGreaterThan(0);
      expect(body).toContain('unit-of-work');
      expect(body).toContain('export-fixture');
      expect(body).toContain(traceId);
    } finally {
      await collector.close();
    }
  });
});
