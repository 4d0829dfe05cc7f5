import type { Block, Cell, Document, Run, Table } from '../model/document.js';
import type { TableDef } from '../format/definition.js';
import type { Paragraph } from '../format/schema.js';
import type { Report } from '../report.js';
import { formatNumber, itemNumber } from '../derive/numbers.js';

/** Titles longer than this many characters are set on two lines, broken before 政府信息公开工作年度报告. */
const TITLE_LINE = 20;

function titleLines(title: string): string[] {
  if (title.includes('\n')) return title.split('\n').map((l) => l.trim()).filter(Boolean);
  const at = title.indexOf('政府信息公开工作年度报告');
  return title.length > TITLE_LINE && at > 0 ? [title.slice(0, at), title.slice(at)] : [title];
}

/** Templates + data → the one document model that every writer renders. */
export function composeDocument(report: Report): Document {
  const { format, data } = report;
  const context = (template: string) => ({
    ...data,
    note: data.notes?.[template.replace(/\.hbs$/, '')] ?? '',
    subunits: report.subunits,
  });
  const title = data.title ?? format.templates.get(format.title)!(context(format.title));
  const blocks: Block[] = [{ kind: 'title', lines: titleLines(title) }];

  for (const section of format.sections) {
    if (section.title) blocks.push({ kind: 'heading', level: 1, text: section.title });
    let item = 0;
    const numbered = (runs: Run[]): Block => ({ kind: 'paragraph', runs: [{ text: itemNumber(++item), lead: true }, ...runs] });
    for (const part of section.parts) {
      if ('template' in part) {
        const text = format.templates.get(part.template)!(context(part.template));
        if (text) blocks.push(part.numbered ? numbered([{ text }]) : { kind: 'paragraph', runs: [{ text }] });
      } else {
        for (const p of data.sections[section.id] ?? []) {
          if (typeof p === 'string') blocks.push({ kind: 'paragraph', runs: [{ text: p }] });
          else if (p.lead && !p.text) blocks.push({ kind: 'heading', level: 2, text: itemNumber(++item) + p.lead });
          else blocks.push(numbered(itemRuns(p)));
        }
      }
    }
  }

  for (const table of format.tables) {
    blocks.push({ kind: 'tableTitle', text: table.title, newPage: true });
    if (table.above) blocks.push({ kind: 'paragraph', runs: [{ text: table.above + (data.filing_unit ?? '') }], indent: false });
    blocks.push({ kind: 'table', table: statisticsTable(table, data.stats) });
    if (table.signoff)
      blocks.push({
        kind: 'signoff',
        lines: table.signoff.map((line) => line.map((label) => ({ label, value: String(data.signoff?.[label] ?? '') }))),
      });
  }
  return { title: titleLines(title).join(''), date: data.date, author: data.unit, blocks };
}

function itemRuns(p: Exclude<Paragraph, string>): Run[] {
  const runs: Run[] = [];
  if (p.lead) runs.push({ text: p.lead, lead: true });
  if (p.text) runs.push({ text: p.text });
  return runs;
}

function statisticsTable(def: TableDef, stats: Record<string, number | null>): Table {
  const header: Cell[] = def.columns.map((text) => ({ text, align: 'center', header: true }));
  const rows: Cell[][] = def.rows.map((r) => [
    { text: r.label, indent: r.indent },
    { text: r.unit ?? '', align: 'center' },
    { text: r.unit === undefined ? '' : formatNumber(stats[r.id]), align: 'right' },
  ]);
  return { widths: [7, 1.2, 1.8], headerRows: 1, rows: [header, ...rows], size: 'body' };
}
