// Test helpers for every workspace that uses the bus.
// Tests of many workspaces share one nats-server; a NamespacedTransport prefixes every subject,
// stream and queue group with a unique namespace so that consumers named like production ones
// (`registry--annual-duties` on ONENET_REGISTRY) never see another test's messages.
import { randomBytes } from 'node:crypto';
import { InProcessTransport } from './transport/in-process.ts';
import { NatsTransport } from './transport/nats.ts';
import type { ConsumeOptions, DeliveryHandler, Headers, PublishOptions, PublishResult, RequestMessage, Responder, StreamConfig, Subscription, Transport } from './transport/types.ts';

export class NamespacedTransport implements Transport {
  readonly namespace: string;
  readonly inner: Transport;
  #streams = new Set<string>();

  constructor(inner: Transport, namespace = `t${randomBytes(5).toString('hex')}`) {
    this.inner = inner;
    this.namespace = namespace;
  }

  #subject = (subject: string) => `${this.namespace}.${subject}`;
  #strip = (subject: string) => subject.slice(this.namespace.length + 1);
  #stream = (name: string) => `${this.namespace.toUpperCase()}_${name}`;

  async ensureStream(config: StreamConfig): Promise<void> {
    const name = this.#stream(config.name);
    this.#streams.add(name);
    await this.inner.ensureStream({ ...config, name, subjects: config.subjects.map(this.#subject) });
  }

  async deleteStream(name: string): Promise<void> {
    await this.inner.deleteStream(this.#stream(name));
  }

  async publish(subject: string, data: Uint8Array, options?: PublishOptions): Promise<PublishResult> {
    const result = await this.inner.publish(this.#subject(subject), data, options);
    return { ...result, stream: result.stream.slice(this.namespace.length + 1) };
  }

  consume(options: ConsumeOptions, handler: DeliveryHandler): Promise<Subscription> {
    return this.inner.consume(
      { ...options, stream: this.#stream(options.stream), filterSubjects: options.filterSubjects.map(this.#subject) },
      (delivery) => handler({ ...delivery, subject: this.#strip(delivery.subject) }),
    );
  }

  async request(subject: string, data: Uint8Array, options: { timeoutMs: number; headers?: Headers }): Promise<RequestMessage> {
    try {
      const reply = await this.inner.request(this.#subject(subject), data, options);
      return { ...reply, subject };
    } catch (error) {
      // Errors name the subject the caller used.
      if (error instanceof Error) error.message = error.message.replaceAll(`${this.namespace}.`, '');
      if (error && typeof error === 'object' && 'subject' in error) Object.assign(error, { subject });
      throw error;
    }
  }

  respond(subject: string, responder: Responder, options: { queue?: string } = {}): Promise<Subscription> {
    return this.inner.respond(this.#subject(subject), (message) => responder({ ...message, subject: this.#strip(message.subject) }), {
      queue: options.queue === undefined ? undefined : `${this.namespace}.${options.queue}`,
    });
  }

  isConnected(): boolean {
    return this.inner.isConnected();
  }

  drain(): Promise<void> {
    return this.inner.drain();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Deletes the streams this transport created, then closes it. */
  async dispose(): Promise<void> {
    if (this.inner.isConnected()) await Promise.allSettled([...this.#streams].map((name) => this.inner.deleteStream(name)));
    await this.inner.close();
  }
}

export type TransportKind = 'nats' | 'in-process';

/**
 * A namespaced transport for one test file: real NATS (NATS_URL, default 127.0.0.1:4222) unless
 * `kind` or BUS_TRANSPORT says in-process. Call dispose() after the tests.
 */
export async function createTestTransport(options: { kind?: TransportKind; servers?: string } = {}): Promise<NamespacedTransport> {
  const kind = options.kind ?? (process.env.BUS_TRANSPORT as TransportKind | undefined) ?? 'nats';
  const inner =
    kind === 'in-process'
      ? new InProcessTransport()
      : await NatsTransport.connect({ servers: options.servers ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'onenet-test' });
  return new NamespacedTransport(inner);
}

/** Polls `check` until it returns a truthy value (returned) or the time is up. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'condition'}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}
