import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatTemplates, type Template } from '../compose/templates.js';

/** Where the report formats live: one folder each, `templates/<format id>/format.yaml` + `*.hbs`. */
export const FORMATS_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

const Expr = z.union([z.string(), z.object({ sum: z.array(z.string()) }).strict(), z.object({ max: z.array(z.string()) }).strict()]);
export type Expr = z.infer<typeof Expr>;

const Rule = z
  .object({
    row: z.string(),
    equals: Expr.optional(),
    atMost: Expr.optional(),
    atLeast: Expr.optional(),
    level: z.enum(['error', 'warning']),
    why: z.string().optional(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

const Row = z
  .object({
    id: z.string(),
    label: z.string(),
    indent: z.number().int().min(0).max(3),
    unit: z.string().optional(),
    decimals: z.boolean().optional(),
  })
  .strict();
export type Row = z.infer<typeof Row>;

const TableDef = z
  .object({
    id: z.string(),
    title: z.string(),
    placement: z.enum(['attachment']),
    above: z.string().optional(),
    columns: z.array(z.string()).length(3),
    signoff: z.array(z.array(z.string())).optional(),
    rows: z.array(Row),
  })
  .strict();
export type TableDef = z.infer<typeof TableDef>;

const Part = z.union([
  z.object({ template: z.string(), numbered: z.boolean().optional() }).strict(),
  z.object({ paragraphs: z.literal(true) }).strict(),
]);
export type Part = z.infer<typeof Part>;

const Section = z.object({ id: z.string(), title: z.string().optional(), parts: z.array(Part) }).strict();
export type Section = z.infer<typeof Section>;

const FormatFile = z
  .object({
    id: z.string(),
    name: z.string(),
    years: z.object({ from: z.number().int(), to: z.number().int().optional() }).strict(),
    title: z.string(),
    sections: z.array(Section),
    tables: z.array(TableDef),
    rules: z.array(Rule),
  })
  .strict();

export interface Format extends z.infer<typeof FormatFile> {
  dir: string;
  templates: Map<string, Template>;
  /** every row with a number, by id, across the format's tables */
  rows: Map<string, Row & { table: string }>;
}

const cache = new Map<string, Format>();

export function formatIds(): string[] {
  return readdirSync(FORMATS_DIR).filter((d) => existsSync(join(FORMATS_DIR, d, 'format.yaml')));
}

export function loadFormat(id: string): Format {
  const hit = cache.get(id);
  if (hit) return hit;
  const dir = join(FORMATS_DIR, id);
  const def = FormatFile.parse(parse(readFileSync(join(dir, 'format.yaml'), 'utf8')));
  const templates = new Map<string, Template>();
  const compile = formatTemplates(dir);
  const names = [def.title, ...def.sections.flatMap((s) => s.parts.flatMap((p) => ('template' in p ? [p.template] : [])))];
  for (const name of names) templates.set(name, compile(name));
  const rows = new Map<string, Row & { table: string }>();
  for (const t of def.tables) for (const r of t.rows) if (r.unit !== undefined) rows.set(r.id, { ...r, table: t.id });
  const format: Format = { ...def, dir, templates, rows };
  cache.set(id, format);
  return format;
}
