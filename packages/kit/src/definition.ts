// What a service is, declared once: its name and schema, its configuration, migrations, HTTP
// routes, event consumers and request-reply responders. The kit turns this into a process.
import type { FastifyRequest } from 'fastify';
import type { Static, TObject, TSchema } from 'typebox';
import type { Kysely, Transaction } from 'kysely';
import type { EventDefinition, EventEnvelope, Envelope, EnvelopeInput, RequestDefinition } from '@onenet/contracts';
import type { Migrations, TenantTransactionOptions, createPool } from '@onenet/db';
import type { Outgoing, Transport } from '@onenet/bus';
import type { KitApp } from './app.ts';
import type { BaseConfig } from './config.ts';
import type { Logger } from './logging.ts';

export type Pool = ReturnType<typeof createPool>;

/** Time, injectable so tests can pin it (deadlines, timestamps). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What a service's code gets to work with. */
export interface ServiceContext<C extends TObject = TObject, DB = any> {
  name: string;
  /** The PostgreSQL schema the service owns. */
  schema: string;
  config: BaseConfig & Static<C>;
  db: Kysely<DB>;
  pool: Pool;
  transport: Transport;
  clock: Clock;
  log: Logger;
  /** Runs fn in a transaction that row-level security confines to a tenant's subtree. */
  withTenant<T>(tenantPath: string, fn: (trx: Transaction<DB>) => Promise<T>, options?: TenantTransactionOptions): Promise<T>;
  /**
   * Runs fn in a transaction confined to the calling user's tenant subtree (401 if anonymous).
   * For GET and HEAD requests the transaction is read-only: PostgreSQL refuses any write in it.
   */
  withCallerTenant<T>(request: FastifyRequest, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /** Writes an event to the outbox in `trx`; it is published if and only if trx commits. */
  enqueue<S extends TSchema>(trx: Transaction<DB>, event: EventDefinition<S>, input: EnvelopeInput<Static<S>>): Promise<Envelope<Static<S>>>;
  /** Several events in one statement, in order (build each with `outgoing(event, input)`). */
  enqueueAll(trx: Transaction<DB>, events: readonly Outgoing<any>[]): Promise<Envelope<unknown>[]>;
  /** Asks another service over request-reply. */
  call<Q extends TSchema, R extends TSchema>(request: RequestDefinition<Q, R>, body: Static<Q>, options?: { timeoutMs?: number }): Promise<Static<R>>;
}

export interface ConsumerDefinition<D extends EventDefinition = EventDefinition, DB = any> {
  /** What it is for; the durable consumer is named `<service>--<purpose>`. */
  purpose: string;
  events: readonly D[];
  /**
   * Handles one event, in a transaction that also records it as handled (so a redelivery is a
   * no-op) and that row-level security confines to the event's tenant. Throw to retry.
   */
  handle(envelope: EventEnvelope<D>, trx: Transaction<DB>, ctx: ServiceContext<TObject, DB>): Promise<void>;
  /** Most events handled in one transaction (see @onenet/bus); 1 for slow handlers. */
  batchSize?: number;
  maxDeliver?: number;
  backoff?: number[];
  ackWaitMs?: number;
}

export interface ResponderDefinition<Q extends TSchema = TSchema, R extends TSchema = TSchema> {
  request: RequestDefinition<Q, R>;
  handle(body: Static<Q>, ctx: ServiceContext): Promise<Static<R>>;
}

export interface ServiceDefinition<C extends TObject = TObject, DB = any> {
  /** URL segment, NATS name and durable prefix, e.g. `deputy-registry`. */
  name: string;
  /** The PostgreSQL schema it owns, e.g. `registry`. */
  schema: string;
  version?: string;
  description?: string;
  /** The service's own environment variables; the base ones (BaseConfig) are always read. */
  config?: C;
  /** The service's migrations; the bus's outbox/inbox tables are added by the kit. */
  migrations: Migrations;
  /** PostgreSQL settings for the service's connections, over the kit's (`jit: 'off'`, see service.ts). */
  databaseSettings?: Record<string, string>;
  routes?: (app: KitApp, ctx: ServiceContext<C, DB>) => void | Promise<void>;
  consumers?: ConsumerDefinition<any, DB>[];
  responders?: ResponderDefinition<any, any>[];
}

export function defineService<C extends TObject = TObject, DB = any>(definition: ServiceDefinition<C, DB>): ServiceDefinition<C, DB> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) throw new Error(`service name "${definition.name}" must be lower-case words joined by "-"`);
  if (!/^[a-z][a-z0-9_]*$/.test(definition.schema)) throw new Error(`schema "${definition.schema}" must be a lower-case SQL identifier`);
  return definition;
}

/** Keeps the event types of one consumer for its handler (arrays of consumers lose them). */
export function defineConsumer<D extends EventDefinition, DB = any>(consumer: ConsumerDefinition<D, DB>): ConsumerDefinition<D, DB> {
  return consumer;
}

export function defineResponder<Q extends TSchema, R extends TSchema>(
  request: RequestDefinition<Q, R>,
  handle: (body: Static<Q>, ctx: ServiceContext) => Promise<Static<R>>,
): ResponderDefinition<Q, R> {
  return { request, handle };
}
