import { extname } from 'node:path';

/** A figure of the table as a number in the workbook (so that Excel sums it), text otherwise. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The summary table as a file: `.csv` (UTF-8 with a byte-order mark, so that Excel reads the Chinese, lines ended
 * CRLF, fields quoted where they need it) or `.xlsx` (one sheet, header and totals bold, figures as numbers; exceljs,
 * loaded only here, as for the clerk's workbook).
 */
export async function summaryBytes(file: string, cells: string[][], totals: number): Promise<Uint8Array> {
  if (extname(file).toLowerCase() === '.csv') {
    const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return new TextEncoder().encode('\ufeff' + cells.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n');
  }
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'nianbao';
  const sheet = book.addWorksheet('汇总');
  cells.forEach((row, r) => {
    const line = sheet.addRow(row.map((c, i) => (c === '' ? null : i > 0 && NUMBER.test(c) ? Number(c) : c)));
    if (r === 0 || r >= cells.length - totals) line.font = { bold: true };
  });
  cells[0].forEach((_, i) => (sheet.getColumn(i + 1).width = Math.min(60, Math.max(6, ...cells.map((row) => [...row[i]].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0) + 2)))));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array(await book.xlsx.writeBuffer());
}
