// The production Transport: NATS core for request-reply, JetStream for streams and durable
// consumers. Reconnects forever; while NATS is away, publishes fail (callers retry) and
// consumers resume where the server-side durable left off.
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { ConsumerConfig, ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { headers as createHeaders, nanos, RequestError, TimeoutError } from '@nats-io/nats-core';
import type { MsgHdrs, NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { BusError, BusNoRespondersError, BusNoStreamError, BusTimeoutError } from '../errors.ts';
import { subjectMatches } from './subjects.ts';
import type {
  ConsumeOptions,
  Delivery,
  DeliveryHandler,
  Headers,
  PublishOptions,
  PublishResult,
  RequestMessage,
  Responder,
  StreamConfig,
  Subscription,
  Transport,
} from './types.ts';

export interface NatsTransportOptions {
  servers: string | string[];
  /** Connection name shown by the server (e.g. the service name). */
  name?: string;
  /** Keep trying when the server is not up yet instead of failing. Default false. */
  waitOnFirstConnect?: boolean;
}

const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;
const DEFAULT_ACK_WAIT_MS = 30_000;

function toNatsHeaders(headers: Headers | undefined): MsgHdrs | undefined {
  if (!headers) return undefined;
  const entries = Object.entries(headers);
  if (entries.length === 0) return undefined;
  const h = createHeaders();
  for (const [key, value] of entries) h.set(key, value);
  return h;
}

function fromNatsHeaders(h: MsgHdrs | undefined): Headers {
  const result: Headers = {};
  if (!h) return result;
  for (const key of h.keys()) result[key] = h.get(key);
  return result;
}

const isApiError = (error: unknown, code: number) => error instanceof JetStreamApiError && error.code === code;

/** filter_subjects (several filters on one consumer) needs nats-server 2.10. */
function supportsMultipleFilters(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '0.0').split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 10);
}

export class NatsTransport implements Transport {
  readonly connection: NatsConnection;
  #js: JetStreamClient;
  #jsm: JetStreamManager;
  #connected = true;
  #subscriptions = new Set<Subscription>();

  static async connect(options: NatsTransportOptions): Promise<NatsTransport> {
    const nc = await connect({
      servers: options.servers,
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: options.waitOnFirstConnect ?? false,
      // Otherwise every request (each JetStream publish is one) captures a stack trace up front.
      noAsyncTraces: true,
    });
    return new NatsTransport(nc, await jetstreamManager(nc));
  }

  private constructor(nc: NatsConnection, jsm: JetStreamManager) {
    this.connection = nc;
    this.#jsm = jsm;
    this.#js = jetstream(nc);
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.#connected = false;
        if (status.type === 'reconnect') this.#connected = true;
      }
    })();
    void nc.closed().then(() => {
      this.#connected = false;
    });
  }

  async ensureStream(config: StreamConfig): Promise<void> {
    const wanted = {
      subjects: config.subjects,
      duplicate_window: nanos(config.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
    };
    try {
      const info = await this.#jsm.streams.info(config.name);
      const same =
        info.config.subjects.join() === wanted.subjects.join() && info.config.duplicate_window === wanted.duplicate_window;
      if (!same) await this.#jsm.streams.update(config.name, { ...info.config, ...wanted });
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
      try {
        await this.#jsm.streams.add({ name: config.name, ...wanted });
      } catch (addError) {
        // Another replica created it between our info and add: fine if it now exists.
        await this.#jsm.streams.info(config.name).catch(() => {
          throw addError;
        });
      }
    }
  }

  async deleteStream(name: string): Promise<void> {
    try {
      await this.#jsm.streams.delete(name);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
    }
  }

  async publish(subject: string, data: Uint8Array, options: PublishOptions = {}): Promise<PublishResult> {
    try {
      const ack = await this.#js.publish(subject, data, {
        msgID: options.msgId,
        headers: toNatsHeaders(options.headers),
        timeout: options.timeoutMs ?? 5_000,
      });
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      // JetStream answers "no responders" when no stream listens on the subject.
      const cause = (error as Error).cause;
      if (cause instanceof RequestError && cause.isNoResponders()) throw new BusNoStreamError(subject, { cause: error });
      throw new BusError(`publish to ${subject} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  async consume(options: ConsumeOptions, handler: DeliveryHandler): Promise<Subscription> {
    const concurrency = Math.max(1, options.concurrency ?? 1);
    const inFlight = new Set<Promise<void>>();
    let stopped = false;
    let messages: ConsumerMessages | undefined;

    // The first start fails loudly (bad config, no stream); later restarts are retried.
    const start = async () => {
      const clientFilter = await this.#ensureConsumer(options);
      const consumer = await this.#js.consumers.get(options.stream, options.durable);
      const iterator = await consumer.consume({ max_messages: options.prefetch ?? Math.max(64, 4 * concurrency) });
      messages = iterator;
      // The client keeps pulling from a deleted durable; end the iterator so the loop recreates it.
      void (async () => {
        for await (const status of iterator.status()) {
          if (status.type === 'consumer_deleted' || status.type === 'consumer_not_found') {
            await iterator.close();
            return;
          }
        }
      })().catch(() => {});
      return { clientFilter, messages: iterator };
    };
    const receive = async ({ clientFilter, messages: iterator }: Awaited<ReturnType<typeof start>>) => {
      for await (const m of iterator) {
        if (clientFilter && !clientFilter.some((f) => subjectMatches(f, m.subject))) {
          m.ack();
          continue;
        }
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        const run = handler(toDelivery(m)).catch((error: unknown) => {
          // Unsettled: the server redelivers after the ack wait.
          console.error(`consumer ${options.durable}: handler failed`, error);
        });
        inFlight.add(run);
        void run.finally(() => inFlight.delete(run));
      }
    };
    const first = await start();
    const loop = (async () => {
      let current: Awaited<ReturnType<typeof start>> | undefined = first;
      while (!stopped) {
        try {
          const next = current ?? (await start());
          if (stopped) {
            await next.messages.close();
            break;
          }
          await receive(next);
        } catch (error) {
          if (!this.connection.isClosed()) console.error(`consumer ${options.durable} on ${options.stream} stopped receiving; restarting`, error);
        }
        // A closed connection never comes back: the subscription ends with it (not a retry a second, forever).
        if (this.connection.isClosed()) break;
        current = undefined;
        // Ended without stop(): the consumer or stream was deleted, or the client gave up.
        if (!stopped) await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })();

    const subscription: Subscription = {
      stop: async () => {
        stopped = true;
        this.#subscriptions.delete(subscription);
        await messages?.close();
        await loop;
        await Promise.allSettled([...inFlight]);
      },
    };
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /** Creates or updates the durable; returns the filters to apply in the client, if any. */
  async #ensureConsumer(options: ConsumeOptions): Promise<string[] | undefined> {
    const filters = options.filterSubjects;
    const multiple = filters.length > 1;
    const serverFilters = !multiple || supportsMultipleFilters(this.connection.info?.version);
    const config: Partial<ConsumerConfig> = {
      ack_wait: nanos(options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS),
      max_deliver: options.maxDeliver ?? -1,
    };
    if (filters.length === 1) config.filter_subject = filters[0];
    else if (multiple && serverFilters) config.filter_subjects = filters;
    try {
      await this.#jsm.consumers.info(options.stream, options.durable);
      await this.#jsm.consumers.update(options.stream, options.durable, config);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      await this.#jsm.consumers.add(options.stream, {
        ...config,
        durable_name: options.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
    }
    return serverFilters ? undefined : filters;
  }

  async request(subject: string, data: Uint8Array, options: { timeoutMs: number; headers?: Headers }): Promise<RequestMessage> {
    try {
      const reply = await this.connection.request(subject, data, { timeout: options.timeoutMs, headers: toNatsHeaders(options.headers) });
      return { subject, data: reply.data, headers: fromNatsHeaders(reply.headers) };
    } catch (error) {
      if (error instanceof TimeoutError) throw new BusTimeoutError(subject, options.timeoutMs, { cause: error });
      if (error instanceof RequestError && error.isNoResponders()) throw new BusNoRespondersError(subject, { cause: error });
      throw new BusError(`request on ${subject} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  async respond(subject: string, responder: Responder, options: { queue?: string } = {}): Promise<Subscription> {
    const inFlight = new Set<Promise<void>>();
    const sub = this.connection.subscribe(subject, {
      queue: options.queue,
      callback: (error, msg) => {
        if (error) return;
        const run = responder({ subject: msg.subject, data: msg.data, headers: fromNatsHeaders(msg.headers) })
          .then((reply) => {
            msg.respond(reply.data, { headers: toNatsHeaders(reply.headers) });
          })
          .catch((failure: unknown) => console.error(`responder on ${subject} failed`, failure));
        inFlight.add(run);
        void run.finally(() => inFlight.delete(run));
      },
    });
    const subscription: Subscription = {
      stop: async () => {
        this.#subscriptions.delete(subscription);
        await sub.drain();
        await Promise.allSettled([...inFlight]);
      },
    };
    this.#subscriptions.add(subscription);
    return subscription;
  }

  isConnected(): boolean {
    return this.#connected && !this.connection.isClosed();
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.#subscriptions].map((s) => s.stop()));
    if (!this.connection.isClosed()) await this.connection.drain();
  }

  async close(): Promise<void> {
    if (!this.connection.isClosed()) await this.connection.close();
  }
}

function toDelivery(m: JsMsg): Delivery {
  return {
    subject: m.subject,
    data: m.data,
    headers: fromNatsHeaders(m.headers),
    deliveryCount: m.info.deliveryCount,
    streamSeq: m.seq,
    ack: () => m.ack(),
    nak: (delayMs?: number) => m.nak(delayMs),
    // No reason: servers before 2.11 do not understand "+TERM <reason>".
    term: () => m.term(),
    working: () => m.working(),
  };
}
