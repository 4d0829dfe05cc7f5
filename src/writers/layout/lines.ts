/**
 * Line breaking of running text for the writers that print pages, done here rather than by pdfmake: pdfmake breaks CJK text by handing
 * every character to its layout and its renderer as a word of its own, which is most of the PDF's time and of its
 * size. Here a paragraph is broken once into lines, and each line goes to pdfmake as a few pieces.
 *
 * The rules are those of Chinese typesetting (and of UAX #14, which pdfmake applied): a line may break between any two
 * Han characters, but no line starts with closing punctuation (，。、；：？！）》”…) and none ends with opening
 * punctuation (（《“); a number with its unit ("48件", "12.5%") and a Latin word are never broken. A full line is
 * justified by spacing out its Chinese characters, numbers and Latin words kept tight (as Word and the Chinese layout
 * rules do); a paragraph's last line is not justified, nor a line that a newline in the text ends. Where keeping a
 * number with its unit would spread a line's gaps wider than `maxSpread`, the unit starts the next line instead
 * ("…不予公开2" / "件、占6.8%…" rather than "不 予 公 开" torn apart).
 */

/** A run of text in one face; `noWrap` runs are never broken inside. */
export interface Piece<F> {
  text: string;
  font: F;
  noWrap: boolean;
}

/** A piece of a line and its letter spacing (pt): what makes the line fill its width; 0 inside numbers and Latin words. */
export interface LinePiece<F> extends Piece<F> {
  spacing: number;
}

export type Line<F> = LinePiece<F>[];

const NO_START = /[，。、；：？！）》」』〕】〉”’…—·％‰,.;:?!)\]}%]/u;
const NO_END = /[（《「『〔【〈“‘([{]/u;
const WORD = /[0-9A-Za-z.,:%]/;

/**
 * Breaks pieces into lines: the first `first` points wide (after the first-line indent), the others `width` points.
 * `advance(font, ch)` is a character's advance in points.
 */
export function breakLines<F>(pieces: Piece<F>[], first: number, width: number, advance: (font: F, ch: string) => number, maxSpread = Infinity): Line<F>[] {
  const chars: { ch: string; piece: number; w: number }[] = [];
  pieces.forEach((p, piece) => {
    for (const ch of p.text) chars.push({ ch, piece, w: advance(p.font, ch) });
  });
  /** characters i and i + 1 belong to one number with its unit or one Latin word: never broken, never spaced out */
  const joined = (i: number) => (chars[i].piece === chars[i + 1].piece && pieces[chars[i].piece].noWrap) || (WORD.test(chars[i].ch) && WORD.test(chars[i + 1].ch));
  /** a line may start at character i */
  const breakable = (i: number) => !joined(i - 1) && !NO_START.test(chars[i].ch) && !NO_END.test(chars[i - 1].ch);

  const lines: Line<F>[] = [];
  // pdfmake sums the same advances itself and wraps a piece that overshoots its line by any amount: lines are filled
  // to within a thousandth of a point of their width, and set a thousandth short of it
  const SLACK = 0.001;
  const emit = (from: number, to: number, available: number, last: boolean) => {
    // pdfmake spaces out the characters inside a piece, not across pieces: a piece is a run of characters whose gaps
    // are all spaced (spread) or all not (tight); a tight run's last character starts the next spread piece, so that
    // the gap after it is spaced too
    const line: (LinePiece<F> & { spread?: boolean })[] = [];
    let natural = 0;
    for (let i = from; i < to; i++) {
      const { ch, piece, w } = chars[i];
      natural += w;
      const font = pieces[piece].font;
      const prev = line[line.length - 1];
      const spreadBefore = i > from && !joined(i - 1);
      if (prev && prev.font === font && (prev.spread === undefined || prev.spread === spreadBefore)) {
        prev.spread = spreadBefore;
        prev.text += ch;
      } else if (prev && prev.font === font && spreadBefore && Array.from(prev.text).length > 1) {
        // a tight piece before a spaced gap gives its last character to the next piece (the gap inside it is 0)
        const lastChar = Array.from(prev.text).pop()!;
        prev.text = prev.text.slice(0, -lastChar.length);
        line.push({ text: lastChar + ch, font, noWrap: true, spacing: 0, spread: true });
      } else line.push({ text: ch, font, noWrap: true, spacing: 0 });
    }
    // pdfmake counts the gaps of a piece in UTF-16 units (a character beyond the BMP counts two)
    const spaced = line.reduce((n, p) => n + (p.spread ? p.text.length - 1 : 0), 0);
    const target = available - SLACK;
    if ((!last || natural > target) && spaced > 0) for (const p of line) if (p.spread) p.spacing = (target - natural) / spaced;
    lines.push(line.map(({ spread: _, ...p }) => p));
  };

  /** a number's unit, the Han character that ends a kept number piece: "48|件" */
  const unitAt = (i: number) => joined(i - 1) && /[0-9%]/.test(chars[i - 1].ch) && /[\u4e00-\u9fff]/.test(chars[i].ch);
  /**
   * Where a line from `start` that may break at `at` (it cannot hold the characters up to `full`) should break
   * instead: before the unit of the number that did not fit, when breaking at `at` would spread its gaps too wide.
   */
  const unitBreak = (start: number, at: number, full: number, available: number): number | undefined => {
    const spread = (to: number) => {
      let natural = 0;
      let gaps = 0;
      for (let i = start; i < to; i++) {
        natural += chars[i].w;
        if (i > start && !joined(i - 1)) gaps++;
      }
      return gaps ? (available - natural) / gaps : Infinity;
    };
    if (spread(at) <= maxSpread) return undefined;
    for (let i = full; i > at; i--) if (unitAt(i) && !NO_END.test(chars[i - 1].ch)) return i;
    return undefined;
  };

  let start = 0;
  while (start < chars.length) {
    const available = lines.length ? width : first;
    let x = 0;
    let end = start;
    let lastBreak = -1;
    while (end < chars.length && chars[end].ch !== '\n') {
      if (end > start && breakable(end)) lastBreak = end;
      if (end > start && x + chars[end].w > available + SLACK) break;
      x += chars[end].w;
      end++;
    }
    const forced = end === chars.length || chars[end].ch === '\n';
    if (!forced && lastBreak > start) end = unitBreak(start, lastBreak, end, available) ?? lastBreak;
    emit(start, end, available, forced);
    start = forced ? end + 1 : end;
  }
  return lines;
}
