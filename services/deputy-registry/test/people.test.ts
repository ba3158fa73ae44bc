// People, mandates, private data, public profiles and the tenant rules, over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { BusRequestError, call } from '@onenet/bus';
import { GetPerson, ListMandates } from '@onenet/contracts';
import { BABU, CITY, HEJIE, LIANTANG, NANNING, PINGGUI, REGION, SHATIAN, idNumber, leader, staff, startRegistry, type Registry } from './support.ts';

let r: Registry;
beforeAll(async () => {
  r = await startRegistry();
});
afterAll(async () => r?.stop());

const register = (tenant: string, body: object) => r.as(staff(tenant)).post('/persons', body);
const mandate = (level: string, extra: object = {}) => ({ level, term: '第一届', startDate: '2021-09-28', constituency: '第一选区', ...extra });

describe('registering deputies', () => {
  let hejie: string;
  let liantang: string;
  let shatian: string;
  let cityAndCounty: string;
  const cityCountyId = idNumber('451102', '1975-03-12', 31);

  beforeAll(async () => {
    hejie = (await register(HEJIE, { name: '李秀英', gender: 'female', idNumber: idNumber('451102', '1980-05-01', 22), phone: '13800001111', mandate: mandate('township') })).body.personId;
    liantang = (await register(LIANTANG, { name: '王建国', idNumber: idNumber('451102', '1970-01-01', 11), mandate: mandate('township') })).body.personId;
    shatian = (await register(SHATIAN, { name: '陈明', idNumber: idNumber('451103', '1969-07-07', 13), mandate: mandate('township') })).body.personId;
    const first = await register(CITY, { name: '黄志强', idNumber: cityCountyId, occupation: '教师', mandate: mandate('city', { term: '市四届' }) });
    expect(first.status).toBe(201);
    cityAndCounty = first.body.personId;
  });

  it('the same person elected at a second level is one person, matched by ID number', async () => {
    const again = await register(BABU, { name: '黄志强', idNumber: cityCountyId, mandate: mandate('county', { term: '区五届' }) });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ personId: cityAndCounty, matched: true, mandate: { level: 'county', tenantPath: BABU } });
    // Matching without a mandate changes nothing and says so.
    const matchOnly = await register(BABU, { name: '黄志强', idNumber: cityCountyId });
    expect(matchOnly.status).toBe(200);
    expect(matchOnly.body).toEqual({ personId: cityAndCounty, matched: true });
  });

  it('a township never sees another township’s deputies; the county and city see theirs', async () => {
    const names = async (tenant: string, roles = staff(tenant)) => ((await r.as(roles).get('/persons?limit=100')).body.items as { name: string }[]).map((p) => p.name).sort();
    expect(await names(HEJIE)).toEqual(['李秀英']);
    expect(await names(SHATIAN)).toEqual(['陈明']);
    expect(await names(BABU)).toEqual(['李秀英', '王建国', '黄志强']);
    expect(await names(PINGGUI)).toEqual(['陈明']);
    expect(await names(CITY)).toEqual(['李秀英', '王建国', '陈明', '黄志强']);
    expect(await names(NANNING)).toEqual([]);
    expect((await r.as(staff(HEJIE)).get(`/persons/${shatian}`)).status).toBe(404);
    expect((await r.as(staff(LIANTANG)).get(`/persons/${liantang}`)).status).toBe(200);
  });

  it('asking for another tenant’s subtree is refused', async () => {
    const response = await r.as(staff(HEJIE)).get(`/persons?tenant=${encodeURIComponent(SHATIAN)}`);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('private data: the electing congress’s staff read it, a leader or an upper level does not', async () => {
    const own = await r.as(staff(HEJIE)).get(`/persons/${hejie}`);
    expect(own.body.private).toEqual({ idNumber: idNumber('451102', '1980-05-01', 22), phone: '13800001111' });
    const county = await r.as(staff(BABU)).get(`/persons/${hejie}`);
    expect(county.status).toBe(200);
    expect(county.body.private).toBeUndefined();
    const boss = await r.as(leader(HEJIE)).get(`/persons/${hejie}`);
    expect(boss.body.private).toBeUndefined();
    expect(JSON.stringify(boss.body)).not.toContain('13800001111');
  });

  it('a mandate is changed only by the congress that elected it', async () => {
    const person = (await r.as(staff(BABU)).get(`/persons/${cityAndCounty}`)).body;
    const cityMandate = person.mandates.find((m: { level: string }) => m.level === 'city');
    // The county sees only its own mandate of this person, not the city's.
    expect(person.mandates.map((m: { level: string }) => m.level)).toEqual(['county']);
    const cityView = (await r.as(staff(CITY)).get(`/persons/${cityAndCounty}`)).body;
    const city = cityView.mandates.find((m: { level: string }) => m.level === 'city');
    expect(cityMandate).toBeUndefined();
    const county = cityView.mandates.find((m: { level: string }) => m.level === 'county');
    expect((await r.as(staff(CITY)).patch(`/mandates/${county.id}`, { constituency: '改' })).status).toBe(403);
    // Upper levels read the people of their subtree; they do not edit them.
    expect((await r.as(staff(CITY)).patch(`/persons/${hejie}`, { occupation: '改' })).status).toBe(403);
    expect((await r.as(staff(CITY)).get(`/persons/${hejie}`)).body.managed).toBe(false);
    const changed = await r.as(staff(CITY)).patch(`/mandates/${city.id}`, { constituency: '第二选区' });
    expect(changed.status).toBe(200);
    expect(changed.body.constituency).toBe('第二选区');
  });

  it('a congress elects only its own level (the region also national deputies)', async () => {
    const wrong = await register(HEJIE, { name: '赵六', mandate: mandate('county') });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: '/body/mandate/level', message: expect.stringContaining('township') }]);
    const national = await register(REGION, { name: '全国代表', idNumber: idNumber('450103', '1966-02-02', 15), mandate: mandate('national', { term: '十四届' }) });
    expect(national.status).toBe(201);
  });

  it('bad input names every bad field', async () => {
    const bad = await register(HEJIE, { name: '钱七', idNumber: '110105194912310021', phone: '12345', birthMonth: '2024-13', ethnicity: '火星族' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['/body/birthMonth', '/body/ethnicity', '/body/idNumber', '/body/phone']);
    const schema = await register(HEJIE, { name: '', gender: 'x', mandate: { level: 'moon' } });
    expect(schema.status).toBe(400);
    expect(schema.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['/body/name', '/body/gender', '/body/mandate/level', '/body/mandate/term', '/body/mandate/startDate']));
  });

  it('one seat per level at a time, across congresses', async () => {
    const again = await register(LIANTANG, { name: '李秀英', idNumber: idNumber('451102', '1980-05-01', 22), mandate: mandate('township', { term: '第二届' }) });
    expect(again.status).toBe(409);
  });

  it('ending a mandate, and the history of who did what', async () => {
    const detail = (await r.as(staff(SHATIAN)).get(`/persons/${shatian}`)).body;
    const ended = await r.as(staff(SHATIAN)).post(`/mandates/${detail.mandates[0].id}/end`, { endDate: '2024-06-30', reason: 'resigned' });
    expect(ended.body).toMatchObject({ status: 'resigned', endDate: '2024-06-30', endReason: 'resigned' });
    expect((await r.as(staff(SHATIAN)).post(`/mandates/${detail.mandates[0].id}/end`, { endDate: '2024-07-01', reason: 'resigned' })).status).toBe(409);
    await r.as(staff(SHATIAN)).patch(`/persons/${shatian}`, { occupation: '农民', phone: '13912345678' });
    const history = (await r.as(staff(SHATIAN)).get(`/persons/${shatian}/history`)).body.items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['created', 'changed']);
    expect(history[1].changes).toEqual({ occupation: { from: null, to: '农民' }, phone: 'changed' });
    expect(history[1].actor.userId).toMatch(/^user-/);
    expect(JSON.stringify(history)).not.toContain('13912345678');
  });

  it('public profiles: anyone searches by name, level, congress; only public fields', async () => {
    const anyone = r.as();
    const byName = await anyone.get(`/public/profiles?q=${encodeURIComponent('志强')}`);
    expect(byName.status).toBe(200);
    expect(byName.body.total).toBe(1);
    const profile = byName.body.items[0];
    expect(Object.keys(profile).sort()).toEqual(['mandates', 'name', 'occupation', 'personId', 'photoUrl', 'publicContact']);
    expect(profile.mandates.map((m: { level: string; tenantName: string | null }) => [m.level, m.tenantName])).toEqual([
      ['city', '贺州市'],
      ['county', '八步区'],
    ]);
    const township = await anyone.get('/public/profiles?level=township&tenant=451102');
    expect(township.body.items.map((p: { name: string }) => p.name).sort()).toEqual(['李秀英', '王建国']);
    // The resigned deputy is no longer public.
    expect((await anyone.get('/public/profiles?tenant=451103')).body.total).toBe(0);
    expect((await anyone.get(`/public/profiles/${shatian}`)).status).toBe(404);
    const all = JSON.stringify((await anyone.get('/public/profiles?limit=100')).body);
    expect(all).not.toMatch(/1380000|4511021980/);
    expect((await anyone.get('/public/profiles?tenant=999999')).status).toBe(400);
    // Unpublishing hides a profile.
    await r.as(staff(HEJIE)).patch(`/persons/${hejie}`, { published: false });
    expect((await anyone.get(`/public/profiles/${hejie}`)).status).toBe(404);
  });

  it('lists export to Excel with Chinese headers', async () => {
    const file = await r.as(staff(BABU)).get('/mandates?format=xlsx&status=active');
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.raw as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['选举机关', '代表层级', '届次', '选区', '代表团', '任期开始', '任期结束', '状态']);
    const levels = [];
    for (let i = 3; i <= sheet.rowCount; i++) levels.push(sheet.getRow(i).getCell(2).value);
    expect(levels.sort()).toEqual(['乡镇', '乡镇', '县（区）']);
  });

  it('other services ask over request-reply: public identity and mandates on a date', async () => {
    const person = await call(r.service.transport, GetPerson, { personId: cityAndCounty });
    // The most local seat's congress.
    expect(person).toEqual({ personId: cityAndCounty, name: '黄志强', occupation: '教师', tenantPath: BABU });
    const seats = await call(r.service.transport, ListMandates, { personId: cityAndCounty, activeOn: '2024-01-01' });
    expect(seats.mandates.map((m) => m.level).sort()).toEqual(['city', 'county']);
    expect((await call(r.service.transport, ListMandates, { personId: cityAndCounty, activeOn: '2020-01-01' })).mandates).toEqual([]);
    await expect(call(r.service.transport, GetPerson, { personId: crypto.randomUUID() })).rejects.toBeInstanceOf(BusRequestError);
  });

  it('a deputy reads their own record and year, nobody else’s', async () => {
    const deputy = r.as({ roles: ['deputy'], tenantPath: LIANTANG, deputyId: liantang });
    const me = await deputy.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.name).toBe('王建国');
    expect(me.body.private).toBeUndefined();
    expect((await deputy.get(`/persons/${liantang}`)).status).toBe(200);
    expect((await deputy.get(`/duties/persons/${liantang}?year=2024`)).status).toBe(200);
    expect((await deputy.get(`/persons/${hejie}`)).status).toBe(403);
    expect((await deputy.get(`/duties/persons/${hejie}`)).status).toBe(403);
    expect((await deputy.get('/persons')).status).toBe(403);
  });

  it('no token: 401 problem; wrong role: 403', async () => {
    const anonymous = await r.as().get('/persons');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect((await r.as({ roles: ['handler'], tenantPath: BABU }).get('/persons')).status).toBe(403);
    expect((await r.as(leader(BABU)).post('/persons', { name: 'x' })).status).toBe(403);
  });
});
