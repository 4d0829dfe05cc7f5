import { dirname, join, resolve } from 'node:path';
import { formatIds, loadFormat, refsOf, type Format } from './format/definition.js';
import { dataSchema, type ReportData } from './format/schema.js';
import { fieldLabel, pathText, schemaProblems } from './format/issues.js';
import { checkRules } from './rules/evaluate.js';
import { reviewFindings, unitKind } from './check/review.js';
import { InputError, cut, fileProblem, ioReason, quote, type Problem } from './load/problem.js';
import { cellOf, readWorkbook } from './workbook/read.js';
import { TOO_DEEP, readSource, type Source } from './load/source.js';
import { figuresOf, fillTotals, type Figures } from './derive/figures.js';

/** A data file read, validated against its format, with its sub-units' totals when it names any. */
export interface Report {
  source: Source;
  format: Format;
  data: ReportData;
  /** every figure of the tables, totals left blank computed */
  figures: Figures;
  /**
   * the roll-up over the sub-units, when every one of them is read without error: `figures` as the format counts it
   * (with the unit's own figures or without), `area` the unit's own and all its sub-units' (what a unit above it adds),
   * `names` the units below it
   */
  subunits?: { label: string; figures: Figures; area: Figures; names: string[]; annex: boolean };
  /** last year's report (the data's `previous`), its figures under this format's names */
  previous?: { report: Report; figures: Figures };
}

export interface Loaded {
  report?: Report;
  /** errors and warnings, in file order; `report` is absent when there is an error */
  problems: Problem[];
  /** the file's data as read, also when it has errors (a summary names a broken unit by its `unit`) */
  raw?: Record<string, unknown>;
  /** the report as read when only its tables' rules fail: its text is still checked (its figures against its tables) */
  unbalanced?: Report;
}

export function locatedProblem(source: Source, format: Format | undefined, path: (string | number)[], level: Problem['level'], message: string): Problem {
  const label = fieldLabel(format, path);
  // a figure from the workbook: its cell
  const cell = cellOf(source.workbook, path);
  if (source.workbook && cell) return { file: source.workbook.file, line: 0, col: 0, cell, level, label, path: pathText(path), message };
  const { line, col } = source.locate(path);
  return { file: source.file, line, col, level, label, path: pathText(path), message };
}

/**
 * A data file whose tables are in a workbook (`tables: 2025.xlsx`, beside it): the workbook's figures put in the
 * data where its table keys would be, and where each stands, for messages (表三!D12).
 */
function tablesFromWorkbook(source: Source, format: Format): { problems: Problem[] } {
  const name = source.data.tables;
  if (typeof name !== 'string') return { problems: [] };
  const file = resolve(dirname(source.file), name);
  const fail = (message: string) => ({ problems: [locatedProblem(source, format, ['tables'], 'error', message)] });
  const typed = format.tables.filter((t) => t.data in source.data).map((t) => t.data);
  if (typed.length) return fail(`统计表已在工作簿 ${name} 中，数据文件里不要再写 ${typed.join('、')}（删去这些键，或删去 tables）`);
  let read;
  try {
    read = readWorkbook(file, format);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // fflate's errors carry numbers: not a zip, so not a workbook
    const why = typeof code === 'string' ? ioReason(e) : typeof code === 'number' ? '不是 Excel 工作簿（.xlsx）文件' : (e as Error).message;
    return fail(`工作簿 ${name} 无法读取：${why}`);
  }
  Object.assign(source.data, read.tables);
  source.workbook = { file: join(dirname(source.file), name), cells: read.cells };
  return { problems: [] };
}

function lines(source: Source, format: Format, refs: string[]): string {
  const cells = source.workbook && refs.map((r) => source.workbook!.cells.get(format.items.get(r)!.path.join('.')));
  if (cells?.every(Boolean)) return cells.join('、');
  const ls = [...new Set(refs.map((r) => source.locate(format.items.get(r)!.path).line))];
  const contiguous = ls.every((l, i) => i === 0 || l === ls[i - 1] + 1);
  return ls.length > 2 && contiguous ? `第${ls[0]}—${ls[ls.length - 1]}行` : `第${ls.join('、')}行`;
}

/**
 * Read and check one data file on its own: syntax, schema, the format's rules. Its sub-units are the session's part
 * (src/session.ts). Never throws for bad input.
 */
export function readReport(file: string, strict = false): Loaded {
  try {
    return readChecked(file, strict);
  } catch (e) {
    // a structure so deep that parsing or validating it overflows the stack
    if (e instanceof RangeError) return { problems: [fileProblem(file, TOO_DEEP)] };
    throw e;
  }
}

function readChecked(file: string, strict: boolean): Loaded {
  let source: Source;
  try {
    source = readSource(file);
  } catch (e) {
    if (e instanceof InputError) return { problems: e.problems };
    throw e;
  }
  const id = source.data.format;
  const known = formatIds();
  if (typeof id !== 'string' || !known.includes(id)) {
    const message = `${id === undefined ? '缺少报告格式' : `未知的报告格式 ${quote(id)}`}，可用的格式：${known.join('、')}`;
    return { problems: [locatedProblem(source, undefined, ['format'], 'error', message)], raw: source.data };
  }
  const format = loadFormat(id);
  const workbook = tablesFromWorkbook(source, format);
  if (workbook.problems.length) return { problems: workbook.problems, raw: source.data };
  const schema = dataSchema(format);
  const forgiven = forgiveFigures(format, source.data, !!source.workbook).map((f) => locatedProblem(source, format, f.path, 'warning', f.message));
  const parsed = schema.safeParse(source.data);
  if (!parsed.success) return { problems: sortProblems([...forgiven, ...schemaProblems(source, format, schema, parsed.error.issues)]), raw: source.data };
  const data = parsed.data as ReportData;
  const problems: Problem[] = [...forgiven];
  // a sentence cut at " #": the rest of its line was read as a comment and is not printed
  for (const c of source.comments)
    if (c.path[0] === 'sections' || c.path[0] === 'notes')
      problems.push({ ...locatedProblem(source, format, c.path, 'warning', `「${cut(c.comment)}」被当作注释，没有印出：“#”前有空格时，其后的文字是注释；如果它是正文，请把整段用引号括起来`), line: c.line, col: c.col });

  if (data.year < format.years.from || (format.years.to !== undefined && data.year > format.years.to)) {
    const span = `${format.years.from}—${format.years.to ?? ''}`;
    problems.push(locatedProblem(source, format, ['year'], 'warning', `${data.year}年度的报告一般不用格式 ${format.id}（适用于 ${span} 年度）`));
  }
  if (data.subunits?.annex && !format.rollup.annex)
    problems.push(locatedProblem(source, format, ['subunits', 'annex'], 'warning', `格式 ${format.id} 没有汇总表附件，annex 不起作用（删去这一行）`));
  const figures = fillTotals(format, figuresOf(format, data));
  for (const f of reviewFindings(format, data, figures, strict)) problems.push(locatedProblem(source, format, f.path, f.level, f.message));
  for (const f of checkRules(format, figures, { kind: unitKind(data).kind })) {
    const where = f.others.length > 1 ? `（分项见${lines(source, format, f.others)}）` : '';
    problems.push(locatedProblem(source, format, format.items.get(refsOf(f.rule.row)[0])!.path, f.rule.level, f.message + where));
  }
  const sorted = sortProblems(problems);
  if (sorted.some((p) => p.level === 'error')) return { problems: sorted, raw: source.data, unbalanced: { source, format, data, figures } };
  return { report: { source, format, data, figures }, problems: sorted, raw: source.data };
}

/**
 * Figures typed the way a spreadsheet or a Chinese keyboard writes them, read as the numbers they are: full-width
 * digits ("１６"), thousands separators ("1,600", "1，600"), a number in quotes. Each is changed in the data (before validation) and
 * noted, so that the clerk can type it plainly next time.
 */
function forgiveFigures(format: Format, data: Record<string, unknown>, workbook: boolean): { path: (string | number)[]; message: string }[] {
  const notes: { path: (string | number)[]; message: string }[] = [];
  const read = (v: unknown): number | undefined => {
    if (typeof v !== 'string') return undefined;
    const plain = v.trim().replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String(c.charCodeAt(0) - 0xff10)));
    if (!/^\d{1,3}([,，]\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(plain)) return undefined;
    return Number(plain.replace(/[,，]/g, ''));
  };
  for (const table of format.tables) {
    const rows = data[table.data];
    if (!rows || typeof rows !== 'object') continue;
    for (const [id, value] of Object.entries(rows as Record<string, unknown>)) {
      const cells: [unknown, (n: number) => void, (string | number)[]][] = Array.isArray(value)
        ? value.map((v, i) => [v, (n: number) => (value[i] = n), [table.data, id, i]])
        : [[value, (n: number) => ((rows as Record<string, unknown>)[id] = n), [table.data, id]]];
      for (const [v, set, path] of cells) {
        const n = read(v);
        if (n === undefined) continue;
        set(n);
        const why = /[０-９．]/.test(String(v)) ? '全角数字' : /[,，]/.test(String(v)) ? '千分位逗号' : workbook ? '单元格存的是文字' : '加了引号';
        const fix = workbook ? '单元格里请直接填半角数字，不加千分位逗号' : '数字请直接写半角数字，不加千分位逗号和引号';
        notes.push({ path, message: `「${v}」按 ${n} 读入（${why}）：${fix}` });
      }
    }
  }
  return notes;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}
