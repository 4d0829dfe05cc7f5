import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  AlignmentType,
  BorderStyle,
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
  type IRunOptions,
} from 'docx';
import { gridOf, type Block, type Cell, type Document, type Run, type Table } from '../../model/document.js';
import { CELL_PADDING, LINE_PITCH, MM, PAGE, PAGE_NUMBER_GAP, SIZE, TABLE_LEADING, TEXT_WIDTH } from '../page.js';
import { WORD_FONT_PRESETS, type WordFonts } from './fonts.js';

export interface DocxOptions {
  /** a preset of WORD_FONT_PRESETS (default: official) */
  fonts?: string;
}

const twips = (pt: number) => Math.round(pt * 20);
const halfPoints = (pt: number) => Math.round(pt * 2);

/** Renders the document model to DOCX bytes: real styles, headings, tables; identical bytes for identical input. */
export async function renderDocx(doc: Document, options: DocxOptions = {}): Promise<Buffer> {
  const fonts = WORD_FONT_PRESETS[options.fonts ?? 'official'];
  if (!fonts) throw new Error(`unknown Word font preset ${options.fonts}`);
  const face = (eastAsia: string) => ({ ascii: fonts.latin, hAnsi: fonts.latin, eastAsia, cs: fonts.latin, hint: 'eastAsia' });
  const run = (text: string, extra: IRunOptions = {}) => new TextRun({ text, ...extra });
  const runs = (rs: Run[]) => rs.map((r) => run(r.text, r.lead ? { style: 'LeadRun' } : {}));
  const bodyWidth = twips(TEXT_WIDTH);

  const children = doc.blocks.map((block: Block) => {
    switch (block.kind) {
      case 'title':
        return new Paragraph({ style: 'Title', children: block.lines.map((l, i) => run(l, i ? { break: 1 } : {})) });
      case 'heading':
        return new Paragraph({ style: block.level === 1 ? 'Heading1' : 'Heading2', children: [run(block.text)] });
      case 'paragraph':
        return new Paragraph({ style: 'BodyText', children: runs(block.runs), ...(block.indent === false ? { indent: { firstLine: 0, firstLineChars: 0 } } : {}) });
      case 'tableTitle':
        return new Paragraph({ style: 'TableTitle', pageBreakBefore: block.newPage, children: [run(block.text)] });
      case 'table':
        return table(block.table, bodyWidth);
      case 'signoff':
        return block.lines.map(
          (line) =>
            new Paragraph({
              style: 'Signoff',
              tabStops: line.slice(1).map((_, i) => ({ type: TabStopType.LEFT, position: Math.round(((i + 1) * bodyWidth) / line.length) })),
              children: line.map((f, i) => new TextRun({ children: [...(i ? [new Tab()] : []), `${f.label}：${f.value}`] })),
            }),
        );
    }
  }).flat();

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
    evenAndOddHeaderAndFooters: true,
    styles: styles(fonts, face),
    sections: [
      {
        properties: {
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
  return finishPackage(await Packer.toBuffer(wordDoc), doc.date);
}

function styles(fonts: WordFonts, face: (eastAsia: string) => object) {
  const exact = (pt: number) => ({ line: twips(pt), lineRule: LineRuleType.EXACT, before: 0, after: 0 });
  const body = { font: face(fonts.body), size: halfPoints(SIZE.body) };
  const indent = { firstLine: twips(2 * SIZE.body), firstLineChars: 200 };
  /** 一级标题 (黑体) and 二级标题 (楷体): Word's own heading styles, so they show in the navigation pane */
  const heading = (level: 1 | 2, font: object) => ({
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
      run: { font: face(fonts.body), size: halfPoints(size) },
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
      {
        id: 'Title',
        name: 'Title',
        basedOn: 'Normal',
        next: 'BodyText',
        run: { font: face(fonts.title), size: halfPoints(SIZE.title) },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { ...exact(LINE_PITCH * 1.25), after: twips(LINE_PITCH) } },
      },
      heading(1, face(fonts.heading)),
      heading(2, face(fonts.kai)),
      {
        id: 'BodyText',
        name: 'Body Text',
        basedOn: 'Normal',
        quickFormat: true,
        run: body,
        paragraph: { alignment: AlignmentType.JUSTIFIED, indent, spacing: exact(LINE_PITCH) },
      },
      {
        id: 'TableTitle',
        name: 'Table Title',
        basedOn: 'Normal',
        next: 'BodyText',
        run: { font: face(fonts.title), size: halfPoints(SIZE.title) },
        paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { ...exact(LINE_PITCH * 1.5), after: twips(LINE_PITCH / 2) } },
      },
      ...tableStyles('', SIZE.table),
      ...tableStyles('Small', SIZE.small),
      { id: 'Signoff', name: 'Signoff', basedOn: 'Normal', run: body, paragraph: { spacing: exact(LINE_PITCH) } },
      {
        id: 'PageNumber',
        name: 'Page Number',
        basedOn: 'Normal',
        run: { font: face(fonts.number), size: halfPoints(SIZE.number) },
        paragraph: { spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
      },
    ],
    characterStyles: [{ id: 'LeadRun', name: 'Lead Sentence (楷体)', basedOn: 'DefaultParagraphFont', run: { font: face(fonts.kai) } }],
  };
}

/**
 * A table: styles carry the font, size and spacing, so each cell holds only what differs from its style. Row spans are
 * written as Word's vertical merges, the covered cells included, so that in a kept table those keep with the next
 * row too (LibreOffice otherwise cuts a kept table inside a merged cell).
 */
function table(t: Table, width: number): WordTable {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const columnWidths = t.widths.map((w) => Math.floor((w * width) / total));
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const size = t.size === 'small' ? SIZE.small : SIZE.table;
  const suffix = t.size === 'small' ? 'Small' : '';
  const starts = gridOf(t);
  /** cells spanning down from an earlier row, by the column they start at */
  const spanning = new Map<number, { cell: Cell; until: number }>();
  const paragraph = (cell: Cell, r: number, text: string) =>
    new Paragraph({
      style: `${cell.header ? 'TableHeader' : 'TableText'}${suffix}`,
      alignment: (cell.align ?? 'left') === (cell.header ? 'center' : 'left') ? undefined : ALIGN[cell.align ?? 'left'],
      indent: cell.indent ? { left: twips(cell.indent * size) } : undefined,
      // a kept table stays on one page: every paragraph but the last row's keeps with the next
      keepNext: (t.keep && r < t.rows.length - 1) || undefined,
      children: text ? [new TextRun(text)] : [],
    });
  const wordCell = (cell: Cell, r: number, merge: 'restart' | 'continue' | undefined) =>
    new TableCell({
      columnSpan: cell.colSpan,
      verticalMerge: merge && (merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE),
      verticalAlign: cell.header ? VerticalAlignTable.CENTER : undefined,
      children: merge === 'continue' ? [paragraph(cell, r, '')] : cell.text.split('\n').map((text) => paragraph(cell, r, text)),
    });
  return new WordTable({
    width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    margins: { left: twips(CELL_PADDING.x), right: twips(CELL_PADDING.x), top: twips(CELL_PADDING.y), bottom: twips(CELL_PADDING.y) },
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: t.rows.map((row, r) => {
      const cells: [number, TableCell][] = [];
      for (const [start, { cell, until }] of spanning) {
        if (r > until) spanning.delete(start);
        else cells.push([start, wordCell(cell, r, 'continue')]);
      }
      row.forEach((cell, i) => {
        const spans = (cell.rowSpan ?? 1) > 1;
        if (spans) spanning.set(starts[r][i], { cell, until: r + cell.rowSpan! - 1 });
        cells.push([starts[r][i], wordCell(cell, r, spans ? 'restart' : undefined)]);
      });
      return new TableRow({
        tableHeader: r < t.headerRows || undefined,
        cantSplit: true,
        children: cells.sort((a, b) => a[0] - b[0]).map(([, c]) => c),
      });
    }),
  });
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT };

/**
 * The docx package stamps the current time into docProps/core.xml and the zip entries: rewrite both from the report's
 * own date, entries in a fixed order, so a rebuild gives identical bytes.
 */
function finishPackage(zip: Buffer, date: string): Buffer {
  const entries = unzipSync(zip);
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
