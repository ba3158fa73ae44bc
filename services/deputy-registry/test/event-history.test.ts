// What other services' events change in a deputy's duty record is in the deputy's history, as a
// direct change is: who (the source service, and the event's own actor), when, what — written
// once however often the event arrives, and not at all for an older event that changes nothing.
// Driven over real NATS through the registry's durable consumers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttendanceRecorded, OpinionHandled, SuggestionSubmitted, SuggestionTransitioned, type EventDefinition } from '@onenet/contracts';
import { waitFor } from '@onenet/bus/testing';
import { BABU, HEJIE, idNumber, staff, startRegistry, type Registry } from './support.ts';

let r: Registry;
let a: string;
let b: string;
const uuid = () => crypto.randomUUID();
let sent = 0;

async function publish(definition: EventDefinition, data: unknown, occurredAt: string, options: { id?: string; dedupe?: boolean } = {}) {
  const envelope = definition.envelope({ id: options.id ?? uuid(), data: data as never, tenantPath: BABU, actor: { userId: 'bb-staff', name: '八步区人大工作人员' }, occurredAt });
  await r.service.transport.ensureStream(definition.stream);
  await r.service.transport.publish(definition.subject, Buffer.from(JSON.stringify(envelope)), options.dedupe === false ? {} : { msgId: envelope.id });
  sent += 1;
  return envelope;
}

/** Waits until the consumers have taken `n` distinct events (the inbox holds each id once). */
const consumed = (n: number) =>
  waitFor(async () => (await r.service.database.pool.query(`select count(*)::int as n from registry.inbox`)).rows[0].n >= n, { what: `${n} consumed events`, timeoutMs: 20_000 });

interface Entry {
  action: string;
  at: string;
  tenantPath: string;
  actor: { userId: string; name: string } | null;
  changes: Record<string, any>;
}
const dutyHistory = async (personId: string): Promise<Entry[]> =>
  ((await r.as(staff(BABU)).get(`/persons/${personId}/history`)).body.items as Entry[]).filter((e) => e.action.startsWith('duty-fact-'));

beforeAll(async () => {
  r = await startRegistry();
  const mandate = { level: 'township', term: '第十八届', startDate: '2021-09-28' };
  a = (await r.as(staff(HEJIE)).post('/persons', { name: '韦秀梅', idNumber: idNumber('451102', '1976-01-02', 62), mandate })).body.personId;
  b = (await r.as(staff(HEJIE)).post('/persons', { name: '梁德明', idNumber: idNumber('451102', '1968-11-12', 71), mandate })).body.personId;
});
afterAll(async () => r?.stop());

describe("event-derived changes in a deputy's history", () => {
  const suggestionId = uuid();
  let submittedId = '';

  it('a suggestion submitted: the lead and the co-signer each get one entry, however often it arrives', async () => {
    const data = { suggestionId, kind: 'suggestion', title: '关于贺街镇农贸市场改造的建议', period: 'session', leadPersonId: a, leadMandateId: uuid(), coSignerPersonIds: [b] };
    const envelope = await publish(SuggestionSubmitted, data, '2024-03-05T02:00:00Z');
    submittedId = envelope.id;
    // Redelivered under the same id (past the broker's duplicate window), and sent again under a new id.
    await publish(SuggestionSubmitted, data, '2024-03-05T02:00:00Z', { id: envelope.id, dedupe: false });
    await publish(SuggestionSubmitted, data, '2024-03-05T02:00:00Z');
    await consumed(2);

    const history = await dutyHistory(a);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      action: 'duty-fact-added',
      tenantPath: BABU,
      actor: { userId: 'service:suggestions', name: 'suggestions' },
      changes: {
        fact: { source: 'suggestions', sourceRef: suggestionId, kind: 'suggestion', occurredOn: '2024-03-05' },
        counted: true,
        detail: { title: '关于贺街镇农贸市场改造的建议' },
        event: { id: submittedId, type: 'suggestions.suggestion.submitted', version: 1, occurredAt: '2024-03-05T02:00:00Z', actor: { userId: 'bb-staff', name: '八步区人大工作人员' } },
      },
    });
    expect(Date.parse(history[0]!.at)).toBeGreaterThan(Date.parse('2025-01-01'));
    const coSigned = await dutyHistory(b);
    expect(coSigned.map((e) => [e.action, e.changes.fact.kind])).toEqual([['duty-fact-added', 'co-signed-suggestion']]);
  });

  it('a withdrawal stops both facts counting — and an older step arriving late changes nothing', async () => {
    const step = (from: string, to: string) => ({ suggestionId, from, to, reason: null, leadUnitId: null, coUnitIds: [], resultCategory: null, satisfaction: null, actuallySolved: null });
    const withdrawn = await publish(SuggestionTransitioned, step('submitted', 'withdrawn'), '2024-04-10T02:00:00Z');
    await publish(SuggestionTransitioned, step('submitted', 'registered'), '2024-04-01T02:00:00Z');
    await consumed(4);
    for (const person of [a, b]) {
      const history = await dutyHistory(person);
      expect(history.map((e) => e.action)).toEqual(['duty-fact-added', 'duty-fact-changed']);
      expect(history[1]!.changes).toMatchObject({ counted: { from: true, to: false }, suggestionState: 'withdrawn', event: { id: withdrawn.id, type: 'suggestions.suggestion.transitioned' } });
      expect(history[1]!.actor).toEqual({ userId: 'service:suggestions', name: 'suggestions' });
    }
    const year = await r.as(staff(BABU)).get(`/duties/persons/${a}?year=2024`);
    expect(year.body.items.find((i: { item: string }) => i.item === 'suggestion').met).toBe(false);
  });

  it('training attendance: recorded, corrected by a later record, untouched by an older one arriving last', async () => {
    const classId = uuid();
    await publish(AttendanceRecorded, { trainingClassId: classId, personId: a, date: '2024-06-01', status: 'attended', hours: 6 }, '2024-06-01T10:00:00Z');
    const correction = await publish(AttendanceRecorded, { trainingClassId: classId, personId: a, date: '2024-06-01', status: 'absent', hours: 0 }, '2024-06-02T10:00:00Z');
    await consumed(6);
    await publish(AttendanceRecorded, { trainingClassId: classId, personId: a, date: '2024-06-01', status: 'attended', hours: 6 }, '2024-06-01T09:00:00Z');
    await consumed(7);
    const training = (await dutyHistory(a)).filter((e) => e.changes.fact.source === 'training');
    expect(training.map((e) => e.action)).toEqual(['duty-fact-added', 'duty-fact-changed']);
    expect(training[0]!.actor).toEqual({ userId: 'service:training', name: 'training' });
    expect(training[1]!.changes).toMatchObject({
      fact: { kind: 'training-class', sourceRef: classId },
      counted: { from: true, to: false },
      detail: { from: { status: 'attended', hours: 6 }, to: { status: 'absent', hours: 0 } },
      event: { id: correction.id },
    });
  });

  it('a constituent opinion handled is in the history of the deputy who took it up', async () => {
    const opinionId = uuid();
    await publish(OpinionHandled, { opinionId, deputyPersonId: b, outcome: 'answered', suggestionId: null, feedback: null }, '2024-09-09T03:00:00Z');
    await consumed(8);
    const opinion = (await dutyHistory(b)).filter((e) => e.changes.fact.source === 'opinions');
    expect(opinion).toHaveLength(1);
    expect(opinion[0]).toMatchObject({ action: 'duty-fact-added', actor: { userId: 'service:suggestions' }, changes: { fact: { sourceRef: opinionId, kind: 'opinion', occurredOn: '2024-09-09' }, counted: true } });
    expect(sent).toBe(9);
  });
});
