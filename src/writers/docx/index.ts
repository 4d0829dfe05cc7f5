import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  AlignmentType,
  BorderStyle,
  DocumentGridType,
  Document as WordDocument,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table as WordTable,
  TableCell,
  TableLayoutType,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import { gridOf, type Block, type Cell, type Document, type Run, type Table } from '../../model/document.js';
import { BODY_TRACKING, CELL_PADDING, LINE_PITCH, MM, PAGE, PAGE_NUMBER_GAP, SIZE, TABLE_LEADING, TEXT_WIDTH } from '../page.js';
import { faces } from '../../fonts/faces.js';
import type { Role } from '../../fonts/roles.js';
import { INDENT, SPACE_ABOVE, SPACE_BELOW, spaceAbove, TABLE_TITLE_PITCH, TITLE_PITCH, columnWidths, layOut, type Layout } from '../layout/index.js';
import { WORD_FONT_PRESETS, type WordFonts } from './fonts.js';
import type { Rendered, WriterContext } from '../writer.js';

const twips = (pt: number) => Math.round(pt * 20);
const halfPoints = (pt: number) => Math.round(pt * 2);

/**
 * Renders the document model to DOCX bytes: real styles, headings, tables; identical bytes for identical input. The
 * `word-fonts` option names the preset of font names written in it; the pages are laid out with the metrics of the
 * faces the PDF is set in (the run's fonts file), as the PDF's are.
 */
export async function render(doc: Document, context: WriterContext): Promise<Rendered> {
  const preset = String(context.options['word-fonts'] ?? 'official');
  const fonts = WORD_FONT_PRESETS[preset];
  if (!fonts) throw new Error(`unknown Word font preset ${preset}`);
  const face = (eastAsia: string) => ({ ascii: fonts.latin, hAnsi: fonts.latin, eastAsia, cs: fonts.latin, hint: 'eastAsia' });
  const run = (text: string, extra: IRunOptions = {}) => new TextRun({ text, ...extra });
  const runs = (rs: Run[]) => rs.map((r) => run(r.text, r.lead ? { style: 'LeadRun' } : {}));

  const layout = layOut(doc, faces(context.fonts));
  // the paragraph before the 落款 keeps with it (Word then moves its last lines, as the layout does in the PDF); the
  // paragraph before a 附件说明 does not: a chain of three kept paragraphs is more than LibreOffice keeps, it then parts
  // the 落款's two lines (the PDF takes that paragraph's last lines along, Word and LibreOffice only the 附件说明)
  const beforeClosing = doc.blocks[doc.blocks.findIndex((b) => b.kind === 'closing') - 1];
  // the space the PDF leaves below a table: before the paragraph after it
  let afterTable = 0;
  const children = layout.placed.flatMap(({ block, breakBefore, lines, spaceBelow }) => {
    const pageBreakBefore = breakBefore || undefined;
    const above = afterTable && !breakBefore ? afterTable : spaceAbove(block);
    const before = above ? { spacing: { before: twips(above) } } : {};
    afterTable = block.kind === 'table' ? spaceBelow : 0;
    // a paragraph the layout cut at a page end is one paragraph here: Word cuts it there too (widow control)
    if (lines && lines[0] > 0) return [];
    switch (block.kind) {
      case 'title':
        return new Paragraph({ style: 'Title', pageBreakBefore, children: block.lines.map((l, i) => run(l, i ? { break: 1 } : {})) });
      case 'heading':
        return new Paragraph({ style: `Heading${block.level}`, pageBreakBefore, ...before, ...(block.indent === false ? { indent: { firstLine: 0 } } : {}), children: [run(block.text)] });
      case 'paragraph':
        return new Paragraph({
          // a roll-up's paragraph in a style of its own, which import knows (Word shows its name)
          style: block.attrs?.rollup ? 'Rollup' : 'BodyText',
          pageBreakBefore,
          ...before,
          keepNext: block === beforeClosing || undefined,
          children: runs(block.runs),
          ...(block.indent === false ? { indent: { firstLine: 0 } } : {}),
        });
      case 'tableTitle':
        return new Paragraph({ style: 'TableTitle', pageBreakBefore, ...before, children: [run(block.text)] });
      case 'table':
        // a table that starts a page: LibreOffice does not break before a table whose first row asks for it, so an
        // empty paragraph of no height does
        return [...(breakBefore ? [new Paragraph({ style: 'PageBreak', pageBreakBefore: true })] : []), table(block.table, layout)];
      case 'signoff': {
        const starts = layout.signoff(block);
        const tabStops = starts.slice(1).map((x) => ({ type: TabStopType.LEFT, position: twips(x) }));
        return lineParagraphs(SPACE_ABOVE.signoff, pageBreakBefore, block.lines, (line) => ({
          tabStops,
          children: line.map((f, k) => new TextRun({ children: [...(k ? [new Tab()] : []), `${f.label}：${f.value}`] })),
        }));
      }
      case 'closing': {
        const starts = layout.closing(block);
        return lineParagraphs(SPACE_ABOVE.closing, pageBreakBefore, block.lines, (l, i) => ({ keepNext: i === 0 || undefined, indent: { left: twips(starts[i]) }, children: [run(l)] }));
      }
    }
  });

  const footer = (odd: boolean) =>
    new Footer({
      children: [
        new Paragraph({
          style: 'PageNumber',
          alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: odd ? { right: twips(SIZE.number) } : { left: twips(SIZE.number) },
          children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
        }),
      ],
    });

  const wordDoc = new WordDocument({
    creator: doc.author,
    lastModifiedBy: doc.author,
    title: doc.title,
    // the document's attributes as custom properties (File › Properties › Custom): nianbao.subunits
    customProperties: Object.entries(doc.attrs ?? {}).map(([name, value]) => ({ name: `nianbao.${name}`, value })),
    evenAndOddHeaderAndFooters: true,
    styles: styles(fonts, face),
    sections: [
      {
        properties: {
          // Word's line grid: 22 lines in the 版心 (tables, titles and page numbers are set off it, see OFF_GRID); the 28
          // characters of a line come from the body's letter spacing (BODY_SPACING), not from a character grid
          grid: { type: DocumentGridType.LINES, linePitch: twips(LINE_PITCH) },
          page: {
            size: { width: twips(PAGE.width), height: twips(PAGE.height) },
            margin: {
              top: twips(PAGE.top),
              bottom: twips(PAGE.bottom),
              left: twips(PAGE.left),
              right: twips(PAGE.right),
              // footer text sits 7 mm below the 版心: its baseline ≈ one 14 pt line lower
              footer: twips(PAGE.bottom - PAGE_NUMBER_GAP - SIZE.number * 1.3),
              header: twips(15 * MM),
            },
          },
        },
        footers: { default: footer(true), even: footer(false) },
        children,
      },
    ],
  });
  return { bytes: finishPackage(await Packer.toBuffer(wordDoc), doc.date), pages: layout.pages };
}

function styles(fonts: WordFonts, face: (eastAsia: string) => object) {
  const exact = (pt: number) => ({ line: twips(pt), lineRule: LineRuleType.EXACT, before: 0, after: 0 });
  const body = { font: face(fonts.body), size: halfPoints(SIZE.body), characterSpacing: BODY_SPACING };
  const indent = { firstLine: twips(INDENT) };
  /**
   * Word's own heading styles, so that they show in the navigation pane: 一级标题 黑体, 二级标题 楷体, and 三级 "1." and
   * 四级 "（1）" in the body's 仿宋 as GB/T 9704 sets them (5 and 6 too: Word's defaults are blue and italic)
   */
  const heading = (level: 1 | 2 | 3 | 4 | 5 | 6, font: object) => ({
    id: `Heading${level}`,
    name: `heading ${level}`,
    basedOn: 'Normal',
    next: 'BodyText',
    quickFormat: true,
    run: { font, size: halfPoints(SIZE.body) },
    paragraph: { outlineLevel: level - 1, keepNext: true, keepLines: true, indent, spacing: exact(LINE_PITCH) },
  });
  /** table cells, 小四 or 小五: text (left) and header (黑体, centred) */
  const tableStyles = (suffix: string, size: number) => [
    {
      id: `TableText${suffix}`,
      name: `Table Text${suffix && ' ' + suffix}`,
      basedOn: 'Normal',
      run: { font: face(fonts.body), size: halfPoints(size)},
      paragraph: { spacing: exact(size * TABLE_LEADING) },
    },
    {
      id: `TableHeader${suffix}`,
      name: `Table Header${suffix && ' ' + suffix}`,
      basedOn: `TableText${suffix}`,
      run: { font: face(fonts.heading) },
      paragraph: { alignment: AlignmentType.CENTER },
    },
  ];
  return {
    default: {
      document: {
        run: { ...body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
        paragraph: { spacing: exact(LINE_PITCH) },
      },
    },
    paragraphStyles: [
      // Word takes the grid's character pitch from the defaults, LibreOffice from Normal's own size: both 三号
      { id: 'Normal', name: 'Normal', quickFormat: true, run: body, paragraph: { spacing: exact(LINE_PITCH), widowControl: true } },
      {
        id: 'Title',
        name: 'Title',
        basedOn: 'Normal',
        next: 'BodyText',
        run: { font: face(fonts.title), size: halfPoints(SIZE.title)},
        paragraph: { alignment: AlignmentType.CENTER, spacing: { ...exact(TITLE_PITCH), after: twips(SPACE_BELOW.title) } },
      },
      heading(1, face(fonts.heading)),
      heading(2, face(fonts.kai)),
      ...([3, 4, 5, 6] as const).map((level) => heading(level, face(fonts.body))),
      {
        id: 'BodyText',
        name: 'Body Text',
        basedOn: 'Normal',
        quickFormat: true,
        run: body,
        paragraph: { alignment: AlignmentType.JUSTIFIED, indent, spacing: exact(LINE_PITCH) },
      },
      { id: 'Rollup', name: '下级汇总（nianbao 由下级单位数据生成）', basedOn: 'BodyText' },
      {
        id: 'TableTitle',
        name: 'Table Title',
        basedOn: 'Normal',
        next: 'BodyText',
        run: { font: face(fonts.title), size: halfPoints(SIZE.title)},
        paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { ...exact(TABLE_TITLE_PITCH), after: twips(SPACE_BELOW.tableTitle) } },
      },
      ...tableStyles('', SIZE.table),
      ...tableStyles('Small', SIZE.small),
      { id: 'Signoff', name: 'Signoff', basedOn: 'Normal', run: body, paragraph: { spacing: exact(LINE_PITCH) } },
      // the empty paragraph that starts a page before a table: off the grid, as good as no height
      { id: 'PageBreak', name: 'Page Break', basedOn: 'Normal', run: { size: 2 }, paragraph: { spacing: { line: 1, lineRule: LineRuleType.EXACT, before: 0, after: 0 } } },
      {
        id: 'PageNumber',
        name: 'Page Number',
        basedOn: 'Normal',
        run: { font: face(fonts.number), size: halfPoints(SIZE.number)},
        paragraph: { spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
      },
    ],
    characterStyles: [{ id: 'LeadRun', name: 'Lead Sentence (楷体)', basedOn: 'DefaultParagraphFont', run: { font: face(fonts.kai) } }],
  };
}

/**
 * A table, or the part of one on a page, as the layout cut it: styles carry the font, size and spacing, so each cell
 * holds only what differs from its style. Cell text is set on the lines the layout broke it into (the PDF's), so no
 * cell ends on a single character. Row spans are written as Word's vertical merges, the covered cells included, so
 * that in a kept table those keep with the next row too (LibreOffice otherwise cuts a kept table inside a merged cell).
 */
function table(t: Table, layout: Layout): WordTable {
  const columns = columnWidths(t).map((w) => Math.floor(twips(w)));
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const size = layout.tableSize(t);
  const suffix = t.size === 'small' ? 'Small' : '';
  const starts = gridOf(t);
  const text = layout.cells(t);
  /** cells spanning down from an earlier row, by the column they start at */
  const spanning = new Map<number, { cell: Cell; until: number }>();
  const paragraph = (cell: Cell, r: number, lines: string[]) =>
    new Paragraph({
      style: `${cell.header ? 'TableHeader' : 'TableText'}${suffix}`,
      alignment: (cell.align ?? 'left') === (cell.header ? 'center' : 'left') ? undefined : ALIGN[cell.align ?? 'left'],
      indent: cell.indent ? { left: twips(cell.indent * size) } : undefined,
      // a kept table stays on one page: every paragraph but the last row's keeps with the next
      keepNext: (t.keep && r < t.rows.length - 1) || undefined,
      children: lines.map((l, i) => new TextRun({ text: l, break: i ? 1 : undefined })),
    });
  const wordCell = (cell: Cell, r: number, i: number, merge: 'restart' | 'continue' | undefined) =>
    new TableCell({
      columnSpan: cell.colSpan,
      verticalMerge: merge && (merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE),
      verticalAlign: VerticalAlignTable.CENTER,
      children: [paragraph(cell, r, merge === 'continue' ? [] : text[r][i].map((l) => l.map((p) => p.text).join('')))],
    });
  return new WordTable({
    width: { size: columns.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    margins: { left: twips(CELL_PADDING.x), right: twips(CELL_PADDING.x), top: twips(CELL_PADDING.y), bottom: twips(CELL_PADDING.y) },
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: t.rows.map((row, r) => {
      const cells: [number, TableCell][] = [];
      for (const [start, { cell, until }] of spanning) {
        if (r > until) spanning.delete(start);
        else cells.push([start, wordCell(cell, r, -1, 'continue')]);
      }
      row.forEach((cell, i) => {
        const spans = (cell.rowSpan ?? 1) > 1;
        if (spans) spanning.set(starts[r][i], { cell, until: r + cell.rowSpan! - 1 });
        cells.push([starts[r][i], wordCell(cell, r, i, spans ? 'restart' : undefined)]);
      });
      return new TableRow({
        tableHeader: r < t.headerRows || undefined,
        cantSplit: true,
        children: cells.sort((a, b) => a[0] - b[0]).map(([, c]) => c),
      });
    }),
  });
}

/** Lines set below the text (sign-off, 落款): a paragraph each, the space above the first, which carries any break. */
function lineParagraphs<L>(above: number, pageBreakBefore: true | undefined, lines: L[], each: (line: L, i: number) => Omit<IParagraphOptions, 'style'>): Paragraph[] {
  return lines.map(
    (line, i) =>
      new Paragraph({
        style: 'Signoff',
        pageBreakBefore: (i === 0 && pageBreakBefore) || undefined,
        spacing: i === 0 ? { before: twips(above) } : undefined,
        ...each(line, i),
      }),
  );
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT };

/**
 * The body's letter spacing in 1/20 pt (BODY_TRACKING): 28 characters of 三号 on the 156 mm line, as in the PDF. Not
 * Word's character grid (linesAndChars with a negative charSpace): LibreOffice gives a character wider than the grid's
 * pitch two cells of it, and sets 14 characters a line.
 */
const BODY_SPACING = Math.round(BODY_TRACKING * 20);

/**
 * Paragraph styles set off the line grid: tables would grow row by row, titles and page numbers line by line (the
 * table header styles are based on the text styles).
 */
const OFF_GRID = ['Title', 'TableTitle', 'TableText', 'TableTextSmall', 'PageBreak', 'PageNumber'];

/**
 * What the docx package cannot write in styles. In the defaults and in Normal (Word reads the defaults, LibreOffice
 * only a style, and every style is based on Normal): no automatic space between Han characters and Latin letters or
 * digits ("2025年", not "2025 年"), and no punctuation hung in the margin, as the PDF sets them. In OFF_GRID: off the
 * line grid, and the faces' own widths rather than the body's letter spacing (the package leaves out a spacing of 0).
 * The children of pPr and rPr come in a fixed order: autoSpace… and snapToGrid before spacing, spacing before sz.
 */
function offGrid(xml: string): string {
  const body = '<w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>';
  xml = xml.replace(/(<w:pPrDefault><w:pPr>)/, `$1${body}`).replace(/(<w:style [^>]*w:styleId="Normal"[^>]*>(?:(?!<\/w:style>).)*?<w:pPr>)/, `$1${body}`);
  for (const id of OFF_GRID)
    xml = xml
      .replace(new RegExp(`(<w:style [^>]*w:styleId="${id}"[^>]*>(?:(?!</w:style>).)*?<w:pPr>(?:(?!</w:style>).)*?)(<w:spacing )`), '$1<w:snapToGrid w:val="0"/>$2')
      .replace(new RegExp(`(<w:style [^>]*w:styleId="${id}"[^>]*>(?:(?!</w:style>).)*?<w:rPr>(?:(?!</w:style>).)*?)(<w:sz )`), '$1<w:spacing w:val="0"/>$2');
  return xml;
}

/**
 * The docx package stamps the current time into docProps/core.xml and the zip entries: rewrite both from the report's
 * own date, entries in a fixed order, so a rebuild gives identical bytes.
 */
function finishPackage(zip: Buffer, date: string): Buffer {
  const entries = unzipSync(zip);
  entries['word/styles.xml'] = strToU8(offGrid(strFromU8(entries['word/styles.xml'])));
  const stamp = `${date}T00:00:00Z`;
  entries['docProps/core.xml'] = strToU8(
    strFromU8(entries['docProps/core.xml']).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${stamp}$2`),
  );
  const mtime = new Date(`${date}T00:00:00`);
  const ordered = Object.fromEntries(
    Object.keys(entries)
      .sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a.localeCompare(b)))
      .map((name) => [name, [entries[name], { mtime }] as [Uint8Array, { mtime: Date }]]),
  );
  return Buffer.from(zipSync(ordered, { level: 6 }));
}
