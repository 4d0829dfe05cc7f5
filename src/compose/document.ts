import type { Block, Cell, Document, Run, Table } from '../model/document.js';
import type { TableDef } from '../format/definition.js';
import { itemRef } from '../format/definition.js';
import { entryTexts, type Entry } from '../format/schema.js';
import type { Report } from '../report.js';
import { printable } from '../check/review.js';
import { tablesOf, type Figures } from '../derive/figures.js';
import { chineseDate, formatNumber, handNumbering, itemNumber } from '../derive/numbers.js';

/** Titles longer than this many characters are set on two lines, broken before 政府信息公开(工作年度报告、情况汇总表). */
const TITLE_LINE = 20;

function titleLines(title: string): string[] {
  if (title.includes('\n')) return title.split('\n').map((l) => l.trim()).filter(Boolean);
  const at = title.lastIndexOf('政府信息公开');
  return title.length > TITLE_LINE && at > 0 ? [title.slice(0, at), title.slice(at)] : [title];
}

/** Templates + data → the one document model that every writer renders. */
export function composeDocument(report: Report): Document {
  const { format, data } = report;
  // templates see the figures with totals filled in, shaped as in the data file (stats.s3_1, t3.new.[6])
  const tables = tablesOf(format, report.figures);
  const previous = report.previous && tablesOf(format, report.previous.figures);
  const context = { ...data, ...tables, previous };
  // the roll-up's sentences: the same templates over the roll-up's figures, its label ("全县", "四区三县") for `self`
  // and `scope`, no last year
  const label = report.subunits?.label;
  const rollup = report.subunits && { ...data, ...tablesOf(format, report.subunits.figures), self: label, scope: label, previous: undefined };
  const title = data.title ?? format.templates.get(format.title)!(context);
  const blocks: Block[] = [{ kind: 'title', lines: titleLines(title) }];

  for (const section of format.sections) {
    if (section.title) blocks.push({ kind: 'heading', level: 1, text: section.title });
    let item = 0;
    const numbered = (runs: Run[]): Block => ({ kind: 'paragraph', runs: [{ text: itemNumber(++item), lead: true }, ...runs] });
    for (const part of section.parts) {
      if ('template' in part && part.rollup) {
        const text = rollup && format.templates.get(part.template)!(rollup);
        if (text) blocks.push({ kind: 'paragraph', runs: [{ text }], attrs: { rollup: label! } });
      } else if ('template' in part) {
        const text = format.templates.get(part.template)!(context);
        // the data's notes.<template>: the unit's own sentence after the generated ones, a run of its own
        const name = part.template.replace(/\.hbs$/, '');
        const note = data.notes?.[name];
        const runs: Run[] = [{ text }, ...(note ? [{ text: note, at: { path: ['notes', name] } }] : [])];
        if (text) blocks.push(part.numbered ? numbered(runs) : { kind: 'paragraph', runs });
      } else if ('table' in part) {
        blocks.push(...tableBlocks(format.tables.find((t) => t.id === part.table)!, report));
      } else {
        // blank paragraphs print nothing; each keeps its index in the data file
        const written = (data.sections[section.id] ?? []).map((p, i) => [p, i] as const).filter(([p]) => entryTexts(p, []).some((t) => printable(t.text)));
        if (!written.length && section.empty) blocks.push({ kind: 'paragraph', runs: [{ text: section.empty }] });
        written.forEach(([p, i]) => {
          const path = ['sections', section.id, i];
          if (typeof p === 'string') blocks.push(...typed(p, path).map(paragraph));
          else {
            if (p.lead && !p.text) blocks.push(leadHeading(2, itemNumber(++item), p.lead, path));
            else if (printable(p)) {
              const [first, ...more] = itemRuns(p, path, true);
              blocks.push(numbered(first), ...more.map(paragraph));
            }
            blocks.push(...subitems(format, p.items, path, 3));
          }
        });
      }
    }
  }
  // the 汇总表: named after the text (GB/T 9704 7.3.4 附件说明), attached after the 落款
  const annexTitle = report.subunits?.annex && format.rollup.annex ? format.templates.get(format.rollup.annex)!(context) : undefined;
  // 附件说明: a blank line below the text (GB/T 9704 7.3.4)
  if (annexTitle) blocks.push({ kind: 'paragraph', runs: [{ text: `附件：${annexTitle}` }], spaceAbove: true });
  if (format.closing && data.signoff !== false) blocks.push({ kind: 'closing', lines: [data.unit, chineseDate(data.date)], at: { path: ['unit'] } });
  if (annexTitle) blocks.push(...annex(report, annexTitle));
  return { title: titleLines(title).join(''), date: data.date, author: data.unit, ...(rollup ? { attrs: { subunits: label! } } : {}), blocks };
}

/** An item's first text without the spaces and the numbering a clerk typed before it (see check/review.ts). */
function unnumbered(text: string): { text: string; dropped: number } {
  const dropped = handNumbering(text)?.length ?? /^\s*/.exec(text)![0].length;
  return { text: text.slice(dropped), dropped };
}

const paragraph = (runs: Run[]): Block => ({ kind: 'paragraph', runs });

/** A Chinese character or full-width mark: where YAML folds a line between two of them, it puts no space. */
const CJK = /[\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—]/u;

/**
 * What a clerk typed at `path`, from its character `from` on, as printed: split into paragraphs at line breaks (a
 * blank line in the text, or each line of a `|` block, as text pasted from Word comes), each paragraph's leading
 * spaces (full-width too: the indent is the layout's) left out, and the space YAML puts where it folds a line left
 * out between two Chinese characters ("丰富 解读形式" → "丰富解读形式"; between Latin words it stays). Each run keeps
 * its place in the value (`at.start` negative: the characters before it are left out).
 */
function typed(value: string, path: (string | number)[], from = 0, lead = false): Run[][] {
  const paragraphs: Run[][] = [];
  let begin = from;
  for (const end of [...[...value.matchAll(/\n+/g)].map((m) => m.index).filter((at) => at >= from), value.length]) {
    let k = begin;
    while (k < end && /\s/.test(value[k])) k++;
    const runs: Run[] = [];
    let piece = k;
    for (const gap of value.slice(k, end).matchAll(/[ \t]+/g)) {
      const at = k + gap.index;
      if (!CJK.test(value[at - 1] ?? '') || !CJK.test(value[at + gap[0].length] ?? '')) continue;
      runs.push({ text: value.slice(piece, at), at: { path, start: -piece } });
      piece = at + gap[0].length;
    }
    if (piece < end) runs.push({ text: value.slice(piece, end).trimEnd(), at: { path, start: -piece } });
    const printed = runs.filter((r) => r.text).map((r) => (lead ? { ...r, lead } : r));
    if (printed.length) paragraphs.push(printed);
    begin = end;
  }
  return paragraphs;
}

/** An item that is only a lead sentence: a heading of its level, numbered. */
function leadHeading(level: 2 | 3 | 4, number: string, text: string, path: (string | number)[]): Block {
  const lead = unnumbered(text);
  return { kind: 'heading', level, text: number + lead.text, at: { path: [...path, 'lead'], start: number.length - lead.dropped } };
}

/**
 * The items under an item: numbered "1." at the third level and "（1）" at the fourth (as the format numbers them), set
 * in the body's face; blank ones print nothing and take no number.
 */
function subitems(format: Report['format'], items: Entry[] | undefined, path: (string | number)[], level: 3 | 4): Block[] {
  let n = 0;
  return (items ?? []).flatMap((sub, j): Block[] => {
    const at = [...path, 'items', j];
    const below = typeof sub === 'string' ? [] : subitems(format, sub.items, at, 4);
    if (!printable(sub)) return below;
    const number = format.subitems[level - 3].replace('{n}', String(++n));
    if (typeof sub !== 'string' && sub.lead && !sub.text) return [leadHeading(level, number, sub.lead, at), ...below];
    const [first, ...more] = typeof sub === 'string' ? typed(sub, at, unnumbered(sub).dropped) : itemRuns(sub, at, false);
    return [paragraph([{ text: number }, ...first]), ...more.map(paragraph), ...below];
  });
}

/**
 * An item's paragraphs: the first is its lead (in the 楷体 of a level-2 lead where `kai`) and the first paragraph of its
 * text; a text of several paragraphs goes on in paragraphs of its own.
 */
function itemRuns(p: { lead?: string; text?: string }, path: (string | number)[], kai: boolean): Run[][] {
  const lead = p.lead ? typed(p.lead, [...path, 'lead'], unnumbered(p.lead).dropped, kai).flat() : [];
  const [first = [], ...more] = p.text ? typed(p.text, [...path, 'text'], lead.length ? 0 : unnumbered(p.text).dropped) : [];
  return [[...lead, ...first], ...more];
}

/**
 * The 汇总表 after the report (GB/T 9704 7.4: "附件" 顶格 in 黑体 on a new page, its title centred below): each table of
 * the format over the roll-up's figures, under its sheet's name and the title of the section it stands in.
 */
function annex(report: Report, title: string): Block[] {
  const { format, subunits } = report;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: '附件', indent: false, newPage: true },
    { kind: 'title', lines: titleLines(title) },
  ];
  for (const section of format.sections)
    for (const part of section.parts) {
      if (!('table' in part)) continue;
      const def = format.tables.find((t) => t.id === part.table)!;
      const name = (section.title ?? '').replace(/^[一二三四五六七八九十]+、/, '');
      blocks.push({ kind: 'heading', level: 1, text: def.title ?? `${def.sheet ?? def.id}　${name}`, indent: false }, { kind: 'table', table: gridTable(def, subunits!.figures) });
    }
  return blocks;
}

/** A table with what stands around it: its caption, the line above it, the sign-off lines below it. */
function tableBlocks(def: TableDef, report: Report): Block[] {
  const blocks: Block[] = [];
  if (def.title) blocks.push({ kind: 'tableTitle', text: def.title, newPage: !!def.newPage });
  if (def.above) {
    // 填报单位（盖章）：the unit, unless the data names another
    const filing = report.data.filing_unit ?? report.data.unit;
    blocks.push({ kind: 'paragraph', runs: [{ text: def.above + filing, at: { path: [report.data.filing_unit === undefined ? 'unit' : 'filing_unit'], start: def.above.length } }], indent: false });
  }
  blocks.push({ kind: 'table', table: gridTable(def, report.figures) });
  if (def.signoff)
    blocks.push({
      kind: 'signoff',
      lines: def.signoff.map((line) => line.map((label) => ({ label, value: String((report.data.signoff || undefined)?.[label] ?? ''), at: { path: ['signoff', label] } }))),
    });
  return blocks;
}

/** The table of a format's definition filled with the figures; rows short of the grid are padded with empty cells. */
export function gridTable(def: TableDef, figures: Figures): Table {
  const columns = def.widths.length;
  const covered = new Array<number>(columns).fill(0); // rows still covered by a rowSpan above, per column
  const rows = def.rows.map((row) => {
    const cells: Cell[] = row.cells.map((c, i) => {
      const cell = typeof c === 'string' ? { text: c } : c;
      return { ...cell, align: cell.align ?? (row.header ? 'center' : 'left'), header: row.header, indent: i === 0 ? row.indent : undefined };
    });
    if (def.unitColumn && !row.header) cells.push({ text: row.unit ?? '', align: 'center' });
    for (let i = 0; i < row.values; i++) {
      const ref = itemRef(row as typeof row & { id: string }, i);
      cells.push({ text: formatNumber(figures[ref]), figure: { ref, value: figures[ref] ?? null }, align: def.valueAlign, colSpan: row.valueSpan });
    }
    // place the cells on the grid, then pad what is left of the row
    let c = 0;
    const placed: Cell[] = [];
    const free = () => {
      while (c < columns && covered[c] > 0) c++;
    };
    for (const cell of cells) {
      free();
      placed.push(cell);
      for (let k = 0; k < (cell.colSpan ?? 1); k++) covered[c + k] = cell.rowSpan ?? 1;
      c += cell.colSpan ?? 1;
    }
    for (free(); c < columns; c++, free()) {
      placed.push({ text: '' });
      covered[c] = 1;
    }
    for (let k = 0; k < columns; k++) covered[k]--;
    return placed;
  });
  const headerRows = def.rows.findIndex((r) => !r.header);
  return { widths: def.widths, headerRows: headerRows < 0 ? 0 : headerRows, rows, size: def.size, keep: !!def.keep };
}
