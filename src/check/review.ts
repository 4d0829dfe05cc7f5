import { KINDS, type Format, type Kind } from '../format/definition.js';
import { entries, entryTexts, type Entry, type ReportData } from '../format/schema.js';
import { TO_WRITE } from '../format/data-file.js';
import type { Figures } from '../derive/figures.js';
import { handNumbering } from '../derive/numbers.js';
import { isDropped } from './characters.js';

/** A finding of the reviewers' checks, at a path of the data file. */
export interface ReviewFinding {
  path: (string | number)[];
  level: 'error' | 'warning';
  message: string;
}

/** A paragraph with something to print: not only spaces and invisible characters. */
export function printable(p: Entry): boolean {
  const text = typeof p === 'string' ? p : `${p.lead ?? ''}${p.text ?? ''}`;
  return Array.from(text).some((ch) => !/\s/.test(ch) && !isDropped(ch.codePointAt(0)!));
}

/** The unit's kind: as the data says, else read off its name (…镇人民政府 is a 乡镇, …人民政府 a 政府). */
export function unitKind(data: ReportData): { kind?: Kind; guessed: boolean } {
  if (data.kind) return { kind: data.kind, guessed: false };
  const unit = data.unit;
  const kind: Kind | undefined = /[乡镇](人民政府)?$/.test(unit) ? '乡镇' : /街道(办事处)?$/.test(unit) ? '街道' : /人民政府$/.test(unit) ? '政府' : undefined;
  return { kind, guessed: true };
}

/**
 * What the reviewers of these reports mark down, as far as one data file shows it (../shared/spec/review-rules.md):
 * example data, a report dated before its year ends or after the deadline of its kind of unit, sections left empty,
 * numbering typed by hand where the template numbers, and blank cells where the official table wants a figure.
 * `strict` makes a blank cell an error (check --strict).
 */
export function reviewFindings(format: Format, data: ReportData, figures: Figures, strict: boolean): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  if (data.example) out.push({ path: ['example'], level: 'warning', message: '示例数据（example: true）：正式发布前请填写本单位的真实数据，并删除这一行' });

  if (data.date <= `${data.year}-12-31`)
    out.push({ path: ['date'], level: 'error', message: `发布日期 ${data.date} 早于报告年度 ${data.year} 年结束：年度报告应在次年发布` });
  // the deadline of the unit's kind; a kind that neither the data nor the name tells gets the latest of the format's
  const { kind, guessed } = unitKind(data);
  const days = Object.values(format.deadlines ?? {}).sort();
  const deadline = kind ? format.deadlines?.[kind] : days[days.length - 1];
  if (deadline && data.date > `${data.year + 1}-${deadline}`) {
    const [m, d] = deadline.split('-').map(Number);
    const fix = `（不对请写 kind: ${KINDS.join('/')}）`;
    const who = !kind ? `单位类别不明${fix}，按最晚` : guessed ? `按单位名称判断为${kind}${fix}` : `${kind}`;
    out.push({ path: ['date'], level: 'warning', message: `发布日期 ${data.date} 晚于${who}的法定期限 ${data.year + 1}年${m}月${d}日` });
  }

  for (const section of format.sections) {
    if (!section.parts.some((p) => 'paragraphs' in p)) continue;
    const written = data.sections[section.id] ?? [];
    if (!written.some(printable) && section.required && !section.empty)
      out.push({ path: ['sections', section.id], level: 'error', message: `「${section.title}」没有内容：这一部分必须写（不能只印标题）` });
    // a line nianbao init wrote to be replaced
    written.forEach((p, i) =>
      entryTexts(p, ['sections', section.id, i]).forEach(({ path, text }) => {
        if (text.startsWith(TO_WRITE)) out.push({ path, level: 'warning', message: `还没有填写：请把「${text}」换成本单位的内容` });
      }),
    );
    // every item is numbered here (a plain paragraph of a section is not an item)
    written.forEach((p, i) =>
      entries(p, ['sections', section.id, i]).forEach(({ entry, path, level }) => {
        if (typeof entry === 'string' && level === 2) return;
        const [at, text] = typeof entry === 'string' ? [path, entry] : entry.lead ? [[...path, 'lead'], entry.lead] : [[...path, 'text'], entry.text ?? ''];
        const typed = handNumbering(text);
        if (typed) out.push({ path: at, level: 'warning', message: `开头的编号「${typed.trim()}」是手工输入的：编号由 nianbao 自动生成，已去掉（请从数据中删除）` });
      }),
    );
  }

  // a blank figure the unit should have filled in: totals computed from their parts are not blanks
  const filled = new Set(format.rules.filter((r) => r.fill && typeof r.row === 'string').map((r) => r.row as string));
  const blank = new Map<string, { na: boolean; columns: string[] }>();
  for (const [ref, item] of format.items)
    if (figures[ref] === null && !filled.has(ref)) {
      const key = JSON.stringify(item.path.slice(0, 2));
      const row = blank.get(key) ?? { na: !!item.row.na, columns: [] };
      if (item.row.values > 1) row.columns.push((item.row.columns ?? item.table.columns ?? [])[item.index]?.replace(/\n/g, '') ?? `第${item.index + 1}个数`);
      blank.set(key, row);
    }
  for (const [key, { na, columns }] of blank)
    out.push({
      path: JSON.parse(key),
      level: strict ? 'error' : 'warning',
      message: `空白${columns.length ? `（${columns.join('、')}）` : ''}按0计：官方统计表每一栏都应填写，没有发生的填 0${na ? '，本单位没有该项职权的填 /' : ''}`,
    });
  return out;
}
