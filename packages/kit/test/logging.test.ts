// The log writer as a service process uses it: stdout is a pipe, lines are written in blocks,
// and nothing logged before the process exits is lost, whether it exits on its own, through
// process.exit() in the middle of a turn, or after a fatal error.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const logging = fileURLToPath(new URL('../src/logging.ts', import.meta.url));

async function run(script: string): Promise<{ code: number | null; lines: Record<string, unknown>[] }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', `import { createLogger } from ${JSON.stringify(logging)};\n${script}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const [[code]] = (await Promise.all([once(child, 'exit'), once(child.stdout, 'close')])) as [[number | null], unknown];
  return { code, lines: stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the log writer', () => {
  it('writes every line, in order, when the process exits in the same turn as it logged', async () => {
    const { code, lines } = await run(`
      const log = createLogger({ service: 'exits' });
      for (let i = 0; i < 5000; i++) log.info({ i }, 'line');
      process.exit(3);`);
    expect(code).toBe(3);
    expect(lines).toHaveLength(5000);
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(lines[0]).toMatchObject({ level: 'info', service: 'exits', msg: 'line' });
  });

  it('writes the lines of earlier turns and of the last one when the process ends by itself', async () => {
    const { code, lines } = await run(`
      const log = createLogger({ service: 'ends' });
      log.info('first turn');
      setTimeout(() => log.info('a later turn'), 20);
      setTimeout(() => log.warn('the last line'), 40);`);
    expect(code).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual(['first turn', 'a later turn', 'the last line']);
  });

  it('writes a fatal line before the process dies of its error', async () => {
    const { code, lines } = await run(`
      const log = createLogger({ service: 'dies' });
      log.info('working');
      log.fatal({ err: new Error('disk on fire') }, 'giving up');
      throw new Error('unhandled');`);
    expect(code).toBe(1);
    expect(lines.map((l) => l.msg)).toEqual(['working', 'giving up']);
    expect(lines[1]).toMatchObject({ level: 'fatal', err: { message: 'disk on fire' } });
  });
});
