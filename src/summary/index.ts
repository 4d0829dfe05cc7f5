/**
 * The summary of an area's units, as the 政务公开 office reads it each January: one row per unit in the order of the
 * sub-unit tree (a county, then its departments and towns), its status, its key figures, its errors and warnings;
 * subtotals per kind of unit and a total, which is the county's roll-up when every unit is in it; and a hint where a
 * unit's key figure is 0 while the units beside it report many (a figure left out, more often than a quiet year).
 * `nianbao summary` and the end of `nianbao build` show the same table.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { KINDS, KEY_FIGURES, type KeyFigure } from '../format/definition.js';
import { figureRefs } from '../format/indicators.js';
import { value } from '../derive/numbers.js';
import { round } from '../derive/figures.js';
import type { ReportData } from '../format/schema.js';
import { unitKind } from '../check/review.js';
import { realOrSelf, shown, type Prepared } from '../session.js';

/** What the summary knows of one unit, from its checks (and its build). */
export interface UnitFacts {
  file: string;
  /** the unit's name (its data's `unit`; the file's name when the data has none) */
  unit: string;
  /** its data's `kind`, else what its name tells (…人民政府, …镇, …街道办事处) */
  kind?: string;
  year?: number;
  /** the format's key figures; absent when the unit has errors (its figures are not known to be right) */
  figures?: Partial<Record<KeyFigure, number | null>>;
  /** the sub-units' data files it names, as absolute paths */
  subunits: string[];
  errors: number;
  warnings: number;
  /** built: its files were written (build only) */
  built?: boolean;
}

/** A unit's facts from its checked result. */
export function unitFacts(file: string, result: Prepared): UnitFacts {
  const raw = result.raw ?? {};
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const listed = (raw.subunits as { files?: unknown } | undefined)?.files;
  const folder = dirname(realOrSelf(file));
  const facts: UnitFacts = {
    file,
    unit: text(raw.unit) ?? basename(file),
    year: typeof raw.year === 'number' ? raw.year : undefined,
    kind: typeof raw.unit === 'string' ? unitKind({ kind: text(raw.kind), unit: raw.unit } as ReportData).kind : text(raw.kind),
    subunits: Array.isArray(listed) ? listed.filter((f): f is string => typeof f === 'string').map((f) => resolve(folder, f)) : [],
    errors: result.problems.filter((p) => p.level === 'error').length,
    warnings: result.problems.filter((p) => p.level === 'warning').length,
  };
  const report = result.report;
  if (report && facts.errors === 0) {
    facts.figures = {};
    for (const { column, indicator } of report.format.summary) {
      const refs = figureRefs(report.format.indicators.indicators.find((i) => i.id === indicator)!.figure);
      facts.figures[column] = refs.every((r) => report.figures[r] === null) ? null : round(refs.reduce((t, r) => t + value(report.figures[r]), 0));
    }
  }
  return facts;
}

export type Status = '已生成' | '通过' | '有警告' | '有错误' | '缺报';

export interface SummaryRow {
  facts: UnitFacts;
  /** how deep in the sub-unit tree (0: a unit no other names) */
  depth: number;
  /** the unit that names it */
  parent?: string;
  status: Status;
  /** hints for the reviewer (not warnings of the unit) */
  notes: string[];
}

export interface Total {
  label: string;
  figures: Partial<Record<KeyFigure, number>>;
}

export interface Summary {
  /** the key figures any of the units' formats has, in order */
  columns: KeyFigure[];
  rows: SummaryRow[];
  /** per kind of unit (when there are several kinds), then all */
  totals: Total[];
}

/** Siblings' mean above which a 0 is worth a hint. */
const HIGH_MEAN = 20;

/**
 * The summary of the units: in tree order (each unit, then the units it names, depth first, in the order it names
 * them); a named sub-unit whose file is missing is a row of its own (缺报).
 */
export function summarize(units: UnitFacts[]): Summary {
  const columns = KEY_FIGURES.filter((c) => units.some((u) => u.figures && c in u.figures));
  const byPath = new Map(units.map((u) => [realOrSelf(u.file), u]));
  const named = new Set(units.flatMap((u) => u.subunits.map(realOrSelf)));
  const rows: SummaryRow[] = [];
  const seen = new Set<UnitFacts>();
  const visit = (facts: UnitFacts, depth: number, parent?: string) => {
    seen.add(facts);
    rows.push({ facts, depth, parent, status: status(facts), notes: [] });
    for (const path of facts.subunits) {
      const sub = byPath.get(realOrSelf(path));
      if (sub && !seen.has(sub)) visit(sub, depth + 1, facts.unit);
      else if (!sub && !existsSync(path))
        rows.push({ facts: { file: shown(path), unit: basename(path), subunits: [], errors: 0, warnings: 0 }, depth: depth + 1, parent: facts.unit, status: '缺报', notes: [] });
    }
  };
  for (const u of units) if (!named.has(realOrSelf(u.file)) && !seen.has(u)) visit(u, 0);
  for (const u of units) if (!seen.has(u)) visit(u, 0); // units of a cycle
  hintZeros(rows, columns);
  return { columns, rows, totals: totals(rows, columns) };
}

function status(f: UnitFacts): Status {
  if (f.built) return '已生成'; // its warnings are counted beside
  if (f.errors) return '有错误';
  return f.warnings ? '有警告' : '通过';
}

/** A key figure of 0 where the units of the same kind beside it (same parent) report more than HIGH_MEAN on average. */
function hintZeros(rows: SummaryRow[], columns: KeyFigure[]): void {
  for (const row of rows) {
    const siblings = rows.filter((r) => r !== row && r.parent === row.parent && r.depth === row.depth && r.facts.kind === row.facts.kind && r.facts.figures);
    for (const column of columns) {
      if (row.facts.figures?.[column] !== 0) continue;
      const known = siblings.map((r) => r.facts.figures![column]).filter((v): v is number => typeof v === 'number');
      if (known.length < 2) continue;
      const mean = known.reduce((a, b) => a + b, 0) / known.length;
      if (mean > HIGH_MEAN)
        row.notes.push(`${column}为 0，同一上级的其他${row.facts.kind ?? '单位'}（${known.length} 个）平均 ${mean.toFixed(1)}：请核实是否漏填`);
    }
  }
}

function totals(rows: SummaryRow[], columns: KeyFigure[]): Total[] {
  const add = (label: string, of: SummaryRow[]): Total => {
    const counted = of.filter((r) => r.facts.figures);
    const left = of.length - counted.length;
    // a column none of the units has (主动公开 of the national formats) stays blank
    const figures = Object.fromEntries(
      columns.filter((c) => counted.some((r) => r.facts.figures![c] !== undefined)).map((c) => [c, round(counted.reduce((t, r) => t + value(r.facts.figures![c]), 0))]),
    );
    return { label: `${label}（${of.length} 个${left ? `，${left} 个未计入` : ''}）`, figures };
  };
  const present = rows.filter((r) => r.status !== '缺报');
  const kinds = [...KINDS, undefined].filter((k) => present.some((r) => r.facts.kind === k));
  const perKind = kinds.length > 1 ? kinds.map((k) => add(`小计：${k ?? '未注明类别'}`, present.filter((r) => r.facts.kind === k))) : [];
  return [...perKind, add('合计', rows)];
}

/**
 * The summary as a table of text: a header, a line per unit, the totals, the hints last. On the `terminal` a unit's
 * name is indented by its depth; in a file it has a column of its data file. `extra` adds columns (the batch's pages
 * and time).
 */
export function summaryCells(s: Summary, terminal: boolean, extra?: { header: string[]; cells: (f: UnitFacts) => string[] }): string[][] {
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const more = extra?.header ?? [];
  const header = ['单位', ...(terminal ? [] : ['数据文件']), '年度', '类别', '上级单位', '状态', ...s.columns, '错误', '警告', ...more, '提示'];
  const rows = s.rows.map((r) => {
    const missing = r.status === '缺报';
    return [
      (terminal ? '  '.repeat(r.depth) : '') + r.facts.unit,
      ...(terminal ? [] : [r.facts.file]),
      r.facts.year ? String(r.facts.year) : '',
      r.facts.kind ?? '',
      r.parent ?? '',
      r.status,
      ...s.columns.map((c) => n(r.facts.figures?.[c])),
      missing ? '' : String(r.facts.errors),
      missing ? '' : String(r.facts.warnings),
      ...(missing || !extra ? more.map(() => '') : extra.cells(r.facts)),
      r.notes.join('；'),
    ];
  });
  const blank = (k: number) => new Array<string>(k).fill('');
  const totals = s.totals.map((t) => [t.label, ...blank(terminal ? 4 : 5), ...s.columns.map((c) => n(t.figures[c])), ...blank(2 + more.length + 1)]);
  return [header, ...rows, ...totals];
}
