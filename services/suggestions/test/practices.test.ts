// The practices around the workflow: motion rules per level, 并案 with duplicate proposals,
// boilerplate replies, split units, threads, key supervision, look-back, assessment with
// "actually solved" apart from satisfaction, notices as Excel and PDF, attachments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { clientsFor, client, PEOPLE, registerUnits, seedDeputy, startIdp, startService, TENANTS, TestClock, UNITS, type Client, type Service } from './helpers.ts';

let idp: Awaited<ReturnType<typeof startIdp>>;
let service: Service;
const clock = new TestClock('2026-03-02T02:00:00Z');
let deputy: Client, cityDeputy: Client, hejie: Client, staff: Client, leader: Client, housing: Client, transport: Client, water: Client;

beforeAll(async () => {
  idp = await startIdp();
  service = await startService(idp, { clock });
  await seedDeputy(service, PEOPLE.bbDeputy, [{ tenantPath: TENANTS.babu, level: 'county' }]);
  await seedDeputy(service, PEOPLE.hzDeputy, [
    { tenantPath: TENANTS.city, level: 'city' },
    { tenantPath: TENANTS.babu, level: 'county' },
  ]);
  await seedDeputy(service, PEOPLE.hejieDeputy, [{ tenantPath: TENANTS.hejie, level: 'township' }]);
  await registerUnits(service, idp);
  [deputy, cityDeputy, hejie, staff, leader, housing, transport, water] = await clientsFor(service, idp, ['bb-deputy', 'hz-deputy', 'hejie-deputy', 'bb-staff', 'bb-leader', 'bb-handler', 'bb-handler2', 'bb-handler3'] as const);
});

afterAll(async () => {
  await service?.stop();
  await idp?.dispose();
});

async function registered(author: Client, title: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await author.post('/suggestions', { kind: 'suggestion', period: 'between-sessions', title, body, submit: true, ...extra });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await staff.post(`/suggestions/${created.body.id}/register`)).status).toBe(200);
  return created.body.id;
}

/** Assigns to one lead unit, which signs, meets and replies. */
async function answered(id: string, unit: Client, unitId: string, reply: Record<string, unknown>) {
  expect((await staff.post(`/suggestions/${id}/assign`, { lead: unitId })).status).toBe(200);
  expect((await unit.post(`/suggestions/${id}/sign-for`)).status).toBe(200);
  expect((await unit.post(`/suggestions/${id}/meetings`, { heldOn: '2026-03-02', mode: 'phone', participants: '代表', summary: '沟通' })).status).toBe(200);
  const answer = await unit.post(`/suggestions/${id}/reply`, { signedBy: '局长', ...reply });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

describe('motions are checked against the rules of their level', () => {
  it('refuses a motion between sessions and without enough co-signers, naming every rule', async () => {
    const created = await hejie.post('/suggestions', { kind: 'motion', period: 'between-sessions', title: '关于贺街镇垃圾处理的议案', body: '短短的议案' });
    expect(created.status).toBe(201);
    const refused = await hejie.post(`/suggestions/${created.body.id}/submit`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: any) => e.field)).toEqual(['/body/period', '/body/coSigners', '/body/body']);
    expect(refused.body.errors[1].message).toContain('at least 4');
    expect((await hejie.patch(`/suggestions/${created.body.id}`, { period: 'session', body: '贺街镇生活垃圾收运处理设施不足，建议镇人大主席团将垃圾处理列入议程，统筹资金建设转运站。' })).status).toBe(200);
    const still = await hejie.post(`/suggestions/${created.body.id}/submit`);
    expect(still.body.errors.map((e: any) => e.field)).toEqual(['/body/coSigners']);
  });

  it('does not count a co-signer who confirms after the cut-off', async () => {
    const created = await deputy.post('/suggestions', { kind: 'suggestion', period: 'session', title: '关于联名截止的建议', body: '内容', coSigners: [PEOPLE.hzDeputy.deputyId], coSignCutoff: '2026-03-03' });
    expect(created.body.state).toBe('co-signing');
    clock.set('2026-03-04T02:00:00Z');
    const late = await cityDeputy.post(`/suggestions/${created.body.id}/cosign`, { confirm: true });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('2026-03-03');
    // She did not refuse: past the cut-off her unanswered invitation shows as lapsed, not declined.
    const seen = (await deputy.get(`/suggestions/${created.body.id}`)).body;
    expect(seen.cosigners).toEqual([expect.objectContaining({ deputyId: PEOPLE.hzDeputy.deputyId, status: 'lapsed' })]);
    clock.set('2026-03-02T02:00:00Z');
    // Before the cut-off it is still open; once the item is submitted it has lapsed for good.
    expect((await deputy.get(`/suggestions/${created.body.id}`)).body.cosigners[0].status).toBe('invited');
    expect((await deputy.post(`/suggestions/${created.body.id}/submit`)).body.state).toBe('submitted');
    const submitted = (await cityDeputy.get(`/suggestions/${created.body.id}`)).body;
    expect(submitted.cosigners).toEqual([expect.objectContaining({ status: 'lapsed', respondedAt: null })]);
    const audit = (await deputy.get(`/suggestions/${created.body.id}/audit`)).body.records;
    expect(audit.at(-1)).toMatchObject({ action: 'submit', data: { confirmedCoSigners: 0, lapsedCoSigners: [PEOPLE.hzDeputy.deputyId] } });
  });

  it('keeps a refusal apart from a lapse: a co-signer who declines shows as declined', async () => {
    const created = await deputy.post('/suggestions', { kind: 'suggestion', period: 'session', title: '关于联名谢绝的建议', body: '内容', coSigners: [PEOPLE.hzDeputy.deputyId] });
    expect((await cityDeputy.post(`/suggestions/${created.body.id}/cosign`, { confirm: false })).status).toBe(200);
    expect((await deputy.post(`/suggestions/${created.body.id}/submit`)).body.state).toBe('submitted');
    expect((await deputy.get(`/suggestions/${created.body.id}`)).body.cosigners).toEqual([expect.objectContaining({ status: 'declined', respondedAt: expect.any(String) })]);
  });

  it('accepts a motion under the county’s own co-signer rule, and handles it as a suggestion when left off the agenda', async () => {
    await staff.put('/settings', { overrides: { motionRules: { county: { minCoSigners: 1 } } } });
    const created = await deputy.post('/suggestions', {
      kind: 'motion',
      period: 'session',
      title: '关于制定八步区古村落保护条例的议案',
      body: '八步区古村落众多，保护资金和制度缺乏。建议区人大常委会制定古村落保护办法，明确保护范围、责任主体和资金来源。',
      coSigners: [PEOPLE.hzDeputy.deputyId],
    });
    await cityDeputy.post(`/suggestions/${created.body.id}/cosign`, { confirm: true });
    expect((await deputy.post(`/suggestions/${created.body.id}/submit`)).body.state).toBe('submitted');
    await staff.post(`/suggestions/${created.body.id}/register`);
    expect((await staff.post(`/suggestions/${created.body.id}/treat-as-suggestion`, { reason: '未列入大会议程，作为建议办理' })).body.state).toBe('registered');
    const item = (await staff.get(`/suggestions/${created.body.id}`)).body;
    expect(item).toMatchObject({ kind: 'suggestion', originalKind: 'motion' });
  });
});

describe('并案 and boilerplate', () => {
  let primary: string, duplicate: string, unrelated: string;

  it('proposes duplicates by text similarity across levels, merges, and still answers each deputy', async () => {
    primary = await registered(deputy, '关于解决八步区城区停车难问题的建议', '八步区城区停车位严重不足，车辆乱停乱放，建议规划建设公共停车场，增加停车泊位，加强停车管理。');
    duplicate = await registered(cityDeputy, '关于缓解城区停车难的建议', '城区停车位不足，乱停乱放现象突出，建议加快建设公共停车场，增加停车泊位。', { tenant: TENANTS.babu });
    unrelated = await registered(deputy, '关于加强农村饮水安全的建议', '部分村屯饮水水质不达标，建议建设集中供水工程。');
    const proposals = (await staff.get(`/suggestions/${primary}/duplicates`)).body.items;
    expect(proposals[0]).toMatchObject({ id: duplicate, similarity: expect.any(Number) });
    expect(proposals.map((p: any) => p.id)).not.toContain(unrelated);

    expect((await staff.post(`/suggestions/${duplicate}/merge`, { into: primary })).body.state).toBe('registered');
    const blocked = await staff.post(`/suggestions/${duplicate}/assign`, { lead: UNITS.housing.id });
    expect(blocked.status).toBe(409);
    await answered(primary, housing, UNITS.housing.id, { category: 'A', body: '已新建城东公共停车场，新增停车泊位600个。', evidence: '停车场竣工验收资料' });
    // The merged item's deputy gets the answer as their own and evaluates it themselves.
    const follower = (await cityDeputy.get(`/suggestions/${duplicate}`)).body;
    expect(follower).toMatchObject({ state: 'replied', resultCategory: 'A', mergedInto: primary });
    expect(follower.replies[0]).toMatchObject({ body: '已新建城东公共停车场，新增停车泊位600个。', viaMergeOf: primary });
    expect((await cityDeputy.post(`/suggestions/${duplicate}/evaluate`, { satisfaction: 'basically-satisfied' })).body.state).toBe('evaluated');
    expect((await staff.get(`/suggestions/${primary}`)).body.mergedItems).toEqual([expect.objectContaining({ id: duplicate, state: 'evaluated' })]);
  });

  it('flags a reply nearly equal to the unit’s earlier one, for staff to send back', async () => {
    const boiler = '您提出的建议收悉，我局高度重视，将在今后工作中认真研究，积极争取上级资金支持，逐步加以解决。感谢您对我局工作的关心和支持。';
    const first = await registered(deputy, '关于修缮村级小学校舍的建议', '村小校舍破旧。');
    const second = await registered(deputy, '关于建设村级文化广场的建议', '村里缺少文化活动场所。');
    const a = await answered(first, water, UNITS.water.id, { category: 'D', body: boiler });
    expect(a.result.boilerplate).toBeNull();
    const b = await answered(second, water, UNITS.water.id, { category: 'D', body: boiler.replace('逐步加以解决', '逐步解决') });
    expect(b.result.boilerplate).toMatchObject({ score: expect.any(Number) });
    expect(b.result.boilerplate.score).toBeGreaterThan(0.85);
    const item = (await staff.get(`/suggestions/${second}`)).body;
    expect(item.replies[0].boilerplate).toMatchObject({ similarTo: expect.any(String) });
    // Another department's copy of it is flagged too, naming the reply it copies.
    const third = await registered(deputy, '关于改造村级卫生室的建议', '村卫生室设备陈旧。');
    const c = await answered(third, housing, UNITS.housing.id, { category: 'D', body: boiler });
    expect(c.result.boilerplate).toEqual({ score: 1, similarTo: a.result.replyId });
    expect((await staff.post(`/suggestions/${second}/return-reply`, { reason: '答复雷同，未针对具体问题，退回重新办理' })).body.state).toBe('handling');
    const redone = await water.post(`/suggestions/${second}/reply`, { category: 'B', body: '已将村级文化广场纳入2026年乡村振兴项目库，计划10月动工。', signedBy: '局长', followUps: [{ promise: '10月动工建设文化广场', dueOn: '2026-10-31' }] });
    expect(redone.body).toMatchObject({ state: 'replied', result: { boilerplate: null } });
  });
});

describe('split units, threads and attachments', () => {
  it('sends split parts to two units; the item is replied when both have answered', async () => {
    const id = await registered(deputy, '关于改善学校周边交通和排水的建议', '学校周边道路拥堵、雨天积水。');
    expect((await staff.post(`/suggestions/${id}/assign`, { split: [UNITS.transport.id, UNITS.water.id] })).body.state).toBe('assigned');
    await transport.post(`/suggestions/${id}/sign-for`);
    expect((await water.post(`/suggestions/${id}/sign-for`)).body.state).toBe('signed-for');
    const firstPart = await transport.post(`/suggestions/${id}/reply`, { category: 'A', body: '已设置学校周边交通信号灯。', signedBy: '局长', evidence: '照片' });
    expect(firstPart.body.state).toBe('handling');
    const secondPart = await water.post(`/suggestions/${id}/reply`, { category: 'B', body: '排水管网改造列入计划。', signedBy: '局长', followUps: [{ promise: '完成排水改造', dueOn: '2026-11-30' }] });
    expect(secondPart.body.state).toBe('replied');
    expect((await staff.get(`/suggestions/${id}`)).body.resultCategory).toBe('B');
  });

  it('assigns many items at the assignment meeting all or nothing, naming the item a wrong unit is on', async () => {
    const ids = [
      await registered(deputy, '关于修缮乡村小学校舍的建议', '部分村小校舍老旧。'),
      await registered(deputy, '关于增设农村客运班线的建议', '偏远村屯出行不便。'),
      await registered(deputy, '关于治理河道淤积的建议', '汛期河道排洪不畅。'),
    ];
    const refused = await staff.post('/suggestions/assign-bulk', {
      items: [{ id: ids[0], lead: UNITS.housing.id }, { id: ids[1], lead: '00000000-0000-4000-8000-000000000001' }, { id: ids[2], lead: UNITS.water.id }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: any) => e.field)).toEqual(['/body/items/1/lead']);
    expect((await staff.get(`/suggestions/${ids[0]}`)).body.state).toBe('registered');
    const draft = await deputy.post('/suggestions', { kind: 'suggestion', period: 'session', title: '关于草稿的建议', body: '尚未提交。' });
    const notYet = await staff.post('/suggestions/assign-bulk', { items: [{ id: ids[0], lead: UNITS.housing.id }, { id: draft.body.id, lead: UNITS.housing.id }] });
    expect(notYet.status).toBe(409);
    expect(notYet.body).toMatchObject({ state: 'draft', action: 'assign' });
    expect((await staff.get(`/suggestions/${ids[0]}`)).body.state).toBe('registered');

    const done = await staff.post('/suggestions/assign-bulk', {
      items: [{ id: ids[0], lead: UNITS.housing.id }, { id: ids[1], lead: UNITS.transport.id, co: [UNITS.water.id] }, { id: ids[2], split: [UNITS.water.id, UNITS.transport.id] }],
      comment: '交办会',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.items).toEqual(ids.map((id) => ({ id, state: 'assigned' })));
    const second = (await staff.get(`/suggestions/${ids[1]}`)).body;
    expect(second.assignments.map((a: any) => [a.unitId, a.role])).toEqual([[UNITS.transport.id, 'lead'], [UNITS.water.id, 'co']]);
    expect(second.deadlines.map((d: any) => `${d.kind} ${d.status}`).sort()).toEqual(['assign met', 'co-opinion open', 'meeting open', 'reply open', 'sign-for open', 'sign-for open']);
    expect((await transport.get('/suggestions?state=assigned')).body.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([ids[1], ids[2]]));
    for (const id of ids) {
      const audit = (await staff.get(`/suggestions/${id}/audit`)).body;
      expect(audit.verified).toBe(true);
      expect(audit.records.at(-1)).toMatchObject({ action: 'assign', fromState: 'registered', toState: 'assigned', comment: '交办会' });
    }
    expect((await staff.post('/suggestions/assign-bulk', { items: [{ id: ids[0], lead: UNITS.housing.id }] })).status).toBe(409);
  });

  it('lets the deputy, co-signers, handlers and staff talk on the item’s thread; others may not', async () => {
    const id = await registered(deputy, '关于增设公交站台的建议', '贺街镇公交站台缺少遮雨棚。');
    await staff.post(`/suggestions/${id}/assign`, { lead: UNITS.transport.id });
    expect((await deputy.post(`/suggestions/${id}/messages`, { body: '请问什么时候可以现场查看？' })).status).toBe(201);
    expect((await transport.post(`/suggestions/${id}/messages`, { body: '本周五上午到现场。' })).status).toBe(201);
    expect((await housing.post(`/suggestions/${id}/messages`, { body: '我也想说' })).status).toBe(404);
    const thread = (await staff.get(`/suggestions/${id}/messages`)).body.items;
    expect(thread.map((m: any) => [m.authorName, m.authorPart])).toEqual([
      ['覃丽华', 'lead-deputy'],
      ['陆建军', 'lead-unit'],
    ]);
  });

  it('accepts a PDF attachment by its bytes and refuses a disguised one', async () => {
    const id = await registered(deputy, '关于附件的建议', '见附件。');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const send = async (data: Buffer, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([data], { type: 'application/pdf' }), name);
      const token = (await import('./helpers.ts')).tokenFor(idp, 'bb-deputy');
      const response = await fetch(`${service.url}/suggestions/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${await token}` }, body: form });
      return { status: response.status, body: (await response.json()) as any };
    };
    expect((await send(pdf, '调研报告.pdf')).status).toBe(201);
    const bad = await send(Buffer.from('#!/bin/sh\nrm -rf /\n'), 'report.pdf');
    expect(bad.status).toBe(415);
    const item = (await deputy.get(`/suggestions/${id}`)).body;
    expect(item.attachments).toEqual([expect.objectContaining({ filename: '调研报告.pdf', contentType: 'application/pdf' })]);
    const download = await deputy.get(`/suggestions/${id}/attachments/${item.attachments[0].id}`);
    expect((download.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('key supervision, look-back, assessment and notices', () => {
  let keyItem: string;

  it('puts an item under key supervision led by a leader, with the group’s meetings and site visits', async () => {
    keyItem = await registered(deputy, '关于推进八步区老旧小区改造的建议', '老旧小区设施老化，建议加快改造。');
    const chosen = await leader.post('/supervisions', {
      suggestionId: keyItem,
      year: 2026,
      members: [{ name: '覃丽华', role: 'deputy' }, { name: '邓晓燕', role: 'staff' }],
      governmentLeader: '八步区副区长 莫某某（领衔办理）',
      goal: '年内完成5个小区改造',
    });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(201);
    expect(chosen.body.leaderName).toBe('韦国强');
    expect((await staff.post('/supervisions', { suggestionId: keyItem, year: 2026, members: [] })).status).toBe(409);
    const visit = await leader.post(`/supervisions/${chosen.body.id}/activities`, { kind: 'site-visit', heldOn: '2026-03-02', place: '八步区江南小区', participants: '督办组全体成员', summary: '实地查看改造进度' });
    expect(visit.status).toBe(201);
    expect(visit.body.activities).toEqual([expect.objectContaining({ kind: 'site-visit', place: '八步区江南小区' })]);
    expect((await staff.get(`/suggestions?keySupervision=true`)).body.items.map((i: any) => i.id)).toEqual([keyItem]);
    expect((await housing.post(`/supervisions/${chosen.body.id}/activities`, { kind: 'meeting', heldOn: '2026-03-02', participants: 'x', summary: 'x' })).status).toBe(403);
  });

  it('looks back at past A and B answers: the unit self-checks, supervision demands a second reply', async () => {
    const old = await registered(deputy, '关于整治城区内涝的建议', '城区多处积水。');
    await answered(old, housing, UNITS.housing.id, { category: 'A', body: '已完成排水管网改造。', evidence: '验收报告' });
    await deputy.post(`/suggestions/${old}/evaluate`, { satisfaction: 'satisfied' });
    await staff.post(`/suggestions/${old}/publish`);
    await staff.post(`/suggestions/${old}/close`);

    const lookback = await staff.post('/lookbacks', { title: '2026年代表建议办理"回头看"', yearFrom: 2024, yearTo: 2026, categories: ['A', 'B'] });
    expect(lookback.status, JSON.stringify(lookback.body)).toBe(201);
    expect(lookback.body.items.map((i: any) => i.suggestionId)).toEqual([old]);
    const own = (await housing.get(`/lookbacks/${lookback.body.id}`)).body.items;
    expect(own).toHaveLength(1);
    expect((await water.post(`/lookbacks/${lookback.body.id}/items/${old}/self-check`, { solved: true, note: 'x' })).status).toBe(403);
    expect((await housing.post(`/lookbacks/${lookback.body.id}/items/${old}/self-check`, { solved: true, note: '已整改' })).body.items[0].status).toBe('self-checked');
    expect((await leader.post(`/lookbacks/${lookback.body.id}/items/${old}/supervise`, { note: '督办组复查发现雨季仍有积水' })).body.items[0].status).toBe('under-supervision');
    const demanded = await leader.post(`/lookbacks/${lookback.body.id}/items/${old}/demand-second-reply`, { reason: '复查发现问题未真正解决' });
    expect(demanded.body.items[0].status).toBe('second-reply-demanded');
    const item = (await staff.get(`/suggestions/${old}`)).body;
    expect(item.state).toBe('re-handling');
    expect(item.deadlines.find((d: any) => d.kind === 'second-reply')).toMatchObject({ status: 'open' });
    expect((await housing.post(`/suggestions/${old}/second-reply`, { category: 'A', body: '已新增排涝泵站，内涝点全部消除。', signedBy: '局长', evidence: '泵站验收报告' })).body.state).toBe('replied');
  });

  it('assesses units per year with "actually solved" counted apart from satisfaction, ranks them, exports to Excel', async () => {
    // A unit answers A, the deputy is satisfied, but says the problem is not actually solved.
    const id = await registered(deputy, '关于修复乡村道路的建议', '道路坑洼。');
    await answered(id, transport, UNITS.transport.id, { category: 'A', body: '已修复。', evidence: '照片' });
    await deputy.post(`/suggestions/${id}/evaluate`, { satisfaction: 'satisfied', actuallySolved: false });
    await staff.post(`/suggestions/${id}/commend`, { excellent: true });

    const answer = await leader.get('/assessment?year=2026');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const byUnit = Object.fromEntries(answer.body.units.map((u: any) => [u.unitName, u]));
    const t = byUnit[UNITS.transport.name];
    expect(t.satisfied).toBeGreaterThanOrEqual(1);
    expect(t.rates.satisfaction).toBe(1);
    expect(t.rates.actuallySolved).toBeLessThan(t.rates.satisfaction);
    const w = byUnit[UNITS.water.name];
    expect(w.boilerplate).toBe(1);
    expect(answer.body.units.map((u: any) => u.rank)).toEqual(answer.body.units.map((_: unknown, i: number) => i + 1));
    expect(answer.body.excellentSuggestions.map((s: any) => s.id)).toEqual([id]);
    const one = (await leader.get(`/assessment?year=2026&unit=${UNITS.housing.id}`)).body.units;
    expect(one.map((u: any) => u.unitId)).toEqual([UNITS.housing.id]);
    expect((await housing.get('/assessment?year=2026')).status).toBe(403);

    const xlsx = await leader.get('/assessment?year=2026&format=xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('承办单位');
    expect(sheet.rowCount).toBe(answer.body.units.length + 1);
  });

  it('generates progress and results notices as Excel and PDF, and publishes them', async () => {
    clock.set('2026-04-01T02:00:00Z');
    const progress = await staff.post('/notices', { kind: 'progress', year: 2026, month: 3 });
    expect(progress.status, JSON.stringify(progress.body)).toBe(201);
    expect(progress.body.title).toBe('八步区2026年代表建议办理进度通报（3月）');
    expect(progress.body.rows.map((r: any) => r.unit)).toEqual(expect.arrayContaining([UNITS.housing.name, UNITS.transport.name]));
    expect((await staff.post('/notices', { kind: 'progress', year: 2026 })).body.errors[0].field).toBe('/body/month');

    const xlsx = await staff.get(`/notices/${progress.body.id}/file?format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe(progress.body.title);

    const results = await staff.post('/notices', { kind: 'results', year: 2026 });
    const pdf = await staff.get(`/notices/${results.body.id}/file?format=pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toMatch(/NotoSansHans/); // the CJK font is embedded

    expect((await client(service).get(`/public/notices/${results.body.id}/file?format=pdf`)).status).toBe(404);
    expect((await staff.post(`/notices/${results.body.id}/publish`)).status).toBe(200);
    expect((await client(service).get('/public/notices')).body.items.map((n: any) => n.id)).toEqual([results.body.id]);
    expect((await client(service).get(`/public/notices/${results.body.id}/file?format=pdf`)).status).toBe(200);
  });
});
