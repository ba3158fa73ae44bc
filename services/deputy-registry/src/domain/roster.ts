// Validation of deputy rosters (代表花名册) as county staff keep them: a sheet with Chinese column
// headers, often a title row above the headers, ID numbers sometimes mangled by Excel, birth
// months in half a dozen spellings. Every problem is reported as (row, field, reason), row being
// the row number the user sees in the spreadsheet.
import { checkBirthMonth, checkIdNumber, checkMobile, idNumberFacts, parseGender } from './identity.ts';
import { LEVEL_LABELS, levelsElectedBy, parseLevel, type DeputyLevel } from './levels.ts';

export type RosterField =
  | 'name'
  | 'gender'
  | 'ethnicity'
  | 'birthMonth'
  | 'idNumber'
  | 'phone'
  | 'level'
  | 'constituency'
  | 'delegation'
  | 'term'
  | 'occupation'
  | 'workplace'
  | 'startDate'
  | 'isFarmer';

/** Column headers each field is known by, first one canonical (used in exports and messages). */
export const ROSTER_HEADERS: Record<RosterField, readonly string[]> = {
  name: ['姓名', '代表姓名'],
  gender: ['性别'],
  ethnicity: ['民族'],
  birthMonth: ['出生年月', '出生日期', '出生年月日'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '身份证'],
  phone: ['手机号', '手机号码', '手机', '联系电话', '电话'],
  level: ['代表层级', '层级', '代表级别', '级别'],
  constituency: ['选区', '选举单位', '原选区'],
  delegation: ['代表团'],
  term: ['届次'],
  occupation: ['职业', '职业构成', '代表构成'],
  workplace: ['工作单位', '工作单位及职务', '单位及职务', '单位'],
  startDate: ['当选日期', '当选时间', '任期开始'],
  isFarmer: ['农民代表', '是否农民代表'],
};

export const REQUIRED_COLUMNS: readonly RosterField[] = ['name', 'idNumber', 'level', 'term'];

/** The canonical header of a field, for messages and exports. */
export const headerOf = (field: RosterField): string => ROSTER_HEADERS[field][0]!;

export interface RosterProblem {
  /** Spreadsheet row number (1-based, as shown by Excel); the header row for missing columns. */
  row: number;
  field: RosterField | 'row';
  /** The column header the user knows the field by. */
  column: string;
  reason: string;
}

export interface RosterRow {
  row: number;
  name: string;
  gender: 'female' | 'male';
  ethnicity: string | null;
  birthMonth: string;
  idNumber: string;
  phone: string | null;
  level: DeputyLevel;
  constituency: string | null;
  delegation: string | null;
  term: string;
  occupation: string | null;
  workplace: string | null;
  startDate: string;
  isFarmer: boolean;
}

/** A cell as read from a sheet: text, a number, a date, or nothing. */
export type Cell = string | number | Date | boolean | null;

export interface RawTable {
  /** Rows in sheet order, with their spreadsheet row numbers. */
  rows: { row: number; cells: Cell[] }[];
}

const normaliseHeader = (text: string): string => text.replace(/[\s\u3000*＊:：]/g, '').replace(/（/g, '(').replace(/）/g, ')');

/** Finds the header row (the first of the top ten rows naming 姓名) and maps columns to fields. */
export function locateColumns(table: RawTable): { headerRow: number; headerIndex: number; columns: Map<RosterField, number> } | undefined {
  const aliases = new Map<string, RosterField>();
  for (const [field, names] of Object.entries(ROSTER_HEADERS) as [RosterField, readonly string[]][]) {
    for (const name of names) aliases.set(normaliseHeader(name), field);
  }
  for (let i = 0; i < Math.min(10, table.rows.length); i++) {
    const { row, cells } = table.rows[i]!;
    const headers = cells.map((c) => normaliseHeader(cellText(c)));
    if (!headers.some((h) => aliases.get(h) === 'name')) continue;
    const columns = new Map<RosterField, number>();
    headers.forEach((h, index) => {
      const field = aliases.get(h);
      if (field && !columns.has(field)) columns.set(field, index);
    });
    return { headerRow: row, headerIndex: i, columns };
  }
  return undefined;
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).replace(/\u3000/g, ' ').trim();
}

/** The 56 recognised ethnic groups; rosters often drop the trailing 族 (壮, 瑶). */
const ETHNIC_GROUPS =
  '汉 壮 满 回 苗 维吾尔 土家 彝 蒙古 藏 布依 侗 瑶 朝鲜 白 哈尼 哈萨克 黎 傣 畲 傈僳 仡佬 东乡 高山 拉祜 水 佤 纳西 羌 土 仫佬 锡伯 柯尔克孜 达斡尔 景颇 毛南 撒拉 布朗 塔吉克 阿昌 普米 鄂温克 怒 京 基诺 德昂 保安 俄罗斯 裕固 乌孜别克 门巴 鄂伦春 独龙 塔塔尔 赫哲 珞巴'.split(' ');
const ETHNICITIES = new Set(ETHNIC_GROUPS.map((g) => `${g}族`));

export function normaliseEthnicity(raw: string): string | undefined {
  const text = raw.replace(/\s/g, '');
  if (ETHNICITIES.has(text)) return text;
  if (ETHNICITIES.has(`${text}族`)) return `${text}族`;
  return undefined;
}

/** A farmer deputy (农民代表) by an explicit column, else by occupation. */
function farmerFlag(explicit: string, occupation: string | null): boolean | undefined {
  if (explicit !== '') {
    if (/^(是|Y|YES|TRUE|1|√|农民代表)$/i.test(explicit)) return true;
    if (/^(否|N|NO|FALSE|0|×)$/i.test(explicit)) return false;
    return undefined;
  }
  return occupation !== null && /农民|农业生产|种植|养殖/.test(occupation);
}

const DATE = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/;

function checkDate(cell: Cell | undefined): string | undefined {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const m = DATE.exec(cellText(cell));
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso) ? iso : undefined;
}

export interface RosterOptions {
  /** The electing congress the roster is imported into; the levels it elects are allowed. */
  tenantPath: string;
  /** Start date for rows without a 当选日期 column or value. */
  defaultStartDate?: string;
  now?: Date;
}

export interface RosterResult {
  rows: RosterRow[];
  problems: RosterProblem[];
  /** Data rows seen (blank rows are skipped and not counted). */
  total: number;
}

const limits: Partial<Record<RosterField, number>> = { name: 50, constituency: 100, delegation: 100, term: 50, occupation: 200, workplace: 200 };

/** Validates a whole roster: every bad field of every row is reported, nothing is skipped silently. */
export function validateRoster(table: RawTable, options: RosterOptions): RosterResult {
  const located = locateColumns(table);
  if (!located) {
    return { rows: [], total: 0, problems: [{ row: 1, field: 'name', column: headerOf('name'), reason: '找不到表头：前10行中没有“姓名”列' }] };
  }
  const { headerRow, headerIndex, columns } = located;
  const problems: RosterProblem[] = [];
  for (const field of REQUIRED_COLUMNS) {
    if (!columns.has(field)) problems.push({ row: headerRow, field, column: headerOf(field), reason: `缺少“${headerOf(field)}”列` });
  }
  if (problems.length > 0) return { rows: [], total: 0, problems };
  if (!columns.has('startDate') && !options.defaultStartDate) {
    return { rows: [], total: 0, problems: [{ row: headerRow, field: 'startDate', column: headerOf('startDate'), reason: '表中没有“当选日期”列：请在导入时给出任期开始日期（startDate）' }] };
  }

  const allowed = levelsElectedBy(options.tenantPath);
  const rows: RosterRow[] = [];
  const seenIds = new Map<string, { row: number; name: string; mandates: Map<string, number> }>();
  let total = 0;

  for (const { row, cells } of table.rows.slice(headerIndex + 1)) {
    const get = (field: RosterField): Cell | undefined => {
      const index = columns.get(field);
      return index === undefined ? undefined : cells[index];
    };
    const text = (field: RosterField): string => cellText(get(field));
    if (cells.every((c) => cellText(c) === '')) continue;
    total += 1;
    const bad: RosterProblem[] = [];
    const fail = (field: RosterField | 'row', reason: string) => bad.push({ row, field, column: field === 'row' ? '' : headerOf(field), reason });
    const optional = (field: RosterField): string | null => {
      const value = text(field);
      if (value === '') return null;
      const max = limits[field];
      if (max && value.length > max) fail(field, `不能超过${max}个字`);
      return value;
    };

    const name = text('name').replace(/\s+/g, '');
    if (name === '') fail('name', '姓名为空');
    else if (name.length > 50) fail('name', '姓名不能超过50个字');
    else if (!/^[\p{Script=Han}A-Za-z·•.-]+$/u.test(name)) fail('name', '姓名含有数字或符号');

    let idNumber = '';
    const idCell = get('idNumber');
    if (typeof idCell === 'number') {
      fail('idNumber', '身份证号被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写');
    } else {
      const checked = checkIdNumber(text('idNumber'));
      if (checked.ok) idNumber = checked.value;
      else fail('idNumber', checked.reason);
    }
    const facts = idNumber ? idNumberFacts(idNumber) : undefined;

    let gender: 'female' | 'male' | undefined = facts?.gender;
    if (text('gender') !== '') {
      const parsed = parseGender(text('gender'));
      if (!parsed) fail('gender', '性别应为“男”或“女”');
      else if (facts && parsed !== facts.gender) fail('gender', '性别与身份证号不符');
      else gender = parsed;
    } else if (!facts) fail('gender', '性别为空');

    let birthMonth = facts?.birthDate.slice(0, 7);
    const birthCell = get('birthMonth');
    if (cellText(birthCell) !== '') {
      const checked = checkBirthMonth(birthCell, options.now);
      if (!checked.ok) fail('birthMonth', checked.reason);
      else if (facts && checked.value !== facts.birthDate.slice(0, 7)) fail('birthMonth', `出生年月与身份证号不符（身份证为${facts.birthDate.slice(0, 7)}）`);
      else birthMonth = checked.value;
    }
    if (facts && birthMonth) {
      const adult = checkBirthMonth(birthMonth, options.now);
      if (!adult.ok) fail('birthMonth', adult.reason);
    }

    let ethnicity: string | null = null;
    if (text('ethnicity') !== '') {
      const e = normaliseEthnicity(text('ethnicity'));
      if (!e) fail('ethnicity', `“${text('ethnicity')}”不是规范的民族名称`);
      else ethnicity = e;
    }

    let phone: string | null = null;
    if (text('phone') !== '') {
      const checked = checkMobile(text('phone'));
      if (checked.ok) phone = checked.value;
      else fail('phone', checked.reason);
    }

    const levelText = text('level');
    const level = levelText === '' ? undefined : parseLevel(levelText);
    if (levelText === '') fail('level', '代表层级为空');
    else if (!level) fail('level', `无法识别代表层级“${levelText}”（应为全国、自治区、市、县、乡镇之一）`);
    else if (!allowed.includes(level)) fail('level', `本级人大只能导入由本级选举的${allowed.map((l) => LEVEL_LABELS[l]).join('、')}代表`);

    const term = text('term');
    if (term === '') fail('term', '届次为空');
    else if (term.length > 50) fail('term', '届次不能超过50个字');

    let startDate = options.defaultStartDate;
    if (text('startDate') !== '') {
      startDate = checkDate(get('startDate'));
      if (!startDate) fail('startDate', '当选日期格式应为 2021-09-28');
    }

    const occupation = optional('occupation');
    const isFarmer = farmerFlag(text('isFarmer'), occupation);
    if (isFarmer === undefined) fail('isFarmer', '“农民代表”应填“是”或“否”');

    if (idNumber) {
      const seen = seenIds.get(idNumber);
      const mandateKey = `${level}|${term}`;
      if (seen) {
        if (seen.name !== name) fail('idNumber', `与第${seen.row}行身份证号相同但姓名不同`);
        const earlier = seen.mandates.get(mandateKey);
        if (earlier !== undefined) fail('row', `与第${earlier}行重复（同一代表、同一层级、同一届次）`);
        else seen.mandates.set(mandateKey, row);
      } else {
        seenIds.set(idNumber, { row, name, mandates: new Map([[mandateKey, row]]) });
      }
    }

    const record = {
      constituency: optional('constituency'),
      delegation: optional('delegation'),
      workplace: optional('workplace'),
    };
    if (bad.length > 0) {
      problems.push(...bad);
      continue;
    }
    rows.push({
      row,
      name,
      gender: gender!,
      ethnicity,
      birthMonth: birthMonth!,
      idNumber,
      phone,
      level: level!,
      term,
      occupation,
      isFarmer: isFarmer!,
      startDate: startDate!,
      ...record,
    });
  }
  if (total === 0) problems.push({ row: headerRow, field: 'row', column: '', reason: '表中没有数据行' });
  return { rows, problems, total };
}
