// Request-reply with contracts, over both transports.
import { ContractValidationError, defineRequest } from '@onenet/contracts';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusNoRespondersError, BusRequestError, BusTimeoutError, RequestFailure, call, serve, type Subscription, type Transport } from '../src/index.ts';
import { decode, encode, transportKinds, uniqueId } from './helpers.ts';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function lookup() {
  return defineRequest({
    service: `t${uniqueId()}`,
    operation: 'get-deputy',
    request: Type.Object({ personId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
    response: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  });
}
const personId = '0190a6f8-7b7a-7cc2-8f00-1a2b3c4d5e6f';

describe.each(transportKinds)('request-reply over the $kind transport', ({ create }) => {
  let transport: Transport;
  const subscriptions: Subscription[] = [];
  beforeAll(async () => {
    transport = await create();
  });
  afterAll(async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
    await transport.close();
  });

  async function served(definition: ReturnType<typeof lookup>, handler: Parameters<typeof serve<typeof definition.request, typeof definition.response>>[2]) {
    subscriptions.push(await serve(transport, definition, handler, { logger: quiet }));
  }

  it('returns the validated response', async () => {
    const GetDeputy = lookup();
    await served(GetDeputy, async ({ personId: id }) => ({ name: `deputy ${id.slice(0, 4)}` }));
    expect(await call(transport, GetDeputy, { personId })).toEqual({ name: 'deputy 0190' });
  });

  it('refuses to send a request that breaks the contract', async () => {
    const GetDeputy = lookup();
    await expect(call(transport, GetDeputy, { personId: 'nope' })).rejects.toThrow(ContractValidationError);
  });

  it('the serving side rejects a bad request with INVALID_REQUEST naming the field', async () => {
    const GetDeputy = lookup();
    await served(GetDeputy, async () => ({ name: 'x' }));
    const reply = await transport.request(GetDeputy.subject, encode({ personId: 42 }), { timeoutMs: 2_000 });
    expect(decode(reply.data)).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('/personId'), issues: [{ path: '/personId', message: 'must be string' }] },
    });
  });

  it('a handler’s RequestFailure reaches the caller as a BusRequestError with its code and message', async () => {
    const GetDeputy = lookup();
    await served(GetDeputy, async () => {
      throw new RequestFailure('NOT_FOUND', `no deputy ${personId}`);
    });
    const error = await call(transport, GetDeputy, { personId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusRequestError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', detail: `no deputy ${personId}`, subject: GetDeputy.subject });
    expect((error as Error).message).toBe(`${GetDeputy.subject} failed with NOT_FOUND: no deputy ${personId}`);
  });

  it('an unexpected failure or a response breaking the contract answers INTERNAL without details', async () => {
    const Crashes = lookup();
    await served(Crashes, async () => {
      throw new Error('secret connection string in here');
    });
    await expect(call(transport, Crashes, { personId })).rejects.toThrow(`${Crashes.subject} failed with INTERNAL: internal error`);
    const Lies = lookup();
    await served(Lies, async () => ({ name: '' }));
    await expect(call(transport, Lies, { personId })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('times out cleanly with a BusTimeoutError naming the subject and the timeout', async () => {
    const Slow = lookup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await served(Slow, async () => {
      await gate;
      return { name: 'late' };
    });
    const error = await call(transport, Slow, { personId }, { timeoutMs: 150 }).catch((e: unknown) => e);
    release();
    expect(error).toBeInstanceOf(BusTimeoutError);
    expect((error as Error).message).toBe(`no reply on ${Slow.subject} within 150 ms`);
  });

  it('says so when no service answers the subject', async () => {
    await expect(call(transport, lookup(), { personId })).rejects.toThrow(BusNoRespondersError);
  });
});
