// Roster import the way county staff have it: 10,000 rows in an .xlsx with a title row and Chinese
// headers, a few dozen bad rows; the dry run names every one; the fixed file imports completely;
// importing it again changes nothing. Also a GBK-encoded CSV saved by Excel on Chinese Windows.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { BABU, CITY, HEJIE, idNumber, staff, startRegistry, type Registry } from './support.ts';

let r: Registry;
beforeAll(async () => {
  r = await startRegistry();
});
afterAll(async () => r?.stop());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['序号', '姓名', '性别', '民族', '出生年月', '身份证号', '手机号', '代表层级', '选区', '届次', '职业', '工作单位'];
const SURNAMES = '李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国志红梅林海波宁';
const ETHNIC = ['汉族', '壮族', '瑶族', '苗族', '侗族', '壮', '瑶'];
const LEVELS = ['县级', '县', '区', '县（区）', '县级人大代表'];

type Row = (string | number | Date | null)[];

function goodRow(i: number): Row {
  const year = 1950 + (i % 50);
  const month = (i % 12) + 1;
  const day = (i % 28) + 1;
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  // Sequence digits vary by i; their parity gives the gender.
  const seq = i % 1000;
  const id = idNumber(String(451102 + (Math.floor(i / 1000) % 5) * 10), `${year}-${month}-${day}`.replace(/-(\d)\b/g, '-0$1'), seq);
  const gender = seq % 2 === 1 ? '男' : '女';
  void birth;
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + (i % 3 === 0 ? GIVEN[(i * 13) % GIVEN.length]! : '');
  const birthCell = i % 4 === 0 ? `${year}.${month}` : i % 4 === 1 ? `${year}年${month}月` : i % 4 === 2 ? `${year}-${String(month).padStart(2, '0')}` : new Date(Date.UTC(year, month - 1, 1));
  return [
    i + 1,
    name,
    gender,
    ETHNIC[i % ETHNIC.length]!,
    birthCell,
    id,
    i % 5 === 0 ? null : `13${String(100000000 + i).slice(-9)}`,
    LEVELS[i % LEVELS.length]!,
    `第${(i % 40) + 1}选区`,
    '第五届',
    i % 6 === 0 ? '农民' : '教师',
    `单位${i % 97}`,
  ];
}

/** Column positions in a row (0-based, as in HEADERS). */
const C = { name: 1, gender: 2, ethnicity: 3, birth: 4, id: 5, phone: 6, level: 7, term: 9 };

/** Breaks rows; returns the expected problems as "row:field". */
function breakRows(rows: Row[]): string[] {
  const expected: string[] = [];
  const sheetRow = (i: number) => i + 3; // a title row and the header row come first
  const bad = (i: number, field: string, change: (row: Row) => void) => {
    change(rows[i]!);
    expected.push(`${sheetRow(i)}:${field}`);
  };
  for (let k = 0; k < 6; k++) bad(100 + k * 1000, 'idNumber', (row) => (row[C.id] = String(row[C.id]).slice(0, 17) + (String(row[C.id]).endsWith('0') ? '1' : '0')));
  for (let k = 0; k < 4; k++) bad(150 + k * 1000, 'idNumber', (row) => (row[C.id] = String(row[C.id]).slice(0, 6) + String(row[C.id]).slice(8, 17)));
  // Excel turned the ID number into a number (precision lost).
  for (let k = 0; k < 4; k++) bad(170 + k * 1000, 'idNumber', (row) => (row[C.id] = Number(String(row[C.id]).slice(0, 17))));
  for (let k = 0; k < 5; k++) bad(200 + k * 1000, 'phone', (row) => (row[C.phone] = '0774-512345'));
  for (let k = 0; k < 4; k++) bad(300 + k * 1000, 'level', (row) => (row[C.level] = '村级'));
  // The county does not elect city deputies.
  for (let k = 0; k < 3; k++) bad(350 + k * 1000, 'level', (row) => (row[C.level] = '市级'));
  for (let k = 0; k < 3; k++) bad(400 + k * 1000, 'name', (row) => (row[C.name] = ''));
  for (let k = 0; k < 3; k++) bad(450 + k * 1000, 'name', (row) => (row[C.name] = '张三3'));
  for (let k = 0; k < 3; k++) bad(500 + k * 1000, 'gender', (row) => (row[C.gender] = row[C.gender] === '男' ? '女' : '男'));
  for (let k = 0; k < 3; k++) bad(600 + k * 1000, 'birthMonth', (row) => (row[C.birth] = '1949-13'));
  for (let k = 0; k < 2; k++) bad(700 + k * 1000, 'ethnicity', (row) => (row[C.ethnicity] = '外星族'));
  for (let k = 0; k < 2; k++) bad(800 + k * 1000, 'term', (row) => (row[C.term] = ''));
  // The same deputy twice.
  for (let k = 0; k < 2; k++) {
    const i = 900 + k * 1000;
    rows[i + 1] = [...rows[i]!];
    expected.push(`${sheetRow(i + 1)}:row`);
  }
  // One row with two problems: both are named.
  bad(950, 'phone', (row) => (row[C.phone] = '123'));
  bad(950, 'level', (row) => (row[C.level] = '省长'));
  return expected;
}

async function workbook(rows: Row[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('代表花名册');
  sheet.addRow(['八步区第五届人民代表大会代表花名册']);
  sheet.mergeCells(1, 1, 1, HEADERS.length);
  sheet.addRow(HEADERS);
  sheet.getColumn(C.id + 1).numFmt = '@';
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const rowsOf = (count: number) => Array.from({ length: count }, (_, i) => goodRow(i));

describe('roster import', () => {
  const county = () => r.as(staff(BABU));
  const total = 10_000;
  let good: Row[];
  const alreadyAtCity = [3, 4, 5];

  beforeAll(async () => {
    good = rowsOf(total);
    // Three of them already sit in the city congress: they must be matched, not duplicated.
    for (const i of alreadyAtCity) {
      const row = good[i]!;
      const reply = await r.as(staff(CITY)).post('/persons', { name: row[C.name], idNumber: row[C.id], mandate: { level: 'city', term: '市四届', startDate: '2021-09-28' } });
      expect(reply.status).toBe(201);
    }
  });

  it('the dry run names every bad row, field and reason, and imports nothing', { timeout: 120_000 }, async () => {
    const rows = good.map((row) => [...row]);
    const expected = breakRows(rows);
    const file = await workbook(rows);
    const dry = await county().post('/imports/roster?dryRun=true&startDate=2021-09-28', file, XLSX);
    expect(dry.status).toBe(200);
    expect(dry.body.rows).toBe(total);
    expect(dry.body.changes).toBeNull();
    const found = dry.body.problems.map((p: { row: number; field: string }) => `${p.row}:${p.field}`);
    expect(found.sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThanOrEqual(36);
    for (const p of dry.body.problems) expect(p.reason).toMatch(/\p{Script=Han}/u);
    expect(dry.body.problems.find((p: { row: number; field: string }) => p.row === 173 && p.field === 'idNumber').reason).toContain('文本');

    const refused = await county().post('/imports/roster?startDate=2021-09-28', file, XLSX);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.problems).toHaveLength(expected.length);
    const { rows: people } = await r.service.database.pool.query(`select count(*)::int as n from registry.person`);
    expect(people[0].n).toBe(alreadyAtCity.length);
    expect((await county().get('/persons?status=any&limit=1')).body.total).toBe(0);
  });

  it('the fixed file imports completely; importing it again changes nothing', { timeout: 300_000 }, async () => {
    const file = await workbook(good);
    const dry = await county().post('/imports/roster?dryRun=true&startDate=2021-09-28', file, XLSX);
    expect(dry.body.problems).toEqual([]);
    expect(dry.body.changes).toEqual({ personsCreated: total - 3, personsMatched: 3, personsUpdated: 3, mandatesCreated: total, mandatesUpdated: 0, unchanged: 0 });
    // The dry run wrote nothing.
    expect((await county().get('/mandates?limit=1')).body.items).toEqual([]);

    const imported = await county().post('/imports/roster?startDate=2021-09-28', file, XLSX);
    expect(imported.status).toBe(200);
    expect(imported.body.changes).toEqual(dry.body.changes);
    expect((await county().get('/persons?limit=1')).body.total).toBe(total);
    // The city's three are one person each, now with two mandates.
    const cityView = (await r.as(staff(CITY)).get(`/persons?q=${encodeURIComponent(String(good[3]![C.name]))}&limit=50`)).body.items;
    const matched = cityView.find((p: { mandates: unknown[] }) => p.mandates.length === 2);
    expect(matched.mandates.map((m: { level: string }) => m.level).sort()).toEqual(['city', 'county']);

    const again = await county().post('/imports/roster?startDate=2021-09-28', file, XLSX);
    expect(again.status).toBe(200);
    expect(again.body.changes).toEqual({ personsCreated: 0, personsMatched: total, personsUpdated: 0, mandatesCreated: 0, mandatesUpdated: 0, unchanged: total });
    const { rows } = await r.service.database.pool.query(`select count(*)::int as n from registry.person`);
    expect(rows[0].n).toBe(total);

    // A broad public search: the total is capped, the page still the first names in order.
    const broad = await r.as().get('/public/profiles?level=county&limit=5&offset=10');
    expect(broad.body).toMatchObject({ total: 2000, totalExact: false });
    const names = broad.body.items.map((p: { name: string }) => p.name);
    expect(names).toHaveLength(5);
    expect([...names].sort()).toEqual(names);
    const narrow = await r.as().get(`/public/profiles?q=${encodeURIComponent(String(good[0]![C.name]))}&level=county`);
    expect(narrow.body.totalExact).toBe(true);
    expect(narrow.body.total).toBeGreaterThanOrEqual(1);

    // The roster exports back to Excel with Chinese headers.
    const exported = await county().get('/persons?format=xlsx&limit=20000');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.raw as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['姓名', '性别', '民族', '出生年月']);
    expect(sheet.rowCount).toBe(total + 2);
  });

  it('a GBK CSV as Excel saves it on Chinese Windows reads correctly', async () => {
    const csv = readFileSync(new URL('./fixtures/roster-gbk.csv', import.meta.url));
    const dry = await r.as(staff(BABU)).post('/imports/roster?dryRun=true&startDate=2021-09-28', csv, 'text/csv');
    expect(dry.status).toBe(200);
    expect(dry.body.rows).toBe(3);
    // 邱少华's phone is a landline: row 5 of the file.
    expect(dry.body.problems).toEqual([{ row: 5, field: 'phone', column: '手机号', reason: expect.stringContaining('11位') }]);
  });

  it('a file without the required columns or of the wrong kind says so', async () => {
    const noId = await r.as(staff(HEJIE)).post('/imports/roster?dryRun=true', Buffer.from('姓名,性别\n张三,男\n'), 'text/csv');
    expect(noId.body.problems.map((p: { field: string }) => p.field)).toEqual(['idNumber', 'level', 'term']);
    const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]);
    const refused = await r.as(staff(HEJIE)).post('/imports/roster?dryRun=true', xls, 'application/vnd.ms-excel');
    expect(refused.status).toBe(415);
    expect(refused.body.detail).toContain('.xlsx');
    expect((await r.as({ roles: ['liaison'], tenantPath: HEJIE }).post('/imports/roster', Buffer.from('x'), 'text/csv')).status).toBe(403);
  });
});
