/** Display width in a terminal: CJK characters take two columns. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

/** A table of text on the terminal, its columns aligned; the last column (the hints) is printed as lines below it. */
export function printTable(cells: string[][]): void {
  const table = cells.map((row) => row.slice(0, -1));
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => width(row[c]))));
  for (const row of table) console.log(row.map((cell, c) => pad(cell, widths[c])).join('  ').trimEnd());
  for (const row of cells.slice(1)) if (row[row.length - 1]) console.log(`提示：${row[0].trim()}：${row[row.length - 1]}`);
}
