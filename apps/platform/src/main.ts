// `npm start`: the whole platform on one machine. Whatever is not configured is provided here —
// PostgreSQL (embedded), NATS (a local nats-server, else the in-process transport), the
// Keycloak-compatible development identity provider — and everything is served on one origin.
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { startPlatform } from './platform.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : join(repoRoot, '.data');
const platform = await startPlatform({ repoRoot, dataDir, env: process.env, log: (line) => console.warn(line) }).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.warn(`\n${signal}: 正在停止 / stopping …`);
  await platform.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
