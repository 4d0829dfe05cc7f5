import { gridOf, type Cell } from '../model/document.js';
import { gridTable } from '../compose/document.js';
import type { Format, TableDef } from '../format/definition.js';
import type { Figures } from '../derive/figures.js';

/**
 * Where a format's tables stand in a workbook: one sheet per table, named as the format names it (表二 …), the
 * official table from the first row, one spreadsheet column per grid column. The workbook init writes and the one a
 * data file reads share this, so that a figure is always in the same cell.
 */
export interface SheetCell {
  cell: Cell;
  /** 1-based row and column of the top left of the cell */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export const sheetName = (def: TableDef) => def.sheet ?? def.title ?? def.id;

/** A1-style address of a 1-based row and column. */
export function address(row: number, col: number): string {
  let letters = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return `${letters}${row}`;
}

/** The cells of a table's sheet, filled with the figures. */
export function sheetCells(def: TableDef, figures: Figures): SheetCell[] {
  const table = gridTable(def, figures);
  const starts = gridOf(table);
  return table.rows.flatMap((row, r) => row.map((cell, i) => ({ cell, row: r + 1, col: starts[r][i] + 1, rowSpan: cell.rowSpan ?? 1, colSpan: cell.colSpan ?? 1 })));
}

/** Each figure's cell: ref → sheet and address (a figure that spans columns is in its first cell). */
export function figureCells(format: Format): Map<string, { sheet: string; address: string; table: TableDef }> {
  const cells = new Map<string, { sheet: string; address: string; table: TableDef }>();
  for (const def of format.tables)
    for (const c of sheetCells(def, {})) if (c.cell.figure) cells.set(c.cell.figure.ref, { sheet: sheetName(def), address: address(c.row, c.col), table: def });
  return cells;
}
