import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startNatsServer } from '../src/index.ts';

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });

describe('startNatsServer', () => {
  it('stops and restarts a private broker on the same port', async () => {
    const nats = await startNatsServer();
    try {
      expect(await reachable(nats.port)).toBe(true);
      await nats.stop();
      expect(await reachable(nats.port)).toBe(false);
      await nats.start();
      expect(await reachable(nats.port)).toBe(true);
    } finally {
      await nats.dispose();
    }
  });
});
