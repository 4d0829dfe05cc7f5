import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { checkCharacters } from './check/characters.js';
import { composeDocument } from './compose/document.js';
import { addFigures, type Figures } from './derive/figures.js';
import { coverage } from './fonts/faces.js';
import type { Role } from './fonts/roles.js';
import { cut, ioReason, type Problem } from './load/problem.js';
import type { Document } from './model/document.js';
import { locatedProblem, readReport, sortProblems, type Loaded, type Report } from './report.js';
import { checkRules } from './rules/evaluate.js';
import { refsOf } from './format/definition.js';
import { unitKind } from './check/review.js';
import { lastFigures, lastYearFindings } from './check/last-year.js';
import { checkTypedFigures } from './check/typed-figures.js';

export interface SessionOptions {
  /** role → font file (a fonts file): the character check asks the faces the PDF will be set in */
  fonts?: Partial<Record<Role, string>>;
  /** a blank figure is an error, not a warning (check --strict) */
  strict?: boolean;
}

/** A unit ready for the writers: its document model, checked, or its problems. */
export interface Prepared extends Loaded {
  doc?: Document;
}

interface Unit extends Loaded {
  /** the data files this result was read from: the unit's own and its sub-units' (real paths) */
  files: string[];
}

/**
 * The checks of a run of nianbao (one `check` or `build`, one batch worker), over one or more data files: each file is
 * read and checked once (a district named by its city and built itself is read once), sub-units are resolved here,
 * and each result says which files it depends on. Every check runs here, before any writer.
 */
export class Session {
  private readonly units = new Map<string, Unit>();
  private readonly documents = new Map<string, Prepared>();
  /** the files being read, outermost first: a sub-unit among them closes a cycle */
  private readonly reading: string[] = [];

  constructor(readonly options: SessionOptions = {}) {}

  /** One data file read and checked, with its sub-units' figures added up when it names any. */
  report(file: string): Loaded & { files: string[] } {
    const key = realOrSelf(file); // one file under two names (a link) is one unit
    const known = this.units.get(key);
    if (known) return known;
    this.reading.push(key);
    try {
      const read = readReport(file, this.options.strict);
      const unit = { ...this.withPrevious(file, this.withSubunits(file, read)), raw: read.raw };
      this.units.set(key, unit);
      return unit;
    } finally {
      this.reading.pop();
    }
  }

  /**
   * Forgets what was read from these files (real paths): each unit that depends on one of them is read and checked
   * again when next asked for, the others are kept (watch: a save re-reads only what it touches).
   */
  forget(files: Set<string>): void {
    for (const [key, unit] of this.units)
      if (files.has(key) || unit.files.some((f) => files.has(f))) {
        this.units.delete(key);
        this.documents.delete(key);
      }
  }

  /** The unit's document model as every writer gets it, after every check (characters included). */
  document(file: string): Prepared {
    const key = realOrSelf(file);
    const known = this.documents.get(key);
    if (known) return known;
    const loaded = this.report(file);
    // a report whose tables' rules fail still has its text checked, so that every error is told at once
    const report = loaded.report ?? loaded.unbalanced;
    if (!report) return loaded;
    const doc = composeDocument(report);
    const chars = checkCharacters(doc, report, coverage(this.options.fonts));
    const problems = sortProblems([...loaded.problems, ...chars.problems, ...checkTypedFigures(doc, report)]);
    const prepared = !loaded.report || problems.some((p) => p.level === 'error') ? { problems, raw: loaded.raw } : { report, doc: chars.doc, problems, raw: loaded.raw };
    // kept when asked for while a unit above it is read (a sub-unit's report is checked for the roll-up, then built
    // itself); a batch worker keeps no other unit's document
    if (this.reading.length) this.documents.set(key, prepared);
    return prepared;
  }

  /** Sub-units: each must be a data file inside this file's folder tree, of the same format, leading back to no unit. */
  private withSubunits(file: string, loaded: Loaded): Unit {
    const own = realOrSelf(file);
    const { report } = loaded;
    if (!report?.data.subunits) return { ...loaded, files: [own] };
    const { source, format } = report;
    const subunits = report.data.subunits;
    const problems = [...loaded.problems];
    if (!subunits.files) {
      const message = `没有列出${subunits.label}的数据文件（files）：不生成${subunits.label}的汇总，正文中提到“${subunits.label}”的句子（和其后“其中”开头的句子）里的数字也不检查`;
      return { ...loaded, problems: sortProblems([...problems, locatedProblem(source, format, ['subunits'], 'warning', message)]), files: [own] };
    }
    const files = [own];
    let sum: Figures | undefined; // the sub-units' areas added up
    const names = new Map<string, string>(); // every unit of the area (by name) → the file that brings it in
    const what = `${subunits.label}的汇总段落${format.rollup.annex && subunits.annex ? '和汇总表' : ''}`;
    const folder = dirname(own);
    const listed = new Set<string>();
    let complete = true;
    // any problem of a sub-unit leaves the roll-up out
    const problem = (i: number, level: Problem['level'], message: string, cause?: Problem['cause']) => {
      complete = false;
      problems.push({ ...locatedProblem(source, format, ['subunits', 'files', i], level, message), ...(cause ? { cause } : {}) });
    };
    subunits.files.forEach((rel, i) => {
      // links resolved first: a path is taken from the folder of the file the link points to
      const path = resolve(folder, rel);
      let real: string;
      try {
        real = realpathSync(path);
      } catch (e) {
        files.push(path); // depended on all the same: a watch rebuilds this unit when the file appears
        return problem(i, 'error', `下级缺报：${cut(rel)} ${ioReason(e)}`);
      }
      const inside = relative(folder, real);
      if (inside.startsWith('..') || isAbsolute(inside))
        return problem(i, 'error', `下级单位文件 ${cut(rel)} 在本文件所在的文件夹（${shown(folder)}）之外：下级单位的数据文件应放在本文件的文件夹或其子文件夹中`);
      if (!statSync(real).isFile()) return problem(i, 'error', `下级缺报：${cut(rel)} 不是数据文件（是文件夹、设备或管道）`);
      if (listed.has(real)) return problem(i, 'error', `下级单位 ${cut(rel)} 重复列出：同一个单位只能汇总一次`);
      listed.add(real);
      const at = this.reading.indexOf(real);
      if (at >= 0) {
        const chain = [...this.reading.slice(at), real].map(shown).join(' → ');
        return problem(i, 'error', `下级单位循环引用：${chain}`, 'cycle');
      }
      // named as the user would name it (beside this file as given), so that its messages read the same whether it
      // is read through this file or on its own
      const beside = join(dirname(file), rel);
      const name = realOrSelf(beside) === real ? beside : shown(real);
      const sub = this.report(name);
      files.push(...sub.files.filter((f) => !files.includes(f)));
      const again = `这次不生成（先运行 nianbao check ${name}）`;
      if (!sub.report) {
        const cycle = sub.problems.find((p) => p.cause === 'cycle');
        if (cycle) return problem(i, 'error', cycle.message, 'cycle');
        if (sub.problems.some((p) => p.cause)) return problem(i, 'error', `下级缺报：${cut(rel)} ${sub.problems[0].message}`);
        return problem(i, 'warning', `下级单位 ${cut(rel)} 的数据有错误，${what}${again}`);
      }
      if (sub.report.format.id !== format.id)
        return problem(i, 'error', `下级单位 ${cut(rel)} 用的是格式 ${sub.report.format.id}，与本报告的 ${format.id} 不同，无法汇总`);
      if (sub.report.data.year !== report.data.year)
        return problem(i, 'error', `下级单位 ${cut(rel)} 是 ${sub.report.data.year} 年度的报告，本报告是 ${report.data.year} 年度，无法汇总`);
      // what its own report finds (its text against its table, its characters) counts as much as its table's errors
      if (this.document(name).problems.some((p) => p.level === 'error'))
        return problem(i, 'warning', `下级单位 ${cut(rel)} 的报告有错误，${what}${again}`);
      // a sub-unit with sub-units of its own brings its whole area (a district: itself and its departments)
      if (sub.report.data.subunits && !sub.report.subunits)
        return problem(i, 'warning', `下级单位 ${cut(rel)} 自己的下级单位有错误或缺报，${what}${again}`);
      // one unit counted once: under two file names, or named at two levels, it would be added twice
      for (const name of [sub.report.data.unit, ...(sub.report.subunits?.names ?? [])]) {
        const before = names.get(name);
        if (before) return problem(i, 'error', `${name} 在 ${cut(before)} 和 ${cut(rel)} 中都有，会重复汇总：一个单位只能列一次`);
        names.set(name, rel);
      }
      const area = sub.report.subunits?.area ?? sub.report.figures;
      sum = sum ? addFigures(sum, area) : area;
    });
    const sorted = sortProblems(problems);
    if (sorted.some((p) => p.level === 'error')) return { problems: sorted, files };
    if (!complete || !sum) return { report, problems: sorted, files };
    const area = addFigures(report.figures, sum);
    const rollup = { label: subunits.label, figures: format.rollup.own ? area : sum, area, names: [...names.keys()], annex: !!subunits.annex };
    return { report: { ...report, subunits: rollup }, problems: sorted, files };
  }

  /**
   * Last year's report, when the data names it (`previous`): read like any unit, then its 结转 and its figures
   * compared with this year's, and this year's own text with last year's (内容雷同).
   */
  private withPrevious(file: string, unit: Unit): Unit {
    const { report } = unit;
    if (!report?.data.previous) return unit;
    const { source, format, data } = report;
    const rel = cut(data.previous!);
    const at = (level: Problem['level'], message: string, path: (string | number)[] = ['previous']) => locatedProblem(source, format, path, level, message);
    const path = resolve(dirname(realOrSelf(file)), data.previous!);
    const problems = [...unit.problems];
    const done = (more: Problem[], previous?: Report['previous']): Unit => {
      const sorted = sortProblems([...problems, ...more]);
      if (sorted.some((p) => p.level === 'error')) return { problems: sorted, files: unit.files };
      return { report: previous ? { ...report, previous } : report, problems: sorted, files: unit.files };
    };
    if (this.reading.includes(realOrSelf(path))) return done([at('error', `上年报告 ${rel} 就是本文件（或又指回本文件）`)]);
    const last = this.report(path);
    if (!last.files.every((f) => unit.files.includes(f))) unit.files.push(...last.files.filter((f) => !unit.files.includes(f)));
    if (!last.report) {
      if (last.problems.some((p) => p.cause === 'missing' || p.cause === 'unreadable')) return done([at('error', `上年报告 ${rel} ${last.problems[0].message}`)]);
      return done([at('warning', `上年报告 ${rel} 的数据有错误，这次不做跨年检查（先运行 nianbao check ${rel}）`)]);
    }
    const more: Problem[] = [];
    if (last.report.data.year !== data.year - 1) more.push(at('warning', `上年报告 ${rel} 是 ${last.report.data.year} 年度的，不是 ${data.year - 1} 年度`));
    const figures = lastFigures(format, last.report);
    for (const f of checkRules(format, report.figures, { kind: unitKind(data).kind, last: figures }))
      more.push(at(f.rule.level, `${f.message}（上年见 ${rel}）`, format.items.get(refsOf(f.rule.row)[0])!.path));
    for (const f of lastYearFindings(format, report, last.report, figures)) more.push(at(f.level, f.message, f.path));
    return done(more, { report: last.report, figures });
  }
}

export function realOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}

/** A path in a message: relative to where nianbao runs, when it is below it. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
