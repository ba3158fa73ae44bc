// NATS for `npm start` when no NATS_URL is configured: a nats-server found on the PATH (or at
// Debian's /usr/sbin) with JetStream storing under .data/. Without one, the caller falls back
// to the in-process transport.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';

export function findNatsServer(configured?: string): string | undefined {
  // NATS_SERVER_BIN=none forces the in-process transport; a path picks that binary.
  if (configured === 'none') return undefined;
  if (configured) return configured;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function waitForPort(port: number, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on port ${port} within ${timeoutMs / 1000} s`);
}

export interface LocalNats {
  url: string;
  stop(): Promise<void>;
}

export async function startNatsServer(binary: string, dataDir: string, port: number): Promise<LocalNats> {
  const store = join(dataDir, 'nats');
  mkdirSync(store, { recursive: true });
  const child: ChildProcess = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store, '-l', join(store, 'nats-server.log')], { stdio: 'ignore' });
  await waitForPort(port, 'nats-server');
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
