// The ESM caveat: services import `pg` statically, before telemetry starts, and
// require-in-the-middle only sees require(). These run real child processes, as services run.
// (Without startTelemetry's re-require of preloaded modules the first case has no pg span.)
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./fixtures/pg-span.ts', import.meta.url));

interface SpanJson { name: string; traceId: string; spanId: string; parentSpanId?: string; attributes: Record<string, unknown> }

async function spansOf(args: string[]): Promise<SpanJson[]> {
  const { stdout } = await run(process.execPath, args, { cwd: fileURLToPath(new URL('..', import.meta.url)) });
  return JSON.parse(stdout) as SpanJson[];
}

function expectPgChildOfWork(spans: SpanJson[]): void {
  const work = spans.find((s) => s.name === 'work');
  const query = spans.find((s) => s.name.startsWith('pg.query'));
  expect(work).toBeDefined();
  expect(query, `spans: ${spans.map((s) => s.name).join(', ')}`).toBeDefined();
  expect(query?.traceId).toBe(work?.traceId);
  expect(query?.parentSpanId).toBe(work?.spanId);
  expect(query?.attributes['db.system.name'] ?? query?.attributes['db.system']).toBe('postgresql');
}

describe('pg instrumentation under ESM', () => {
  it('traces queries of a pg imported statically before startTelemetry (as every service does)', async () => {
    expectPgChildOfWork(await spansOf([fixture, 'static']));
  });

  it('traces queries of a pg required after startTelemetry', async () => {
    expectPgChildOfWork(await spansOf([fixture, 'require']));
  });

  it('traces them too when started with --import @onenet/telemetry/register', async () => {
    expectPgChildOfWork(await spansOf(['--import', '@onenet/telemetry/register', fixture, 'static']));
  });
});
