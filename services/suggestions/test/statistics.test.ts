// The leaders' dashboard statistics: a congress's whole subtree for a year, counted from what
// the workflow did — by state, kind and level, each unit's rates, each congress below — and
// only within the caller's reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, clientsFor, PEOPLE, registerUnits, seedDeputy, startIdp, startService, TENANTS, TestClock, UNITS, type Client, type Service } from './helpers.ts';

let idp: Awaited<ReturnType<typeof startIdp>>;
let service: Service;
const clock = new TestClock('2026-03-02T02:00:00Z');
let deputy: Client, cityDeputy: Client, hejie: Client, staff: Client, cityStaff: Client, leader: Client, cityLeader: Client, siblingStaff: Client, housing: Client;

beforeAll(async () => {
  idp = await startIdp();
  service = await startService(idp, { clock });
  await seedDeputy(service, PEOPLE.bbDeputy, [{ tenantPath: TENANTS.babu, level: 'county' }]);
  await seedDeputy(service, PEOPLE.hzDeputy, [{ tenantPath: TENANTS.city, level: 'city' }]);
  await seedDeputy(service, PEOPLE.hejieDeputy, [{ tenantPath: TENANTS.hejie, level: 'township' }]);
  await registerUnits(service, idp);
  [deputy, cityDeputy, hejie, staff, cityStaff, leader, cityLeader, siblingStaff, housing] = await clientsFor(service, idp, [
    'bb-deputy',
    'hz-deputy',
    'hejie-deputy',
    'bb-staff',
    'hz-staff',
    'bb-leader',
    'hz-leader',
    'pg-staff',
    'bb-handler',
  ] as const);

  const submitted = async (author: Client, body: Record<string, unknown>) => {
    const created = await author.post('/suggestions', { kind: 'suggestion', period: 'between-sessions', submit: true, ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const ok = async (call: Promise<{ status: number; body: unknown }>) => {
    const answer = await call;
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  };
  // 八步区: one answered (A, 满意), one assigned to the housing bureau with the transport bureau as co-unit.
  const answered = await submitted(deputy, { title: '关于改造八步区老旧小区供水管网的建议', body: '老旧小区供水管网锈蚀，建议改造。' });
  await ok(staff.post(`/suggestions/${answered}/register`));
  await ok(staff.post(`/suggestions/${answered}/assign`, { lead: UNITS.housing.id }));
  await ok(housing.post(`/suggestions/${answered}/sign-for`));
  await ok(housing.post(`/suggestions/${answered}/meetings`, { heldOn: '2026-03-02', mode: 'phone', participants: '代表', summary: '沟通' }));
  await ok(housing.post(`/suggestions/${answered}/reply`, { category: 'A', body: '已完成改造。', signedBy: '局长', evidence: '竣工验收单' }));
  await ok(deputy.post(`/suggestions/${answered}/evaluate`, { satisfaction: 'satisfied' }));
  const waiting = await submitted(deputy, { title: '关于增设八步区公交线路的建议', body: '建议增设公交线路。' });
  await ok(staff.post(`/suggestions/${waiting}/register`));
  await ok(staff.post(`/suggestions/${waiting}/assign`, { lead: UNITS.housing.id, co: [UNITS.transport.id] }));
  // 贺街镇 (below 八步区): submitted only. 贺州市 itself: a letter. A draft counts nowhere.
  await submitted(hejie, { title: '关于贺街镇集市排水的建议', body: '集市排水不畅。' });
  await submitted(cityDeputy, { kind: 'letter', title: '关于全市农村公路养护的来信', body: '农村公路养护不足。', tenant: '451100' });
  expect((await deputy.post('/suggestions', { kind: 'suggestion', period: 'between-sessions', title: '草稿', body: '草稿' })).status).toBe(201);
});

afterAll(async () => {
  await service?.stop();
  await idp?.dispose();
});

describe('GET /statistics', () => {
  it("gives a city's leader the whole city: by state, kind and level, and each county below", async () => {
    const answer = await cityLeader.get('/statistics?year=2026');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const s = answer.body;
    expect(s).toMatchObject({ tenant: TENANTS.city, code: '451100', name: '贺州市', year: 2026, total: 4 });
    expect(s.byState).toEqual(expect.arrayContaining([{ state: 'submitted', count: 2 }, { state: 'evaluated', count: 1 }, { state: 'assigned', count: 1 }]));
    expect(s.byState).toHaveLength(3);
    expect(s.byKind).toEqual([{ kind: 'suggestion', count: 3 }, { kind: 'letter', count: 1 }]);
    expect(s.byLevel).toEqual(expect.arrayContaining([{ level: 'county', count: 2 }, { level: 'township', count: 1 }, { level: 'city', count: 1 }]));
    const babu = s.byChildTenant.find((c: any) => c.code === '451102');
    expect(babu).toEqual({ tenant: TENANTS.babu, code: '451102', name: '八步区', total: 3, replied: 1, onTimeRate: 1, satisfactionRate: 1 });
    // A county with nothing this year is listed, with nothing to rate.
    const pinggui = s.byChildTenant.find((c: any) => c.code === '451103');
    expect(pinggui).toMatchObject({ total: 0, replied: 0, onTimeRate: null, satisfactionRate: null });
    // Another year is empty.
    expect((await cityLeader.get('/statistics?year=2025')).body).toMatchObject({ total: 0, byState: [], byUnit: [] });
  });

  it("gives a county each unit's assigned, replied, on-time, satisfaction and solved rates, and its townships", async () => {
    const answer = await leader.get('/statistics?tenant=451102&year=2026');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.total).toBe(3);
    expect(answer.body.byUnit).toEqual([
      { unitId: UNITS.housing.id, unitName: UNITS.housing.name, assigned: 2, replied: 1, onTimeRate: 1, satisfactionRate: 1, solvedRate: 1 },
      { unitId: UNITS.transport.id, unitName: UNITS.transport.name, assigned: 1, replied: 0, onTimeRate: null, satisfactionRate: null, solvedRate: null },
    ]);
    expect(answer.body.byChildTenant.find((c: any) => c.code === '451102101')).toMatchObject({ name: '贺街镇', total: 1, replied: 0, onTimeRate: null });
    // Staff see the same; the township's own congress sees its own item only.
    expect((await staff.get('/statistics?tenant=450000/451100/451102&year=2026')).body.total).toBe(3);
  });

  it('counts an item past its reply deadline without an answer against the unit once the deadline passes', async () => {
    clock.set('2026-07-15T02:00:00Z'); // the three months of the waiting item are over
    const answer = await leader.get('/statistics?tenant=451102&year=2026');
    const housingRow = answer.body.byUnit.find((u: any) => u.unitId === UNITS.housing.id);
    expect(housingRow).toMatchObject({ assigned: 2, replied: 1, onTimeRate: 0.5 });
    expect(answer.body.byChildTenant).toEqual(expect.any(Array));
    expect((await cityLeader.get('/statistics?year=2026')).body.byChildTenant.find((c: any) => c.code === '451102')).toMatchObject({ onTimeRate: 0.5 });
    clock.set('2026-03-02T02:00:00Z');
  });

  it('refuses a congress outside the caller’s reach, callers without the role, and bad parameters', async () => {
    expect((await leader.get('/statistics?tenant=451100&year=2026')).status).toBe(403); // a parent
    expect((await siblingStaff.get('/statistics?tenant=451102&year=2026')).status).toBe(403); // a sibling
    expect((await housing.get('/statistics?year=2026')).status).toBe(403);
    expect((await deputy.get('/statistics?year=2026')).status).toBe(403);
    expect((await client(service).get('/statistics?year=2026')).status).toBe(401);
    const unknown = await cityStaff.get('/statistics?tenant=999999&year=2026');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body.errors.map((e: any) => e.field)).toEqual(['/query/tenant']);
    const badYear = await cityStaff.get('/statistics?year=19');
    expect(badYear.status).toBe(400);
    expect(badYear.body.errors.map((e: any) => e.field)).toEqual(['/query/year']);
  });
});
