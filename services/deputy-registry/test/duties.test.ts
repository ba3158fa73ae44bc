// Stations, mixed groups, activities, plans and photos; a deputy's year driven through the
// registry's activities and other services' events over NATS (sent twice, out of order); the
// eight ones, the score and the reports; the registry's own events leaving through the outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttendanceRecorded, OpinionHandled, SuggestionSubmitted, SuggestionTransitioned, type EventDefinition } from '@onenet/contracts';
import { waitFor } from '@onenet/bus/testing';
import type { Subscription } from '@onenet/bus';
import { BABU, CITY, HEJIE, REGION, idNumber, liaison, staff, startRegistry, type Registry } from './support.ts';
import { DEFAULT_SCHEME } from '../src/domain/duties.ts';

let r: Registry;
const ids = { farmer: '', county: '', national: '', station: '', group: '', plan: '' };
const published: string[] = [];
let tap: Subscription;

const uuid = () => crypto.randomUUID();

async function publish(definition: EventDefinition, data: unknown, occurredAt: string, options: { id?: string; tenantPath?: string; dedupe?: boolean } = {}) {
  const envelope = definition.envelope({ id: options.id ?? uuid(), data: data as never, tenantPath: options.tenantPath ?? BABU, actor: null, occurredAt });
  await r.service.transport.ensureStream(definition.stream);
  await r.service.transport.publish(definition.subject, Buffer.from(JSON.stringify(envelope)), options.dedupe === false ? {} : { msgId: envelope.id });
  return envelope;
}

beforeAll(async () => {
  r = await startRegistry();
  // Watch what the registry publishes (outbox → relay → JetStream).
  const transport = r.service.transport;
  await transport.ensureStream({ name: 'ONENET_REGISTRY', subjects: ['onenet.registry.>'] });
  tap = await transport.consume({ stream: 'ONENET_REGISTRY', durable: 'test--tap', filterSubjects: [] }, async (delivery) => {
    published.push(delivery.subject);
    delivery.ack();
  });

  const mandate = (level: string, term: string) => ({ level, term, startDate: '2021-09-28', constituency: '贺街选区' });
  ids.farmer = (await r.as(staff(HEJIE)).post('/persons', { name: '莫桂兰', isFarmer: true, idNumber: idNumber('451102', '1978-02-03', 24), mandate: mandate('township', '第十八届') })).body.personId;
  ids.county = (await r.as(staff(BABU)).post('/persons', { name: '钟文华', idNumber: idNumber('451102', '1972-08-09', 35), mandate: mandate('county', '第五届') })).body.personId;
  ids.national = (await r.as(staff(REGION)).post('/persons', { name: '韦国庆', idNumber: idNumber('450103', '1965-10-01', 17), mandate: mandate('national', '第十四届') })).body.personId;
});
afterAll(async () => {
  await tap?.stop();
  await r?.stop();
});

describe('stations and mixed groups', () => {
  it('county staff register a township station and check its eight haves', async () => {
    const county = r.as(staff(BABU));
    const station = await county.post('/stations', { name: '贺街镇人大代表履职活动中心', kind: 'activity-centre', tenantPath: HEJIE, address: '贺街镇河西街' });
    expect(station.status).toBe(201);
    ids.station = station.body.id;
    await county.put(`/stations/${ids.station}/eight-haves/organisation`, { present: true, evidence: '贺街镇人大主席团文件' });
    const checklist = await r.as(liaison(HEJIE)).put(`/stations/${ids.station}/eight-haves/sign`, { present: true });
    expect(checklist.body.present).toBe(2);
    expect(checklist.body.complete).toBe(false);
    expect(checklist.body.items).toHaveLength(8);
    expect((await county.put(`/stations/${ids.station}/eight-haves/gold`, { present: true })).status).toBe(400);
    // A sibling county cannot even see it.
    expect((await r.as(staff(`${CITY}/451103`)).get(`/stations/${ids.station}`)).status).toBe(404);
    // Nor create one for a township that is not below it.
    expect((await r.as(staff(`${CITY}/451103`)).post('/stations', { name: 'x', kind: 'deputies-home', tenantPath: HEJIE })).status).toBe(403);
  });

  it('a group takes deputies of every level; one leader at a time', async () => {
    const county = r.as(staff(BABU));
    const group = await county.post('/groups', { name: '贺街镇第一代表小组', stationId: ids.station, liaisonName: '邓联络' });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ tenantPath: HEJIE, formedByTenantPath: BABU });
    ids.group = group.body.id;
    await county.put(`/groups/${ids.group}/members/${ids.farmer}`, { role: 'leader', joinedOn: '2023-01-01' });
    await county.put(`/groups/${ids.group}/members/${ids.county}`, { role: 'member', joinedOn: '2023-01-01' });
    // The national deputy is elected by the region, invisible to the county, but public.
    const members = await county.put(`/groups/${ids.group}/members/${ids.national}`, { role: 'member', joinedOn: '2023-01-01' });
    expect(members.status).toBe(200);
    expect(members.body.items.map((m: { name: string; role: string; levels: string[] }) => [m.name, m.role, m.levels])).toEqual([
      ['莫桂兰', 'leader', ['township']],
      ['钟文华', 'member', ['county']],
      ['韦国庆', 'member', ['national']],
    ]);
    expect((await county.put(`/groups/${ids.group}/members/${ids.county}`, { role: 'leader' })).status).toBe(409);
    expect((await county.put(`/groups/${ids.group}/members/${uuid()}`, { role: 'member' })).status).toBe(400);
    // Through the group, the township now sees the national deputy (read-only) but not their private data.
    const seen = await r.as(staff(HEJIE)).get(`/persons/${ids.national}`);
    expect(seen.status).toBe(200);
    expect(seen.body.managed).toBe(false);
    expect(seen.body.private).toBeUndefined();
    expect((await r.as(staff(HEJIE)).patch(`/persons/${ids.national}`, { occupation: '改' })).status).toBe(403);
    expect((await r.as(staff(HEJIE)).post(`/persons/${ids.national}/mandates`, { level: 'township', term: 'x', startDate: '2024-01-01' })).status).toBe(403);
  });
});

describe('activities and plans', () => {
  it('a yearly linked-activity plan with a theme per quarter', async () => {
    const plan = await r.as(liaison(HEJIE)).post('/plans', {
      year: 2024,
      title: '2024年贺街镇联动履职计划',
      groupId: ids.group,
      quarters: [
        { quarter: 1, theme: '乡村振兴' },
        { quarter: 3, theme: '农村人居环境整治' },
      ],
    });
    expect(plan.status).toBe(201);
    ids.plan = plan.body.id;
    expect(plan.body.quarters.map((q: { theme: string | null; held: boolean }) => [q.theme, q.held])).toEqual([
      ['乡村振兴', false],
      [null, false],
      ['农村人居环境整治', false],
      [null, false],
    ]);
    const twice = await r.as(liaison(HEJIE)).post('/plans', { year: 2024, title: 'x', quarters: [{ quarter: 1, theme: 'a' }, { quarter: 1, theme: 'b' }] });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].field).toBe('/body/quarters/1/quarter');
  });

  it('activities last one or two days and name their bad fields', async () => {
    const bad = await r.as(liaison(HEJIE)).post('/activities', { kind: 'research', theme: '调研', startDate: '2024-05-01', endDate: '2024-05-04', groupId: ids.group, participants: [{ personId: uuid(), attendance: 'present' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['/body/endDate', '/body/participants/0/personId']);
    expect((await r.as(liaison(HEJIE)).post('/activities', { kind: 'party', theme: 'x', startDate: '2024-05-01', participants: [] })).status).toBe(400);
  });

  it('photos go to file storage and come back', async () => {
    const activity = await r.as(liaison(HEJIE)).post('/activities', { kind: 'voter-reception', theme: '接待日', startDate: '2024-02-20', stationId: ids.station, participants: [{ personId: ids.county, attendance: 'absent' }] });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const uploaded = await r.as(liaison(HEJIE)).post(`/activities/${activity.body.id}/photos?caption=${encodeURIComponent('接待现场')}`, png, 'image/png');
    expect(uploaded.status).toBe(201);
    const back = await r.as(liaison(HEJIE)).get(`/activities/${activity.body.id}/photos/${uploaded.body.id}`);
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(back.raw.equals(png)).toBe(true);
    expect((await r.as(liaison(HEJIE)).post(`/activities/${activity.body.id}/photos`, png, 'image/gif')).status).toBe(415);
    // Typed by its bytes: a GIF claimed as PNG is refused, naming the body.
    const gif = await r.as(liaison(HEJIE)).post(`/activities/${activity.body.id}/photos`, Buffer.from('474946383961010001000000002c00000000010001000002024401003b', 'hex'), 'image/png');
    expect(gif.status).toBe(415);
    expect(gif.body.errors[0].field).toBe('/body');
  });
});

describe('a deputy’s year', () => {
  const A = () => ids.farmer;
  const B = () => ids.county;
  const N = () => ids.national;

  beforeAll(async () => {
    const hejie = r.as(liaison(HEJIE));
    const record = async (body: object) => {
      const response = await hejie.post('/activities', { groupId: ids.group, ...body });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body;
    };
    const present = (...people: string[]) => people.map((personId) => ({ personId, attendance: 'present' }));
    await record({ kind: 'group-activity', theme: '乡村振兴座谈', startDate: '2024-03-10', planId: ids.plan, participants: present(A(), B()) });
    await record({ kind: 'group-activity', theme: '人居环境整治', startDate: '2024-09-10', endDate: '2024-09-11', planId: ids.plan, participants: present(A(), N()) });
    await record({ kind: 'inspection', theme: '视察农村公路', startDate: '2024-04-01', participants: present(A()) });
    await record({ kind: 'research', theme: '调研特色农业', startDate: '2024-05-01', participants: present(A()) });
    await record({ kind: 'training', theme: '八步区农业产业培训示范基地培训', incomeSkill: true, startDate: '2024-07-15', participants: present(A()) });
    await record({ kind: 'voter-visit', theme: '走访选民', startDate: '2024-08-01', participants: [{ personId: A(), attendance: 'excused' }] });
    await record({ kind: 'practical-deed', theme: '修缮村道', startDate: '2024-11-11', participants: present(A()) });
    const second = await record({ kind: 'practical-deed', theme: '安装路灯', startDate: '2024-12-01', participants: present(A(), B()) });
    // B did not in fact take part in the second deed: corrected afterwards.
    await hejie.put(`/activities/${second.id}/participants`, { participants: present(A()) });
    // A cancelled activity does not count.
    const cancelled = await record({ kind: 'inspection', theme: '取消的视察', startDate: '2024-06-06', participants: present(B()) });
    await hejie.patch(`/activities/${cancelled.id}`, { cancelled: true });
    await hejie.post('/assistance', { personId: A(), stationId: ids.station, household: '莫某某', village: '贺街镇河东村', reason: '因病致贫', measures: '协调产业帮扶资金', startedOn: '2023-01-01' });

    // ---- other services' events, over NATS
    const suggestionA = uuid();
    const submittedA = { suggestionId: suggestionA, kind: 'suggestion', title: '关于改善贺街镇农村道路的建议', period: 'session', leadPersonId: A(), leadMandateId: uuid(), coSignerPersonIds: [B()] };
    const sent = await publish(SuggestionSubmitted, submittedA, '2024-03-05T02:00:00Z');
    // The same event again (a redelivery after the broker's duplicate window): one suggestion.
    await publish(SuggestionSubmitted, submittedA, '2024-03-05T02:00:00Z', { id: sent.id, dedupe: false });

    // B's own suggestion: the withdrawal arrives before the submission, an older step after both.
    const suggestionB = uuid();
    const transition = (from: string, to: string) => ({ suggestionId: suggestionB, from, to, reason: null, leadUnitId: null, coUnitIds: [], resultCategory: null, satisfaction: null, actuallySolved: null });
    await publish(SuggestionTransitioned, transition('submitted', 'withdrawn'), '2024-04-10T02:00:00Z');
    await publish(SuggestionSubmitted, { suggestionId: suggestionB, kind: 'suggestion', title: '撤回的建议', period: 'between-sessions', leadPersonId: B(), leadMandateId: uuid(), coSignerPersonIds: [] }, '2024-04-01T02:00:00Z');
    await publish(SuggestionTransitioned, transition('submitted', 'registered'), '2024-04-05T02:00:00Z');
    // And one not accepted after it was registered: counted until then, not after.
    const suggestionC = uuid();
    await publish(SuggestionSubmitted, { suggestionId: suggestionC, kind: 'suggestion', title: '不予立案的建议', period: 'between-sessions', leadPersonId: B(), leadMandateId: uuid(), coSignerPersonIds: [] }, '2024-05-01T02:00:00Z');
    const step = (from: string, to: string) => ({ ...transition(from, to), suggestionId: suggestionC });
    await publish(SuggestionTransitioned, step('submitted', 'registered'), '2024-05-02T02:00:00Z');
    await publish(SuggestionTransitioned, step('registered', 'not-accepted'), '2024-05-03T02:00:00Z');

    // Training: A attended; for B the later record says absent and an older "attended" arrives last.
    const classId = uuid();
    await publish(AttendanceRecorded, { trainingClassId: classId, personId: A(), date: '2024-06-01', status: 'attended', hours: 6 }, '2024-06-01T10:00:00Z');
    await publish(AttendanceRecorded, { trainingClassId: classId, personId: B(), date: '2024-06-01', status: 'absent', hours: 0 }, '2024-06-02T10:00:00Z');
    await publish(AttendanceRecorded, { trainingClassId: classId, personId: B(), date: '2024-06-01', status: 'attended', hours: 6 }, '2024-06-01T10:00:00Z');

    // A constituent opinion A took up and saw handled (民事联解), on New Year's Eve in China time.
    await publish(OpinionHandled, { opinionId: uuid(), deputyPersonId: A(), outcome: 'forwarded-to-government', suggestionId: null, feedback: '已转镇政府办理' }, '2024-12-31T15:00:00Z', { tenantPath: HEJIE });
    // …and one after midnight in China: it belongs to 2025.
    await publish(OpinionHandled, { opinionId: uuid(), deputyPersonId: A(), outcome: 'answered', suggestionId: null, feedback: null }, '2024-12-31T16:30:00Z', { tenantPath: HEJIE });

    // Every consumed event lands in the inbox; wait for all of them (12 deliveries, one duplicate).
    await waitFor(async () => {
      const { rows } = await r.service.database.pool.query(`select count(*)::int as n from registry.inbox`);
      return rows[0].n >= 12;
    }, { what: 'consumed events', timeoutMs: 20_000 });
  });

  it('the eight ones and the score of a farmer deputy who did everything', async () => {
    const year = await r.as(staff(BABU)).get(`/duties/persons/${A()}?year=2024`);
    expect(year.status).toBe(200);
    expect(Object.fromEntries(year.body.items.map((i: { item: string; met: boolean }) => [i.item, i.met]))).toEqual({
      'group-activity': true,
      'inspection-research': true,
      training: true,
      'voter-visit': true,
      suggestion: true,
      'income-skill': true,
      'poverty-help': true,
      'practical-deed': true,
    });
    expect(year.body.counts).toEqual({ 'group-activity': 2, inspection: 1, research: 1, 'income-skill': 1, 'training-class': 1, opinion: 1, suggestion: 1, 'practical-deed': 2 });
    // 8 × 10 points, plus the second practical deed's bonus (2).
    expect(year.body).toMatchObject({ metCount: 8, applicableCount: 8, itemScore: 80, bonus: 2, score: 82, grade: '良好' });
    const excused = year.body.facts.find((f: { kind: string }) => f.kind === 'voter-visit');
    expect(excused.counted).toBe(false);
  });

  it('duplicates, withdrawals and late older events leave the other deputy’s year right', async () => {
    const year = (await r.as(staff(BABU)).get(`/duties/persons/${B()}?year=2024`)).body;
    // One group activity (first half); co-signed A's suggestion; own suggestions withdrawn and not
    // accepted; training: absent wins.
    expect(year.counts).toEqual({ 'group-activity': 1, 'co-signed-suggestion': 1 });
    const items = Object.fromEntries(year.items.map((i: { item: string; done: number; met: boolean; applicable: boolean }) => [i.item, [i.done, i.met, i.applicable]]));
    expect(items['group-activity']).toEqual([1, false, true]);
    expect(items.training).toEqual([0, false, true]);
    expect(items.suggestion).toEqual([0, false, true]);
    expect(items['income-skill']).toEqual([0, false, false]);
    // Half of group-activity (5 of 70 applicable points, prorated to 80) + 1 bonus for co-signing.
    expect(year.itemScore).toBe(5.7);
    expect(year.score).toBe(6.7);
    expect(year.grade).toBe('不合格');
    const ownSuggestion = year.facts.find((f: { kind: string; counted: boolean }) => f.kind === 'suggestion');
    expect(ownSuggestion.counted).toBe(false);
  });

  it('the New Year’s Eve opinion counts in 2024, the one after midnight China time in 2025', async () => {
    const next = (await r.as(staff(BABU)).get(`/duties/persons/${A()}?year=2025`)).body;
    expect(next.counts).toEqual({ opinion: 1 });
  });

  it('reports per group, station and congress', async () => {
    const group = (await r.as(liaison(HEJIE)).get(`/duties/groups/${ids.group}?year=2024`)).body;
    expect(group.deputies.map((d: { name: string }) => d.name).sort()).toEqual(['莫桂兰', '钟文华', '韦国庆'].sort());
    expect(group.summary.deputies).toBe(3);
    expect(group.summary.items.find((i: { item: string }) => i.item === 'group-activity')).toMatchObject({ applicable: 3, met: 1 });
    const station = (await r.as(liaison(HEJIE)).get(`/duties/stations/${ids.station}?year=2024`)).body;
    expect(station.total).toBe(3);
    // The county's report: the deputies it and its townships elected (not the national deputy).
    const county = (await r.as(staff(BABU)).get('/duties/tenants?year=2024')).body;
    expect(county.deputies.map((d: { name: string }) => d.name).sort()).toEqual(['莫桂兰', '钟文华'].sort());
    expect(county.summary.averageScore).toBe(44.4);
    expect(county.summary.grades).toEqual([
      { label: '优秀', count: 0 },
      { label: '良好', count: 1 },
      { label: '合格', count: 0 },
      { label: '不合格', count: 1 },
    ]);
    // A township cannot ask for the county.
    expect((await r.as(staff(HEJIE)).get(`/duties/tenants?tenant=451102`)).status).toBe(403);
    // Excel export of the report.
    const xlsx = await r.as(staff(BABU)).get('/duties/tenants?year=2024&format=xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('a congress’s summary is kept a while (five minutes by default), its page of deputies on every request, and again at once when its scheme changes', async () => {
    const county = r.as(staff(BABU));
    const first = (await county.get('/duties/tenants?year=2024')).body;
    expect(Date.parse(first.summary.asOf)).toBeGreaterThan(Date.now() - 120_000);
    // B records one more activity: her own year and the page show it at once…
    const before = (await county.get(`/duties/persons/${B()}?year=2024`)).body.counts.inspection ?? 0;
    await r.as(liaison(HEJIE)).post('/activities', { groupId: ids.group, kind: 'inspection', theme: '视察渡口安全', startDate: '2024-10-10', participants: [{ personId: B(), attendance: 'present' }] });
    expect((await county.get(`/duties/persons/${B()}?year=2024`)).body.counts.inspection).toBe(before + 1);
    const again = (await county.get('/duties/tenants?year=2024')).body;
    expect(again.deputies.find((d: { personId: string }) => d.personId === B()).counts.inspection).toBe(before + 1);
    // …while the county's summary is the one counted a moment ago.
    expect(again.summary).toEqual(first.summary);
    // A changed scheme counts the summary again at once.
    const lenient = { ...DEFAULT_SCHEME, grades: [{ min: 0, label: '合格' }] };
    expect((await county.put('/scoring-scheme', lenient)).status).toBe(200);
    const recounted = (await county.get('/duties/tenants?year=2024')).body;
    expect(recounted.summary.grades).toEqual([{ label: '合格', count: 2 }]);
    expect(recounted.summary.asOf > first.summary.asOf).toBe(true);
    expect((await county.delete('/scoring-scheme')).status).toBe(204);
  });

  it('a congress’s scoring scheme applies to it and is inherited below', async () => {
    const scheme = { ...DEFAULT_SCHEME, sources: { ...DEFAULT_SCHEME.sources, suggestion: ['suggestion', 'co-signed-suggestion'] } };
    expect((await r.as(staff(BABU)).put('/scoring-scheme', scheme)).status).toBe(200);
    const inherited = await r.as(staff(HEJIE)).get('/scoring-scheme');
    expect(inherited.body.definedBy).toBe(BABU);
    const b = (await r.as(staff(BABU)).get(`/duties/persons/${B()}?year=2024`)).body;
    expect(b.items.find((i: { item: string }) => i.item === 'suggestion').met).toBe(true);
    expect(b.scheme.definedBy).toBe(BABU);
    const bad = await r.as(staff(BABU)).put('/scoring-scheme', { ...DEFAULT_SCHEME, grades: [{ min: 10, label: '甲' }, { min: 50, label: '乙' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('/body/grades/1/min');
    expect((await r.as(liaison(BABU)).put('/scoring-scheme', scheme)).status).toBe(403);
    await r.as(staff(BABU)).delete('/scoring-scheme');
    expect((await r.as(staff(HEJIE)).get('/scoring-scheme')).body.definedBy).toBeNull();
  });

  it('the plan shows the quarters held', async () => {
    const plan = (await r.as(staff(BABU)).get(`/plans/${ids.plan}`)).body;
    expect(plan.quarters.map((q: { held: boolean }) => q.held)).toEqual([true, false, true, false]);
  });

  it('the registry’s own events left through the outbox onto NATS', async () => {
    await waitFor(() => published.includes('onenet.registry.activity.recorded.v1') && published.includes('onenet.registry.group.membership-changed.v1'), { what: 'registry events' });
    expect(published).toEqual(expect.arrayContaining(['onenet.registry.person.created.v1', 'onenet.registry.mandate.created.v1']));
    // Private data never travels.
    const { rows } = await r.service.database.pool.query(`select envelope::text as e from registry.outbox`);
    expect(rows.map((row) => row.e).join('\n')).not.toMatch(/"idNumber"|"phone"/);
  });
});

describe('leaving a group', () => {
  it('a member leaves; the history keeps it; the group report of the year still counts them', async () => {
    const county = r.as(staff(BABU));
    const left = await county.delete(`/groups/${ids.group}/members/${ids.national}`);
    expect(left.status).toBe(204);
    const group = (await county.get(`/groups/${ids.group}`)).body;
    expect(group.members.map((m: { name: string }) => m.name)).not.toContain('韦国庆');
    expect((await county.delete(`/groups/${ids.group}/members/${ids.national}`)).status).toBe(404);
    const history = (await county.get(`/history?entity=group&entityId=${ids.group}`)).body.items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['created', 'member-joined', 'member-joined', 'member-joined', 'member-left']);
    // They were a member during 2024, so the group's 2024 report still has them.
    const report = (await r.as(liaison(HEJIE)).get(`/duties/groups/${ids.group}?year=2024`)).body;
    expect(report.total).toBe(3);
  });
});
