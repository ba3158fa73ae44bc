// The "two rosters and seven books" (两册七簿) of a station: views of the registry's data for one
// station and year, in the order and with the headers the source document names them.

export const LEDGER_BOOKS = [
  'deputy-roster',
  'assistance-roster',
  'meetings',
  'letters-visits',
  'suggestions',
  'archives',
  'activities',
  'practical-deeds',
  'inspections-research',
] as const;
export type LedgerBook = (typeof LEDGER_BOOKS)[number];

export interface LedgerColumn {
  key: string;
  header: string;
  /** Relative width (characters in a spreadsheet; shares of the page in PDF). */
  width: number;
}

export interface LedgerDefinition {
  book: LedgerBook;
  title: string;
  columns: LedgerColumn[];
}

const col = (key: string, header: string, width: number): LedgerColumn => ({ key, header, width });

export const LEDGER_DEFINITIONS: Record<LedgerBook, LedgerDefinition> = {
  'deputy-roster': {
    book: 'deputy-roster',
    title: '代表花名册',
    columns: [
      col('index', '序号', 5),
      col('name', '姓名', 10),
      col('gender', '性别', 5),
      col('ethnicity', '民族', 7),
      col('birthMonth', '出生年月', 9),
      col('levels', '代表层级', 14),
      col('term', '届次', 10),
      col('constituency', '选区', 14),
      col('occupation', '职业', 12),
      col('workplace', '工作单位', 20),
      col('group', '所在小组', 14),
      col('role', '小组职务', 8),
    ],
  },
  'assistance-roster': {
    book: 'assistance-roster',
    title: '代表帮扶花名册',
    columns: [
      col('index', '序号', 5),
      col('deputy', '代表姓名', 10),
      col('household', '帮扶对象（户主）', 14),
      col('village', '所在村（组）', 14),
      col('reason', '致贫原因', 14),
      col('measures', '帮扶措施', 24),
      col('startedOn', '开始时间', 11),
      col('endedOn', '结束时间', 11),
      col('outcome', '帮扶成效', 20),
    ],
  },
  meetings: {
    book: 'meetings',
    title: '会议记录簿',
    columns: [
      col('index', '序号', 5),
      col('date', '日期', 11),
      col('title', '会议名称', 22),
      col('people', '参加人员', 24),
      col('content', '会议内容', 30),
      col('handling', '决定事项', 20),
    ],
  },
  'letters-visits': {
    book: 'letters-visits',
    title: '来信来访登记簿',
    columns: [
      col('index', '序号', 5),
      col('date', '日期', 11),
      col('title', '来信来访事由', 24),
      col('people', '来信来访人', 16),
      col('content', '主要内容', 30),
      col('handling', '处理情况', 22),
    ],
  },
  suggestions: {
    book: 'suggestions',
    title: '代表建议登记簿',
    columns: [
      col('index', '序号', 5),
      col('date', '提出日期', 11),
      col('deputy', '领衔代表', 10),
      col('title', '建议标题', 32),
      col('kind', '类别', 8),
      col('period', '提出时间', 10),
      col('state', '办理状态', 12),
    ],
  },
  archives: {
    book: 'archives',
    title: '档案管理登记簿',
    columns: [
      col('index', '序号', 5),
      col('date', '归档日期', 11),
      col('title', '档案名称', 28),
      col('people', '经办人', 12),
      col('content', '内容摘要', 30),
      col('handling', '存放位置', 16),
    ],
  },
  activities: {
    book: 'activities',
    title: '代表活动记录簿',
    columns: [
      col('index', '序号', 5),
      col('date', '活动日期', 18),
      col('kind', '活动类型', 10),
      col('theme', '活动主题', 24),
      col('place', '活动地点', 16),
      col('participants', '参加代表', 28),
      col('outcome', '活动成效', 26),
    ],
  },
  'practical-deeds': {
    book: 'practical-deeds',
    title: '代表为民办实事好事登记簿',
    columns: [
      col('index', '序号', 5),
      col('date', '日期', 18),
      col('theme', '实事好事内容', 28),
      col('place', '地点', 16),
      col('participants', '参与代表', 24),
      col('outcome', '成效', 26),
    ],
  },
  'inspections-research': {
    book: 'inspections-research',
    title: '代表视察调研情况登记簿',
    columns: [
      col('index', '序号', 5),
      col('date', '日期', 18),
      col('kind', '类型', 8),
      col('theme', '视察调研主题', 26),
      col('place', '地点', 16),
      col('participants', '参加代表', 24),
      col('outcome', '意见建议及成效', 28),
    ],
  },
};

export type LedgerRow = Record<string, string | number | null>;

export interface LedgerBookData extends LedgerDefinition {
  rows: LedgerRow[];
}

export interface Ledger {
  stationName: string;
  /** e.g. 八步区贺街镇 */
  place: string | null;
  year: number;
  books: LedgerBookData[];
}

/** 2024-03-01 or 2024-03-01至2024-03-02 */
export const dateSpan = (start: string, end: string): string => (start === end ? start : `${start}至${end}`);
