import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import type { Block, Document, Run, Table } from '../../model/document.js';
import { gridOf } from '../../model/document.js';
import { BODY_EM, CELL_PADDING, LINE_PITCH, PAGE, PAGE_NUMBER_GAP, SIZE, TABLE_LEADING, TEXT_HEIGHT, TEXT_WIDTH, estimateTableHeight, pageNumberText } from '../page.js';
import { shareFace } from './shared-faces.js';
import { loadFonts, splitByCoverage, type LoadedFont } from './fonts.js';
import { ROLES, type Role } from './roles.js';

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

let loaded: { key: string; fonts: Record<Role, LoadedFont> } | undefined;

/** The faces, loaded and parsed once per process (per worker), reused by every report. */
function fontsFor(options: PdfOptions): Record<Role, LoadedFont> {
  const key = JSON.stringify(options.fonts ?? {});
  if (loaded?.key !== key) {
    // font programs go through pdfmake's in-memory file system (it takes names, not buffers), as each is loaded
    const fonts = loadFonts(options.fonts ?? {}, BODY_EM, (role, f) => {
      pdfmake.virtualfs.writeFileSync(`nianbao-${role}`, f.data);
      shareFace(f.data, f.face);
    });
    loaded = { key, fonts };
    pdfmake.setFonts(Object.fromEntries(ROLES.map((role) => [role, { normal: `nianbao-${role}` }])));
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
  }
  return loaded.fonts;
}

/** Renders the document model to PDF bytes (identical bytes for identical input). */
export async function renderPdf(doc: Document, options: PdfOptions = {}): Promise<Buffer> {
  const fonts = fontsFor(options);
  return pdfmake.createPdf(definition(doc, fonts)).getBuffer();
}

const PAGE_NUMBER_ID = 'nianbao-page-number';

/** table rules, pt */
const RULE = 0.5;

type Inline = { text: string; font: Role; lineHeight: number; fontSize: number; noWrap: boolean };

/**
 * The style properties pdfmake looks up for every piece of text, given on each piece: pdfmake otherwise searches its
 * style stack for each of them, for each character of CJK text (a third of the PDF's time).
 */
const RESOLVED = { bold: false, italics: false, characterSpacing: 0, color: 'black', opacity: 1, sup: false, sub: false, preserveLeadingSpaces: false, preserveTrailingSpaces: false };

/** Text in a role face at a size, on a fixed pitch, with per-character fallback and numbers kept with their unit. */
function inlines(text: string, role: Role, size: number, pitch: number, fonts: Record<Role, LoadedFont>): Inline[] {
  const out: Inline[] = [];
  for (const run of splitByCoverage(text, fonts[role], () => fonts.fallback)) {
    const font = run.fallback ? 'fallback' : role;
    const lineHeight = pitch / (size * fonts[font].lineFactor);
    // "48件", "12.5%", "2017年" must not break between number and unit
    for (const [i, piece] of run.text.split(/([0-9][0-9.,:]*%?[\u4e00-\u9fff]?)/).entries())
      if (piece) out.push({ text: piece, font, lineHeight, fontSize: size, noWrap: i % 2 === 1, ...RESOLVED });
  }
  return out;
}

function definition(doc: Document, fonts: Record<Role, LoadedFont>): TDocumentDefinitions {
  const at = (text: string, role: Role, size: number, pitch = LINE_PITCH) => inlines(text, role, size, pitch, fonts);
  const runs = (rs: Run[]) => rs.flatMap((r) => at(r.text, r.lead ? 'kai' : 'body', SIZE.body));
  const date = new Date(`${doc.date}T00:00:00Z`);

  const content: Content[] = doc.blocks.map((block: Block): Content => {
    switch (block.kind) {
      case 'title':
        return {
          stack: block.lines.map((l) => ({ text: at(l, 'title', SIZE.title, LINE_PITCH * 1.25), alignment: 'center' })),
          fontSize: SIZE.title,
          margin: [0, 0, 0, LINE_PITCH],
        } as Content;
      case 'heading':
        return { text: at(block.text, block.level === 1 ? 'heading' : 'kai', SIZE.body), leadingIndent: 2 * SIZE.body, headlineLevel: 1 } as Content;
      case 'paragraph':
        return { text: runs(block.runs), alignment: 'justify', leadingIndent: block.indent === false ? 0 : 2 * SIZE.body } as Content;
      case 'tableTitle':
        return { text: at(block.text, 'title', SIZE.title, LINE_PITCH * 1.5), alignment: 'center', fontSize: SIZE.title, pageBreak: block.newPage ? 'before' : undefined, margin: [0, 0, 0, LINE_PITCH / 2] } as Content;
      case 'table':
        return table(block.table, fonts);
      case 'signoff':
        return {
          stack: block.lines.map((line) => ({ columns: line.map((f) => ({ text: at(`${f.label}：${f.value}`, 'body', SIZE.body), width: '*' })) })),
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

function table(t: Table, fonts: Record<Role, LoadedFont>): Content {
  const size = t.size === 'small' ? SIZE.small : SIZE.table;
  const columns = t.widths.length;
  const starts = gridOf(t);
  const body: TableCell[][] = t.rows.map((row, r) => {
    const cells: TableCell[] = new Array(columns).fill('');
    row.forEach((cell, i) => {
      const role: Role = cell.header ? 'heading' : 'body';
      cells[starts[r][i]] = {
        text: inlines(cell.text, role, size, size * TABLE_LEADING, fonts),
        alignment: cell.align ?? 'left',
        colSpan: cell.colSpan,
        rowSpan: cell.rowSpan,
        margin: [(cell.indent ?? 0) * size, 0, 0, 0],
      } as TableCell;
    });
    return cells;
  });
  const total = t.widths.reduce((a, b) => a + b, 0);
  // cell widths fill the 版心; pdfmake wants the widths inside the padding and the rule
  const widths = t.widths.map((w) => (w * TEXT_WIDTH) / total);
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
  const fits = estimateTableHeight(t.rows, starts, widths, size) < TEXT_HEIGHT;
  return { stack: [grid], unbreakable: t.keep && fits, margin: [0, 0, 0, LINE_PITCH / 2] } as Content;
}
