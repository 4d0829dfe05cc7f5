import { dirname, resolve } from 'node:path';
import { formatIds, loadFormat, refsOf, type Format } from './format/definition.js';
import { dataSchema, type ReportData } from './format/schema.js';
import { fieldLabel, pathText, schemaProblems } from './format/issues.js';
import { checkRules } from './rules/evaluate.js';
import { InputError, type Problem } from './load/problem.js';
import { readSource, type Source } from './load/source.js';
import { value } from './derive/numbers.js';
import { figuresOf, fillTotals, round, type Figures } from './derive/figures.js';

/** A data file read, validated against its format, with its sub-units' totals when it names any. */
export interface Report {
  source: Source;
  format: Format;
  data: ReportData;
  /** every figure of the tables, totals left blank computed */
  figures: Figures;
  /** the sub-units' figures added up, for the roll-up paragraphs */
  subunits?: { label: string; figures: Figures };
}

export interface Loaded {
  report?: Report;
  /** errors and warnings, in file order; `report` is absent when there is an error */
  problems: Problem[];
}

function locatedProblem(source: Source, format: Format | undefined, path: (string | number)[], level: Problem['level'], message: string): Problem {
  const { line, col } = source.locate(path);
  return { file: source.file, line, col, level, label: fieldLabel(format, path), path: pathText(path), message };
}

function lines(source: Source, format: Format, refs: string[]): string {
  const ls = [...new Set(refs.map((r) => source.locate(format.items.get(r)!.path).line))];
  const contiguous = ls.every((l, i) => i === 0 || l === ls[i - 1] + 1);
  return ls.length > 2 && contiguous ? `第${ls[0]}—${ls[ls.length - 1]}行` : `第${ls.join('、')}行`;
}

/** Read and check one data file (and the files of the sub-units it names). Never throws for bad input. */
export function loadReport(file: string, seen: string[] = []): Loaded {
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
    const message = `${id === undefined ? '缺少报告格式' : `未知的报告格式 ${JSON.stringify(id)}`}，可用的格式：${known.join('、')}`;
    return { problems: [locatedProblem(source, undefined, ['format'], 'error', message)] };
  }
  const format = loadFormat(id);
  const schema = dataSchema(format);
  const parsed = schema.safeParse(source.data);
  if (!parsed.success) return { problems: sortProblems(schemaProblems(source, format, schema, parsed.error.issues)) };
  const data = parsed.data as ReportData;
  const problems: Problem[] = [];

  if (data.year < format.years.from || (format.years.to !== undefined && data.year > format.years.to)) {
    const span = `${format.years.from}—${format.years.to ?? ''}`;
    problems.push(locatedProblem(source, format, ['year'], 'warning', `${data.year}年度的报告一般不用格式 ${format.id}（适用于 ${span} 年度）`));
  }
  const figures = fillTotals(format, figuresOf(format, data));
  for (const f of checkRules(format, figures)) {
    const where = f.others.length > 1 ? `（分项见${lines(source, format, f.others)}）` : '';
    problems.push(locatedProblem(source, format, format.items.get(refsOf(f.rule.row)[0])!.path, f.rule.level, f.message + where));
  }

  let subunits: Report['subunits'];
  if (data.subunits) {
    const totals: Figures = Object.fromEntries([...format.items.keys()].map((k) => [k, 0]));
    const path = resolve(file);
    let complete = true;
    data.subunits.files.forEach((rel, i) => {
      const sub = resolve(dirname(file), rel);
      const where = ['subunits', 'files', i];
      if (seen.includes(sub) || sub === path) {
        problems.push(locatedProblem(source, format, where, 'error', `下级单位文件 ${rel} 又回头引用了本文件`));
        return;
      }
      const loaded = loadReport(sub, [...seen, path]);
      if (!loaded.report) {
        complete = false;
        if (loaded.problems.some((p) => p.cause === 'missing'))
          problems.push(locatedProblem(source, format, where, 'error', `下级缺报：${rel} 不存在`));
        else
          problems.push(locatedProblem(source, format, where, 'warning', `下级单位 ${rel} 的数据有错误，${data.subunits!.label}的汇总段落这次不生成（先运行 nianbao check ${rel}）`));
        return;
      }
      if (loaded.report.format.id !== format.id) {
        problems.push(locatedProblem(source, format, where, 'error', `下级单位 ${rel} 用的是格式 ${loaded.report.format.id}，与本报告的 ${format.id} 不同，无法汇总`));
        complete = false;
        return;
      }
      for (const k of Object.keys(totals)) totals[k] = round(value(totals[k]) + value(loaded.report.figures[k]));
    });
    if (complete) subunits = { label: data.subunits.label, figures: totals };
  }
  const sorted = sortProblems(problems);
  if (sorted.some((p) => p.level === 'error')) return { problems: sorted };
  return { report: { source, format, data, figures, subunits }, problems: sorted };
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}
