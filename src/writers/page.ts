/**
 * GB/T 9704—2012 page geometry and type sizes, shared by every writer (see README "Layout").
 * A4; 版心 156 mm × 225 mm; 天头 37 mm, 订口 28 mm; 22 lines of 28 characters of 3号 (16 pt) 仿宋.
 */
export const MM = 72 / 25.4;

export const PAGE = {
  width: 210 * MM,
  height: 297 * MM,
  top: 37 * MM,
  bottom: 35 * MM,
  left: 28 * MM,
  right: 26 * MM,
};

/** 版心 width: 156 mm = 442.2 pt */
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

export const SIZE = {
  title: 22, // 二号 小标宋
  body: 16, // 三号 仿宋; 一级标题 黑体 and 二级标题 楷体 at the same size
  number: 14, // 四号 page numbers
  table: 12, // 小四, the statistics table
  small: 9, // 小五, the wide tables of the national formats (表三 must fit one page)
};

/** Fixed line pitch: 22 lines in the 225 mm 版心 (Word: 固定值 28.95 磅). */
export const LINE_PITCH = 28.95;

export const CHARS_PER_LINE = 28;

/**
 * Letter spacing of body text (pt) that sets 28 characters on the 156 mm line: a whole number of 1/20 pt, as Word
 * stores it, so that the DOCX and the PDF hold the same characters on a line (16 − 0.25 = 15.75 pt a character,
 * 441 pt of the 442.2).
 */
export const BODY_TRACKING = Math.floor((TEXT_WIDTH / CHARS_PER_LINE - SIZE.body) * 20) / 20;

/** Advance of one body character as a fraction of the 16 pt em (0.984): the PDF's faces are condensed to it. */
export const BODY_EM = (SIZE.body + BODY_TRACKING) / SIZE.body;

/** Table line pitch as a multiple of the table's type size. */
export const TABLE_LEADING = 1.3;

/** Cell padding (pt) left/right and top/bottom. */
export const CELL_PADDING = { x: 3, y: 2.5 };

/** 版心 height: 225 mm */
export const TEXT_HEIGHT = PAGE.height - PAGE.top - PAGE.bottom;

/** The page number "— 1 —": one 一字线 each side. Odd pages right, even pages left, one character in. */
export function pageNumberText(n: number): string {
  return `— ${n} —`;
}

/** The dash line stands 7 mm below the 版心. */
export const PAGE_NUMBER_GAP = 7 * MM;
