// @onenet/bus: transports, transactional outbox + relay, idempotent durable consumers with
// parking, and request-reply — all speaking the contracts of @onenet/contracts.
export type {
  Transport,
  StreamConfig,
  PublishOptions,
  PublishResult,
  ConsumeOptions,
  Delivery,
  DeliveryHandler,
  Subscription,
  RequestMessage,
  Reply,
  Responder,
  Headers,
} from './transport/types.ts';
export { NatsTransport, type NatsTransportOptions } from './transport/nats.ts';
export { InProcessTransport } from './transport/in-process.ts';
export { busMigrations, type BusTables } from './migrations.ts';
export { enqueue, enqueueAll, outgoing, outboxChannel, type Outgoing } from './outbox.ts';
export { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay.ts';
export { startConsumer, replayParked, listParked, type Consumer, type ConsumerOptions, type HandlerOptions, type ParkedEvent, type ReplayOutcome } from './consumer.ts';
export { serve, call, type ServeOptions, type RequestHandler } from './rpc.ts';
export { BusError, BusTimeoutError, BusNoRespondersError, BusNoStreamError, BusRequestError, RequestFailure, type RequestErrorBody, type RemoteIssue } from './errors.ts';
export type { BusLogger } from './logger.ts';
