import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatTemplates, type Template } from '../compose/templates.js';
import { loadIndicators, type Indicators } from './indicators.js';

/** Where the report formats live: one folder each, `templates/<format id>/format.yaml` + `*.hbs`. */
export const FORMATS_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * A figure of a table is named by its row id when the row has one value (`s3_1`), by row id and value index when
 * it has several (`new[6]`). Rules and messages use these names.
 */
const Expr = z.union([z.string(), z.number(), z.object({ sum: z.array(z.string()) }).strict(), z.object({ max: z.array(z.string()) }).strict()]);
export type Expr = z.infer<typeof Expr>;

/** The kinds of unit that publish a report (数据文件的 kind): deadlines and some rules depend on it. */
export const KINDS = ['政府', '部门', '乡镇', '街道'] as const;
export type Kind = (typeof KINDS)[number];

/** A figure of last year's report, in a rule: `last.carried_out[6]` (the rule applies when the data names `previous`). */
export const LAST = 'last.';

const RuleFile = z
  .object({
    /** the figure the rule is about (its line is where a message points); a sum when one side has several */
    row: z.union([z.string(), z.object({ sum: z.array(z.string()) }).strict()]),
    equals: Expr.optional(),
    atMost: Expr.optional(),
    atLeast: Expr.optional(),
    level: z.enum(['error', 'warning']),
    why: z.string().optional(),
    /** a total that may be left blank: it is then computed from `equals` and printed */
    fill: z.boolean().optional(),
    /** one rule per value: `{c}` / `{r}` in the names are replaced by each of these */
    each: z.record(z.string(), z.array(z.union([z.string(), z.number()]))).optional(),
    /** the rule applies only to units of these kinds */
    kinds: z.array(z.enum(KINDS)).optional(),
  })
  .strict();
export type Rule = Omit<z.infer<typeof RuleFile>, 'each'>;

/** The figures an expression names. */
export const refsOf = (e: Expr): string[] => (typeof e === 'number' ? [] : typeof e === 'string' ? [e] : 'sum' in e ? e.sum : e.max);

const CellDef = z.union([
  z.string(),
  z.object({ text: z.string(), colSpan: z.number().int().optional(), rowSpan: z.number().int().optional(), align: z.enum(['left', 'center', 'right']).optional() }).strict(),
]);
export type CellDef = z.infer<typeof CellDef>;

const RowDef = z
  .object({
    /** a row with figures: its id in the data file */
    id: z.string().optional(),
    /** a header row: its cells are headings (the table's leading header rows repeat on every page) */
    header: z.boolean().optional(),
    /** label cells, left to right, before the figures */
    cells: z.array(CellDef).default([]),
    /** the first label cell's level: one character of indent per level */
    indent: z.number().int().min(0).max(3).optional(),
    unit: z.string().optional(),
    /** how many figures the row has */
    values: z.number().int().min(0).default(0),
    /** each figure's cell spans this many columns */
    valueSpan: z.number().int().min(1).optional(),
    /** names of the figures for messages (default: the table's) */
    columns: z.array(z.string()).optional(),
    /** the row's name in messages (default: its label cells) */
    label: z.string().optional(),
    decimals: z.boolean().optional(),
    /** the figures may be negative (本年增/减) */
    signed: z.boolean().optional(),
    /** the whole row may be left out of the data: every figure of it is a computed total */
    optional: z.boolean().optional(),
    /** a unit may lack this competence: its figures may be written "/" (不适用) instead of a number */
    na: z.boolean().optional(),
  })
  .strict();
export type RowDef = z.infer<typeof RowDef>;

const TableDefFile = z
  .object({
    id: z.string(),
    /** the key of the table's figures in the data file (default: id) */
    data: z.string().optional(),
    /** a caption on a line of its own above the table (an attachment such as 政府信息公开情况统计表) */
    title: z.string().optional(),
    /** the name of the table's sheet in a workbook (default: its title, else its id) */
    sheet: z.string().optional(),
    newPage: z.boolean().optional(),
    /** a line above the table, completed by the data's filing_unit (填报单位（盖章）：) */
    above: z.string().optional(),
    /** label lines below the table, filled from the data's signoff */
    signoff: z.array(z.array(z.string())).optional(),
    /** 'body': 小四 (12 pt); 'small': 五号 (10.5 pt) for wide tables */
    size: z.enum(['body', 'small']).default('body'),
    widths: z.array(z.number().positive()),
    /** the column of units after the label cells */
    unitColumn: z.boolean().optional(),
    valueAlign: z.enum(['left', 'center', 'right']).default('right'),
    /** keep the table on one page where it fits (a table of several blocks); others break between rows */
    keep: z.boolean().optional(),
    /** default names of the figures of a row, for messages */
    columns: z.array(z.string()).optional(),
    rows: z.array(RowDef),
    /** the table's arithmetic: errors are identities of the form, warnings plausibility checks */
    rules: z.array(RuleFile).default([]),
  })
  .strict();
export type TableDef = Omit<z.infer<typeof TableDefFile>, 'rules'> & { data: string; rules: Rule[] };

const Part = z.union([
  /** `rollup`: the template again over the roll-up of the sub-units (data `subunits`), `self` their label ("全县") */
  z.object({ template: z.string(), numbered: z.boolean().optional(), rollup: z.boolean().optional() }).strict(),
  z.object({ paragraphs: z.literal(true) }).strict(),
  z.object({ table: z.string() }).strict(),
]);
export type Part = z.infer<typeof Part>;

const Section = z
  .object({
    id: z.string(),
    title: z.string().optional(),
    parts: z.array(Part),
    /** the unit must write something here: a section printed with nothing under it is an error */
    required: z.boolean().optional(),
    /** the customary sentence printed when the unit wrote nothing here (六 "本年度无其他需要报告的事项。") */
    empty: z.string().optional(),
    /** what belongs here, in a clerk's words: the comment `nianbao init` writes above the section */
    hint: z.string().optional(),
    /** the text `nianbao init` writes in the section ({year}: the report's year); else a 待填写 line if required */
    starter: z.string().optional(),
  })
  .strict();
export type Section = z.infer<typeof Section>;

const FormatFile = z
  .object({
    id: z.string(),
    name: z.string(),
    /** another format this one differs from: its sections, tables and templates are used where this one has none */
    extends: z.string().optional(),
    years: z.object({ from: z.number().int(), to: z.number().int().optional() }).strict(),
    title: z.string().optional(),
    sections: z.array(Section).optional(),
    /** tables replace the base format's tables of the same id */
    tables: z.array(TableDefFile).default([]),
    /** the day after the reporting year by which each kind of unit publishes (MM-DD) */
    deadlines: z.record(z.enum(KINDS), z.string().regex(/^\d{2}-\d{2}$/)).optional(),
    /** a figure this many times last year's, or this fraction of it, is a warning (when either is at least `atLeast`) */
    yearOverYear: z.object({ factor: z.number().positive(), atLeast: z.number().nonnegative() }).strict().optional(),
    /** the report ends with a 落款 (the unit's name and the date) unless the data says `signoff: false` */
    closing: z.boolean().optional(),
    /** how items under an item are numbered, third and fourth level ({n} the number): "1." or "1、", "（1）" */
    subitems: z.tuple([z.string(), z.string()]).optional(),
    /**
     * the roll-up of a unit that names sub-units: `own` counts the unit's own figures in it ("全县" = 县政府本级 + its
     * departments and towns; else only the sub-units', "四区三县"); `annex`, the title template of the 汇总表 the unit may
     * attach (data `subunits.annex`): the format's tables over the roll-up
     */
    rollup: z.object({ own: z.boolean(), annex: z.string().optional() }).strict().optional(),
    /** the key figures of `nianbao summary`, by column (KEY_FIGURES): the indicator that gives each */
    summary: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** The columns of key figures in `nianbao summary`, in order; a format names the indicator of each it has. */
export const KEY_FIGURES = ['主动公开', '新收申请', '办结', '复议', '诉讼'] as const;
export type KeyFigure = (typeof KEY_FIGURES)[number];

/** One figure of a table. */
export interface Item {
  ref: string;
  table: TableDef;
  row: RowDef & { id: string };
  index: number;
  /** where it stands in the data file, e.g. ['t3', 'new', 0] */
  path: (string | number)[];
  /** official row label, with the column's name when the row has several figures */
  label: string;
}

export interface Format {
  id: string;
  name: string;
  years: { from: number; to?: number };
  title: string;
  sections: Section[];
  tables: TableDef[];
  /** every table's rules, in order */
  rules: Rule[];
  deadlines?: Partial<Record<Kind, string>>;
  yearOverYear?: { factor: number; atLeast: number };
  /** the report ends with a 落款 */
  closing: boolean;
  /** numbering of the third and fourth levels */
  subitems: [string, string];
  rollup: { own: boolean; annex?: string };
  /** the key figures of `nianbao summary`: each column's indicator */
  summary: { column: KeyFigure; indicator: string }[];
  /** phrases of typed text that state a figure (indicators.yaml) */
  indicators: Indicators;
  /** the folders the templates come from: this format's, then those of the format it extends */
  dirs: string[];
  templates: Map<string, Template>;
  /** every figure of every table, by name */
  items: Map<string, Item>;
}

const cache = new Map<string, Format>();

/** Forget every format read so far: the next loadFormat reads its folder again (watch, after a template changed). */
export function forgetFormats(): void {
  cache.clear();
}

export function formatIds(): string[] {
  return readdirSync(FORMATS_DIR).filter((d) => existsSync(join(FORMATS_DIR, d, 'format.yaml')));
}

const cellText = (c: CellDef) => (typeof c === 'string' ? c : c.text);

/** A row's name in messages: its label cells' first lines. */
export function rowLabel(row: RowDef): string {
  return row.label ?? row.cells.map((c) => cellText(c).split('\n')[0]).join(' ');
}

export const itemRef = (row: RowDef & { id: string }, index: number) => (row.values === 1 ? row.id : `${row.id}[${index}]`);

function expand(rule: z.infer<typeof RuleFile>): Rule[] {
  const { each, ...plain } = rule;
  let rules: Rule[] = [plain];
  for (const [name, values] of Object.entries(each ?? {})) {
    const put = (s: string, v: string | number) => s.replaceAll(`{${name}}`, String(v));
    const putExpr = <E extends Expr | undefined>(e: E, v: string | number): E =>
      (e === undefined || typeof e === 'number' ? e : typeof e === 'string' ? put(e, v) : 'sum' in e ? { sum: e.sum.map((x) => put(x, v)) } : { max: e.max.map((x) => put(x, v)) }) as E;
    rules = rules.flatMap((r) => values.map((v) => ({ ...r, row: putExpr(r.row, v), equals: putExpr(r.equals, v), atMost: putExpr(r.atMost, v), atLeast: putExpr(r.atLeast, v) })));
  }
  return rules.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Rule);
}

export function loadFormat(id: string): Format {
  const hit = cache.get(id);
  if (hit) return hit;
  const dir = join(FORMATS_DIR, id);
  const def = FormatFile.parse(parse(readFileSync(join(dir, 'format.yaml'), 'utf8')));
  const base = def.extends ? loadFormat(def.extends) : undefined;
  const title = def.title ?? base?.title;
  const sections = def.sections ?? base?.sections;
  if (!title || !sections) throw new Error(`${id}: a format needs a title template and sections (its own or those of the format it extends)`);

  // templates: this folder's, else the base format's folder's
  const compile = formatTemplates(base ? [dir, ...base.dirs] : [dir]);
  const templates = new Map<string, Template>();
  const rollup = def.rollup ?? base?.rollup ?? { own: false };
  for (const name of [title, ...(rollup.annex ? [rollup.annex] : []), ...sections.flatMap((s) => s.parts.flatMap((p) => ('template' in p ? [p.template] : [])))]) templates.set(name, compile(name));

  const own = def.tables.map((t) => ({ ...t, data: t.data ?? t.id, rules: t.rules.flatMap(expand) }));
  const tables = base ? base.tables.map((t) => own.find((o) => o.id === t.id) ?? t).concat(own.filter((o) => !base.tables.some((t) => t.id === o.id))) : own;
  const items = new Map<string, Item>();
  for (const table of tables)
    for (const row of table.rows) {
      if (!row.values) continue;
      if (!row.id) throw new Error(`${id}: a row of table ${table.id} has figures but no id`);
      const withId = row as RowDef & { id: string };
      const columns = row.columns ?? table.columns ?? [];
      for (let i = 0; i < row.values; i++) {
        const ref = itemRef(withId, i);
        if (items.has(ref)) throw new Error(`${id}: figure ${ref} is defined twice`);
        const label = row.values > 1 && columns[i] ? `${rowLabel(row)}（${columns[i].replace(/\n/g, '')}）` : rowLabel(row);
        items.set(ref, { ref, table, row: withId, index: i, path: row.values === 1 ? [table.data, row.id] : [table.data, row.id, i], label });
      }
    }
  const rules = tables.flatMap((t) => t.rules);
  for (const r of rules)
    for (const ref of [r.row, r.equals, r.atMost, r.atLeast].flatMap((e) => (e === undefined ? [] : refsOf(e))))
      if (!items.has(ref.startsWith(LAST) ? ref.slice(LAST.length) : ref)) throw new Error(`${id}: rule names ${ref}, which no table has`);
  const indicators = loadIndicators(dir, base?.indicators, items);
  const summary = def.summary ? Object.entries(def.summary).map(([column, indicator]) => ({ column: column as KeyFigure, indicator })) : (base?.summary ?? []);
  for (const { column, indicator } of summary) {
    if (!KEY_FIGURES.includes(column)) throw new Error(`${id}: summary column ${column} is none of ${KEY_FIGURES.join(', ')}`);
    if (!indicators.indicators.some((i) => i.id === indicator)) throw new Error(`${id}: summary column ${column} names indicator ${indicator}, which the format has not`);
  }
  const format: Format = {
    id: def.id,
    name: def.name,
    years: def.years,
    title,
    sections,
    tables,
    rules,
    templates,
    items,
    dirs: base ? [dir, ...base.dirs] : [dir],
    deadlines: def.deadlines ?? base?.deadlines,
    yearOverYear: def.yearOverYear ?? base?.yearOverYear,
    closing: def.closing ?? base?.closing ?? false,
    subitems: def.subitems ?? base?.subitems ?? ['{n}.', '（{n}）'],
    rollup,
    summary,
    indicators,
  };
  cache.set(id, format);
  return format;
}
