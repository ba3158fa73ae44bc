// buildService: a definition plus its dependencies → a fastify app with start() and close().
// runService: the main of every service process — telemetry first, config, pool, transport,
// migrations, outbox relay, consumers, responders, listen, and graceful shutdown on signals.
import Type, { type TObject } from 'typebox';
import { sql, type Kysely } from 'kysely';
import { createDb, createPool, isReachable, migrate, pendingMigrations, withTenant, TENANT_SETTING, type Migrations } from '@onenet/db';
import { InProcessTransport, NatsTransport, busMigrations, call, enqueue, enqueueAll, serve, startConsumer, startOutboxRelay, type Consumer, type OutboxRelay, type Subscription, type Transport } from '@onenet/bus';
import { startTelemetry } from '@onenet/telemetry';
import { createApp, type KitApp } from './app.ts';
import { oidcAuthenticator, requireAccessDeclaration, requirePrincipal, type Authenticator } from './auth.ts';
import { BaseConfig, ConfigError, loadConfig } from './config.ts';
import { systemClock, type Clock, type Pool, type ServiceContext, type ServiceDefinition } from './definition.ts';
import type { Readiness, ReadinessCheck } from './health.ts';
import type { Access } from '@onenet/auth';
import { createLogger, type Logger } from './logging.ts';
import { exitOnSignals, runShutdown, type ShutdownStep } from './shutdown.ts';

export interface ServiceDeps {
  /** Where configuration is read from; process.env by default. */
  env?: Record<string, string | undefined>;
  /** The runtime pool. Given: used as is and left open by close(). */
  pool?: Pool;
  /** Given: used as is and left open by close(); otherwise NATS (NATS_URL) or in-process. */
  transport?: Transport;
  logger?: Logger;
  clock?: Clock;
  /** Who callers are; by default @onenet/auth's verifier when OIDC_ISSUER is set. */
  authenticator?: Authenticator;
  /** Apply pending migrations in start(); default true. */
  migrate?: boolean;
}

/** A service route as declared: what the authorization matrix and the docs are generated from. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
  /** The querystring's property names: routes taking `tenant` scope their answer to it. */
  query: string[];
}

export interface Service<C extends TObject = TObject, DB = any> {
  app: KitApp;
  /** Every route of the service's own, with who may call it. */
  routes: DeclaredRoute[];
  ctx: ServiceContext<C, DB>;
  readiness: Readiness;
  /** Migrates, starts relay, consumers and responders, and listens. Returns the base URL. */
  start(): Promise<{ url: string }>;
  /** Graceful: not ready, finish requests, stop consumers and relay, drain, close the pool. */
  close(): Promise<boolean>;
}

export function configSchemaOf(definition: ServiceDefinition<any, any>): TObject {
  return Type.Object({ ...BaseConfig.properties, ...(definition.config?.properties ?? {}) });
}

export function migrationsOf(definition: ServiceDefinition<any, any>): Migrations {
  return { ...busMigrations(definition.schema), ...definition.migrations };
}

function migrationCheck(db: Kysely<any>, pool: Pool, schema: string, migrations: Migrations): ReadinessCheck {
  let applied = false; // once applied, they stay applied: stop asking
  return {
    name: 'migrations',
    async check() {
      if (applied) return true;
      if (!(await isReachable(pool))) return 'unknown (database unreachable)';
      const pending = await pendingMigrations(db, { schema, migrations });
      if (pending.length === 0) return (applied = true);
      return `${pending.length} pending (${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''})`;
    },
  };
}

export async function buildService<C extends TObject, DB>(definition: ServiceDefinition<C, DB>, deps: ServiceDeps = {}): Promise<Service<C, DB>> {
  const config = loadConfig(configSchemaOf(definition), deps.env ?? process.env) as ServiceContext<C, DB>['config'];
  const log = deps.logger ?? createLogger({ service: definition.name, level: config.LOG_LEVEL });
  const clock = deps.clock ?? systemClock;
  const migrations = migrationsOf(definition);
  const shutdownSteps: ShutdownStep[] = [];

  // JIT off for every connection (set when it opens, not per transaction): row-level security
  // hides selectivity from the planner, and its inflated estimates made PostgreSQL compile
  // statements that read a page of rows (tens of milliseconds) or a congress's report (0.9 s of
  // the region's summary).
  const settings = { jit: 'off', ...definition.databaseSettings };
  const pool = deps.pool ?? createPool(config.DATABASE_URL, { max: config.DATABASE_POOL_MAX, applicationName: definition.name, settings });
  const db = createDb<DB>(pool);
  const transport =
    deps.transport ??
    (config.NATS_URL ? await NatsTransport.connect({ servers: config.NATS_URL, name: definition.name }) : new InProcessTransport());
  if (!deps.transport && !config.NATS_URL) log.warn('NATS_URL is not set: events stay inside this process (in-process transport)');

  const ctx: ServiceContext<C, DB> = {
    name: definition.name,
    schema: definition.schema,
    config,
    db,
    pool,
    transport,
    clock,
    log,
    withTenant: (tenantPath, fn, options) => withTenant(db, tenantPath, fn, options),
    // HTTP's safe methods change nothing, and the database holds them to it.
    withCallerTenant: (request, fn) => withTenant(db, requirePrincipal(request).tenantPath, fn, { readOnly: request.method === 'GET' || request.method === 'HEAD' }),
    enqueue: (trx, event, input) => enqueue(trx as never, definition.schema, event, input),
    enqueueAll: (trx, events) => enqueueAll(trx as never, definition.schema, events),
    call: (request, body, options) => call(transport, request, body, options),
  };

  const readiness: Readiness = {
    shuttingDown: false,
    checks: [
      { name: 'database', check: async () => ((await isReachable(pool)) ? true : 'unreachable') },
      { name: 'nats', check: async () => (transport.isConnected() ? true : 'disconnected') },
      migrationCheck(db, pool, definition.schema, migrations),
    ],
  };

  const authenticator = deps.authenticator ?? (config.OIDC_ISSUER ? oidcAuthenticator(config.OIDC_ISSUER, config.OIDC_AUDIENCE) : undefined);
  const app = await createApp({
    name: definition.name,
    version: definition.version,
    description: definition.description,
    logger: log,
    bodyLimit: config.BODY_LIMIT_BYTES,
    authenticator,
    readiness,
  });
  const declaredRoutes: DeclaredRoute[] = [];
  if (definition.routes) {
    const routes = definition.routes;
    // Its own encapsulated context, so the access rule applies to the service's routes only.
    await app.register(async (scope) => {
      scope.addHook('onRoute', requireAccessDeclaration);
      scope.addHook('onRoute', (route) => {
        const query = (route.schema?.querystring as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
        for (const method of [route.method].flat()) {
          if (method === 'HEAD') continue;
          declaredRoutes.push({ method, url: route.url, access: route.config?.access as Access, query: Object.keys(query) });
        }
      });
      await routes(scope, ctx);
    });
  }
  await app.ready();

  let started = false;
  const background: { name: string; stop(): Promise<void> }[] = [];

  async function start(): Promise<{ url: string }> {
    if (started) throw new Error(`${definition.name} already started`);
    started = true;
    if (deps.migrate !== false && config.MIGRATE_ON_START) {
      const owner = config.MIGRATION_DATABASE_URL ? createPool(config.MIGRATION_DATABASE_URL, { max: 2, applicationName: `${definition.name}-migrate`, statementTimeoutMs: 0 }) : undefined;
      const ownerDb = owner ? createDb<unknown>(owner) : db;
      try {
        const applied = await migrate(ownerDb as Kysely<any>, { schema: definition.schema, migrations });
        if (applied.length) log.info({ migrations: applied }, 'migrations applied');
      } finally {
        if (owner) await ownerDb.destroy();
      }
    }
    const relay: OutboxRelay = startOutboxRelay({ db, pool, schema: definition.schema, transport, logger: log });
    background.push({ name: 'outbox relay', stop: () => relay.stop() });
    for (const consumer of definition.consumers ?? []) {
      const durable = `${definition.name}--${consumer.purpose}`;
      const running: Consumer = await startConsumer({
        db,
        schema: definition.schema,
        transport,
        durable,
        events: consumer.events,
        logger: log,
        batchSize: consumer.batchSize,
        maxDeliver: consumer.maxDeliver,
        backoff: consumer.backoff,
        ackWaitMs: consumer.ackWaitMs,
        async handle(envelope, trx) {
          // An event is handled inside its own tenant: row-level security applies as for a request.
          // (Set before each handler call: a batch of events may share the transaction.)
          await sql`select set_config(${TENANT_SETTING}, ${envelope.tenantPath}, true)`.execute(trx);
          await consumer.handle(envelope, trx, ctx as ServiceContext<TObject, DB>);
        },
      });
      background.push({ name: `consumer ${durable}`, stop: () => running.stop() });
    }
    for (const responder of definition.responders ?? []) {
      const subscription: Subscription = await serve(transport, responder.request, (body) => responder.handle(body, ctx as ServiceContext), { logger: log });
      background.push({ name: `responder ${responder.request.subject}`, stop: () => subscription.stop() });
    }
    const address = await app.listen({ port: config.PORT, host: config.HOST });
    log.info({ address, service: definition.name }, 'listening');
    return { url: address };
  }

  shutdownSteps.push(
    // readyz already says 503; keep serving a moment so load balancers stop sending first.
    { name: 'delay', run: () => new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DELAY_MS)) },
    // Stops listening, lets requests in flight finish.
    { name: 'http', run: () => app.close() },
    {
      name: 'background',
      // Responders and consumers first (they may still enqueue), the relay last.
      run: async () => {
        for (const task of [...background].reverse()) await task.stop().catch((error: unknown) => log.error({ err: error, task: task.name }, 'stop failed'));
      },
    },
    { name: 'transport', run: async () => (deps.transport ? undefined : transport.drain()) },
    { name: 'database', run: async () => (deps.pool ? undefined : pool.end()) },
  );

  let closing: Promise<boolean> | undefined;
  function close(): Promise<boolean> {
    closing ??= (async () => {
      readiness.shuttingDown = true;
      return runShutdown(shutdownSteps, config.SHUTDOWN_TIMEOUT_MS, log);
    })();
    return closing;
  }

  return { app, routes: declaredRoutes, ctx, readiness, start, close };
}

export interface RunOptions extends Omit<ServiceDeps, 'env'> {
  env?: Record<string, string | undefined>;
  /** The command-line arguments after the script; `migrate` only migrates and exits. */
  args?: string[];
}

function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(ConfigError.exitCode);
  }
  throw error;
}

/**
 * The main of a service process: `node src/main.ts` serves, `node src/main.ts migrate` applies
 * the migrations and exits (for a Kubernetes Job before a rollout).
 */
export async function runService<C extends TObject, DB>(definition: ServiceDefinition<C, DB>, options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const command = (options.args ?? process.argv.slice(2))[0] ?? 'serve';
  // First, so that http and pg are instrumented before anything uses them.
  const telemetry = startTelemetry({ serviceName: env.OTEL_SERVICE_NAME || definition.name, env });
  let config: BaseConfig;
  try {
    config = loadConfig(configSchemaOf(definition), env) as BaseConfig;
  } catch (error) {
    exitOnConfigError(error);
  }
  const log = options.logger ?? createLogger({ service: definition.name, level: config.LOG_LEVEL });
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    log.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });

  if (command === 'migrate') {
    const pool = createPool(config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL, { max: 2, applicationName: `${definition.name}-migrate`, statementTimeoutMs: 0 });
    const db = createDb<unknown>(pool);
    try {
      const applied = await migrate(db as Kysely<any>, { schema: definition.schema, migrations: migrationsOf(definition) });
      log.info({ migrations: applied }, applied.length ? 'migrations applied' : 'no pending migrations');
    } catch (error) {
      log.fatal({ err: error }, 'migration failed');
      process.exitCode = 1;
    } finally {
      await db.destroy();
      await telemetry.shutdown();
    }
    return;
  }
  if (command !== 'serve') {
    console.error(`unknown command "${command}": use "serve" (default) or "migrate"`);
    process.exit(64);
  }

  // A service's own checks of what the schema alone cannot say (e.g. the variables one setting
  // requires) throw ConfigError while it is built: the same one line and exit code.
  const service = await buildService(definition, { ...options, env, logger: log }).catch(exitOnConfigError);
  exitOnSignals(async () => {
    const clean = await service.close();
    await telemetry.shutdown().catch(() => undefined);
    return clean ? 0 : 1;
  }, log);
  await service.start();
}
