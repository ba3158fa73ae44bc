// Test support for services: a service running on its own fresh database (real PostgreSQL,
// migrated from a template) and a namespaced transport (real NATS unless told otherwise),
// with its log lines captured for assertions.
import type { TObject } from 'typebox';
import { createTestDatabase, type TestDatabase } from '@onenet/db/testing';
import { createTestTransport, type NamespacedTransport, type TransportKind } from '@onenet/bus/testing';
import type { ServiceDefinition } from './definition.ts';
import { createLogger } from './logging.ts';
import { buildService, migrationsOf, type Service, type ServiceDeps } from './service.ts';

export interface TestService<C extends TObject = TObject, DB = any> extends Service<C, DB> {
  /** Base URL of the listening server. */
  url: string;
  database: TestDatabase;
  transport: NamespacedTransport;
  /** Every log line written so far, parsed. */
  logs: Record<string, unknown>[];
  /** Closes the service, disposes the transport, drops the database. */
  stop(): Promise<void>;
}

export interface TestServiceOptions extends Omit<ServiceDeps, 'env' | 'pool' | 'transport' | 'logger'> {
  /** Extra environment on top of the database URLs, PORT=0 and HOST=127.0.0.1. */
  env?: Record<string, string>;
  transport?: NamespacedTransport;
  /** Transport to create when none is given; default real NATS. */
  transportKind?: TransportKind;
  /** Start (migrate, relay, consumers, listen); default true. */
  start?: boolean;
}

export function memoryLogDestination(lines: Record<string, unknown>[]): { write(line: string): void } {
  return { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
}

export async function startTestService<C extends TObject, DB>(definition: ServiceDefinition<C, DB>, options: TestServiceOptions = {}): Promise<TestService<C, DB>> {
  const database = await createTestDatabase({ schema: definition.schema, migrations: migrationsOf(definition) });
  const ownTransport = options.transport === undefined;
  const transport = options.transport ?? (await createTestTransport({ kind: options.transportKind }));
  const logs: Record<string, unknown>[] = [];
  const { env, start: shouldStart, ...deps } = options;
  const service = await buildService(definition, {
    ...deps,
    env: { DATABASE_URL: database.appUrl, MIGRATION_DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', ...env },
    transport,
    logger: createLogger({ service: definition.name, level: 'debug', destination: memoryLogDestination(logs) }),
  });
  const url = shouldStart === false ? '' : (await service.start()).url;
  return {
    ...service,
    url,
    database,
    transport,
    logs,
    async stop() {
      await service.close();
      if (ownTransport) await transport.dispose();
      await database.drop();
    },
  };
}
