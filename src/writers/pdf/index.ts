import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import type { Block, Document } from '../../model/document.js';
import { gridOf } from '../../model/document.js';
import { BODY_EM, CELL_PADDING, LINE_PITCH, PAGE, PAGE_NUMBER_GAP, SIZE, TABLE_LEADING, TEXT_HEIGHT, TEXT_WIDTH, pageNumberText } from '../page.js';
import { shareFace } from './shared-faces.js';
import { advance, faces, splitByCoverage, type LoadedFont } from '../../fonts/faces.js';
import { ROLES, roleOf, type Role } from '../../fonts/roles.js';
import { breakLines, type Piece } from './lines.js';

const require = createRequire(import.meta.url);

// pdfmake's server build is CommonJS
const pdfmake = require('pdfmake') as {
  setFonts(f: object): void;
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  setUrlAccessPolicy(p: (url: string) => boolean): void;
  setLocalAccessPolicy(p: (path: string) => boolean): void;
  createPdf(d: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
};

export interface PdfOptions {
  /** role → font file, from a fonts file; the bundled faces otherwise */
  fonts?: Partial<Record<Role, string>>;
}

/** Font programs already handed to pdfmake's in-memory file system (it takes names, not buffers), by role. */
const registered = new Map<Role, LoadedFont>();

/** Renders the document model to PDF bytes (identical bytes for identical input). */
export async function renderPdf(doc: Document, options: PdfOptions = {}): Promise<Buffer> {
  const all = faces(options.fonts);
  // the roles this report sets text in: only their faces are read (most reports never need the fallback face)
  const used = new Set<Role>();
  const fonts = Object.defineProperties({}, Object.fromEntries(ROLES.map((role) => [role, { get: () => (used.add(role), all[role]) }]))) as Record<Role, LoadedFont>;
  const definition = definitionOf(doc, fonts);
  pieces(pageNumberText(1234567890), 'number', fonts); // page numbers are set later, as pdfmake lays out the pages
  // each face is parsed once per process (per worker) and kept with what pdfkit asks of it (shared-faces.ts)
  for (const role of used) {
    if (registered.get(role) === all[role]) continue;
    pdfmake.virtualfs.writeFileSync(`nianbao-${role}`, all[role].data);
    shareFace(all[role].data, all[role].face);
    registered.set(role, all[role]);
  }
  pdfmake.setFonts(Object.fromEntries(ROLES.map((role) => [role, { normal: `nianbao-${role}` }])));
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return pdfmake.createPdf(definition).getBuffer();
}

const PAGE_NUMBER_ID = 'nianbao-page-number';

/** table rules, pt */
const RULE = 0.5;

type Inline = { text: string; font: Role; lineHeight: number; fontSize: number; noWrap: boolean; characterSpacing: number };

/**
 * The style properties pdfmake looks up for every piece of text, given on each piece: pdfmake otherwise searches its
 * style stack for each of them, for each piece.
 */
const RESOLVED = { bold: false, italics: false, color: 'black', opacity: 1, sup: false, sub: false, preserveLeadingSpaces: false, preserveTrailingSpaces: false };

/** Text in a role face, split where the face lacks a character (fallback face) and around numbers with their unit. */
function pieces(text: string, role: Role, fonts: Record<Role, LoadedFont>): Piece<Role>[] {
  const out: Piece<Role>[] = [];
  for (const { text: run, font } of splitByCoverage(text, fonts, role)) {
    // "48件", "12.5%", "2017年" must not break between number and unit
    for (const [i, text] of run.split(/([0-9][0-9.,:]*%?[\u4e00-\u9fff]?)/).entries()) if (text) out.push({ text, font, noWrap: i % 2 === 1 });
  }
  return out;
}

/** A piece for pdfmake at a size, on a fixed line pitch. */
function inline(piece: Piece<Role>, size: number, pitch: number, fonts: Record<Role, LoadedFont>, characterSpacing = 0): Inline {
  return { ...piece, lineHeight: pitch / (size * fonts[piece.font].lineFactor), fontSize: size, characterSpacing, ...RESOLVED };
}

/** Short text (titles, table titles, sign-off, page numbers), broken by pdfmake if it must wrap at all. */
function inlines(text: string, role: Role, size: number, pitch: number, fonts: Record<Role, LoadedFont>): Inline[] {
  return pieces(text, role, fonts).map((p) => inline(p, size, pitch, fonts));
}

/**
 * Text broken into lines here (see lines.ts), `first` points wide on its first line and `width` on the others: each
 * line is a few pieces (by face, and by whether their gaps are spaced), justified if `justify`, and ends with a line
 * break.
 */
function lines(ps: Piece<Role>[], first: number, width: number, size: number, pitch: number, justify: boolean, fonts: Record<Role, LoadedFont>): Inline[] {
  const broken = breakLines(ps, first, width, (font, ch) => advance(fonts[font], ch) * size);
  return broken.flatMap((line, i) => [
    // unjustified text still takes a line's negative spacing: that one set a hair short of its width
    ...line.map(({ spacing, ...p }) => inline(p, size, pitch, fonts, justify ? spacing : Math.min(spacing, 0))),
    ...(i < broken.length - 1 ? [inline({ text: '\n', font: line[0]?.font ?? ps[0].font, noWrap: false }, size, pitch, fonts)] : []),
  ]);
}

function definitionOf(doc: Document, fonts: Record<Role, LoadedFont>): TDocumentDefinitions {
  const at = (text: string, role: Role, size: number, pitch = LINE_PITCH) => inlines(text, role, size, pitch, fonts);
  const indent = 2 * SIZE.body;
  /** running text across the 版心 at the body size, its first line indented */
  const body = (ps: Piece<Role>[], first: number, justify: boolean) => lines(ps, TEXT_WIDTH - first, TEXT_WIDTH, SIZE.body, LINE_PITCH, justify, fonts);
  const date = new Date(`${doc.date}T00:00:00Z`);

  const content: Content[] = doc.blocks.map((block: Block): Content => {
    switch (block.kind) {
      case 'title':
        return {
          stack: block.lines.map((l) => ({ text: at(l, roleOf(block), SIZE.title, LINE_PITCH * 1.25), alignment: 'center' })),
          fontSize: SIZE.title,
          margin: [0, 0, 0, LINE_PITCH],
        } as Content;
      case 'heading':
        return { text: body(pieces(block.text, roleOf(block), fonts), indent, false), leadingIndent: indent, headlineLevel: 1 } as Content;
      case 'paragraph': {
        const ps = block.runs.flatMap((r) => pieces(r.text, roleOf(block, r), fonts));
        const first = block.indent === false ? 0 : indent;
        return { text: body(ps, first, true), leadingIndent: first } as Content;
      }
      case 'tableTitle':
        return { text: at(block.text, roleOf(block), SIZE.title, LINE_PITCH * 1.5), alignment: 'center', fontSize: SIZE.title, pageBreak: block.newPage ? 'before' : undefined, margin: [0, 0, 0, LINE_PITCH / 2] } as Content;
      case 'table':
        return table(block, fonts);
      case 'signoff':
        return {
          stack: block.lines.map((line) => ({ columns: line.map((f) => ({ text: at(`${f.label}：${f.value}`, roleOf(block), SIZE.body), width: '*' })) })),
          margin: [0, LINE_PITCH / 2, 0, 0],
        } as Content;
    }
  });

  return {
    pageSize: 'A4',
    pageMargins: [PAGE.left, PAGE.top, PAGE.right, PAGE.bottom],
    info: { title: doc.title, author: doc.author, creator: 'nianbao', producer: 'nianbao', creationDate: date, modDate: date } as TDocumentDefinitions['info'],
    defaultStyle: { font: 'body', fontSize: SIZE.body },
    content,
    // keep a heading with what follows it: never the last line of a page (the page number does not count)
    pageBreakBefore: (node, nodes) => node.headlineLevel === 1 && nodes.getFollowingNodesOnPage().every((n) => n.id === PAGE_NUMBER_ID),
    footer: (page: number) => {
      const odd = page % 2 === 1;
      const inset = SIZE.number; // one character
      return {
        id: PAGE_NUMBER_ID,
        text: at(pageNumberText(page), 'number', SIZE.number, SIZE.number * 1.2),
        fontSize: SIZE.number,
        alignment: odd ? 'right' : 'left',
        margin: [PAGE.left + (odd ? 0 : inset), PAGE_NUMBER_GAP - 3, PAGE.right + (odd ? inset : 0), 0],
      } as Content;
    },
  };
}

function table(block: Block & { kind: 'table' }, fonts: Record<Role, LoadedFont>): Content {
  const t = block.table;
  const size = t.size === 'small' ? SIZE.small : SIZE.table;
  const columns = t.widths.length;
  const starts = gridOf(t);
  const total = t.widths.reduce((a, b) => a + b, 0);
  // cell widths fill the 版心; pdfmake wants the widths inside the padding and the rule
  const widths = t.widths.map((w) => (w * TEXT_WIDTH) / total);
  const pitch = size * TABLE_LEADING;
  /** the table's height, from the lines its cells are broken into (a row as tall as its tallest cell of one row) */
  let height = 0;
  const body: TableCell[][] = t.rows.map((row, r) => {
    const cells: TableCell[] = new Array(columns).fill('');
    let rowLines = 1;
    row.forEach((cell, i) => {
      const role = roleOf(block, cell);
      const start = starts[r][i];
      const span = widths.slice(start, start + (cell.colSpan ?? 1)).reduce((a, b) => a + b, 0);
      // the text's width inside padding, rule and indent; half a point spare, as pdfmake sums the widths itself
      const inside = span - 2 * CELL_PADDING.x - RULE - (cell.indent ?? 0) * size - 0.5;
      const text = lines(pieces(cell.text, role, fonts), inside, inside, size, pitch, false, fonts);
      if ((cell.rowSpan ?? 1) === 1) rowLines = Math.max(rowLines, 1 + text.filter((p) => p.text === '\n').length);
      cells[start] = {
        text,
        alignment: cell.align ?? 'left',
        colSpan: cell.colSpan,
        rowSpan: cell.rowSpan,
        margin: [(cell.indent ?? 0) * size, 0, 0, 0],
      } as TableCell;
    });
    height += rowLines * pitch + 2 * CELL_PADDING.y;
    return cells;
  });
  const grid = {
    table: { headerRows: t.headerRows, dontBreakRows: true, widths: widths.map((w) => w - 2 * CELL_PADDING.x - RULE), body },
    fontSize: size,
    layout: {
      hLineWidth: () => RULE,
      vLineWidth: () => RULE,
      paddingLeft: () => CELL_PADDING.x,
      paddingRight: () => CELL_PADDING.x,
      paddingTop: () => CELL_PADDING.y,
      paddingBottom: () => CELL_PADDING.y,
    },
  };
  // a kept table that fits on a page moves to the next page whole (pdfmake also cuts row-spanned cells badly at a
  // page break); one taller than a page must break: pdfmake drops unbreakable content it cannot place
  return { stack: [grid], unbreakable: t.keep && height < TEXT_HEIGHT, margin: [0, 0, 0, LINE_PITCH / 2] } as Content;
}
