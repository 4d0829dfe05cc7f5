/**
 * The page layout shared by the writers that print pages (PDF, DOCX): text broken into lines with the faces' own
 * advances, tables measured row by row, and the blocks placed on the pages of the 版心. This is where it is decided
 * that a heading moves on with what follows it, that a table starts here or on the next page, and where a table that
 * runs on is cut: between rows, its header rows repeated, the label of a cut row span restated. Both writers draw
 * what this decides, so the PDF and the DOCX have the same pages.
 */
import type { Block, Cell, Document, Table } from '../../model/document.js';
import { gridOf } from '../../model/document.js';
import { advance, splitByCoverage, type LoadedFont } from '../../fonts/faces.js';
import { roleOf, type Role } from '../../fonts/roles.js';
import { BODY_EM, CELL_PADDING, LINE_PITCH, SIZE, TABLE_LEADING, TEXT_HEIGHT, TEXT_WIDTH } from '../page.js';
import { breakLines, type Line, type Piece } from './lines.js';

type Fonts = Record<Role, LoadedFont>;
export type { Line, Piece };

/** table rules, pt */
export const RULE = 0.5;

/** The first-line indent: two body characters as set (condensed to the 28-character line). */
export const INDENT = 2 * BODY_EM * SIZE.body;

/** Space below a block (pt). */
export const SPACE_BELOW = { title: LINE_PITCH, tableTitle: LINE_PITCH / 2, table: LINE_PITCH / 2 };
/** Space above the sign-off lines under a table, and the blank line before the 落款. */
export const SPACE_ABOVE = { signoff: LINE_PITCH / 2, closing: LINE_PITCH, paragraph: LINE_PITCH };

/** The space above a block that asks for a blank line (a paragraph's `spaceAbove`). */
export const spaceAbove = (block: Block): number => (block.kind === 'paragraph' && block.spaceAbove ? SPACE_ABOVE.paragraph : 0);

export const TITLE_PITCH = LINE_PITCH * 1.25;
export const TABLE_TITLE_PITCH = LINE_PITCH * 1.5;

/**
 * A justified line is not spread wider than an eighth of an em per gap when a number's unit can start the next line
 * (wider gaps read as torn: "公报公开673条，政府网站公开" spread 3.3 pt a gap to keep "54162条" whole).
 */
const MAX_SPREAD = SIZE.body / 8;

/** What a table that follows text on its page leaves free at the foot of the page (see layOut's `reach`). */
const TABLE_SLACK = LINE_PITCH;

/** A table starts on the current page only when its header rows and this many body rows fit there. */
const MIN_ROWS = 3;

/**
 * A paragraph cut by a page end keeps this many lines or more on each page (the widow and orphan control Word and
 * LibreOffice apply to the DOCX); the 落款 takes as many of the paragraph before it onto its page.
 */
const KEEP = 2;

/**
 * A block as placed: `breakBefore` when it starts a page the text before it did not fill; `spaceBelow` (pt) what
 * stands below it of its space (SPACE_BELOW), no more than the page has left (pdfmake would start a page for the rest).
 */
export interface Placed {
  block: Block;
  breakBefore: boolean;
  spaceBelow: number;
  /** of a paragraph cut by the layout (its last lines go on with the 落款): the lines placed here, [from, to) */
  lines?: [number, number];
}

export interface Layout {
  placed: Placed[];
  pages: number;
  /** the lines of a heading's or a paragraph's text */
  lines(block: Block & { kind: 'heading' | 'paragraph' }): Line<Role>[];
  /** the lines of each cell of a table, by row and cell */
  cells(table: Table): Line<Role>[][][];
  /** where the lines of a 落款 start (pt from the left of the 版心) */
  closing(block: Block & { kind: 'closing' }): number[];
  /** where the fields of sign-off lines start (pt from the left of the 版心): one grid of columns for every line */
  signoff(block: Block & { kind: 'signoff' }): number[];
  /** the height of each row of a table (pt), its rule included */
  rowHeights(table: Table): number[];
  /** the type size a table is set in */
  tableSize(table: Table): number;
}

/** Text in a role face, split where the face lacks a character (fallback face) and around numbers with their unit. */
export function pieces(text: string, role: Role, fonts: Fonts): Piece<Role>[] {
  const out: Piece<Role>[] = [];
  for (const { text: run, font } of splitByCoverage(text, fonts, role)) {
    // "48件", "12.5%", "2017年" must not break between number and unit
    for (const [i, text] of run.split(/([0-9][0-9.,:]*%?[\u4e00-\u9fff]?)/).entries()) if (text) out.push({ text, font, noWrap: i % 2 === 1 });
  }
  return out;
}

/** The width of a text as set in a role face at a size. */
function widthOf(text: string, role: Role, size: number, fonts: Fonts): number {
  return pieces(text, role, fonts).reduce((w, p) => w + Array.from(p.text).reduce((a, ch) => a + advance(fonts[p.font], ch) * size, 0), 0);
}

/** A function of an object, computed once per object. */
function memo<K extends object, V>(f: (key: K) => V): (key: K) => V {
  const known = new WeakMap<K, V>();
  return (key) => {
    if (!known.has(key)) known.set(key, f(key));
    return known.get(key)!;
  };
}

/** The first-line indent of a paragraph or heading block. */
export function indentOf(block: Block & { kind: 'heading' | 'paragraph' }): number {
  return block.indent === false ? 0 : INDENT;
}

/** Lays the document out on pages with the faces' metrics. */
export function layOut(doc: Document, fonts: Fonts): Layout {
  const measure = (font: Role, ch: string, size: number) => advance(fonts[font], ch) * size;
  const lines = memo((block: Block & { kind: 'heading' | 'paragraph' }) => {
    const ps = block.kind === 'heading' ? pieces(block.text, roleOf(block), fonts) : block.runs.flatMap((r) => pieces(r.text, roleOf(block, r), fonts));
    return breakLines(ps, TEXT_WIDTH - indentOf(block), TEXT_WIDTH, (f, ch) => measure(f, ch, SIZE.body), MAX_SPREAD);
  });

  const tableSize = (t: Table) => (t.size === 'small' ? SIZE.small : SIZE.table);
  const cells = memo((t: Table) => {
    const size = tableSize(t);
    const widths = columnWidths(t);
    const starts = gridOf(t);
    const block: Block = { kind: 'table', table: t };
    return t.rows.map((row, r) =>
      row.map((cell, i) => {
        const start = starts[r][i];
        const span = widths.slice(start, start + (cell.colSpan ?? 1)).reduce((a, b) => a + b, 0);
        // the text's width inside padding, rule and indent; half a point spare, as pdfmake sums the widths itself
        const inside = span - 2 * CELL_PADDING.x - RULE - (cell.indent ?? 0) * size - 0.5;
        return cellText(pieces(cell.text, roleOf(block, cell), fonts), inside, (f, ch) => measure(f, ch, size));
      }),
    );
  });
  /** the height of a cell of `count` lines (one at least), its padding and rule included */
  const linesHeight = (t: Table, count: number) => Math.max(1, count) * tableSize(t) * TABLE_LEADING + 2 * CELL_PADDING.y + RULE;
  const cellHeight = (t: Table, r: number, i: number) => linesHeight(t, cells(t)[r][i].length);

  /** each row's height: its tallest cell of one row, and the last row of a span grown to hold the span's cell */
  const rowHeights = memo((t: Table): number[] => {
    const heights = t.rows.map((row, r) => Math.max(linesHeight(t, 1), ...row.map((c, i) => ((c.rowSpan ?? 1) === 1 ? cellHeight(t, r, i) : 0))));
    t.rows.forEach((row, r) =>
      row.forEach((c, i) => {
        const n = c.rowSpan ?? 1;
        if (n === 1) return;
        const have = heights.slice(r, r + n).reduce((a, b) => a + b, 0);
        const need = cellHeight(t, r, i);
        if (need > have) heights[Math.min(r + n, heights.length) - 1] += need - have;
      }),
    );
    return heights;
  });
  const tableHeight = (t: Table) => RULE + rowHeights(t).reduce((a, b) => a + b, 0);
  /**
   * A table may be cut before row `at`: a kept table (a table of blocks, each with its own header rows) only where a
   * block starts; another where the cut leaves each cell of a span it cuts as much room as its text needs, on either
   * side.
   */
  const cutsWell = (t: Table, at: number): boolean => {
    if (at >= t.rows.length) return true;
    if (t.keep) return !!t.rows[at][0]?.header && !t.rows[at - 1][0]?.header;
    const heights = rowHeights(t);
    const sum = (a: number, b: number) => heights.slice(a, b).reduce((x, y) => x + y, 0);
    return t.rows.every((row, r) =>
      row.every((c, i) => {
        const end = r + (c.rowSpan ?? 1);
        if (r >= at || end <= at) return true;
        const need = cellHeight(t, r, i);
        return need <= sum(r, at) + 0.01 && need <= sum(at, end) + 0.01;
      }),
    );
  };

  // GB/T 9704 7.3.5.2: the name 右空二字, the date below it starting two characters further right; a date longer than
  // the name is set 右空二字 and the name moves left with it
  const closing = memo((block: Block & { kind: 'closing' }) => {
    const em = BODY_EM * SIZE.body;
    const [name, date] = block.lines.map((l) => widthOf(l, 'body', SIZE.body, fonts));
    const right = TEXT_WIDTH - 2 * em;
    const nameStart = Math.min(right - name, right - date - 2 * em);
    return [nameStart, nameStart + 2 * em];
  });

  const spaceBelow = (block: Block) => (block.kind === 'title' || block.kind === 'tableTitle' ? SPACE_BELOW[block.kind] : 0);
  /**
   * Sign-off fields in columns: each as wide as its widest field, the space left shared evenly between them, the last
   * ending a character before the right margin ("单位负责人：…" over "联系电话：…", "审核人：…" over "填报日期：…").
   */
  const signoff = (block: Block & { kind: 'signoff' }) => {
    const columns = Math.max(...block.lines.map((l) => l.length));
    const widths = Array.from({ length: columns }, (_, i) => Math.max(...block.lines.map((l) => (l[i] ? widthOf(`${l[i].label}：${l[i].value}`, 'body', SIZE.body, fonts) : 0))));
    // the last field ends a character short of the margin: Word's and LibreOffice's glyphs are a little wider
    const gap = columns > 1 ? Math.max(0, TEXT_WIDTH - SIZE.body - widths.reduce((a, b) => a + b, 0)) / (columns - 1) : 0;
    return widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b + gap, 0));
  };

  /** the height of a block that is never broken, with the space around it */
  const fixedHeight = (block: Block): number => {
    switch (block.kind) {
      case 'title':
        return block.lines.length * TITLE_PITCH + SPACE_BELOW.title;
      case 'tableTitle':
        return TABLE_TITLE_PITCH + SPACE_BELOW.tableTitle;
      case 'signoff':
        return SPACE_ABOVE.signoff + block.lines.length * LINE_PITCH;
      case 'closing':
        return SPACE_ABOVE.closing + block.lines.length * LINE_PITCH;
      default:
        return 0;
    }
  };
  /** a paragraph that stands with the 落款: the last before it, or before the 附件说明 that stands before it */
  const withClosing = (i: number): boolean => {
    const next = doc.blocks[i + 1];
    return next?.kind === 'closing' || (!!next && spaceAbove(next) > 0 && doc.blocks[i + 2]?.kind === 'closing');
  };
  /** what of a block must stand on the page it starts on */
  const firstPart = (i: number): number => {
    const block = doc.blocks[i];
    if (!block) return 0;
    switch (block.kind) {
      case 'paragraph': {
        // a paragraph too short to cut stands whole; a short last paragraph stands with the 落款
        const count = lines(block).length;
        if (withClosing(i) && count < 2 * KEEP) return spaceAbove(block) + count * LINE_PITCH + firstPart(i + 1);
        return spaceAbove(block) + (count < 2 * KEEP ? count : KEEP) * LINE_PITCH;
      }
      case 'heading':
        return lines(block).length * LINE_PITCH + firstPart(i + 1);
      case 'tableTitle':
        return fixedHeight(block) + firstPart(i + 1);
      case 'table': {
        const t = block.table;
        let to = t.keep ? 1 : Math.min(t.rows.length, t.headerRows + MIN_ROWS);
        while (!cutsWell(t, to)) to++;
        // asked only below text on a page: the table leaves its line free there (see `reach`)
        return tableHeight(part(t, t.keep ? 0 : t.headerRows, to)) + TABLE_SLACK;
      }
      default:
        return fixedHeight(block);
    }
  };

  const room = TEXT_HEIGHT + 0.01;
  const placed: Placed[] = [];
  let pages = 1;
  let y = 0;
  const newPage = () => {
    pages++;
    y = 0;
  };
  /** the space below the block placed last, as far as the page has room for it */
  const below = (space: number) => {
    const fits = Math.max(0, Math.min(space, TEXT_HEIGHT - y));
    placed[placed.length - 1].spaceBelow = fits;
    y += fits;
  };
  /**
   * How far down the page a block may reach: a table below text on its page leaves a line free, so that Word or
   * LibreOffice, whose lines of text can break a little differently from the PDF's, still fit it where the PDF does
   */
  const reach = (block: Block) => (block.kind === 'table' && y > 0 ? room - TABLE_SLACK : room);
  doc.blocks.forEach((block, i) => {
    let breakBefore = false;
    const forced = (block.kind === 'tableTitle' || block.kind === 'heading') && !!block.newPage && placed.length > 0;
    if (forced || (y > 0 && y + firstPart(i) > room)) {
      newPage();
      breakBefore = true;
    }
    switch (block.kind) {
      case 'heading':
      case 'paragraph': {
        // a paragraph that runs on to the next page leaves KEEP lines or more on each page (Word's widow and orphan
        // control), and where the 落款 after it would stand alone on the next page, its last KEEP lines go with it
        const count = lines(block).length;
        const closing = withClosing(i);
        const cut: [number, number][] = [];
        y += spaceAbove(block);
        for (let from = 0; from < count; ) {
          const left = count - from;
          const fit = Math.floor((room - y) / LINE_PITCH + 1e-6);
          let take = left <= fit ? left : Math.min(fit, left - KEEP);
          if (left <= fit && closing && y + left * LINE_PITCH + firstPart(i + 1) > room && left >= 2 * KEEP) take = left - KEEP;
          if (take < Math.min(KEEP, left)) {
            if (y > 0) {
              // nothing of it here: it starts the next page (with its space above: the writers draw it there)
              newPage();
              if (!cut.length) {
                breakBefore = true;
                y = spaceAbove(block);
              }
              continue;
            }
            take = Math.min(fit, left);
          }
          cut.push([from, from + take]);
          y += take * LINE_PITCH;
          from += take;
          if (from < count) newPage();
        }
        if (cut.length === 1) placed.push({ block, breakBefore, spaceBelow: 0 });
        else cut.forEach((lines, k) => placed.push({ block, breakBefore: k > 0 || breakBefore, spaceBelow: 0, lines }));
        return;
      }
      case 'table': {
        const t = block.table;
        // cut between rows: on each page as many rows as fit where the table may be cut (see cutsWell); where it may
        // not, as many as fit; at least one
        const first = t.keep ? 0 : t.headerRows;
        let from = first;
        while (from < t.rows.length) {
          let to = from + 1;
          const limit = reach(block);
          while (to < t.rows.length && y + tableHeight(part(t, from, to + 1)) <= limit) to++;
          for (let well = to; well > from; well--)
            if (cutsWell(t, well)) {
              to = well;
              break;
            }
          const piece = from === first && to === t.rows.length ? t : part(t, from, to);
          placed.push({ block: { kind: 'table', table: piece }, breakBefore, spaceBelow: 0 });
          y += tableHeight(piece);
          from = to;
          if (from < t.rows.length) {
            newPage();
            breakBefore = true;
          }
        }
        below(SPACE_BELOW.table);
        return;
      }
      default:
        placed.push({ block, breakBefore, spaceBelow: 0 });
        y += fixedHeight(block) - spaceBelow(block);
        below(spaceBelow(block));
    }
  });
  return { placed, pages, lines, cells, closing, signoff, rowHeights, tableSize };
}

/** The widths of a table's columns on the page (pt): its relative widths filling the 版心. */
export function columnWidths(t: Table): number[] {
  const total = t.widths.reduce((a, b) => a + b, 0);
  return t.widths.map((w) => (w * TEXT_WIDTH) / total);
}

const CLOSING = /[，。、；：？！）》」』〕】〉”’…%]/u;

/**
 * The lines of a cell's text: no line holds a single character where the line above could give it one (a cell
 * that breaks "…禁止公/开" is broken "…禁止/公开", "…人员/数）" "…人/员数）").
 */
export function cellText<F>(ps: Piece<F>[], width: number, measure: (font: F, ch: string) => number): Line<F>[] {
  const lines = breakLines(ps, width, width, measure);
  // one character alone, with the marks that close after it ("数）")
  const alone = (ls: Line<F>[]) => ls.length > 1 && Array.from(ls[ls.length - 1].map((p) => p.text).join('')).filter((ch) => !CLOSING.test(ch)).length <= 1;
  if (!alone(lines)) return lines;
  for (let narrower = width - 1; narrower > width / 2; narrower -= 1) {
    const again = breakLines(ps, narrower, narrower, measure);
    if (again.length > lines.length) break;
    if (!alone(again)) return again;
  }
  return lines;
}

/**
 * Rows `from` to `to` (exclusive) of a table as a table of its own: of a kept table the blocks themselves, with their
 * own header rows; of another, its header rows and those rows (slice).
 */
function part(t: Table, from: number, to: number): Table {
  if (!t.keep) return slice(t, from, to);
  const rows = t.rows.slice(from, to);
  const headerRows = rows.findIndex((row) => !row[0]?.header);
  return { ...t, rows, headerRows: headerRows < 0 ? rows.length : headerRows };
}

/**
 * The header rows of a table and its body rows `from` to `to` (exclusive), as a table of its own: a row span cut at
 * `to` ends there, and one cut at `from` is restated in the first row (its label stands on both pages).
 */
export function slice(t: Table, from: number, to: number): Table {
  const starts = gridOf(t);
  const rows = t.rows.map((row, r) =>
    row.map((cell) => ((cell.rowSpan ?? 1) > 1 && r >= t.headerRows && r + cell.rowSpan! > to ? { ...cell, rowSpan: to - r } : cell)),
  );
  const first = rows[from].map((cell, i) => ({ cell, start: starts[from][i] }));
  for (let r = t.headerRows; r < from; r++)
    t.rows[r].forEach((cell, i) => {
      const span = cell.rowSpan ?? 1;
      if (r + span > from) first.push({ cell: { ...cell, rowSpan: Math.min(r + span, to) - from }, start: starts[r][i] });
    });
  first.sort((a, b) => a.start - b.start);
  return { ...t, rows: [...rows.slice(0, t.headerRows), first.map((c) => c.cell), ...rows.slice(from + 1, to)] };
}
