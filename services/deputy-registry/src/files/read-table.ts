// Reads an uploaded roster — .xlsx or .csv — into rows of cells with the row numbers the user
// sees. CSV files saved by Excel on Chinese Windows are GB18030 (GBK), not UTF-8: the encoding
// is detected rather than assumed.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Cell, RawTable } from '../domain/roster.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';

export class UnreadableFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFile';
  }
}

/** The file's format, from its content: xlsx is a zip (PK\x03\x04); legacy .xls is refused. */
export function sniffFormat(data: Buffer): 'xlsx' | 'csv' {
  if (data.length >= 4 && data.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0) {
    throw new UnreadableFile('this is an old Excel 97–2003 (.xls) file: save it as .xlsx (Excel 工作簿) or CSV and upload again');
  }
  return 'csv';
}

type ExcelValue = ExcelJS.CellValue;

function toCell(value: ExcelValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return toCell((value.result ?? null) as ExcelValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return String(value);
}

/** The first worksheet, or the one whose name says it is the roster (花名册). */
export async function readXlsx(data: Buffer): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile('the file is not a readable .xlsx workbook');
  }
  const sheet = workbook.worksheets.find((ws) => ws.name.includes('花名册')) ?? workbook.worksheets[0];
  if (!sheet) throw new UnreadableFile('the workbook has no worksheet');
  const rows: RawTable['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    // row.values is 1-based with a hole at 0.
    const values = row.values as ExcelValue[];
    for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
    rows.push({ row: rowNumber, cells });
  });
  return { rows };
}

export function decodeText(data: Buffer): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return data.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

export function readCsv(data: Buffer): RawTable {
  const text = decodeText(data);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, trim: true, bom: true, delimiter: text.includes('\t') && !text.includes(',') ? '\t' : ',' });
  } catch (error) {
    throw new UnreadableFile(`the CSV file cannot be read: ${(error as Error).message}`);
  }
  return { rows: records.map((cells, i) => ({ row: i + 1, cells })) };
}

export async function readTable(data: Buffer): Promise<RawTable> {
  return sniffFormat(data) === 'xlsx' ? readXlsx(data) : readCsv(data);
}
