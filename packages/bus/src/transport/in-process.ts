// A Transport that lives in one process, for tests and single-process runs without a
// nats-server. It keeps JetStream's semantics (see types.ts) but nothing survives the process.
import { BusError, BusNoRespondersError, BusNoStreamError, BusTimeoutError } from '../errors.ts';
import { subjectMatches } from './subjects.ts';
import type {
  ConsumeOptions,
  Delivery,
  DeliveryHandler,
  Headers,
  PublishOptions,
  PublishResult,
  Reply,
  RequestMessage,
  Responder,
  StreamConfig,
  Subscription,
  Transport,
} from './types.ts';

interface StoredMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
  headers: Headers;
}

interface MemoryStream {
  config: StreamConfig;
  messages: StoredMessage[];
  /** msgId → when it stops counting as a duplicate */
  seen: Map<string, { seq: number; until: number }>;
}

interface ActiveSubscriber {
  handler: DeliveryHandler;
  concurrency: number;
  inFlight: Set<Promise<void>>;
}

interface Durable {
  stream: MemoryStream;
  options: ConsumeOptions;
  /** Next stream sequence never delivered. */
  cursor: number;
  /** Delivered, neither acked nor terminated; the timer redelivers on ack-wait expiry. */
  pending: Map<number, { timer: NodeJS.Timeout | undefined }>;
  /** Sequences due for redelivery, lowest first. */
  ready: number[];
  /** Delayed redeliveries (nak with a delay). */
  delayed: Map<number, NodeJS.Timeout>;
  deliveries: Map<number, number>;
  subscribers: ActiveSubscriber[];
  nextSubscriber: number;
}

interface ResponderEntry {
  subject: string;
  queue: string | undefined;
  responder: Responder;
  inFlight: Set<Promise<unknown>>;
}

const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;
const DEFAULT_ACK_WAIT_MS = 30_000;

const copy = (data: Uint8Array) => new Uint8Array(data);

export class InProcessTransport implements Transport {
  #streams = new Map<string, MemoryStream>();
  #durables = new Map<string, Durable>();
  #responders: ResponderEntry[] = [];
  #queueTurns = new Map<string, number>();
  #closed = false;

  async ensureStream(config: StreamConfig): Promise<void> {
    this.#assertOpen();
    const existing = this.#streams.get(config.name);
    if (existing) {
      existing.config = { ...config };
      return;
    }
    for (const other of this.#streams.values()) {
      const overlap = config.subjects.find((s) => other.config.subjects.some((o) => subjectMatches(o, s) || subjectMatches(s, o)));
      if (overlap) throw new BusError(`subjects ${overlap} of stream ${config.name} overlap stream ${other.config.name}`);
    }
    this.#streams.set(config.name, { config: { ...config }, messages: [], seen: new Map() });
  }

  async deleteStream(name: string): Promise<void> {
    const stream = this.#streams.get(name);
    if (!stream) return;
    for (const [key, durable] of this.#durables) {
      if (durable.stream !== stream) continue;
      durable.subscribers = [];
      for (const { timer } of durable.pending.values()) clearTimeout(timer);
      for (const timer of durable.delayed.values()) clearTimeout(timer);
      this.#durables.delete(key);
    }
    this.#streams.delete(name);
  }

  async publish(subject: string, data: Uint8Array, options: PublishOptions = {}): Promise<PublishResult> {
    this.#assertOpen();
    const stream = [...this.#streams.values()].find((s) => s.config.subjects.some((p) => subjectMatches(p, subject)));
    if (!stream) throw new BusNoStreamError(subject);
    const now = Date.now();
    if (options.msgId) {
      const seen = stream.seen.get(options.msgId);
      if (seen && seen.until > now) return { stream: stream.config.name, seq: seen.seq, duplicate: true };
    }
    const seq = stream.messages.length + 1;
    // JetStream keeps the msgId as a header too.
    const headers = options.msgId ? { ...options.headers, 'Nats-Msg-Id': options.msgId } : { ...options.headers };
    stream.messages.push({ seq, subject, data: copy(data), headers });
    if (options.msgId) {
      // Ids are kept in the order their windows end (one window per stream; a re-published id
      // moves to the end), so the expired ones are at the front: dropping them as each message
      // arrives costs O(1) on average, where a sweep over all of them cost O(ids) per publish.
      stream.seen.delete(options.msgId);
      stream.seen.set(options.msgId, { seq, until: now + (stream.config.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS) });
      for (const [id, s] of stream.seen) {
        if (s.until > now) break;
        stream.seen.delete(id);
      }
    }
    for (const durable of this.#durables.values()) if (durable.stream === stream) this.#schedulePump(durable);
    return { stream: stream.config.name, seq, duplicate: false };
  }

  async consume(options: ConsumeOptions, handler: DeliveryHandler): Promise<Subscription> {
    this.#assertOpen();
    const stream = this.#streams.get(options.stream);
    if (!stream) throw new BusError(`stream ${options.stream} does not exist`);
    const key = `${options.stream}/${options.durable}`;
    let durable = this.#durables.get(key);
    if (!durable) {
      durable = { stream, options, cursor: 1, pending: new Map(), ready: [], delayed: new Map(), deliveries: new Map(), subscribers: [], nextSubscriber: 0 };
      this.#durables.set(key, durable);
    }
    durable.options = options;
    const subscriber: ActiveSubscriber = { handler, concurrency: Math.max(1, options.concurrency ?? 1), inFlight: new Set() };
    durable.subscribers.push(subscriber);
    this.#schedulePump(durable);
    const owner = durable;
    return {
      stop: async () => {
        owner.subscribers = owner.subscribers.filter((s) => s !== subscriber);
        await Promise.allSettled([...subscriber.inFlight]);
      },
    };
  }

  async request(subject: string, data: Uint8Array, options: { timeoutMs: number; headers?: Headers }): Promise<RequestMessage> {
    this.#assertOpen();
    const matching = this.#responders.filter((r) => subjectMatches(r.subject, subject));
    if (matching.length === 0) throw new BusNoRespondersError(subject);
    // Like NATS: every plain subscriber gets the request, one member per queue group.
    const chosen = matching.filter((r) => r.queue === undefined);
    const groups = new Map<string, ResponderEntry[]>();
    for (const r of matching) if (r.queue !== undefined) groups.set(r.queue, [...(groups.get(r.queue) ?? []), r]);
    for (const [queue, members] of groups) {
      const turn = this.#queueTurns.get(queue) ?? 0;
      this.#queueTurns.set(queue, turn + 1);
      chosen.push(members[turn % members.length] as ResponderEntry);
    }
    const message: RequestMessage = { subject, data: copy(data), headers: { ...options.headers } };
    return new Promise<RequestMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BusTimeoutError(subject, options.timeoutMs)), options.timeoutMs);
      for (const entry of chosen) {
        setImmediate(() => {
          const run = entry.responder({ ...message, headers: { ...message.headers } }).then(
            (reply: Reply) => {
              clearTimeout(timer);
              resolve({ subject, data: copy(reply.data), headers: { ...reply.headers } });
            },
            // A responder that fails sends nothing, as on NATS: the caller times out.
            () => undefined,
          );
          entry.inFlight.add(run);
          void run.finally(() => entry.inFlight.delete(run));
        });
      }
    });
  }

  async respond(subject: string, responder: Responder, options: { queue?: string } = {}): Promise<Subscription> {
    this.#assertOpen();
    const entry: ResponderEntry = { subject, queue: options.queue, responder, inFlight: new Set() };
    this.#responders.push(entry);
    return {
      stop: async () => {
        this.#responders = this.#responders.filter((r) => r !== entry);
        await Promise.allSettled([...entry.inFlight]);
      },
    };
  }

  isConnected(): boolean {
    return !this.#closed;
  }

  async drain(): Promise<void> {
    const inFlight: Promise<unknown>[] = [...this.#durables.values()].flatMap((d) => d.subscribers.flatMap((s) => [...s.inFlight]));
    inFlight.push(...this.#responders.flatMap((r) => [...r.inFlight]));
    for (const durable of this.#durables.values()) durable.subscribers = [];
    this.#responders = [];
    await Promise.allSettled(inFlight);
    await this.close();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const durable of this.#durables.values()) {
      durable.subscribers = [];
      for (const { timer } of durable.pending.values()) clearTimeout(timer);
      for (const timer of durable.delayed.values()) clearTimeout(timer);
    }
    this.#responders = [];
  }

  #assertOpen(): void {
    if (this.#closed) throw new BusError('transport is closed');
  }

  #pumpScheduled = new Set<Durable>();
  #schedulePump(durable: Durable): void {
    if (this.#pumpScheduled.has(durable)) return;
    this.#pumpScheduled.add(durable);
    setImmediate(() => {
      this.#pumpScheduled.delete(durable);
      this.#pump(durable);
    });
  }

  /** Hands messages to subscribers with spare capacity: redeliveries first, then new ones. */
  #pump(durable: Durable): void {
    if (this.#closed) return;
    for (;;) {
      const subscriber = this.#freeSubscriber(durable);
      if (!subscriber) return;
      const message = this.#nextMessage(durable);
      if (!message) return;
      this.#deliver(durable, subscriber, message);
    }
  }

  #freeSubscriber(durable: Durable): ActiveSubscriber | undefined {
    const n = durable.subscribers.length;
    for (let i = 0; i < n; i++) {
      const candidate = durable.subscribers[(durable.nextSubscriber + i) % n] as ActiveSubscriber;
      if (candidate.inFlight.size < candidate.concurrency) {
        durable.nextSubscriber = (durable.nextSubscriber + i + 1) % n;
        return candidate;
      }
    }
    return undefined;
  }

  #nextMessage(durable: Durable): StoredMessage | undefined {
    const { maxDeliver = -1, filterSubjects } = durable.options;
    while (durable.ready.length > 0) {
      const seq = durable.ready.shift() as number;
      if (maxDeliver > 0 && (durable.deliveries.get(seq) ?? 0) >= maxDeliver) {
        durable.deliveries.delete(seq);
        continue;
      }
      return durable.stream.messages[seq - 1];
    }
    const messages = durable.stream.messages;
    while (durable.cursor <= messages.length) {
      const message = messages[durable.cursor - 1] as StoredMessage;
      durable.cursor++;
      if (filterSubjects.length === 0 || filterSubjects.some((f) => subjectMatches(f, message.subject))) return message;
    }
    return undefined;
  }

  #deliver(durable: Durable, subscriber: ActiveSubscriber, message: StoredMessage): void {
    const { seq } = message;
    const ackWaitMs = durable.options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
    const deliveryCount = (durable.deliveries.get(seq) ?? 0) + 1;
    durable.deliveries.set(seq, deliveryCount);
    const entry: { timer: NodeJS.Timeout | undefined } = { timer: undefined };
    const armAckWait = () => {
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => settle('redeliver'), ackWaitMs);
      entry.timer.unref();
    };
    durable.pending.set(seq, entry);
    armAckWait();

    // Only the delivery's own settlement counts, as with JetStream's per-delivery ack subjects.
    const settle = (outcome: 'done' | 'redeliver' | { delayMs: number }) => {
      if (durable.pending.get(seq) !== entry) return;
      clearTimeout(entry.timer);
      durable.pending.delete(seq);
      if (outcome === 'done') {
        durable.deliveries.delete(seq);
      } else if (outcome === 'redeliver' || outcome.delayMs <= 0) {
        this.#makeReady(durable, seq);
      } else {
        const timer = setTimeout(() => {
          durable.delayed.delete(seq);
          this.#makeReady(durable, seq);
        }, outcome.delayMs);
        timer.unref();
        durable.delayed.set(seq, timer);
      }
    };
    const delivery: Delivery = {
      subject: message.subject,
      data: copy(message.data),
      headers: { ...message.headers },
      deliveryCount,
      streamSeq: seq,
      ack: () => settle('done'),
      nak: (delayMs = 0) => settle({ delayMs }),
      term: () => settle('done'),
      working: () => {
        if (durable.pending.get(seq) === entry) armAckWait();
      },
    };
    const run = (async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        await subscriber.handler(delivery);
      } catch (error) {
        console.error(`in-process consumer ${durable.options.durable}: handler failed`, error);
      }
    })();
    subscriber.inFlight.add(run);
    void run.finally(() => {
      subscriber.inFlight.delete(run);
      this.#schedulePump(durable);
    });
  }

  #makeReady(durable: Durable, seq: number): void {
    if (this.#closed) return;
    durable.ready.push(seq);
    durable.ready.sort((a, b) => a - b);
    this.#schedulePump(durable);
  }
}
