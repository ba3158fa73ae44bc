// Progress and results notices (办理进度通报 / 办理结果通报) as Excel and PDF. The PDF embeds
// Noto Sans SC from the npm package @embedpdf/fonts-sc (the same font the registry uses), so
// no system font is needed; pdfkit subsets it to the glyphs the notice uses.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';

let fontCache: Buffer | undefined;
function cjkFont(): Buffer {
  fontCache ??= readFileSync(new URL('../fonts/NotoSansHans-Regular.otf', import.meta.resolve('@embedpdf/fonts-sc')));
  return fontCache;
}

export interface NoticeTable {
  title: string;
  /** Lines under the title: the period, the congress, the date of the data. */
  subtitle: string[];
  columns: { header: string; key: string; width: number }[];
  rows: Record<string, string | number | null>[];
  /** Lines after the table (totals, remarks). */
  footer: string[];
}

export async function noticeXlsx(table: NoticeTable): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'One Network 代表履职一张网';
  const sheet = book.addWorksheet('通报');
  const width = table.columns.length;
  sheet.addRow([table.title]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.getRow(1).font = { bold: true, size: 14 };
  for (const line of table.subtitle) sheet.addRow([line]);
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  table.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  for (const row of table.rows) sheet.addRow(table.columns.map((c) => row[c.key] ?? ''));
  for (const line of table.footer) sheet.addRow([line]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export function noticePdf(table: NoticeTable): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: table.title, Creator: 'One Network 代表履职一张网' } });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.fontSize(16).text(table.title, { align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(10);
  for (const line of table.subtitle) doc.text(line, { align: 'center' });
  doc.moveDown();

  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const total = table.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * usable);
  const drawRow = (cells: string[], bold = false) => {
    const heights = cells.map((text, i) => doc.heightOfString(text, { width: widths[i]! - 6 }));
    const height = Math.max(16, ...heights) + 6;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((text, i) => {
      doc.rect(x, top, widths[i]!, height).stroke();
      doc.text(text, x + 3, top + 3, { width: widths[i]! - 6, lineBreak: true });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = top + height;
    if (bold) doc.moveDown(0);
  };
  doc.fontSize(9);
  drawRow(table.columns.map((c) => c.header), true);
  for (const row of table.rows) drawRow(table.columns.map((c) => (row[c.key] === null || row[c.key] === undefined ? '' : String(row[c.key]))));
  doc.moveDown();
  doc.fontSize(10);
  for (const line of table.footer) doc.text(line, left);
  doc.end();
  return done;
}
