// Deadlines through the API across the 2026 National Day holiday (1–7 October) and the
// adjusted working Saturday after it (10 October), with reminders before and escalation after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@onenet/bus/testing';
import { clientsFor, PEOPLE, registerUnits, seedDeputy, startIdp, startService, TENANTS, TestClock, UNITS, type Client, type Service } from './helpers.ts';

let idp: Awaited<ReturnType<typeof startIdp>>;
let service: Service;
const clock = new TestClock('2026-09-29T02:00:00Z'); // Tuesday before National Day, 10:00 in Beijing
let deputy: Client, staff: Client, housing: Client;

beforeAll(async () => {
  idp = await startIdp();
  service = await startService(idp, { clock });
  await seedDeputy(service, PEOPLE.bbDeputy, [{ tenantPath: TENANTS.babu, level: 'county' }]);
  await registerUnits(service, idp);
  [deputy, staff, housing] = await clientsFor(service, idp, ['bb-deputy', 'bb-staff', 'bb-handler'] as const);
});

afterAll(async () => {
  await service?.stop();
  await idp?.dispose();
});

async function submitted(title: string): Promise<string> {
  const created = await deputy.post('/suggestions', { kind: 'suggestion', period: 'between-sessions', title, body: `${title}的具体内容`, submit: true });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await staff.post(`/suggestions/${created.body.id}/register`)).status).toBe(200);
  return created.body.id;
}

describe('deadlines on the working-day calendar', () => {
  it('counts staff assignment time from receipt in working days across National Day', async () => {
    const id = await submitted('关于国庆前收到的建议');
    const item = (await staff.get(`/suggestions/${id}`)).body;
    // Received Tuesday 29 September: 30 Sep (1), then 1–7 Oct are holidays, 8 (2), 9 (3), Sat 10 (4, 调休), 12 (5).
    expect(item.deadlines.find((d: any) => d.kind === 'assign')).toMatchObject({ dueOn: '2026-10-12', status: 'open' });
  });

  it('gives a unit assigned on 30 September until the adjusted working Saturday to sign for it', async () => {
    clock.set('2026-09-30T02:00:00Z');
    // 八步区 sends reminders one working day ahead instead of three.
    const settings = await staff.put('/settings', { overrides: { remindWorkingDaysBefore: 1 } });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    expect(settings.body.effective.remindWorkingDaysBefore).toBe(1);
    const bad = await staff.put('/settings', { overrides: { replyMonths: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('/body/overrides/replyMonths');

    const id = await submitted('关于节前交办的建议');
    expect((await staff.post(`/suggestions/${id}/assign`, { lead: UNITS.housing.id })).status).toBe(200);
    const item = (await staff.get(`/suggestions/${id}`)).body;
    const signFor = item.deadlines.find((d: any) => d.kind === 'sign-for');
    expect(signFor).toMatchObject({ dueOn: '2026-10-10', provisional: false, dueDay: { working: true, name: expect.stringContaining('国庆节') } });
    expect(item.replyDue).toBe('2026-12-30');

    // During the holiday nothing is due within one working day.
    clock.set('2026-10-05T02:00:00Z');
    expect((await staff.post('/deadlines/scan')).body).toMatchObject({ reminded: 0, escalated: 0 });
    // Friday 9 October: one working day (Saturday 10th) left → a reminder, once.
    clock.set('2026-10-09T02:00:00Z');
    expect((await staff.post('/deadlines/scan')).body).toMatchObject({ today: '2026-10-09', reminded: 1, escalated: 0 });
    expect((await staff.post('/deadlines/scan')).body).toMatchObject({ reminded: 0, escalated: 0 });
    const reminded = await housing.get('/deadlines?status=reminded');
    expect(reminded.body.items).toEqual([expect.objectContaining({ suggestionId: id, kind: 'sign-for', dueOn: '2026-10-10' })]);

    // Sunday 11 October: the Saturday passed unsigned → escalated, visible to staff and the unit
    // (and the first item's assignment, due Monday, is now one working day away → reminded).
    clock.set('2026-10-11T02:00:00Z');
    expect((await staff.post('/deadlines/scan')).body).toMatchObject({ reminded: 1, escalated: 1 });
    const overdue = await staff.get('/suggestions?overdue=true');
    expect(overdue.body.items.map((i: any) => i.id)).toEqual([id]);
    expect((await housing.get('/deadlines?status=escalated')).body.items[0]).toMatchObject({ suggestionId: id, status: 'overdue', escalatedAt: expect.any(String) });

    const events = await waitFor(async () => {
      const rows = await service.database.db.selectFrom('suggestions.outbox').select(['subject', 'envelope', 'published_at']).where('subject', 'like', 'onenet.suggestions.deadline.%').orderBy('seq').execute();
      const mine = rows.filter((r) => r.envelope.data.suggestionId === id);
      return mine.length === 2 && mine.every((r) => r.published_at) && mine;
    });
    expect(events.map((e) => [e.subject, e.envelope.data.dueOn, e.envelope.data.workingDays])).toEqual([
      ['onenet.suggestions.deadline.reminder.v1', '2026-10-10', 1],
      ['onenet.suggestions.deadline.escalated.v1', '2026-10-10', 0],
    ]);
  });

  it('counts a sign-for on the adjusted working Saturday as on time', async () => {
    clock.set('2026-09-30T03:00:00Z');
    const id = await submitted('关于周六补班签收的建议');
    expect((await staff.post(`/suggestions/${id}/assign`, { lead: UNITS.housing.id })).status).toBe(200);
    clock.set('2026-10-10T03:00:00Z');
    expect((await housing.post(`/suggestions/${id}/sign-for`)).body.state).toBe('signed-for');
    const audit = (await staff.get(`/suggestions/${id}/audit`)).body;
    expect(audit.records.at(-1)).toMatchObject({ action: 'sign-for', data: { onTime: true } });
  });

  it('refuses an adjustment request after the window (7 working days), keeping the assignment', async () => {
    clock.set('2026-09-30T04:00:00Z');
    const id = await submitted('关于调整窗口的建议');
    expect((await staff.post(`/suggestions/${id}/assign`, { lead: UNITS.housing.id })).status).toBe(200);
    // 30 Sep + 7 working days: 8, 9, 10 (Sat), 12, 13, 14, 15 October.
    clock.set('2026-10-16T02:00:00Z');
    const late = await housing.post(`/suggestions/${id}/request-adjustment`, { reason: '不属于我局职责' });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('2026-10-15');
    clock.set('2026-10-15T02:00:00Z');
    expect((await housing.post(`/suggestions/${id}/request-adjustment`, { reason: '不属于我局职责' })).body.state).toBe('adjustment-requested');
    expect((await staff.post(`/suggestions/${id}/reassign`, { lead: UNITS.water.id })).body.state).toBe('assigned');
    const item = (await staff.get(`/suggestions/${id}`)).body;
    // A wrong assignment does not eat the new unit's time: the period runs from reassignment.
    expect(item.replyDue).toBe('2027-01-15');
    expect(item.assignments.map((a: any) => [a.unitName, a.status])).toEqual([
      [UNITS.housing.name, 'replaced'],
      [UNITS.water.name, 'assigned'],
    ]);
  });

  it('lists overdue items newest first, each once however many of its deadlines passed, page by page, within the caller’s part', async () => {
    clock.set('2026-10-16T02:00:00Z');
    const several = await submitted('关于多个期限同时逾期的建议');
    expect((await staff.post(`/suggestions/${several}/assign`, { lead: UNITS.housing.id, co: [UNITS.transport.id] })).status).toBe(200);
    clock.set('2027-03-01T02:00:00Z');
    const passed = (await staff.get('/deadlines?status=overdue&limit=500')).body.items as { suggestionId: string }[];
    expect(passed.filter((d) => d.suggestionId === several).length).toBeGreaterThan(1);
    const all = (await staff.get('/suggestions?overdue=true&limit=100')).body.items as { id: string; createdAt: string }[];
    const ids = all.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...new Set(passed.map((d) => d.suggestionId))].sort());
    expect(all.map((i) => i.createdAt)).toEqual(all.map((i) => i.createdAt).sort().reverse());
    expect(ids[0]).toBe(several);
    const first = await staff.get('/suggestions?overdue=true&limit=2');
    expect(first.body.items.map((i: any) => i.id)).toEqual(ids.slice(0, 2));
    expect(first.body.hasMore).toBe(ids.length > 2);
    expect((await staff.get('/suggestions?overdue=true&limit=2&offset=2')).body.items.map((i: any) => i.id)).toEqual(ids.slice(2, 4));
    // With other filters, and for a co-unit's handler: its own item only.
    expect((await staff.get(`/suggestions?overdue=true&unit=${UNITS.transport.id}`)).body.items.map((i: any) => i.id)).toEqual([several]);
    const [transport] = await clientsFor(service, idp, ['bb-handler2'] as const);
    expect((await transport.get('/suggestions?overdue=true')).body.items.map((i: any) => i.id)).toEqual([several]);
  });
});
