import type { Expr, Format } from '../format/definition.js';
import type { ReportData } from '../format/schema.js';
import { value, type Figure } from './numbers.js';

/** Every figure of a report's tables by name (`s3_1`, `new[6]`); null is a blank cell, "/" not applicable. */
export type Figures = Record<string, Figure>;

/** The figures of the data file, by name. Rows left out (optional totals) are blank. */
export function figuresOf(format: Format, data: ReportData): Figures {
  const figures: Figures = {};
  for (const [ref, item] of format.items) {
    const row = (data[item.table.data] as Record<string, unknown> | undefined)?.[item.row.id];
    const v = item.row.values === 1 ? row : (row as (number | null)[] | undefined)?.[item.index];
    figures[ref] = (v as Figure | undefined) ?? null;
  }
  return figures;
}

/** sums of 万元 amounts: no 0.30000000000000004 */
export const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function evaluate(expr: Expr, figures: Figures): number {
  if (typeof expr === 'number') return expr;
  if (typeof expr === 'string') return value(figures[expr]);
  if ('sum' in expr) return round(expr.sum.reduce((a, id) => a + value(figures[id]), 0));
  return Math.max(...expr.max.map((id) => value(figures[id])));
}

/**
 * Two units' figures added up, figure by figure: "/" where both are not applicable, blank where both are blank, else
 * the sum (blank and "/" as 0). The figures of an area: its own and its sub-units'.
 */
export function addFigures(a: Figures, b: Figures): Figures {
  const sum: Figures = {};
  for (const k of Object.keys(a)) sum[k] = a[k] === b[k] && typeof a[k] !== 'number' ? a[k] : round(value(a[k]) + value(b[k]));
  return sum;
}

/** Totals left blank are computed from their parts (rules marked `fill`), in the order the rules are declared. */
export function fillTotals(format: Format, figures: Figures): Figures {
  const filled = { ...figures };
  for (const rule of format.rules)
    if (rule.fill && typeof rule.row === 'string' && rule.equals !== undefined && filled[rule.row] === null) filled[rule.row] = evaluate(rule.equals, filled);
  return filled;
}

/** The figures shaped as in the data file, per table (`t3.new` is a list), for templates. */
export function tablesOf(format: Format, figures: Figures): Record<string, Record<string, Figure | Figure[]>> {
  const tables: Record<string, Record<string, Figure | Figure[]>> = {};
  for (const [ref, item] of format.items) {
    const table = (tables[item.table.data] ??= {});
    if (item.row.values === 1) table[item.row.id] = figures[ref];
    else ((table[item.row.id] ??= []) as Figure[])[item.index] = figures[ref];
  }
  return tables;
}
