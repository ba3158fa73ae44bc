// 并案 across congresses: the city's staff merge into the city's item the same matter raised by a
// deputy in a county below; the city's unit answers once, and the county deputy is answered with
// that reply and evaluates it. Other congresses cannot merge what is not theirs to take over.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientsFor, PEOPLE, registerUnits, seedDeputy, startIdp, startService, TENANTS, TestClock, type Client, type Service } from './helpers.ts';

const CITY_UNIT = { id: '7a3e2b1c-5d4f-4e6a-9b8c-000000000c01', name: '贺州市住房和城乡建设局' };
let idp: Awaited<ReturnType<typeof startIdp>>;
let service: Service;
const clock = new TestClock('2026-03-02T02:00:00Z');
let cityDeputy: Client, countyDeputy: Client, cityStaff: Client, countyStaff: Client, siblingStaff: Client, cityHandler: Client;

beforeAll(async () => {
  idp = await startIdp();
  service = await startService(idp, { clock });
  await seedDeputy(service, PEOPLE.hzDeputy, [{ tenantPath: TENANTS.city, level: 'city' }]);
  await seedDeputy(service, PEOPLE.bbDeputy, [{ tenantPath: TENANTS.babu, level: 'county' }]);
  await registerUnits(service, idp);
  [cityDeputy, countyDeputy, cityStaff, countyStaff, siblingStaff, cityHandler] = await clientsFor(service, idp, ['hz-deputy', 'bb-deputy', 'hz-staff', 'bb-staff', 'pg-staff', 'hz-handler'] as const);
  expect((await cityStaff.put(`/units/${CITY_UNIT.id}`, { name: CITY_UNIT.name, headName: '局长' })).status).toBe(200);
});

afterAll(async () => {
  await service?.stop();
  await idp?.dispose();
});

async function registered(author: Client, staff: Client, title: string, body: string, extra: Record<string, unknown> = {}) {
  const created = await author.post('/suggestions', { kind: 'suggestion', period: 'between-sessions', title, body, submit: true, ...extra });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await staff.post(`/suggestions/${created.body.id}/register`)).status).toBe(200);
  return created.body.id as string;
}

it('merges a county item into the city item on the same matter, and answers the county deputy with the city’s reply', async () => {
  const city = await registered(cityDeputy, cityStaff, '关于全市城区停车难问题的建议', '全市城区停车位严重不足，乱停乱放现象突出，建议统筹规划建设公共停车场，增加停车泊位。', { tenant: '451100' });
  const county = await registered(countyDeputy, countyStaff, '关于缓解八步区城区停车难的建议', '八步区城区停车位不足，乱停乱放，建议建设公共停车场，增加停车泊位。');

  // The city's staff see the county item proposed as a duplicate of theirs.
  expect((await cityStaff.get(`/suggestions/${city}/duplicates`)).body.items.map((d: any) => d.id)).toContain(county);
  // A sibling county cannot reach either; the county cannot push its item into the city's.
  expect((await siblingStaff.post(`/suggestions/${county}/merge`, { into: city })).status).toBe(404);
  expect((await countyStaff.post(`/suggestions/${county}/merge`, { into: city })).status).toBe(404);
  // The city cannot merge its own item into the county's: it takes matters over, never hands them down.
  const down = await cityStaff.post(`/suggestions/${city}/merge`, { into: county });
  expect(down.status).toBe(400);
  expect(down.body.errors.map((e: any) => e.field)).toEqual(['/body/into']);

  const merged = await cityStaff.post(`/suggestions/${county}/merge`, { into: city, comment: '与市级同题建议并案办理' });
  expect(merged.status, JSON.stringify(merged.body)).toBe(200);
  expect((await countyStaff.get(`/suggestions/${county}`)).body).toMatchObject({ state: 'registered', mergedInto: city });
  expect((await cityStaff.get(`/suggestions/${city}`)).body.mergedItems).toEqual([expect.objectContaining({ id: county })]);
  // Merged, the county item is handled at the city: its own congress no longer assigns it.
  expect((await countyStaff.post(`/suggestions/${county}/assign`, { lead: '6fab4f01-eb5e-4f67-9120-23bd806f9951' })).status).toBe(409);

  expect((await cityStaff.post(`/suggestions/${city}/assign`, { lead: CITY_UNIT.id })).status).toBe(200);
  expect((await cityHandler.post(`/suggestions/${city}/sign-for`)).status).toBe(200);
  expect((await cityHandler.post(`/suggestions/${city}/meetings`, { heldOn: '2026-03-02', mode: 'phone', participants: '领衔代表', summary: '沟通停车场选址' })).status).toBe(200);
  const reply = await cityHandler.post(`/suggestions/${city}/reply`, { category: 'A', body: '全市新建公共停车场12处，新增泊位3000个。', signedBy: '局长', evidence: '竣工验收资料' });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);

  const answered = (await countyDeputy.get(`/suggestions/${county}`)).body;
  expect(answered).toMatchObject({ state: 'replied', resultCategory: 'A', mergedInto: city });
  expect(answered.replies[0]).toMatchObject({ body: '全市新建公共停车场12处，新增泊位3000个。', viaMergeOf: city, unitName: CITY_UNIT.name });
  expect((await countyDeputy.post(`/suggestions/${county}/evaluate`, { satisfaction: 'satisfied' })).body.state).toBe('evaluated');
  const audit = (await countyStaff.get(`/suggestions/${county}/audit`)).body;
  expect(audit.verified).toBe(true);
  expect(audit.records.map((r: any) => r.action)).toEqual(['submit', 'register', 'merge', 'reply-via-merge', 'evaluate']);
  expect(audit.records[2]).toMatchObject({ actorPart: 'staff', data: { into: city } });
});
