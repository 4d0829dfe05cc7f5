import { z } from 'zod';
import { KINDS, type Format, type Kind } from './definition.js';

/** A figure written "/": the unit lacks the competence (不适用); printed as "/", counted as 0. */
export const NOT_APPLICABLE = '/';

/** Names of the data file's fields in words, for messages (the statistics rows use their official labels). */
export const FIELD_LABELS: Record<string, string> = {
  format: '报告格式',
  example: '示例数据标记',
  year: '报告年度',
  unit: '发布机关',
  region: '地区名称',
  self: '自称（我市/我区/本局）',
  scope: '范围（全市/全区）',
  date: '发布日期',
  kind: '单位类别',
  previous: '上年报告数据文件',
  title: '标题',
  filing_unit: '填报单位',
  subunits: '下级单位',
  sections: '正文',
  notes: '补充说明',
  signoff: '签署栏',
  tables: '统计表工作簿',
  stats: '统计表',
};

const text = z.string().min(1);
/** An item: a run-in lead sentence and its text, either may be left out. */
const item = { lead: text.optional(), text: z.string().optional() };
/** Items under an item, numbered 1. and （1） (GB/T 9704's third and fourth levels): text, or a lead and text. */
const Level4 = z.union([text, z.object(item).strict()]);
const Level3 = z.union([text, z.object({ ...item, items: z.array(Level4).optional() }).strict()]);
/** A paragraph of a section: plain text, or a numbered item （一）… with an optional run-in lead and items of its own. */
const Paragraph = z.union([text, z.object({ ...item, items: z.array(Level3).optional() }).strict()]);
export type Paragraph = z.infer<typeof Paragraph>;

/** A paragraph or an item of any level, as read. */
export type Entry = string | { lead?: string; text?: string; items?: Entry[] };

/** A text of a paragraph with its place in the data file and its level (2 for a paragraph or item of a section). */
export interface EntryText {
  path: (string | number)[];
  text: string;
  field?: 'lead' | 'text';
  level: number;
}

/** A paragraph and every item below it, in reading order (depth first), with their paths and levels. */
export function entries(p: Entry, path: (string | number)[], level = 2): { entry: Entry; path: (string | number)[]; level: number }[] {
  const below = typeof p === 'string' ? [] : (p.items ?? []).flatMap((sub, j) => entries(sub, [...path, 'items', j], level + 1));
  return [{ entry: p, path, level }, ...below];
}

/** Every text of a paragraph and of its items, in reading order: each one's lead and text. */
export function entryTexts(p: Entry, path: (string | number)[]): EntryText[] {
  return entries(p, path).flatMap(({ entry, path, level }) =>
    typeof entry === 'string' ? [{ path, text: entry, level }] : (['lead', 'text'] as const).flatMap((field) => (entry[field] ? [{ path: [...path, field], text: entry[field]!, field, level }] : [])),
  );
}

const count = z.number().int().nonnegative().nullable();
const amount = z.number().nonnegative().nullable();
const change = z.number().int().nullable();

export const Subunits = z
  .object({
    /** how the report names them together, e.g. 四区三县 */
    label: text,
    /**
     * data files of the sub-units, relative to this file; none in a report imported from a document, which states the
     * roll-up's figures but does not hold the sub-units' data: then nothing is rolled up and the text on them is not checked
     */
    files: z.array(text).min(1).optional(),
    /** attach the 汇总表: the tables over the roll-up, as an annex after the report (formats with a rollup annex) */
    annex: z.boolean().optional(),
  })
  .strict();

/** Why a YYYY-MM-DD string is not a day of the calendar between 2000 and 2100, or undefined when it is one. */
export function badDate(v: string): string | undefined {
  const [y, m, d] = v.split('-').map(Number);
  if (y < 2000 || y > 2100) return `年份 ${y} 不在 2000—2100 之间`;
  if (m < 1 || m > 12) return `月份 ${String(m).padStart(2, '0')} 不存在（应为 01—12）`;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days) return `${y}年${m}月只有${days}天，没有${d}日`;
  return undefined;
}

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((v) => !badDate(v), { error: (issue) => `不是有效的日期：${badDate(String(issue.input))}` });

const schemas = new WeakMap<Format, ReturnType<typeof buildSchema>>();

/** The schema of a data file in the given format: strict, so a typo in a key is an error. Built once per format. */
export function dataSchema(format: Format) {
  let schema = schemas.get(format);
  if (!schema) schemas.set(format, (schema = buildSchema(format)));
  return schema;
}

function buildSchema(format: Format) {
  const paragraphSections = format.sections.filter((s) => s.parts.some((p) => 'paragraphs' in p));
  const noteNames = format.sections.flatMap((s) => s.parts.flatMap((p) => ('template' in p ? [p.template.replace(/\.hbs$/, '')] : [])));
  const signoffLabels = format.tables.flatMap((t) => (t.signoff ?? []).flat());
  // each table's figures: `row: n` for a row of one figure, `row: [n, n, …]` for a row of several
  const tables = Object.fromEntries(
    format.tables.map((t) => {
      const rows = t.rows.flatMap((r) => {
        if (!r.values || !r.id) return [];
        const figure = r.decimals ? amount : r.signed ? change : count;
        // "/": the unit lacks this competence (不适用), where the format allows it
        const one = r.na ? z.union([figure, z.literal(NOT_APPLICABLE)]) : figure;
        const value = r.values === 1 ? one : z.array(one).length(r.values);
        return [[r.id, r.optional ? value.optional() : value]];
      });
      return [t.data, z.object(Object.fromEntries(rows)).strict()];
    }),
  );
  return z
    .object({
      format: z.literal(format.id),
      example: z.boolean().optional(),
      year: z.number().int().min(2000).max(2100),
      unit: text,
      region: text,
      self: text,
      scope: text,
      date: Day,
      kind: z.enum(KINDS).optional(),
      previous: text.optional(),
      title: text.optional(),
      filing_unit: z.string().optional(),
      subunits: Subunits.optional(),
      // the tables in a workbook beside the file (nianbao init --xlsx): its figures stand in for the table keys
      tables: text.optional(),
      sections: z
        .object(Object.fromEntries(paragraphSections.map((s) => [s.id, z.array(Paragraph).optional()])))
        .strict(),
      notes: z
        .object(Object.fromEntries(noteNames.map((n) => [n, z.string().optional()])))
        .strict()
        .optional(),
      ...tables,
      // the sign-off lines under a table, by label; `false` leaves out the 落款 of a format that has one
      signoff: (format.closing ? z.literal(false) : z.object(Object.fromEntries(signoffLabels.map((l) => [l, z.union([z.string(), z.number()]).optional()]))).strict()).optional(),
    })
    .strict();
}

export type ReportData = {
  format: string;
  example?: boolean;
  year: number;
  unit: string;
  region: string;
  self: string;
  scope: string;
  date: string;
  kind?: Kind;
  previous?: string;
  title?: string;
  filing_unit?: string;
  subunits?: z.infer<typeof Subunits>;
  tables?: string;
  sections: Record<string, Paragraph[] | undefined>;
  notes?: Record<string, string | undefined>;
  /** the tables' figures, by the tables' data keys (stats, t2, t3, t4): a figure, or a list of figures, per row */
  [table: string]: unknown;
  signoff?: Record<string, string | number | undefined> | false;
};
