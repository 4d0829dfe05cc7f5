/**
 * The document model: what a report says, in reading order, with no knowledge of report formats,
 * fonts or page geometry. Templates + data produce it (src/compose); writers (src/writers/*) only render it.
 */

/**
 * Where a text came from: from its character `start` (default 0) on, the text is the value at `path` in the data file
 * (['sections', 'overview', 2, 'text']), so that a message about a character can point at its line and column. A
 * negative `start` means the value's first −start characters were left out (numbering typed by hand).
 */
export interface SourceRef {
  path: (string | number)[];
  start?: number;
}

/** A run of text. `lead` is a run-in lead sentence set in the 楷体 of a level-2 heading ("（一）加强领导，夯实组织保障。"). */
export interface Run {
  text: string;
  lead?: boolean;
  at?: SourceRef;
}

export type Block =
  | { kind: 'title'; lines: string[] }
  /**
   * 一级标题 (黑体, "一、概述"), or an item that is only its lead: 二级 (楷体, "（一）…"), 三级 ("1.…") or 四级
   * ("（1）…", both 仿宋); all show in a DOCX navigation pane. `indent: false` sets it flush left (附件, a table's
   * caption in an annex); `newPage` starts a page with it
   */
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string; at?: SourceRef; indent?: false; newPage?: boolean }
  /**
   * body paragraph; `indent: false` for lines set flush left (e.g. the line above a table); `spaceAbove`: a blank line
   * above it (the 附件说明 below the text, GB/T 9704 7.3.4); `attrs`: what the paragraph is, for writers that can say it
   * (`rollup`: the label of the sub-units whose figures it states, nianbao generates it)
   */
  | { kind: 'paragraph'; runs: Run[]; indent?: boolean; spaceAbove?: true; attrs?: Attrs }
  /** a caption over a table that starts a new page (an attachment such as 政府信息公开情况统计表) */
  | { kind: 'tableTitle'; text: string; newPage: boolean }
  | { kind: 'table'; table: Table }
  /** label/value pairs set on lines below a table (单位负责人：… 审核人：…) */
  | { kind: 'signoff'; lines: { label: string; value: string; at?: SourceRef }[][] }
  /** the 落款 after the last section: the unit's name and the date, set as GB/T 9704 sets 发文机关署名 and 成文日期 */
  | { kind: 'closing'; lines: string[]; at?: SourceRef };

export type Align = 'left' | 'center' | 'right';

/** Attributes no layout needs, kept for writers that can carry them (HTML's data-*, DOCX's styles and properties). */
export type Attrs = Record<string, string>;

/**
 * A table. Spans are stored once: `rows` hold only the cells that start at a grid position; positions
 * covered by a rowSpan/colSpan have no cell. Each writer expands this in its own way (see gridOf).
 */
export interface Table {
  /** relative column widths */
  widths: number[];
  /** how many leading rows are header rows (repeated on every page) */
  headerRows: number;
  rows: Cell[][];
  /** 'body' tables are set a size below body text; 'small' for wide tables */
  size: 'body' | 'small';
  /** keep the table on one page where it fits (a table of several blocks); others break between rows */
  keep: boolean;
}

export interface Cell {
  text: string;
  /** a figure's cell: the figure's name (t3's new[0]) and its value, a number, blank (null) or "/" (not applicable) */
  figure?: { ref: string; value: number | null | '/' };
  colSpan?: number;
  rowSpan?: number;
  align?: Align;
  /** label level: 0 flush, each level indents by one character */
  indent?: number;
  header?: boolean;
}

export interface Document {
  title: string;
  /** the report's date (YYYY-MM-DD): metadata and the time stamps inside the files, so rebuilds are identical */
  date: string;
  author: string;
  /** of the whole report (`subunits`: the label of the sub-units it rolls up) */
  attrs?: Attrs;
  blocks: Block[];
}

/** Grid positions of a table's cells: for each row, the column index each cell starts at. */
export function gridOf(table: Table): number[][] {
  const columns = table.widths.length;
  const covered: boolean[][] = table.rows.map(() => new Array(columns).fill(false));
  return table.rows.map((row, r) => {
    let c = 0;
    return row.map((cell) => {
      while (c < columns && covered[r][c]) c++;
      const start = c;
      for (let dr = 0; dr < (cell.rowSpan ?? 1); dr++)
        for (let dc = 0; dc < (cell.colSpan ?? 1); dc++)
          if (covered[r + dr]) covered[r + dr][start + dc] = true;
      c += cell.colSpan ?? 1;
      return start;
    });
  });
}

/**
 * Where a text stands in the document: its block, and the run or cell of it (for the face it is set in); no block for
 * the metadata (title, author), which is not drawn.
 */
export interface TextPlace {
  block?: Block;
  part?: Run | Cell;
  at?: SourceRef;
}

/** The document with every text passed through `f` (in reading order): for checks that clean or measure text. */
export function mapTexts(doc: Document, f: (text: string, place: TextPlace) => string): Document {
  const blocks = doc.blocks.map((block): Block => {
    switch (block.kind) {
      case 'title':
        return { ...block, lines: block.lines.map((l) => f(l, { block })) };
      case 'heading':
      case 'tableTitle':
        return { ...block, text: f(block.text, { block, at: 'at' in block ? block.at : undefined }) };
      case 'paragraph':
        return { ...block, runs: block.runs.map((r) => ({ ...r, text: f(r.text, { block, part: r, at: r.at }) })) };
      case 'table':
        return { ...block, table: { ...block.table, rows: block.table.rows.map((row) => row.map((c) => ({ ...c, text: f(c.text, { block, part: c }) }))) } };
      case 'signoff':
        return { ...block, lines: block.lines.map((line) => line.map((v) => ({ label: f(v.label, { block }), value: f(v.value, { block, at: v.at }) }))) };
      case 'closing':
        return { ...block, lines: block.lines.map((l, i) => f(l, { block, at: i === 0 ? block.at : undefined })) };
    }
  });
  return { ...doc, title: f(doc.title, {}), author: f(doc.author, {}), blocks };
}
