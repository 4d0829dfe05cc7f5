/**
 * Line breaking of running text for the PDF, done here rather than by pdfmake: pdfmake breaks CJK text by handing
 * every character to its layout and its renderer as a word of its own, which is most of the PDF's time and of its
 * size. Here a paragraph is broken once into lines, and each line goes to pdfmake as one piece per face.
 *
 * The rules are those of Chinese typesetting (and of UAX #14, which pdfmake applied): a line may break between any two
 * Han characters, but no line starts with closing punctuation (，。、；：？！）》”…) and none ends with opening
 * punctuation (（《“); a number with its unit ("48件", "12.5%") and a Latin word are never broken. A full line is
 * justified by letter spacing, as Word justifies Chinese text; a paragraph's last line is not, nor a line that a
 * newline in the text ends.
 */

/** A run of text in one face; `noWrap` runs are never broken inside. */
export interface Piece<F> {
  text: string;
  font: F;
  noWrap: boolean;
}

export interface Line<F> {
  pieces: Piece<F>[];
  /** letter spacing (pt) that makes the line fill its width; 0 for a paragraph's last line (unless it overshoots) */
  spacing: number;
}

const NO_START = /[，。、；：？！）》」』〕】〉”’…—·％‰,.;:?!)\]}%]/u;
const NO_END = /[（《「『〔【〈“‘([{]/u;
const WORD = /[0-9A-Za-z.,:%]/;

/**
 * Breaks pieces into lines: the first `first` points wide (after the first-line indent), the others `width` points.
 * `advance(font, ch)` is a character's advance in points.
 */
export function breakLines<F>(pieces: Piece<F>[], first: number, width: number, advance: (font: F, ch: string) => number): Line<F>[] {
  const chars: { ch: string; piece: number; w: number }[] = [];
  pieces.forEach((p, piece) => {
    for (const ch of p.text) chars.push({ ch, piece, w: advance(p.font, ch) });
  });
  const breakable = (i: number) => {
    const [a, b] = [chars[i - 1], chars[i]];
    if (a.piece === b.piece && pieces[a.piece].noWrap) return false;
    return !NO_START.test(b.ch) && !NO_END.test(a.ch) && !(WORD.test(a.ch) && WORD.test(b.ch));
  };

  const lines: Line<F>[] = [];
  // pdfmake sums the same advances itself and wraps a piece that overshoots its line by any amount: lines are filled
  // to within a thousandth of a point of their width, and set a thousandth short of it
  const SLACK = 0.001;
  const emit = (from: number, to: number, available: number, last: boolean) => {
    const linePieces: Piece<F>[] = [];
    let natural = 0;
    for (let i = from; i < to; i++) {
      const { ch, piece, w } = chars[i];
      natural += w;
      const prev = linePieces[linePieces.length - 1];
      if (prev && prev.font === pieces[piece].font) prev.text += ch;
      else linePieces.push({ text: ch, font: pieces[piece].font, noWrap: true });
    }
    // pdfmake measures a piece as its advances plus the spacing between its characters (UTF-16 units)
    const gaps = linePieces.reduce((n, p) => n + p.text.length - 1, 0);
    const target = available - SLACK;
    const spacing = gaps > 0 && (!last || natural > target) ? (target - natural) / gaps : 0;
    lines.push({ pieces: linePieces, spacing });
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
    if (!forced && lastBreak > start) end = lastBreak;
    emit(start, end, available, forced);
    start = forced ? end + 1 : end;
  }
  return lines;
}
