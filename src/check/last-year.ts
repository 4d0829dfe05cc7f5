import type { Format } from '../format/definition.js';
import { entryTexts } from '../format/schema.js';
import type { Figures } from '../derive/figures.js';
import { formatNumber } from '../derive/numbers.js';
import type { Report } from '../report.js';
import type { ReviewFinding } from './review.js';

/** Characters in a row that count as one repeated piece of text (a short clause of Chinese). */
const SHINGLE = 8;
/** Above this share of repeated text a report is 内容雷同 (one city deducts points above 50 %). */
const REPEATED = 0.5;
/** Paragraphs shorter than this may well be the same every year ("本年度未收取信息处理费。"). */
const SAME_PARAGRAPH = 30;

interface Paragraph {
  path: (string | number)[];
  text: string;
}

/** The unit's own paragraphs of the titled sections (the preamble is the same every year by custom). */
function ownParagraphs(report: Report): Paragraph[] {
  return report.format.sections
    .filter((s) => s.title)
    .flatMap((s) =>
      (report.data.sections[s.id] ?? []).flatMap((p, i) => entryTexts(p, ['sections', s.id, i]).map(({ path, text }) => ({ path, text }))),
    );
}

/** Text as compared: Han characters, letters and digits (punctuation and spacing changed do not make new text). */
const normal = (t: string) => t.replace(/[^\p{L}\p{N}]/gu, '');

/**
 * How this year's report compares with last year's: figures that jumped (×factor or more, a factor-th or less), and
 * 内容雷同 — the share of the unit's own text that repeats last year's, measured as the characters of this year's
 * paragraphs covered by runs of SHINGLE characters that also stand in last year's text.
 */
export function lastYearFindings(format: Format, report: Report, previous: Report, last: Figures): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  const jump = format.yearOverYear;
  if (jump)
    for (const [ref, item] of format.items) {
      const [now, before] = [report.figures[ref], last[ref]];
      if (typeof now !== 'number' || typeof before !== 'number' || Math.max(now, before) < jump.atLeast) continue;
      if (now >= before * jump.factor || now <= before / jump.factor)
        out.push({
          path: item.path,
          level: 'warning',
          message: `${formatNumber(now)} 是上年 ${formatNumber(before)} 的${before === 0 ? '（上年为0）' : ` ${(now / before).toFixed(now > before ? 0 : 2)} 倍`}：变化很大，请核对`,
        });
    }

  const mine = ownParagraphs(report);
  const theirs = ownParagraphs(previous);
  const lastText = theirs.map((p) => normal(p.text)).join('\n');
  const shingles = new Set<string>();
  for (let i = 0; i + SHINGLE <= lastText.length; i++) shingles.add(lastText.slice(i, i + SHINGLE));
  let covered = 0;
  let total = 0;
  const repeated: { path: (string | number)[]; share: number }[] = [];
  for (const p of mine) {
    const t = normal(p.text);
    const hit = new Uint8Array(t.length);
    for (let i = 0; i + SHINGLE <= t.length; i++) if (shingles.has(t.slice(i, i + SHINGLE))) hit.fill(1, i, i + SHINGLE);
    const n = hit.reduce((a, b) => a + b, 0);
    covered += n;
    total += t.length;
    if (t.length) repeated.push({ path: p.path, share: n / t.length });
    const same = theirs.find((q) => normal(q.text) === t);
    if (same && t.length >= SAME_PARAGRAPH)
      out.push({ path: p.path, level: 'warning', message: `这一段与上年报告的一段完全相同（${previous.source.file} 第${previous.source.locate(same.path).line}行）：内容雷同，请按本年情况重写` });
  }
  if (total && covered / total > REPEATED) {
    const worst = repeated.sort((a, b) => b.share - a.share).slice(0, 3);
    out.push({
      path: mine[0].path,
      level: 'warning',
      message: `内容雷同：本年自行撰写的文字有 ${Math.round((100 * covered) / total)}% 与上年报告相同（超过 ${REPEATED * 100}% 会被扣分）；重复最多的段落：${worst.map((w) => `第${report.source.locate(w.path).line}行 ${Math.round(w.share * 100)}%`).join('、')}`,
    });
  }
  return out;
}

/** Last year's figures under this year's format's names (a row the other format lacks is blank). */
export function lastFigures(format: Format, previous: Report): Figures {
  return Object.fromEntries([...format.items.keys()].map((ref) => [ref, ref in previous.figures ? previous.figures[ref] : null]));
}
