// Ledgers (两册七簿) and lists as files: .xlsx through exceljs, PDF through pdfkit with a Simplified
// Chinese font embedded (Noto Sans Hans, SIL OFL 1.1, shipped by the npm package
// @embedpdf/fonts-sc, so no system font is needed). pdfkit subsets the font: only the glyphs
// used are written into the PDF.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Ledger, LedgerBookData, LedgerColumn, LedgerRow } from '../domain/ledgers.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let fontCache: Buffer | undefined;
/** The CJK font, read once per process. */
export function cjkFont(): Buffer {
  fontCache ??= readFileSync(new URL('../fonts/NotoSansHans-Regular.otf', import.meta.resolve('@embedpdf/fonts-sc')));
  return fontCache;
}

const thin = { style: 'thin' as const, color: { argb: 'FF999999' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** One worksheet: a merged title row, a bold header row (frozen), the data rows. */
function addSheet(workbook: ExcelJS.Workbook, name: string, title: string, columns: LedgerColumn[], rows: LedgerRow[]): void {
  // Sheet names: at most 31 characters, none of []:*?/\
  const sheet = workbook.addWorksheet(name.replace(/[[\]:*?/\\]/g, '').slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width + 2 }));
  sheet.mergeCells(1, 1, 1, Math.max(1, columns.length));
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center' };
  const header = sheet.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = border;
  });
  for (const row of rows) {
    const added = sheet.addRow(columns.map((c) => row[c.key] ?? null));
    added.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = border;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
  }
}

export async function ledgerXlsx(ledger: Ledger): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'One Network 代表履职一张网';
  workbook.created = new Date();
  for (const book of ledger.books) {
    addSheet(workbook, book.title, `${ledger.stationName} ${ledger.year}年 ${book.title}`, book.columns, book.rows);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Any list as a one-sheet workbook (the "export to Excel" of every list). */
export async function listXlsx(title: string, columns: LedgerColumn[], rows: LedgerRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'One Network 代表履职一张网';
  addSheet(workbook, title, title, columns, rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- PDF

const PAGE = { size: 'A4' as const, layout: 'landscape' as const, margin: 36 };
const FONT_SIZE = 8;
const PADDING = 3;

function drawTable(doc: PDFKit.PDFDocument, book: LedgerBookData): void {
  const left = doc.page.margins.left;
  const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const total = book.columns.reduce((s, c) => s + c.width, 0);
  const widths = book.columns.map((c) => (c.width / total) * usable);
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const rowHeight = (cells: string[]) =>
    Math.max(...cells.map((text, i) => doc.heightOfString(text || ' ', { width: widths[i]! - 2 * PADDING }))) + 2 * PADDING;

  const drawRow = (cells: string[], header: boolean) => {
    const height = rowHeight(cells);
    if (doc.y + height > bottom()) {
      doc.addPage();
      drawRow(book.columns.map((c) => c.header), true);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((text, i) => {
      const w = widths[i]!;
      if (header) doc.rect(x, y, w, height).fillAndStroke('#e8eef7', '#999999').fillColor('#000000');
      else doc.rect(x, y, w, height).stroke('#999999');
      doc.text(text, x + PADDING, y + PADDING, { width: w - 2 * PADDING, lineBreak: true });
      x += w;
    });
    doc.x = left;
    doc.y = y + height;
  };

  drawRow(book.columns.map((c) => c.header), true);
  if (book.rows.length === 0) {
    doc.moveDown(0.5).text('（本年度无记录）', left, doc.y);
    return;
  }
  for (const row of book.rows) drawRow(book.columns.map((c) => (row[c.key] === null || row[c.key] === undefined ? '' : String(row[c.key]))), false);
}

export async function ledgerPdf(ledger: Ledger): Promise<Buffer> {
  const doc = new PDFDocument({ ...PAGE, info: { Title: `${ledger.stationName} ${ledger.year}年 两册七簿`, Creator: 'One Network 代表履职一张网' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');

  doc.fontSize(20).text(`${ledger.stationName}`, { align: 'center' });
  doc.moveDown(0.5).fontSize(16).text(`${ledger.year}年 两册七簿`, { align: 'center' });
  if (ledger.place) doc.moveDown(0.5).fontSize(12).text(ledger.place, { align: 'center' });
  doc.moveDown(1).fontSize(11);
  ledger.books.forEach((book, i) => doc.text(`${i + 1}. ${book.title}（${book.rows.length}条）`, { align: 'center' }));

  for (const book of ledger.books) {
    doc.addPage();
    doc.fontSize(14).text(`${ledger.stationName} ${ledger.year}年 ${book.title}`, { align: 'center' });
    doc.moveDown(0.5).fontSize(FONT_SIZE);
    drawTable(doc, book);
  }
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
