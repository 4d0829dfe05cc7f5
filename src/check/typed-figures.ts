import type { Document, SourceRef } from '../model/document.js';
import { figureRefs, type FigureExpr } from '../format/indicators.js';
import { fieldLabel, pathText } from '../format/issues.js';
import type { Problem } from '../load/problem.js';
import type { Figures } from '../derive/figures.js';
import { formatNumber, value } from '../derive/numbers.js';
import type { Report } from '../report.js';

/** Arabic figures ("1,260", "56.8") or Chinese numerals ("两", "十二", "一百零五"). */
const NUMBER = '(\\d[\\d,，]*(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)';
/**
 * What may stand between a phrase and its figure: only words that add nothing ("收到申请共48件", "数量为62件");
 * anything else ("较上年增加2件", "结果维持3件") makes the number another figure's.
 */
const GAP = '(?:共|计|为|达|有|了|的|数量|数|合计|总计|累计|件数)*';
/** A phrase right after these is part of a combined or narrower statement ("复议、诉讼案件6件", "自然人新收申请65件"). */
const NARROWED_BEFORE = /([、和及与或]|自然人|法人|企业|机构|组织|其他|本级|街道|乡镇|部门)$/;
/** Figures the text only approximates: 60余件, 近百件, 约50件. */
const APPROXIMATE_AFTER = /^(余|多|左右|以上|以下)/;
const APPROXIMATE_BEFORE = /(约|近|超过|逾|不到|不足|将近)$/;

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "两" → 2, "十二" → 12, "一百零五" → 105, "1,260" → 1260; undefined for what is no number ("一是"). */
export function parseNumber(text: string): number | undefined {
  if (/^\d/.test(text)) return Number(text.replace(/[,，]/g, ''));
  let total = 0;
  let digit: number | undefined;
  for (const ch of text) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch];
    else {
      total += (digit ?? 1) * CN_UNITS[ch];
      digit = undefined;
    }
  }
  return total + (digit ?? 0);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The exact share part/whole in percent, rounded half-up to `decimals` places. */
function shareAt(part: number, whole: number, decimals: number): string {
  const scale = 10 ** decimals;
  return (Math.floor((2 * part * 100 * scale + whole) / (2 * whole) + 1e-9) / scale).toFixed(decimals);
}

/** What the text said an indicator is, first, and where. */
interface Statement {
  typed: number;
  at: { line: number; col: number };
}

/**
 * The check of what the clerk typed against the tables: in every paragraph the unit wrote, statements of the
 * format's indicators ("政府网站公开21541条"), shares stated after them ("、占29.1%") and claims the tables contradict
 * ("全部按时办结"). A sentence that names the sub-units together (四区三县) speaks of their figures added up.
 */
export function checkTypedFigures(doc: Document, report: Report): Problem[] {
  const { format, source, figures } = report;
  const { indicators, claims } = format.indicators;
  const problems: Problem[] = [];
  if (!indicators.length && !claims.length) return problems;
  const phrases = [...new Set(indicators.flatMap((i) => i.phrases))].sort((a, b) => b.length - a.length);
  const units = [...new Set(indicators.flatMap((i) => [...i.units, ...(i.units.includes('万元') ? ['元'] : [])]))].sort((a, b) => b.length - a.length);
  const statement = new RegExp(`(${phrases.map(escape).join('|')})${GAP}${NUMBER}(${units.map(escape).join('|')})`, 'g');
  const shareAfter = new RegExp(`^[，,、（(]?\\s*(?:占比?|比例为|比重为)?\\s*(\\d+(?:\\.\\d+)?)[%％]`);
  const said = new Map<string, Statement>();

  const problem = (ref: SourceRef, index: number, level: Problem['level'], label: string, message: string) => {
    const at = source.locateChar(ref.path, index - (ref.start ?? 0));
    problems.push({ file: source.file, ...at, level, label: label || fieldLabel(format, ref.path), path: pathText(ref.path), message });
    return at;
  };
  const labelOf = (f: FigureExpr, own?: string) => own ?? (typeof f === 'string' ? format.items.get(f)!.label : '');
  const total = (f: FigureExpr, fs: Figures) => figureRefs(f).reduce((t, r) => t + value(fs[r]), 0);
  const lineOf = (f: FigureExpr) => source.locate(format.items.get(figureRefs(f)[0])!.path).line;

  for (const block of doc.blocks) {
    const typed = block.kind === 'paragraph' ? block.runs.filter((r) => r.at) : block.kind === 'heading' && block.at ? [{ text: block.text, at: block.at }] : [];
    for (const run of typed) {
      // sentence by sentence: a scope (复议/诉讼, the sub-units) holds within a sentence and the sentences after it that
      // begin with 其中 ("四区三县共收到申请7件。其中同意公开4件")
      let context = '';
      // full-width digits read as digits (one character for one: positions stay)
      const text = run.text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
      for (const m of text.matchAll(/[^。；;！？\n]+/g)) {
        const sentence = m[0];
        context = /^\s*其中/.test(sentence) ? context + sentence : sentence;
        const label = report.subunits?.label ?? report.data.subunits?.label;
        const forSubunits = !!label && context.includes(label);
        if (forSubunits && !report.subunits) continue; // a sub-unit is broken: its sums are not known
        const fs = forSubunits ? report.subunits!.figures : figures;
        const whose = forSubunits ? `${label}的` : '';
        for (const s of sentence.matchAll(statement)) {
          const [whole, phrase, number, unit] = s;
          const start = m.index + s.index;
          const numberAt = start + whole.lastIndexOf(number + unit);
          const after = sentence.slice(s.index + whole.length);
          if (APPROXIMATE_AFTER.test(after) || APPROXIMATE_BEFORE.test(sentence.slice(0, s.index + whole.length - number.length - unit.length))) continue;
          if (NARROWED_BEFORE.test(sentence.slice(0, s.index))) continue;
          const candidates = indicators.filter((i) => i.phrases.includes(phrase) && i.units.concat(i.units.includes('万元') ? ['元'] : []).includes(unit) && (!i.scope || new RegExp(i.scope).test(context)));
          if (candidates.length !== 1) continue; // unknown here, or ambiguous (维持 in a sentence on 复议 and 诉讼)
          const [indicator] = candidates;
          const typedValue = parseNumber(number)! / (unit === '元' ? 10000 : 1);
          const table = total(indicator.figure, fs);
          const name = labelOf(indicator.figure, indicator.label);
          const shown = `${whole.slice(whole.indexOf(phrase))}`;
          if (typedValue !== table) {
            const blank = figureRefs(indicator.figure).every((r) => fs[r] === null);
            problem(run.at!, numberAt, 'error', name, `正文写「${shown}」，${whose}统计表${blank ? '为空白' : `为 ${formatNumber(table)}${indicator.units[0]}`}（第${lineOf(indicator.figure)}行）：正文与表格不一致`);
          }
          const key = `${forSubunits}:${indicator.id}`;
          const before = said.get(key);
          const at = source.locateChar(run.at!.path, numberAt - (run.at!.start ?? 0));
          if (before && before.typed !== typedValue)
            problem(run.at!, numberAt, 'error', name, `同一指标前后不一致：第${before.at.line}行写 ${formatNumber(before.typed)}，这里写 ${formatNumber(typedValue)}`);
          else if (!before) said.set(key, { typed: typedValue, at });
          // a share stated after the figure
          const pct = indicator.share && shareAfter.exec(after);
          if (indicator.share && pct) {
            const base = total(indicator.share, fs);
            if (base <= 0) continue;
            const decimals = pct[1].split('.')[1]?.length ?? 0;
            const expected = shareAt(table, base, decimals);
            if (Number(pct[1]).toFixed(decimals) !== expected)
              problem(run.at!, start + whole.length + pct[0].indexOf(pct[1]), 'warning', name, `「占${pct[1]}%」与统计表不符：${formatNumber(table)}÷${formatNumber(base)} 四舍五入为 ${Number(shareAt(table, base, 1)).toFixed(1)}%（nianbao 生成的文字这样写）`);
          }
        }
        for (const claim of claims) {
          const c = new RegExp(claim.pattern).exec(sentence);
          if (!c) continue;
          // a claim with a scope is about what its own clause mentions ("诉讼案件均获维持"); a clause that mentions none
          // of its sibling claims' scopes is about what the sentence mentions ("复议7件，诉讼9件，均获维持")
          const siblings = claims.filter((o) => o.pattern === claim.pattern && o.scope);
          const clause = sentence.slice(0, c.index + c[0].length).split(/[，,]/).pop()!;
          const about = siblings.some((o) => new RegExp(o.scope!).test(clause)) ? clause : context;
          if (claim.scope && !new RegExp(claim.scope).test(about) && siblings.some((o) => new RegExp(o.scope!).test(about))) continue;
          const against = total(claim.falseIf, fs);
          if (against > 0) {
            const positive = figureRefs(claim.falseIf).filter((r) => value(fs[r]) > 0);
            const parts = positive.map((r) => `${format.items.get(r)!.label} ${formatNumber(fs[r])}`);
            problem(run.at!, m.index + c.index, 'error', format.items.get(positive[0])!.label, `正文说「${c[0]}」，${whose}统计表却有 ${parts.join('、')}：正文与表格矛盾`);
          }
        }
      }
    }
  }
  return problems;
}
