// One suite, run against both transports: they must behave alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusNoRespondersError, BusNoStreamError, BusTimeoutError, type Transport } from '../src/index.ts';
import { NamespacedTransport } from '../src/testing.ts';
import { decode, encode, recorder, sleep, transportKinds, uniqueId, waitFor } from './helpers.ts';

// The test helper other workspaces use must keep the same semantics.
const namespaced = { kind: 'namespaced test (over nats)', create: async () => new NamespacedTransport(await transportKinds[0]!.create()) };

describe.each([...transportKinds, namespaced])('$kind transport', ({ create }) => {
  let transport: Transport;
  const streams: string[] = [];

  beforeAll(async () => {
    transport = await create();
  });
  afterAll(async () => {
    for (const name of streams) await transport.deleteStream(name);
    await transport.close();
  });

  async function freshStream(duplicateWindowMs?: number) {
    const id = uniqueId();
    const name = `BUSTEST_${id.toUpperCase()}`;
    await transport.ensureStream({ name, subjects: [`bustest.${id}.>`], duplicateWindowMs });
    streams.push(name);
    return { name, subject: (s: string) => `bustest.${id}.${s}` };
  }

  it('delivers a published message with its headers to a durable consumer', async () => {
    const stream = await freshStream();
    await transport.publish(stream.subject('a'), encode({ hello: '世界' }), { msgId: 'm-1', headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
    const r = recorder();
    const sub = await transport.consume({ stream: stream.name, durable: 'test--basic', filterSubjects: [] }, r.handler);
    await waitFor(() => r.seen.length === 1);
    await sub.stop();
    const [d] = r.seen;
    expect(d?.subject).toBe(stream.subject('a'));
    expect(decode(d!.data)).toEqual({ hello: '世界' });
    expect(d?.headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(d?.deliveryCount).toBe(1);
  });

  it('refuses a publish no stream captures with BusNoStreamError', async () => {
    await expect(transport.publish(`bustest.nowhere.${uniqueId()}`, encode(1))).rejects.toThrow(BusNoStreamError);
  });

  it('drops a second publish with the same msgId within the duplicate window', async () => {
    const stream = await freshStream();
    const first = await transport.publish(stream.subject('a'), encode(1), { msgId: 'same' });
    const again = await transport.publish(stream.subject('a'), encode(2), { msgId: 'same' });
    const other = await transport.publish(stream.subject('a'), encode(3), { msgId: 'other' });
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, seq: first.seq });
    expect(other.duplicate).toBe(false);
    const r = recorder();
    const sub = await transport.consume({ stream: stream.name, durable: 'test--dedupe', filterSubjects: [] }, r.handler);
    await waitFor(() => r.bodies().includes(3));
    await sub.stop();
    expect(r.bodies()).toEqual([1, 3]);
  });

  it('redelivers a nak’ed message with a growing delivery count', async () => {
    const stream = await freshStream();
    await transport.publish(stream.subject('a'), encode('x'));
    const r = recorder((d) => (d.deliveryCount < 3 ? d.nak(50) : d.ack()));
    const sub = await transport.consume({ stream: stream.name, durable: 'test--nak', filterSubjects: [] }, r.handler);
    await waitFor(() => r.seen.length === 3);
    await sub.stop();
    expect(r.seen.map((d) => d.deliveryCount)).toEqual([1, 2, 3]);
  });

  it('redelivers a message that was never acknowledged once the ack wait has passed', async () => {
    const stream = await freshStream();
    await transport.publish(stream.subject('a'), encode('lost'));
    // The first handler "dies": it returns without settling the message.
    const r = recorder((d) => (d.deliveryCount === 1 ? undefined : d.ack()));
    const sub = await transport.consume({ stream: stream.name, durable: 'test--ackwait', filterSubjects: [], ackWaitMs: 500 }, r.handler);
    await waitFor(() => r.seen.length === 2);
    await sub.stop();
    expect(r.seen.map((d) => d.deliveryCount)).toEqual([1, 2]);
  });

  it('redelivers after a handler throws', async () => {
    const stream = await freshStream();
    await transport.publish(stream.subject('a'), encode('boom'));
    const r = recorder((d) => {
      if (d.deliveryCount === 1) throw new Error('handler crashed');
      d.ack();
    });
    const sub = await transport.consume({ stream: stream.name, durable: 'test--throws', filterSubjects: [], ackWaitMs: 500 }, r.handler);
    await waitFor(() => r.seen.length === 2);
    await sub.stop();
    expect(r.seen[1]?.deliveryCount).toBe(2);
  });

  it('gives up after maxDeliver deliveries, and never redelivers a terminated message', async () => {
    const stream = await freshStream();
    await transport.publish(stream.subject('poison'), encode('p'));
    await transport.publish(stream.subject('term'), encode('t'));
    const r = recorder((d) => (d.subject.endsWith('term') ? d.term() : d.nak()));
    const sub = await transport.consume({ stream: stream.name, durable: 'test--maxdeliver', filterSubjects: [], maxDeliver: 3, ackWaitMs: 300 }, r.handler);
    await waitFor(() => r.seen.filter((d) => d.subject.endsWith('poison')).length === 3);
    // Longer than the ack wait: anything still pending would have come back by now.
    await sleep(1_000);
    await sub.stop();
    expect(r.seen.filter((d) => d.subject.endsWith('poison')).map((d) => d.deliveryCount)).toEqual([1, 2, 3]);
    expect(r.seen.filter((d) => d.subject.endsWith('term'))).toHaveLength(1);
  });

  it('a durable resumes where it left off', async () => {
    const stream = await freshStream();
    await transport.publish(stream.subject('a'), encode(1));
    const first = recorder();
    const sub1 = await transport.consume({ stream: stream.name, durable: 'test--resume', filterSubjects: [] }, first.handler);
    await waitFor(() => first.seen.length === 1);
    await sub1.stop();
    await transport.publish(stream.subject('a'), encode(2));
    const second = recorder();
    const sub2 = await transport.consume({ stream: stream.name, durable: 'test--resume', filterSubjects: [] }, second.handler);
    await waitFor(() => second.seen.length === 1);
    await transport.publish(stream.subject('a'), encode(3));
    await waitFor(() => second.seen.length === 2);
    await sub2.stop();
    expect(second.bodies()).toEqual([2, 3]);
  });

  it('every durable gets every message; subscribers of one durable share them', async () => {
    const stream = await freshStream();
    const a = recorder();
    const b1 = recorder();
    const b2 = recorder();
    const subs = [
      await transport.consume({ stream: stream.name, durable: 'test--a', filterSubjects: [] }, a.handler),
      await transport.consume({ stream: stream.name, durable: 'test--b', filterSubjects: [] }, b1.handler),
      await transport.consume({ stream: stream.name, durable: 'test--b', filterSubjects: [] }, b2.handler),
    ];
    for (let i = 0; i < 40; i++) await transport.publish(stream.subject('a'), encode(i), { msgId: `m${i}` });
    await waitFor(() => a.seen.length === 40 && b1.seen.length + b2.seen.length === 40);
    await Promise.all(subs.map((s) => s.stop()));
    const all = Array.from({ length: 40 }, (_, i) => i);
    expect(a.bodies()).toEqual(all);
    expect([...b1.bodies(), ...b2.bodies()].sort((x, y) => Number(x) - Number(y))).toEqual(all);
  });

  it('delivers only the subjects a consumer filters on', async () => {
    const stream = await freshStream();
    const one = recorder();
    const two = recorder();
    const subs = [
      await transport.consume({ stream: stream.name, durable: 'test--one', filterSubjects: [stream.subject('x.*')] }, one.handler),
      await transport.consume({ stream: stream.name, durable: 'test--two', filterSubjects: [stream.subject('x.a'), stream.subject('y')] }, two.handler),
    ];
    for (const s of ['x.a', 'x.b', 'y', 'z']) await transport.publish(stream.subject(s), encode(s));
    await waitFor(() => one.seen.length === 2 && two.seen.length === 2);
    await transport.publish(stream.subject('x.a'), encode('end'));
    await waitFor(() => one.seen.length === 3 && two.seen.length === 3);
    await Promise.all(subs.map((s) => s.stop()));
    expect(one.bodies()).toEqual(['x.a', 'x.b', 'end']);
    expect(two.bodies()).toEqual(['x.a', 'y', 'end']);
  });

  it('handles several messages at once when asked to', async () => {
    const stream = await freshStream();
    for (let i = 0; i < 4; i++) await transport.publish(stream.subject('a'), encode(i));
    let inFlight = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const r = recorder(async (d) => {
      most = Math.max(most, ++inFlight);
      if (most >= 4) release();
      await gate;
      inFlight--;
      d.ack();
    });
    const sub = await transport.consume({ stream: stream.name, durable: 'test--parallel', filterSubjects: [], concurrency: 4 }, r.handler);
    await gate;
    await waitFor(() => r.seen.length === 4);
    await sub.stop();
    expect(most).toBe(4);
  });

  it('answers requests, with headers, one queue-group member per request', async () => {
    const subject = `bustest.rpc.${uniqueId()}`;
    const served: string[] = [];
    const responders = await Promise.all(
      ['r1', 'r2'].map((name) =>
        transport.respond(
          subject,
          async (req) => {
            served.push(name);
            return { data: encode({ echo: decode(req.data), trace: req.headers.traceparent }), headers: { 'x-served-by': name } };
          },
          { queue: 'svc' },
        ),
      ),
    );
    for (let i = 0; i < 6; i++) {
      const reply = await transport.request(subject, encode(i), { timeoutMs: 2_000, headers: { traceparent: 't' } });
      expect(decode(reply.data)).toEqual({ echo: i, trace: 't' });
      expect(['r1', 'r2']).toContain(reply.headers['x-served-by']);
    }
    await Promise.all(responders.map((r) => r.stop()));
    expect(served).toHaveLength(6);
  });

  it('a request nobody answers in time fails with BusTimeoutError naming subject and timeout', async () => {
    const subject = `bustest.rpc.${uniqueId()}`;
    let answer!: () => void;
    const late = new Promise<void>((resolve) => (answer = resolve));
    const slow = await transport.respond(subject, async () => {
      await late;
      return { data: encode('too late') };
    });
    const error = await transport.request(subject, encode(1), { timeoutMs: 200 }).catch((e: unknown) => e);
    answer();
    await slow.stop();
    expect(error).toBeInstanceOf(BusTimeoutError);
    expect((error as Error).message).toBe(`no reply on ${subject} within 200 ms`);
  });

  it('a request to a subject nobody serves fails with BusNoRespondersError', async () => {
    const subject = `bustest.rpc.${uniqueId()}`;
    await expect(transport.request(subject, encode(1), { timeoutMs: 2_000 })).rejects.toThrow(BusNoRespondersError);
  });

  it('reports connected until closed', async () => {
    const own = await create();
    expect(own.isConnected()).toBe(true);
    await own.close();
    expect(own.isConnected()).toBe(false);
  });
});
