import type { Format } from '../format/definition.js';
import type { Figures } from '../derive/figures.js';
import { sheetCells, sheetName } from './grid.js';

/** The faces the workbook names (Excel draws with what is installed). */
const FONT = { name: '仿宋_GB2312', size: 11 };
const HEADER = { name: '黑体', size: 11 };

/**
 * A workbook for a unit's tables, laid out like the official tables: one sheet per table, the header cells merged as
 * in the form, labels and units, the figures filled in. Labels are locked (the sheet is protected without a
 * password: only the figures can be typed in); each figure cell accepts a whole number ≥ 0 (an amount with decimals
 * where the row is 万元), or "/" where the unit may lack the competence; totals the format computes are grey and may
 * be left empty. exceljs is loaded only here (see README, "Workbooks").
 */
export async function workbookBytes(format: Format, figures: Figures): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'nianbao';
  const computed = new Set(format.rules.filter((r) => r.fill && typeof r.row === 'string').map((r) => r.row as string));
  const thin = { style: 'thin' as const };
  for (const def of format.tables) {
    const sheet = book.addWorksheet(sheetName(def));
    const total = def.widths.reduce((a, b) => a + b, 0);
    def.widths.forEach((w, i) => (sheet.getColumn(i + 1).width = Math.max(6, Math.round((w / total) * 110))));
    for (const { cell, row, col, rowSpan, colSpan } of sheetCells(def, figures)) {
      const target = sheet.getCell(row, col);
      if (rowSpan > 1 || colSpan > 1) sheet.mergeCells(row, col, row + rowSpan - 1, col + colSpan - 1);
      target.font = cell.header ? HEADER : FONT;
      target.alignment = { vertical: 'middle', horizontal: cell.figure || cell.header ? 'center' : 'left', wrapText: true, indent: cell.indent ?? 0 };
      target.border = { top: thin, left: thin, bottom: thin, right: thin };
      if (!cell.figure) {
        target.value = cell.text;
        continue;
      }
      const { ref, value } = cell.figure;
      const item = format.items.get(ref)!;
      if (computed.has(ref)) {
        target.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
        target.note = '合计：可不填，nianbao 自动计算';
      }
      target.value = computed.has(ref) ? null : value;
      target.protection = { locked: false };
      const at = target.address;
      const number = item.row.decimals ? `AND(ISNUMBER(${at}),${at}>=0)` : `AND(ISNUMBER(${at}),${at}>=0,INT(${at})=${at})`;
      target.dataValidation = {
        type: 'custom',
        allowBlank: true,
        formulae: [item.row.na ? `OR(${number},${at}="/")` : number],
        showErrorMessage: true,
        errorTitle: item.label,
        error: `${item.row.decimals ? '请填写不小于 0 的数（万元，可有小数）' : '请填写不小于 0 的整数'}${item.row.na ? '；没有该项职权的填 /' : ''}`,
      };
    }
    await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
