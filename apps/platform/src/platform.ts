import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.ts';
import { findNatsServer, startNatsServer, waitForPort, type LocalNats } from './nats.ts';
import { ensureDatabase, prepareServiceRoles } from './database.ts';
import { discoverServices, loadServiceDefinition, type ServiceEntry } from '@onenet/kit/discovery';
import { buildEdge, type EdgeRoute } from './edge.ts';
import { developmentSecret } from './secrets.ts';
import { landingPage, readDemoUsers } from './landing.ts';
import { demoDataSkipped, readDemoAccounts, seedDemoData } from './demo.ts';

export interface PlatformOptions {
  repoRoot: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** The realm the development IdP serves; infra/keycloak by default. */
  realmDir?: string;
}

export interface RunningPlatform {
  url: string;
  stop(): Promise<void>;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new Error(`config error: ${name} must be a TCP port (1–65535), got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * Waits for a service's /readyz. A service migrates its schema before it listens, which on a
 * large existing database takes minutes: so the wait is long (READY_TIMEOUT_SECONDS, default 600)
 * and says every 15 s what it waits for, but ends at once when the service's process exits.
 */
async function waitReady(url: string, name: string, log: (line: string) => void, child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const started = Date.now();
  let last = '';
  let told = started;
  while (Date.now() - started < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready (${last})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() - told >= 15_000) {
      told = Date.now();
      log(`等待 waiting for ${name} (${Math.round((told - started) / 1000)} s; migrations run before it listens): ${last}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} not ready at ${url} after ${timeoutMs / 1000} s (${last})`);
}

function readyTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env.READY_TIMEOUT_SECONDS;
  if (raw === undefined || raw === '') return 600_000;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`config error: READY_TIMEOUT_SECONDS must be a whole number of seconds, got ${JSON.stringify(raw)}`);
  return seconds * 1000;
}

/** Child output, one line at a time, tagged with the service's name. */
function pipeLines(child: ChildProcess, tag: string, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => log(`[${tag}] ${line}`));
  }
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const { env, log, dataDir, repoRoot } = options;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: Error) => log(`stop: ${error.message}`));
  };

  try {
    const edgePort = port(env, 'PORT', 8080);
    const publicUrl = env.PUBLIC_URL ?? `http://localhost:${edgePort}`;
    // A service being written may not have its entry point yet; the platform starts without it.
    const services = discoverServices(repoRoot).filter((s) => existsSync(join(s.dir, 'src', 'main.ts')));

    // PostgreSQL
    let adminUrl = env.DATABASE_URL;
    if (!adminUrl) {
      const embedded: EmbeddedDatabase = await startEmbeddedPostgres(dataDir, port(env, 'EMBEDDED_PG_PORT', 54329), log);
      stops.push(embedded.stop);
      adminUrl = await ensureDatabase(embedded.adminUrl, 'onenet');
      log('PostgreSQL: 内置 embedded (.data/postgres)');
    } else {
      log('PostgreSQL: DATABASE_URL');
    }
    const databases = await prepareServiceRoles(adminUrl, services.map((s) => s.schema), dataDir);

    // NATS
    let natsUrl = env.NATS_URL;
    if (!natsUrl) {
      const binary = findNatsServer(env.NATS_SERVER_BIN);
      if (binary) {
        const nats: LocalNats = await startNatsServer(binary, dataDir, port(env, 'EMBEDDED_NATS_PORT', 42220));
        stops.push(nats.stop);
        natsUrl = nats.url;
        log(`NATS: ${binary} (JetStream in .data/nats)`);
      } else {
        log('NATS: 未找到 nats-server，服务在同一进程内以进程内传输运行 / no nats-server found: services run in one process over the in-process transport');
      }
    }

    // Identity provider
    let issuer = env.OIDC_ISSUER;
    const routes: EdgeRoute[] = [];
    if (!issuer) {
      const idpPort = port(env, 'DEV_IDP_PORT', 8090);
      const { startDevIdp } = await import('@onenet/dev-idp');
      const idp = await startDevIdp({ port: idpPort, host: '127.0.0.1', publicUrl, realmDir: options.realmDir ?? `${repoRoot}/infra/keycloak`, keyDir: `${dataDir}/idp`, trustProxy: true });
      stops.push(() => idp.close());
      issuer = idp.issuer;
      routes.push({ prefix: '/realms', upstream: `http://127.0.0.1:${idpPort}`, rewritePrefix: '/realms' });
      log(`身份认证 Identity: 开发用身份提供者 development IdP, issuer ${issuer}`);
    }

    // Services: a process each over NATS, as in production; without NATS, all in this process
    // sharing one in-process transport, so events still reach the other services.
    const servicePortBase = port(env, 'SERVICE_PORT_BASE', 8100);
    const serviceEnv = (entry: ServiceEntry, servicePort: number): NodeJS.ProcessEnv => {
      const db = databases.get(entry.schema);
      // A secret set in the environment wins; otherwise a development one from .data/secrets.
      const secrets = Object.fromEntries(entry.secrets.map((name) => [name, env[name] ?? developmentSecret(dataDir, name)]));
      return {
        ...env,
        ...secrets,
        PORT: String(servicePort),
        HOST: '127.0.0.1',
        DATABASE_URL: db?.runtimeUrl,
        MIGRATION_DATABASE_URL: db?.migrationUrl,
        ...(natsUrl ? { NATS_URL: natsUrl } : {}),
        OIDC_ISSUER: issuer,
        OIDC_AUDIENCE: env.OIDC_AUDIENCE ?? 'onenet-api',
        LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
      };
    };
    const ports = services.map((_, index) => servicePortBase + index + 1);
    let children: ChildProcess[] = [];
    if (natsUrl) {
      children = services.map((entry, index) => {
        const child = spawn(process.execPath, ['src/main.ts'], { cwd: entry.dir, stdio: ['ignore', 'pipe', 'pipe'], env: serviceEnv(entry, ports[index] as number) });
        pipeLines(child, entry.name, log);
        return child;
      });
      stops.push(() => Promise.all(children.map((child) => new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }))).then(() => undefined));
    } else {
      const { buildService } = await import('@onenet/kit');
      const { InProcessTransport } = await import('@onenet/bus');
      const transport = new InProcessTransport();
      for (const [index, entry] of services.entries()) {
        const definition = await loadServiceDefinition(entry);
        const service = await buildService(definition, { env: serviceEnv(entry, ports[index] as number), transport });
        await service.start();
        stops.push(async () => void (await service.close()));
      }
      stops.push(async () => transport.close());
    }
    services.forEach((entry, index) => routes.push({ prefix: `/api/${entry.name}`, upstream: `http://127.0.0.1:${ports[index]}`, rewritePrefix: '' }));
    const readyTimeout = readyTimeoutMs(env);
    await Promise.all(services.map((entry, index) => waitReady(`http://127.0.0.1:${ports[index]}/readyz`, entry.name, log, children[index], readyTimeout)));

    // Demo data behind the demo accounts (development with the demo realm only).
    const skipped = demoDataSkipped(env);
    if (skipped) {
      log(`演示数据未写入 demo data not seeded: ${skipped}`);
    } else {
      const accounts = await readDemoAccounts(options.realmDir ?? `${repoRoot}/infra/keycloak`);
      const envOf = (entry: ServiceEntry) => serviceEnv(entry, ports[services.indexOf(entry)] as number);
      await seedDemoData({ services, accounts, envOf, log }).catch((error: Error) => log(`演示数据写入失败 demo data failed: ${error.message}`));
    }

    // Edge
    const demoUsers = readDemoUsers(repoRoot);
    const edge = await buildEdge({ routes, portalDir: `${repoRoot}/apps/portal/dist`, landingPage: () => landingPage(services.map((s) => s.name), demoUsers, issuer) });
    await edge.listen({ port: edgePort, host: env.HOST ?? '0.0.0.0' });
    stops.push(() => edge.close());
    await waitForPort(edgePort, 'edge');

    log('');
    log(`代表履职“一张网”已启动 / One Network is up: ${publicUrl}/`);
    for (const s of services) log(`  ${publicUrl}/api/${s.name}/docs`);
    if (demoUsers.length) {
      log('演示账号 Demo accounts (密码 password: demo):');
      for (const u of demoUsers) log(`  ${u.username.padEnd(18)} ${u.description}`);
    }
    log('按 Ctrl-C 停止 / Ctrl-C stops everything.');
    return { url: publicUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
