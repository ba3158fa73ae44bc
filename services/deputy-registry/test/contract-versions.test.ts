// The registry's side of the catalogue's additions: PersonChanged v2 names every changed field
// (v1 still sent for the five it knows), MandateChanged v2 says "term ended" (v1 never says it
// wrong), OpinionHandled's handling date and SuggestionSubmitted's "on government work" flag are
// used by the eight ones. Real outbox → JetStream, real consumers over NATS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MandateChanged, MandateChangedV2, OpinionHandled, PersonChanged, PersonChangedV2, SuggestionSubmitted, type EventDefinition } from '@onenet/contracts';
import { waitFor } from '@onenet/bus/testing';
import type { Subscription } from '@onenet/bus';
import { BABU, HEJIE, idNumber, staff, startRegistry, type Registry } from './support.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1b5c2e70000000049454e44ae426082', 'hex');

let r: Registry;
let tap: Subscription;
const seen: { subject: string; data: any }[] = [];
const uuid = () => crypto.randomUUID();
let deputy: string;
let mandateId: string;

/** What the registry published of one contract about one person (or mandate). */
const of = (definition: EventDefinition, id: string) => seen.filter((e) => e.subject === definition.subject && (e.data.mandateId ?? e.data.personId) === id).map((e) => e.data);

async function publish(definition: EventDefinition, data: unknown, occurredAt: string) {
  const envelope = definition.envelope({ id: uuid(), data: data as never, tenantPath: BABU, actor: null, occurredAt });
  await r.service.transport.ensureStream(definition.stream);
  await r.service.transport.publish(definition.subject, Buffer.from(JSON.stringify(envelope)), { msgId: envelope.id });
}

beforeAll(async () => {
  r = await startRegistry();
  await r.service.transport.ensureStream({ name: 'ONENET_REGISTRY', subjects: ['onenet.registry.>'] });
  tap = await r.service.transport.consume({ stream: 'ONENET_REGISTRY', durable: 'test--versions', filterSubjects: [] }, async (delivery) => {
    seen.push({ subject: delivery.subject, data: JSON.parse(delivery.data.toString()).data });
    delivery.ack();
  });
  const created = await r.as(staff(HEJIE)).post('/persons', { name: '蒙丽华', idNumber: idNumber('451102', '1981-12-24', 84), mandate: { level: 'township', term: '第十八届', startDate: '2021-09-28' } });
  deputy = created.body.personId;
  mandateId = created.body.mandate.id;
});
afterAll(async () => {
  await tap?.stop();
  await r?.stop();
});

describe('PersonChanged v2 beside v1', () => {
  it('a change of v1 fields and others: v1 names its own, v2 names all, private ones only by name', async () => {
    await r.as(staff(HEJIE)).patch(`/persons/${deputy}`, { occupation: '村医', workplace: '贺街镇卫生院', isFarmer: true, phone: '13900002222' });
    await waitFor(() => of(PersonChangedV2, deputy).length === 1, { what: 'PersonChanged v2' });
    await waitFor(() => of(PersonChanged, deputy).length === 1, { what: 'PersonChanged v1' });
    expect(of(PersonChanged, deputy)[0].changedFields).toEqual(['occupation']);
    const v2 = of(PersonChangedV2, deputy)[0];
    expect(v2.changedFields.sort()).toEqual(['isFarmer', 'occupation', 'phone', 'workplace']);
    expect(v2).toMatchObject({ occupation: '村医', workplace: '贺街镇卫生院', isFarmer: true, published: true });
    expect(JSON.stringify(v2)).not.toContain('13900002222');
  });

  it('a new photo is a v2 change of photoUrl only (v1 cannot name it)', async () => {
    const photo = await r.as(staff(HEJIE)).put(`/persons/${deputy}/photo`, PNG, 'image/png');
    await waitFor(() => of(PersonChangedV2, deputy).length === 2, { what: 'PersonChanged v2 for the photo' });
    expect(of(PersonChangedV2, deputy)[1]).toMatchObject({ changedFields: ['photoUrl'], photoUrl: photo.body.photoUrl });
    expect(of(PersonChanged, deputy)).toHaveLength(1);
  });
});

describe('MandateChanged v2: a term that ran out says so', () => {
  it('ending a mandate at the end of its term: MandateEnded, and MandateChanged v2 with status term-ended — no v1 calling it terminated', async () => {
    const ended = await r.as(staff(HEJIE)).post(`/mandates/${mandateId}/end`, { endDate: '2026-09-27', reason: 'term-ended' });
    expect(ended.status).toBe(200);
    await waitFor(() => of(MandateChangedV2, mandateId).length === 1, { what: 'MandateChanged v2' });
    expect(of(MandateChangedV2, mandateId)[0]).toMatchObject({ status: 'term-ended', endDate: '2026-09-27', changedFields: ['status', 'endDate'] });
    expect(of(MandateChanged, mandateId)).toEqual([]);
  });
});

describe('what the eight ones take from the additions', () => {
  let other: string;
  beforeAll(async () => {
    other = (await r.as(staff(HEJIE)).post('/persons', { name: '黄春兰', idNumber: idNumber('451102', '1985-02-14', 93), mandate: { level: 'township', term: '第十八届', startDate: '2021-09-28' } })).body.personId;
  });

  it('a suggestion not on the government’s work earns bonus points but does not meet the suggestion item', async () => {
    const suggestion = (onGovernmentWork?: boolean) => ({ suggestionId: uuid(), kind: 'suggestion', title: '建议', period: 'session', leadPersonId: other, leadMandateId: uuid(), coSignerPersonIds: [], ...(onGovernmentWork === undefined ? {} : { onGovernmentWork }) });
    await publish(SuggestionSubmitted, suggestion(false), '2024-03-05T02:00:00Z');
    await waitFor(async () => (await r.as(staff(BABU)).get(`/duties/persons/${other}?year=2024`)).body.counts?.['other-suggestion'] === 1, { what: 'the other suggestion', timeoutMs: 20_000 });
    let year = (await r.as(staff(BABU)).get(`/duties/persons/${other}?year=2024`)).body;
    expect(year.items.find((i: { item: string }) => i.item === 'suggestion').met).toBe(false);
    expect(year.bonus).toBe(2);
    expect(year.facts.find((f: { kind: string }) => f.kind === 'other-suggestion').detail.onGovernmentWork).toBe(false);

    // One on government work meets it; one whose producer does not say counts as before.
    await publish(SuggestionSubmitted, suggestion(true), '2024-05-05T02:00:00Z');
    await waitFor(async () => (await r.as(staff(BABU)).get(`/duties/persons/${other}?year=2024`)).body.counts?.suggestion === 1, { what: 'the suggestion', timeoutMs: 20_000 });
    year = (await r.as(staff(BABU)).get(`/duties/persons/${other}?year=2024`)).body;
    expect(year.items.find((i: { item: string }) => i.item === 'suggestion').met).toBe(true);
    await publish(SuggestionSubmitted, suggestion(), '2025-05-05T02:00:00Z');
    await waitFor(async () => (await r.as(staff(BABU)).get(`/duties/persons/${other}?year=2025`)).body.counts?.suggestion === 1, { what: 'an unflagged suggestion', timeoutMs: 20_000 });
  });

  it('an opinion counts in the year it was handled, not the year its event was sent', async () => {
    await publish(OpinionHandled, { opinionId: uuid(), deputyPersonId: other, outcome: 'answered', suggestionId: null, feedback: null, handledOn: '2024-12-30' }, '2025-01-03T02:00:00Z');
    await waitFor(async () => (await r.as(staff(BABU)).get(`/duties/persons/${other}?year=2024`)).body.counts?.opinion === 1, { what: 'the opinion in 2024', timeoutMs: 20_000 });
    expect((await r.as(staff(BABU)).get(`/duties/persons/${other}?year=2025`)).body.counts?.opinion).toBeUndefined();
  });
});
