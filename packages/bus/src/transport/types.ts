// The Transport both NatsTransport (JetStream) and InProcessTransport implement, with the same
// guarantees: dedupe by message id within a window, durable consumers with explicit
// ack / nak(delay) / term, redelivery after the ack wait, maxDeliver, request-reply with timeouts.

export type Headers = Record<string, string>;

export interface StreamConfig {
  name: string;
  subjects: string[];
  /** Publishes with a msgId seen within this window are dropped. Default 2 minutes. */
  duplicateWindowMs?: number;
}

export interface PublishOptions {
  /** Dedupe key (JetStream Nats-Msg-Id). */
  msgId?: string;
  headers?: Headers;
  /** How long to wait for the stream's acknowledgement. Default 5 s. */
  timeoutMs?: number;
}

export interface PublishResult {
  stream: string;
  seq: number;
  /** True when a message with the same msgId was already stored: nothing was added. */
  duplicate: boolean;
}

export interface ConsumeOptions {
  stream: string;
  /** Durable name; its position and pending acks survive restarts. */
  durable: string;
  /** Subjects (wildcards allowed) the consumer receives; all of the stream when empty. */
  filterSubjects: string[];
  /** Unacknowledged deliveries are redelivered after this long. Default 30 s. */
  ackWaitMs?: number;
  /** Deliveries before the server gives up on a message; -1 (default) never. */
  maxDeliver?: number;
  /** Handler calls in flight at once. Default 1 (messages in stream order). */
  concurrency?: number;
  /** Messages fetched ahead of the handler. Default max(64, 4 × concurrency). */
  prefetch?: number;
}

export interface Delivery {
  subject: string;
  data: Uint8Array;
  headers: Headers;
  /** 1 on first delivery. */
  deliveryCount: number;
  streamSeq: number;
  ack(): void;
  /** Redeliver, after `delayMs` if given. */
  nak(delayMs?: number): void;
  /** Never deliver again. */
  term(): void;
  /** Still working: restart the ack-wait clock. */
  working(): void;
}

export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

export interface Subscription {
  /** Stops taking new messages and waits for handlers in flight. */
  stop(): Promise<void>;
}

export interface RequestMessage {
  subject: string;
  data: Uint8Array;
  headers: Headers;
}

export interface Reply {
  data: Uint8Array;
  headers?: Headers;
}

export type Responder = (request: RequestMessage) => Promise<Reply>;

export interface Transport {
  /** Creates the stream, or updates its subjects; safe to call from every replica. */
  ensureStream(config: StreamConfig): Promise<void>;
  /** Deletes a stream and its consumers (tests, tooling). No error if it does not exist. */
  deleteStream(name: string): Promise<void>;
  publish(subject: string, data: Uint8Array, options?: PublishOptions): Promise<PublishResult>;
  consume(options: ConsumeOptions, handler: DeliveryHandler): Promise<Subscription>;
  /** Throws BusTimeoutError or BusNoRespondersError. */
  request(subject: string, data: Uint8Array, options: { timeoutMs: number; headers?: Headers }): Promise<RequestMessage>;
  /** With a queue group, each request goes to one member of the group. */
  respond(subject: string, responder: Responder, options?: { queue?: string }): Promise<Subscription>;
  /** For readiness probes. */
  isConnected(): boolean;
  /** Finishes handlers in flight, then closes. */
  drain(): Promise<void>;
  close(): Promise<void>;
}
