import { randomBytes } from 'node:crypto';
import { defineEvent } from '@onenet/contracts';
import { natsUrl } from '@onenet/testing';
import Type from 'typebox';
import { InProcessTransport, NatsTransport, type Delivery, type Transport } from '../src/index.ts';

export { waitFor } from '../src/testing.ts';

export const transportKinds: Array<{ kind: string; create: () => Promise<Transport> }> = [
  { kind: 'nats', create: () => NatsTransport.connect({ servers: natsUrl(), name: 'bus-tests' }) },
  { kind: 'in-process', create: async () => new InProcessTransport() },
];

export const uniqueId = (): string => randomBytes(5).toString('hex');

export const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
export const decode = (data: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(data));

/** A producing service of its own for each test: its events get their own stream and subjects. */
export function testEvents(service = `t${uniqueId()}`) {
  const schema = Type.Object({ n: Type.Integer({ minimum: 0 }), note: Type.Optional(Type.String()) }, { additionalProperties: false });
  return {
    service,
    Thing: defineEvent({ service, entity: 'thing', event: 'happened', version: 1, schema }),
    Other: defineEvent({ service, entity: 'other', event: 'happened', version: 1, schema }),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Records deliveries; `decide` settles each one (ack by default). */
export function recorder(decide: (d: Delivery, seen: Delivery[]) => void | Promise<void> = (d) => d.ack()) {
  const seen: Delivery[] = [];
  return {
    seen,
    handler: async (d: Delivery) => {
      seen.push(d);
      await decide(d, seen);
    },
    bodies: () => seen.map((d) => decode(d.data)),
  };
}
