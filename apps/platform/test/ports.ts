// A TCP port nobody listens on right now, for the platform tests' edges, IdPs and databases.
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
