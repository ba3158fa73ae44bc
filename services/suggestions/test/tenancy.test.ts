// Who sees what: a handler only its unit's items, a township deputy never another township's,
// the public only what was published and without personal data. Plus Chinese search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { client, clientsFor, PEOPLE, registerUnits, seedDeputy, startIdp, startService, TENANTS, TestClock, UNITS, type Client, type Service } from './helpers.ts';

let idp: Awaited<ReturnType<typeof startIdp>>;
let service: Service;
const clock = new TestClock('2026-04-01T02:00:00Z');
let bbDeputy: Client, hejie: Client, daning: Client, staff: Client, housing: Client, water: Client, siblingStaff: Client, cityStaff: Client;
const ids: Record<string, string> = {};

async function create(author: Client, title: string, body: string, tenant?: string): Promise<string> {
  const created = await author.post('/suggestions', { kind: 'suggestion', period: 'between-sessions', title, body, submit: true, ...(tenant ? { tenant } : {}) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  idp = await startIdp();
  service = await startService(idp, { clock });
  await seedDeputy(service, PEOPLE.bbDeputy, [{ tenantPath: TENANTS.babu, level: 'county' }]);
  await seedDeputy(service, PEOPLE.hejieDeputy, [{ tenantPath: TENANTS.hejie, level: 'township' }]);
  await seedDeputy(service, PEOPLE.dnDeputy, [{ tenantPath: TENANTS.daning, level: 'township' }]);
  await registerUnits(service, idp);
  [bbDeputy, hejie, daning, staff, housing, water, siblingStaff, cityStaff] = await clientsFor(service, idp, ['bb-deputy', 'hejie-deputy', 'dn-deputy', 'bb-staff', 'bb-handler', 'bb-handler3', 'pg-staff', 'hz-staff'] as const);
  ids.roads = await create(bbDeputy, '关于改善农村道路的建议', '农村道路狭窄，建议拓宽。代表手机13607745678。');
  ids.water = await create(bbDeputy, '关于农村饮水安全的建议', '部分村屯饮水困难，建议建设集中供水工程。');
  ids.lookBack = await create(bbDeputy, '关于加强建议办理督查的建议', '建议常委会每年开展代表建议办理工作"回头看"，检查以往答复的落实情况，推动问题真正解决。');
  ids.exact = await create(bbDeputy, '回头看', '对往年答复为A类和B类的建议进行复查。');
  ids.hejie = await create(hejie, '关于贺街镇集市改造的建议', '贺街镇集市设施陈旧。');
  ids.daning = await create(daning, '关于大宁镇卫生院建设的建议', '大宁镇卫生院用房不足。');
  for (const id of [ids.roads, ids.water, ids.lookBack, ids.exact]) expect((await staff.post(`/suggestions/${id}/register`)).status).toBe(200);
  expect((await staff.post('/suggestions/assign-bulk', { items: [{ id: ids.roads, lead: UNITS.housing.id }, { id: ids.water, lead: UNITS.water.id }] })).status).toBe(200);
});

afterAll(async () => {
  await service?.stop();
  await idp?.dispose();
});

const listed = async (c: Client, path = '/suggestions') => ((await c.get(path)).body.items as { id: string }[]).map((i) => i.id).sort();

describe('tenant isolation and parts', () => {
  it('shows a handler only the items assigned to its unit', async () => {
    expect(await listed(housing)).toEqual([ids.roads]);
    expect(await listed(water)).toEqual([ids.water]);
    expect((await housing.get(`/suggestions/${ids.water}`)).status).toBe(404);
    expect((await housing.get(`/suggestions/search?q=${encodeURIComponent('饮水')}`)).body.items).toEqual([]);
    // Its worklist (filtered on its own unit) shows the same; filtered on another unit, nothing.
    expect(await listed(housing, `/suggestions?unit=${UNITS.housing.id}`)).toEqual([ids.roads]);
    expect(await listed(housing, `/suggestions?unit=${UNITS.water.id}`)).toEqual([]);
    expect(await listed(housing, `/suggestions/search?q=${encodeURIComponent('建议')}&unit=${UNITS.housing.id}`)).toEqual([ids.roads]);
    expect(await listed(housing, `/suggestions/search?q=${encodeURIComponent('建议')}&unit=${UNITS.water.id}`)).toEqual([]);
  });

  it('never shows a township deputy another township’s items', async () => {
    expect(await listed(hejie)).toEqual([ids.hejie]);
    expect(await listed(daning)).toEqual([ids.daning]);
    expect((await hejie.get(`/suggestions/${ids.daning}`)).status).toBe(404);
    expect((await hejie.get(`/suggestions/search?q=${encodeURIComponent('卫生院')}`)).body.items).toEqual([]);
    // The county's staff see both townships (below them); a sibling county sees none.
    expect(await listed(staff)).toEqual(Object.values(ids).sort());
    expect(await listed(siblingStaff)).toEqual([]);
    expect((await cityStaff.get('/suggestions?count=true')).body).toMatchObject({ total: 6, hasMore: false });
  });

  it('row-level security admits the tenant and below, even to a query without a WHERE, and paths keep their form', async () => {
    const { babu } = TENANTS;
    // Around the county: itself, a township, its city, a sibling county, and a path that shares
    // its digits (sorts just after the range) — only the first two are the county's.
    const paths = [babu, `${babu}/451102101`, '450000/451100', '450000/451100/451103', `${babu}0`, `${babu}1/451102101`];
    const owner = service.database.db;
    await owner.insertInto('suggestions.counters').values(paths.map((tenant_path) => ({ tenant_path, year: 1999, kind: 'rls-test', last: 1 }))).execute();
    const seen = await service.database.appDb.transaction().execute(async (trx) => {
      await sql`select set_config('onenet.tenant_path', ${babu}, true)`.execute(trx);
      return (await sql<{ tenant_path: string }>`select tenant_path from suggestions.counters where kind = 'rls-test' order by 1`.execute(trx)).rows.map((r) => r.tenant_path);
    });
    expect(seen).toEqual([babu, `${babu}/451102101`]);
    // The range policy is exact because a path is division codes and slashes: even the owner
    // cannot store another form.
    await expect(owner.insertInto('suggestions.counters').values({ tenant_path: `${babu}.x`, year: 1999, kind: 'rls-test', last: 1 }).execute()).rejects.toThrow(/tenant_path_form/);
    await owner.deleteFrom('suggestions.counters').where('kind', '=', 'rls-test').execute();
  });

  it('shows the public only published items, without personal data', async () => {
    const anonymous = client(service);
    expect((await anonymous.get('/suggestions')).status).toBe(401);
    expect((await anonymous.get('/public/suggestions')).body.items).toEqual([]);
    expect((await anonymous.get(`/public/suggestions/${ids.roads}`)).status).toBe(404);

    // The roads item goes all the way to publication.
    await housing.post(`/suggestions/${ids.roads}/sign-for`);
    await housing.post(`/suggestions/${ids.roads}/meetings`, { heldOn: '2026-04-01', mode: 'phone', participants: '覃丽华代表', summary: '电话沟通' });
    const replied = await housing.post(`/suggestions/${ids.roads}/reply`, { category: 'A', body: '已完成拓宽。经办人电话0774-5123456。', signedBy: '局长', evidence: '验收单' });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    await bbDeputy.post(`/suggestions/${ids.roads}/evaluate`, { satisfaction: 'satisfied', actuallySolved: true });
    expect((await staff.post(`/suggestions/${ids.roads}/publish`)).status).toBe(200);

    const list = (await anonymous.get('/public/suggestions')).body.items;
    expect(list.map((i: any) => i.id)).toEqual([ids.roads]);
    const text = JSON.stringify(list);
    for (const secret of ['13607745678', '0774-5123456', PEOPLE.bbDeputy.deputyId, 'lead_user_id', 'leadDeputyId']) expect(text).not.toContain(secret);
    expect(list[0]).toMatchObject({ title: '关于改善农村道路的建议', satisfactionLabel: '满意', congress: '八步区' });
    const found = (await anonymous.get(`/public/suggestions/search?q=${encodeURIComponent('道路')}`)).body.items;
    expect(found.map((i: any) => i.id)).toEqual([ids.roads]);
    // The public search shows and finds by the published (redacted) texts only.
    expect(found[0].headline).toContain('<mark>道路</mark>');
    expect(found[0].headline).not.toContain('13607745678');
    expect((await anonymous.get('/public/suggestions/search?q=13607745678')).body.items).toEqual([]);
    expect((await staff.get('/suggestions/search?q=13607745678')).body.items.map((i: any) => i.id)).toEqual([ids.roads]);
    expect((await anonymous.get(`/public/suggestions/search?q=${encodeURIComponent('道路')}&tenant=${TENANTS.pinggui}`)).body.items).toEqual([]);
    expect((await anonymous.get(`/public/suggestions/search?q=${encodeURIComponent('道路')}&tenant=${TENANTS.babu}`)).body.items.map((i: any) => i.id)).toEqual([ids.roads]);
    expect((await anonymous.get(`/public/suggestions?tenant=${TENANTS.hejie}`)).body.items).toEqual([]);
    expect((await anonymous.get(`/public/suggestions?tenant=${TENANTS.babu}`)).body.items.map((i: any) => i.id)).toEqual([ids.roads]);
    expect((await anonymous.get(`/public/suggestions/search?q=${encodeURIComponent('饮水')}`)).body.items).toEqual([]);
  });
});

describe('Chinese full-text search', () => {
  it('finds 回头看 inside 开展代表建议办理工作"回头看", ranks the exact title first and highlights', async () => {
    const answer = await staff.get(`/suggestions/search?q=${encodeURIComponent('回头看')}`);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((i: any) => i.id)).toEqual([ids.exact, ids.lookBack]);
    expect(answer.body.items[1].headline).toContain('<mark>回头看</mark>');
    expect(answer.body.items[1].headline).toContain('开展代表建议办理工作');
    // Pages of an unfiltered search (a page's worth of candidates) agree with a filtered one (500).
    const firstPage = await staff.get(`/suggestions/search?q=${encodeURIComponent('回头看')}&limit=1`);
    const secondPage = await staff.get(`/suggestions/search?q=${encodeURIComponent('回头看')}&limit=1&offset=1`);
    const filtered = await staff.get(`/suggestions/search?q=${encodeURIComponent('回头看')}&kind=suggestion`);
    expect([...firstPage.body.items, ...secondPage.body.items].map((i: any) => i.id)).toEqual(filtered.body.items.map((i: any) => i.id));
  });

  it('confines the security-definer index search to the caller’s subtree by itself', async () => {
    const hits = async (tenant: string | null, word: string) =>
      service.database.appDb.transaction().execute(async (trx) => {
        if (tenant) await sql`select set_config('onenet.tenant_path', ${tenant}, true)`.execute(trx);
        const { rows } = await sql<{ suggestion_id: string }>`select suggestion_id from suggestions.search_hits(to_tsquery('simple', ${word}), null, 100)`.execute(trx);
        return rows.map((r) => r.suggestion_id);
      });
    expect(await hits(TENANTS.daning, '卫生院')).toEqual([ids.daning]);
    expect(await hits(TENANTS.hejie, '卫生院')).toEqual([]);
    expect(await hits(null, '卫生院')).toEqual([]);
    expect(await hits(TENANTS.pinggui, '卫生院')).toEqual([]);
  });

  it('filters search and lists (year, state, unit) and exports the list to Excel', async () => {
    const filtered = await staff.get(`/suggestions/search?q=${encodeURIComponent('建议')}&unit=${UNITS.water.id}`);
    expect(filtered.body.items.map((i: any) => i.id)).toEqual([ids.water]);
    const states = await staff.get('/suggestions?state=submitted&year=2026');
    expect(states.body.items.map((i: any) => i.id).sort()).toEqual([ids.hejie, ids.daning].sort());
    const bad = await staff.get('/suggestions?state=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toMatch(/^\/query\/state/);
    const xlsx = await staff.get('/suggestions?format=xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('lists several states together in the list’s own order, page by page', async () => {
    for (const n of [1, 2, 3]) await create(bbDeputy, `关于第${n}批农田水利设施的建议`, '建议加快农田水利设施建设。');
    const all = (await staff.get('/suggestions?limit=100')).body.items as { id: string; state: string }[];
    const byCount = Object.entries(Object.groupBy(all, (i) => i.state)).sort((a, b) => b[1]!.length - a[1]!.length);
    expect(byCount.length).toBeGreaterThanOrEqual(2);
    const states = [byCount[0]![0], byCount[1]![0]];
    const expected = all.filter((i) => states.includes(i.state)).map((i) => i.id);
    expect(byCount[0]![1]!.length).toBeGreaterThanOrEqual(3); // more than a page's worth of one state
    const query = `/suggestions?state=${states[0]}&state=${states[1]}`;
    expect(((await staff.get(query)).body.items as { id: string }[]).map((i) => i.id)).toEqual(expected);
    const pages = [];
    for (let offset = 0; offset < expected.length; offset++) {
      const page = (await staff.get(`${query}&limit=1&offset=${offset}&count=true`)).body;
      expect(page).toMatchObject({ total: expected.length, hasMore: offset < expected.length - 1 });
      pages.push(page.items[0].id);
    }
    expect(pages).toEqual(expected);
  });

  it('pages a unit’s worklist in the list’s own order and counts it', async () => {
    for (const id of [ids.lookBack, ids.exact]) expect((await staff.post(`/suggestions/${id}/assign`, { lead: UNITS.housing.id })).status).toBe(200);
    const mine = [ids.roads, ids.lookBack, ids.exact];
    // The order of the unfiltered list (newest first), kept to the unit's items.
    const expected = ((await staff.get('/suggestions?limit=100')).body.items as { id: string }[]).map((i) => i.id).filter((id) => mine.includes(id));
    expect(expected).toHaveLength(3);
    const worklist = `/suggestions?unit=${UNITS.housing.id}`;
    expect(((await housing.get(worklist)).body.items as { id: string }[]).map((i) => i.id)).toEqual(expected);
    const pages = [];
    for (let offset = 0; offset < 3; offset++) {
      const page = (await housing.get(`${worklist}&limit=1&offset=${offset}&count=true`)).body;
      expect(page).toMatchObject({ total: 3, hasMore: offset < 2 });
      pages.push(page.items[0].id);
    }
    expect(pages).toEqual(expected);
    expect(((await water.get(`/suggestions?unit=${UNITS.water.id}`)).body.items as { id: string }[]).map((i) => i.id)).toEqual([ids.water]);
  });
});
