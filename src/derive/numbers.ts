/** Derived figures: one rounding rule for every share in every report (half-up, one decimal). */

/** A figure of a table: a number, blank (null: not reported) or "/" (not applicable). */
export type Figure = number | null | '/';

/** A count as used in sums: blank and "/" count as 0. */
export function value(v: Figure | undefined): number {
  return typeof v === 'number' ? v : 0;
}

/** A figure as printed in text and tables: integers plainly (66045), 万元 amounts with their decimals (12.5). */
export function formatNumber(v: Figure | undefined): string {
  if (v === '/') return '/';
  if (v === null || v === undefined) return '';
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
}

/** part/whole as a percentage, rounded half-up to one decimal: 14/48 → "29.2%", 12/48 → "25.0%". */
export function share(part: number, whole: number): string {
  if (whole <= 0) return '0.0%';
  // exact for integer counts: tenths of a percent = floor(part*1000/whole + 1/2)
  const tenths = Math.floor((2 * part * 1000 + whole) / (2 * whole) + 1e-9);
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (enough for any numbering in a report). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`cannot number item ${n} in Chinese`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return DIGITS[ones];
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** The run-in number of the n-th item of a section: （一）, （二）, … */
export function itemNumber(n: number): string {
  return `（${chineseNumber(n)}）`;
}

/** Numbering typed by hand at the start of an item ("（一）", "(二)", "三、", "1.", "（1）"), or undefined. */
export function handNumbering(text: string): string | undefined {
  return /^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.、．](?!\d)|[（(]\d+[）)])\s*/.exec(text)?.[0];
}

/** A date as a 公文 writes it: 2026-03-28 → 2026年3月28日 (Arabic figures, no leading zeros, GB/T 9704 7.3.5.1). */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
