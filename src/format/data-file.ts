import { stringify } from 'yaml';
import { LAST, itemRef, rowLabel, type Format, type Kind } from './definition.js';
import { FIELD_LABELS, type ReportData } from './schema.js';
import type { Figures } from '../derive/figures.js';
import { formatNumber } from '../derive/numbers.js';

/** The text init writes where a section must still be written; check warns about it (check/review.ts). */
export const TO_WRITE = '（待填写：';

export interface DataFileOptions {
  format: Format;
  unit: string;
  year: number;
  kind: Kind;
  /** the JSON Schema beside the file, for the first line */
  schema: string;
  /** the tables are in this workbook (relative to the file), not in the file */
  workbook?: string;
  /** last year's report: its details, its figures carried over, its paragraphs to revise; `path` relative to the file */
  from?: { path: string; data: ReportData; figures: Figures };
}

/** How a unit names itself and its area, read off its name and kind (a clerk checks them in the file). */
export function unitNames(unit: string, kind: Kind): { region: string; self: string; scope: string } {
  // a government, a town, a street: named by its place (某县人民政府 → 某县, 我县, 全县)
  const place = /^(.*?)(人民政府|政府|办事处|办)?$/.exec(unit)!;
  if (kind !== '部门') {
    const region = place[1];
    const tail = /街道$/.test(region) ? '街道' : region.slice(-1);
    return { region, self: `我${tail}`, scope: `全${tail}` };
  }
  const tail = /(中心|办公室)$/.exec(unit)?.[1] ?? (/委员会$/.test(unit) ? '委' : unit.slice(-1));
  return { region: unit, self: `本${tail}`, scope: `本${tail}` };
}

/** A YAML scalar on one line. */
const scalar = (v: unknown) => stringify(v, { lineWidth: 0 }).trimEnd();

/**
 * A complete data file for a unit to fill in, in the format's own order: every field, every section with a hint of
 * what belongs there (a 待填写 line where the section must be written), every table row with its official label and
 * its figures at 0 (totals the format computes as ~), comments in Chinese. It passes `check` as written, with
 * warnings for what must still be written.
 */
export function dataFileText(o: DataFileOptions): string {
  const { format, year, kind } = o;
  const last = o.from?.data;
  const unit = last?.unit ?? o.unit;
  const { region, self, scope } = last ? { region: last.region, self: last.self, scope: last.scope } : unitNames(unit, kind);
  const deadline = format.deadlines?.[kind] ?? '03-31';
  const out: string[] = [
    `# yaml-language-server: $schema=${o.schema}`,
    `# ${region}${year}年政府信息公开工作年度报告的数据文件（${format.name}），由 nianbao init 写出。`,
    '# 填写后运行 nianbao check 检查，nianbao build 生成 PDF 和 Word 文件。“#”后面是说明，不会印出。',
    `format: ${format.id}`,
    `year: ${year}`,
    `unit: ${scalar(unit)}              # ${FIELD_LABELS.unit}（落款、文件作者）`,
    `kind: ${kind}                       # ${FIELD_LABELS.kind}：${['政府', '部门', '乡镇', '街道'].join('、')}（决定发布期限）`,
    `region: ${scalar(region)}          # 标题中的名称：${region}${year}年政府信息公开工作年度报告`,
    `self: ${self}                       # 正文中的自称（我市/我区/本局），请核对`,
    `scope: ${scope}                      # 正文中的范围（全市/全区），请核对`,
    `date: ${year + 1}-${deadline}                # ${FIELD_LABELS.date}（YYYY-MM-DD），法定期限是${year + 1}年${Number(deadline.slice(0, 2))}月${Number(deadline.slice(3))}日`,
  ];
  if (o.from) out.push(`previous: ${scalar(o.from.path)}        # 上年报告的数据文件：检查上年结转、与上年相比的变化`);

  out.push('', 'sections:');
  for (const section of format.sections.filter((s) => s.parts.some((p) => 'paragraphs' in p))) {
    out.push(`  # ${section.title ?? '开头段落'}${section.hint ? `：${section.hint}` : ''}`);
    // last year's text to revise; a section with a starter (the preamble, the same every year) is written anew
    const before = section.starter ? [] : (last?.sections[section.id] ?? []);
    if (before.length) {
      out.push(`  ${section.id}:`, '    # 以下是上年的原文，请按本年情况修改');
      for (const p of before) out.push(...stringify([p], { lineWidth: 0 }).trimEnd().split('\n').map((l) => `    ${l}`));
      continue;
    }
    const starter = section.starter?.replaceAll('{year}', String(year)) ?? (section.required ? `${TO_WRITE}${section.hint ?? section.title}）` : undefined);
    if (starter) out.push(`  ${section.id}:`, `    - ${scalar(starter)}`);
    else out.push(`  ${section.id}: []`);
  }

  // figures: 0, or ~ for a total the format computes; carried over from last year where a rule says they equal
  const computed = new Set(format.rules.filter((r) => r.fill && typeof r.row === 'string').map((r) => r.row as string));
  const carried = new Map(
    format.rules.flatMap((r) => (typeof r.row === 'string' && typeof r.equals === 'string' && r.equals.startsWith(LAST) ? [[r.row, r.equals.slice(LAST.length)] as const] : [])),
  );
  // what is carried in stays open until the clerk writes this year's results: where a rule balances a carried figure
  // against the figures of this year (一 + 二 = 三 + 四), the one figure of the other side that is not computed
  // (结转下年度) starts equal to it, so that the file passes check as written
  const balanced = new Map<string, string>();
  if (o.from)
    for (const r of format.rules) {
      const sides = [r.row, r.equals].map((e) => (e && typeof e === 'object' && 'sum' in e ? e.sum : typeof e === 'string' ? [e] : []));
      const from = sides[0].find((ref) => carried.has(ref));
      const open = sides[1].filter((ref) => !computed.has(ref) && !ref.startsWith(LAST));
      if (from && open.length === 1 && !carried.has(open[0])) balanced.set(open[0], from);
    }
  const figure = (ref: string): string => {
    if (computed.has(ref)) return '~';
    const from = carried.get(ref);
    if (from && o.from) return formatNumber(o.from.figures[from] ?? 0) || '0';
    const same = balanced.get(ref);
    return same ? figure(same) : '0';
  };
  if (o.workbook) out.push('', `tables: ${scalar(o.workbook)}          # 统计表在这个 Excel 工作簿里：在其中填写各表的数字`);
  for (const table of o.workbook ? [] : format.tables) {
    out.push('', `${table.data}:${table.title ? `  # ${table.title}` : ''}`);
    const columns = table.columns?.map((c) => c.replace(/\n/g, ''));
    if (columns) out.push(`  # 每行依次为：${columns.join('、')}（~ 为自动计算的合计）`);
    const lines = table.rows.flatMap((row) => {
      if (!row.id || !row.values || row.optional) return [];
      const refs = Array.from({ length: row.values }, (_, i) => itemRef(row as typeof row & { id: string }, i));
      const values = row.values === 1 ? figure(refs[0]) : `[${refs.map(figure).join(', ')}]`;
      const what = [rowLabel(row), row.unit && `（${row.unit}）`, row.columns && `：${row.columns.join('、')}`, row.na && '；没有该项职权的填 /'].filter(Boolean).join('');
      const from = refs.some((r) => carried.has(r) && o.from) ? '；沿用上年的结转下年度继续办理' : refs.some((r) => balanced.has(r)) ? '；暂同上年结转，请按实际填写' : '';
      return [[`  ${row.id}: ${values}`, `# ${what}${from}`]];
    });
    const width = Math.max(...lines.map(([l]) => l.length)) + 1;
    out.push(...lines.map(([l, c]) => `${l.padEnd(width)}${c}`));
  }
  const signoff = format.tables.flatMap((t) => (t.signoff ?? []).flat());
  if (signoff.length) out.push('', 'signoff:                # 统计表下的签署栏', ...signoff.map((l) => `  ${l}: ${scalar(String((last?.signoff || {})[l] ?? ''))}`));
  return `${out.join('\n')}\n`;
}
