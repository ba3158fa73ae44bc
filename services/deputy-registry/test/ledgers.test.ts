// The two rosters and seven books (两册七簿) of a station, generated from the data: the .xlsx is
// read back (sheets, headers, rows) and the PDF's text extracted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { SuggestionSubmitted } from '@onenet/contracts';
import { waitFor } from '@onenet/bus/testing';
import { LEDGER_BOOKS, LEDGER_DEFINITIONS } from '../src/domain/ledgers.ts';
import { BABU, HEJIE, idNumber, liaison, staff, startRegistry, type Registry } from './support.ts';

let r: Registry;
let station: string;
const STATION_NAME = '贺街镇人大代表之家';

beforeAll(async () => {
  r = await startRegistry();
  const township = r.as(staff(HEJIE));
  const mandate = { level: 'township', term: '第十八届', startDate: '2021-09-28', constituency: '河东选区' };
  const a = (await township.post('/persons', { name: '莫桂兰', gender: 'female', ethnicity: '瑶族', birthMonth: '1978-02', occupation: '农民', workplace: '河东村', isFarmer: true, idNumber: idNumber('451102', '1978-02-03', 24), mandate })).body.personId;
  const b = (await township.post('/persons', { name: '邓光明', idNumber: idNumber('451102', '1969-11-21', 33), mandate })).body.personId;
  station = (await r.as(staff(BABU)).post('/stations', { name: STATION_NAME, kind: 'deputies-home', tenantPath: HEJIE })).body.id;
  const group = (await r.as(staff(BABU)).post('/groups', { name: '河东代表小组', stationId: station })).body.id;
  await r.as(staff(BABU)).put(`/groups/${group}/members/${a}`, { role: 'leader', joinedOn: '2024-01-01' });
  await r.as(staff(BABU)).put(`/groups/${group}/members/${b}`, { role: 'member', joinedOn: '2024-01-01' });

  const hejie = r.as(liaison(HEJIE));
  const both = [a, b].map((personId) => ({ personId, attendance: 'present' }));
  const activities = [
    { kind: 'group-activity', theme: '小组学习会', startDate: '2024-03-01' },
    { kind: 'inspection', theme: '视察农村饮水安全', startDate: '2024-04-10', endDate: '2024-04-11', place: '河东村' },
    { kind: 'research', theme: '调研砂糖桔产业', startDate: '2024-05-20' },
    { kind: 'practical-deed', theme: '为河东村修建便民桥', startDate: '2024-10-01', outcome: '便民桥建成通行' },
    { kind: 'voter-reception', theme: '代表接待选民日', startDate: '2024-06-15' },
  ];
  for (const activity of activities) expect((await hejie.post('/activities', { ...activity, groupId: group, participants: both })).status).toBe(201);
  // An activity of another year is not in the 2024 books.
  await hejie.post('/activities', { kind: 'research', theme: '上年调研', startDate: '2023-12-30', groupId: group, participants: both });
  await hejie.post(`/stations/${station}/records`, { book: 'meeting', recordedOn: '2024-01-15', title: '年度工作部署会', people: '全体代表', content: '部署全年工作' });
  await hejie.post(`/stations/${station}/records`, { book: 'letter-visit', recordedOn: '2024-02-02', title: '反映村道破损', people: '村民张某', handling: '已转镇政府' });
  await hejie.post(`/stations/${station}/records`, { book: 'archive', recordedOn: '2024-12-20', title: '2024年活动照片', people: '邓联络', handling: '档案柜A-3' });
  await hejie.post('/assistance', { personId: a, stationId: station, household: '莫某', village: '河东村三组', measures: '种植技术指导', startedOn: '2024-02-01' });

  const envelope = SuggestionSubmitted.envelope({
    data: { suggestionId: crypto.randomUUID(), kind: 'suggestion', title: '关于加快河东村道路硬化的建议', period: 'between-sessions', leadPersonId: a, leadMandateId: crypto.randomUUID(), coSignerPersonIds: [] },
    tenantPath: HEJIE,
    actor: null,
    occurredAt: '2024-07-07T03:00:00Z',
  });
  await r.service.transport.ensureStream(SuggestionSubmitted.stream);
  await r.service.transport.publish(SuggestionSubmitted.subject, Buffer.from(JSON.stringify(envelope)), { msgId: envelope.id });
  await waitFor(async () => (await r.service.database.pool.query(`select 1 from registry.duty_fact where source = 'suggestions'`)).rowCount === 1, { what: 'the suggestion fact' });
});
afterAll(async () => r?.stop());

describe('ledgers', () => {
  it('the .xlsx has the nine books with Chinese headers and the year’s rows', async () => {
    const response = await r.as(liaison(HEJIE)).get(`/stations/${station}/ledgers/2024`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(response.headers.get('content-disposition') ?? '')).toContain('两册七簿.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.raw as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(LEDGER_BOOKS.map((b) => LEDGER_DEFINITIONS[b].title));

    const sheet = (title: string) => {
      const ws = workbook.getWorksheet(title)!;
      const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
      const rows: unknown[][] = [];
      for (let i = 3; i <= ws.rowCount; i++) rows.push(values(i));
      return { title: values(1)[0], headers: values(2), rows };
    };
    const roster = sheet('代表花名册');
    expect(roster.title).toBe(`${STATION_NAME} 2024年 代表花名册`);
    expect(roster.headers).toEqual(['序号', '姓名', '性别', '民族', '出生年月', '代表层级', '届次', '选区', '职业', '工作单位', '所在小组', '小组职务']);
    expect(roster.rows).toEqual([
      [1, '邓光明', '男', undefined, '1969-11', '乡镇', '第十八届', '河东选区', undefined, undefined, '河东代表小组', '组员'],
      [2, '莫桂兰', '女', '瑶族', '1978-02', '乡镇', '第十八届', '河东选区', '农民', '河东村', '河东代表小组', '组长'],
    ]);
    const activities = sheet('代表活动记录簿');
    expect(activities.headers).toEqual(['序号', '活动日期', '活动类型', '活动主题', '活动地点', '参加代表', '活动成效']);
    expect(activities.rows.map((row) => row[3])).toEqual(['小组学习会', '视察农村饮水安全', '调研砂糖桔产业', '代表接待选民日', '为河东村修建便民桥']);
    expect(activities.rows[1]![1]).toBe('2024-04-10至2024-04-11');
    expect(sheet('代表视察调研情况登记簿').rows.map((row) => row[2])).toEqual(['视察', '调研']);
    expect(sheet('代表为民办实事好事登记簿').rows).toEqual([[1, '2024-10-01', '为河东村修建便民桥', undefined, '莫桂兰、邓光明', '便民桥建成通行']]);
    expect(sheet('会议记录簿').rows.map((row) => row[2])).toEqual(['年度工作部署会', '小组活动：小组学习会']);
    expect(sheet('来信来访登记簿').rows.map((row) => row[2])).toEqual(['反映村道破损', '接待选民：代表接待选民日']);
    expect(sheet('档案管理登记簿').rows.map((row) => row[2])).toEqual(['2024年活动照片']);
    expect(sheet('代表帮扶花名册').rows.map((row) => [row[1], row[2], row[3]])).toEqual([['莫桂兰', '莫某', '河东村三组']]);
    expect(sheet('代表建议登记簿').rows.map((row) => [row[2], row[3], row[5]])).toEqual([['莫桂兰', '关于加快河东村道路硬化的建议', '闭会期间']]);
  });

  it('the PDF has pages and carries the station’s name in Chinese', async () => {
    const response = await r.as(liaison(HEJIE)).get(`/stations/${station}/ledgers/2024?format=pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = await getDocument({ data: new Uint8Array(response.raw), useSystemFonts: false }).promise;
    expect(pdf.numPages).toBeGreaterThanOrEqual(1);
    let text = '';
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
    }
    expect(text).toContain(STATION_NAME);
    expect(text).toContain('代表视察调研情况登记簿');
    expect(text).toContain('为河东村修建便民桥');
  });

  it('a station outside the caller’s reach is not found; a bad year is a 400', async () => {
    expect((await r.as(liaison(`${BABU}/451102103`)).get(`/stations/${station}/ledgers/2024`)).status).toBe(404);
    const bad = await r.as(liaison(HEJIE)).get(`/stations/${station}/ledgers/1800`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('/params/year');
  });
});
