/** Derived figures: one rounding rule for every share in every report (half-up, one decimal). */

/** A count as printed: blank (not reported) counts as 0 in text and sums. */
export function value(v: number | null | undefined): number {
  return v ?? 0;
}

/** A figure as printed in text and tables: integers plainly (66045), 万元 amounts with their decimals (12.5). */
export function formatNumber(v: number | null | undefined): string {
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
