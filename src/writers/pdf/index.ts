import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import type { Block, Document } from '../../model/document.js';
import type { Rendered, WriterContext } from '../writer.js';
import { gridOf } from '../../model/document.js';
import { CELL_PADDING, LINE_PITCH, PAGE, PAGE_NUMBER_GAP, SIZE, TABLE_LEADING, TEXT_WIDTH, pageNumberText } from '../page.js';
import { shareFace } from './shared-faces.js';
import { faces, type LoadedFont } from '../../fonts/faces.js';
import { ROLES, roleOf, type Role } from '../../fonts/roles.js';
import { RULE, SPACE_ABOVE, spaceAbove, TABLE_TITLE_PITCH, TITLE_PITCH, columnWidths, indentOf, layOut, pieces, type Layout, type Line, type Piece } from '../layout/index.js';

const require = createRequire(import.meta.url);

// pdfmake's server build is CommonJS
const pdfmake = require('pdfmake') as {
  setFonts(f: object): void;
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  setUrlAccessPolicy(p: (url: string) => boolean): void;
  setLocalAccessPolicy(p: (path: string) => boolean): void;
  createPdf(d: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
};


/** Font programs already handed to pdfmake's in-memory file system (it takes names, not buffers), by role. */
const registered = new Map<Role, LoadedFont>();

/**
 * Renders the document model to PDF bytes (identical bytes for identical input) and tells its number of pages; with
 * the `pdfa` option as PDF/A-2b (pdfkit's PDF/A mode: PDF 1.7, the XMP identification, an sRGB output intent; the
 * faces are embedded anyway and nothing is transparent).
 */
export async function render(doc: Document, context: WriterContext): Promise<Rendered> {
  const all = faces(context.fonts);
  // the roles this report sets text in: only their faces are read (most reports never need the fallback face)
  const used = new Set<Role>();
  const fonts = Object.defineProperties({}, Object.fromEntries(ROLES.map((role) => [role, { get: () => (used.add(role), all[role]) }]))) as Record<Role, LoadedFont>;
  const layout = layOut(doc, fonts);
  let pages = 0;
  const definition = definitionOf(doc, layout, fonts, (count) => (pages = count));
  // PDF/A: the Info dictionary must agree with the XMP, where pdfkit writes the creation date only
  if (context.options.pdfa) Object.assign(definition, { version: '1.7', subset: 'PDF/A-2b', language: 'zh-CN', displayTitle: true, info: { ...definition.info, modDate: undefined } });
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
  const bytes = await pdfmake.createPdf(definition).getBuffer();
  return { bytes, pages };
}

const PAGE_NUMBER_ID = 'nianbao-page-number';

type Inline = { text: string; font: Role; lineHeight: number; fontSize: number; noWrap: boolean; characterSpacing: number };

/**
 * The style properties pdfmake looks up for every piece of text, given on each piece: pdfmake otherwise searches its
 * style stack for each of them, for each piece.
 */
const RESOLVED = { bold: false, italics: false, color: 'black', opacity: 1, sup: false, sub: false, preserveLeadingSpaces: false, preserveTrailingSpaces: false };

/** A piece for pdfmake at a size, on a fixed line pitch. */
function inline(piece: Piece<Role>, size: number, pitch: number, fonts: Record<Role, LoadedFont>, characterSpacing = 0): Inline {
  return { ...piece, lineHeight: pitch / (size * fonts[piece.font].lineFactor), fontSize: size, characterSpacing, ...RESOLVED };
}

/** Short text (titles, table titles, sign-off, page numbers), broken by pdfmake if it must wrap at all. */
function inlines(text: string, role: Role, size: number, pitch: number, fonts: Record<Role, LoadedFont>): Inline[] {
  return pieces(text, role, fonts).map((p) => inline(p, size, pitch, fonts));
}

/** Lines broken by the layout (see layout/lines.ts): each a few pieces, justified if `justify`, ended by a line break. */
function drawn(broken: Line<Role>[], size: number, pitch: number, justify: boolean, fonts: Record<Role, LoadedFont>): Inline[] {
  return broken.flatMap((line, i) => [
    // unjustified text still takes a line's negative spacing: that one set a hair short of its width
    ...line.map(({ spacing, ...p }) => inline(p, size, pitch, fonts, justify ? spacing : Math.min(spacing, 0))),
    ...(i < broken.length - 1 ? [inline({ text: '\n', font: line[0]?.font ?? 'body', noWrap: false }, size, pitch, fonts)] : []),
  ]);
}

/** `pageCount` hears the number of pages as pdfmake sets the page numbers. */
function definitionOf(doc: Document, layout: Layout, fonts: Record<Role, LoadedFont>, pageCount: (n: number) => void): TDocumentDefinitions {
  const at = (text: string, role: Role, size: number, pitch = LINE_PITCH) => inlines(text, role, size, pitch, fonts);
  const date = new Date(`${doc.date}T00:00:00Z`);

  const content: Content[] = layout.placed.map(({ block, breakBefore, spaceBelow, lines }): Content => {
    const pageBreak = breakBefore ? 'before' : undefined;
    switch (block.kind) {
      case 'title':
        return {
          stack: block.lines.map((l) => ({ text: at(l, roleOf(block), SIZE.title, TITLE_PITCH), alignment: 'center' })),
          fontSize: SIZE.title,
          margin: [0, 0, 0, spaceBelow],
          pageBreak,
        } as Content;
      case 'heading':
      case 'paragraph': {
        // a paragraph the layout cut: its first lines here, the rest (no indent) on the next page
        const [from, to] = lines ?? [0, Infinity];
        const text = drawn(layout.lines(block).slice(from, to), SIZE.body, LINE_PITCH, block.kind === 'paragraph', fonts);
        return { text, leadingIndent: from === 0 ? indentOf(block) : 0, pageBreak, ...(from === 0 && spaceAbove(block) ? { margin: [0, spaceAbove(block), 0, 0] } : {}) } as Content;
      }
      case 'tableTitle':
        return { text: at(block.text, roleOf(block), SIZE.title, TABLE_TITLE_PITCH), alignment: 'center', fontSize: SIZE.title, pageBreak, margin: [0, 0, 0, spaceBelow] } as Content;
      case 'table':
        return { ...(table(block, layout, fonts) as object), margin: [0, 0, 0, spaceBelow], pageBreak } as Content;
      case 'signoff': {
        const starts = layout.signoff(block);
        return {
          stack: block.lines.map((line) => ({
            columns: line.map((f, i) => ({ text: at(`${f.label}：${f.value}`, roleOf(block), SIZE.body), width: (starts[i + 1] ?? TEXT_WIDTH) - starts[i] })),
          })),
          margin: [0, SPACE_ABOVE.signoff, 0, 0],
          pageBreak,
        } as Content;
      }
      case 'closing': {
        const starts = layout.closing(block);
        return {
          stack: block.lines.map((l, i) => ({ text: at(l, roleOf(block), SIZE.body), margin: [starts[i], 0, 0, 0] })),
          margin: [0, SPACE_ABOVE.closing, 0, 0],
          pageBreak,
        } as Content;
      }
    }
  });

  return {
    pageSize: 'A4',
    pageMargins: [PAGE.left, PAGE.top, PAGE.right, PAGE.bottom],
    info: { title: doc.title, author: doc.author, creator: 'nianbao', producer: 'nianbao', creationDate: date, modDate: date } as TDocumentDefinitions['info'],
    defaultStyle: { font: 'body', fontSize: SIZE.body },
    content,
    footer: (page: number, count: number) => {
      pageCount(count);
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

/** A table (or the part of one on a page) as the layout cut it: it fits where it stands, so it is kept whole. */
function table(block: Block & { kind: 'table' }, layout: Layout, fonts: Record<Role, LoadedFont>): Content {
  const t = block.table;
  const size = layout.tableSize(t);
  const columns = t.widths.length;
  const starts = gridOf(t);
  const text = layout.cells(t);
  const pitch = size * TABLE_LEADING;
  const heights = layout.rowHeights(t);
  const body: TableCell[][] = t.rows.map((row, r) => {
    const cells: TableCell[] = new Array(columns).fill('');
    row.forEach((cell, i) => {
      // centred in its rows (pdfmake's own vertical alignment misplaces cells that span rows)
      const room = heights.slice(r, r + (cell.rowSpan ?? 1)).reduce((a, b) => a + b, 0) - 2 * CELL_PADDING.y - RULE;
      cells[starts[r][i]] = {
        text: drawn(text[r][i], size, pitch, false, fonts),
        alignment: cell.align ?? 'left',
        colSpan: cell.colSpan,
        rowSpan: cell.rowSpan,
        margin: [(cell.indent ?? 0) * size, Math.max(0, (room - Math.max(1, text[r][i].length) * pitch) / 2), 0, 0],
      } as TableCell;
    });
    return cells;
  });
  // pdfmake wants the widths inside the padding and the rule
  const widths = columnWidths(t).map((w) => w - 2 * CELL_PADDING.x - RULE);
  // the space below stands outside the kept block: pdfmake would move a table that fits but for its margin
  return {
    stack: [
      {
        unbreakable: true,
        table: { headerRows: t.headerRows, dontBreakRows: true, widths, body },
        fontSize: size,
        layout: {
          hLineWidth: () => RULE,
          vLineWidth: () => RULE,
          paddingLeft: () => CELL_PADDING.x,
          paddingRight: () => CELL_PADDING.x,
          paddingTop: () => CELL_PADDING.y,
          paddingBottom: () => CELL_PADDING.y,
        },
      },
    ],
  } as Content;
}
