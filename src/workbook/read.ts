import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Format } from '../format/definition.js';
import { address, figureCells, sheetCells, sheetName } from './grid.js';

/** What a workbook holds for a data file: the tables' figures shaped as in a data file, and where each one stands. */
export interface WorkbookTables {
  /** by table data key: row id → a figure or a list of figures (numbers, null for an empty cell, "/", or what was typed) */
  tables: Record<string, Record<string, unknown>>;
  /** a figure's data path (t3.new.0) → its cell, "表三!D12" */
  cells: Map<string, string>;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/**
 * The values of a workbook's cells, sheet by sheet, read from the OOXML itself (the values, not the styles; a
 * formula's last computed value). Synchronous, and without the spreadsheet library a writer needs.
 */
function sheets(file: string): Map<string, Map<string, string | number>> {
  const zip = unzipSync(readFileSync(file));
  const text = (name: string) => (zip[name] ? strFromU8(zip[name]) : '');
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => unescape([...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join('')));
  const targets = new Map([...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2].replace(/^\/?(xl\/)?/, 'xl/')]));
  const out = new Map<string, Map<string, string | number>>();
  for (const m of text('xl/workbook.xml').matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const values = new Map<string, string | number>();
    for (const c of text(targets.get(m[2]) ?? '').matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const type = /t="(\w+)"/.exec(c[2])?.[1];
      const v = /<v>([^<]*)<\/v>/.exec(c[3] ?? '')?.[1];
      const inline = /<is>[\s\S]*?<t[^>]*>([^<]*)<\/t>/.exec(c[3] ?? '')?.[1];
      if (type === 's' && v !== undefined) values.set(c[1], shared[Number(v)] ?? '');
      else if ((type === 'str' || type === 'inlineStr') && (v ?? inline) !== undefined) values.set(c[1], unescape(v ?? inline!));
      else if (v !== undefined && v !== '') values.set(c[1], type === 'b' ? v : Number(v));
    }
    out.set(unescape(m[1]), values);
  }
  return out;
}

/** The figures of a format's tables as a workbook (made by nianbao init --xlsx, then filled) holds them. */
export function readWorkbook(file: string, format: Format): WorkbookTables {
  const book = sheets(file);
  const tables: WorkbookTables['tables'] = {};
  const cells = new Map<string, string>();
  const missing = new Set<string>();
  for (const [ref, at] of figureCells(format)) {
    const values = book.get(at.sheet);
    if (!values) {
      missing.add(at.sheet);
      continue;
    }
    const item = format.items.get(ref)!;
    const raw = values.get(at.address);
    const value = raw === undefined || (typeof raw === 'string' && raw.trim() === '') ? null : typeof raw === 'string' ? raw.trim() : raw;
    const rows = (tables[at.table.data] ??= {});
    if (item.row.values === 1) rows[item.row.id] = value;
    else ((rows[item.row.id] ??= new Array(item.row.values).fill(null)) as unknown[])[item.index] = value;
    cells.set(item.path.join('.'), `${at.sheet}!${at.address}`);
  }
  if (missing.size) throw new Error(`工作簿中没有工作表 ${[...missing].join('、')}（有 ${[...book.keys()].join('、') || '无'}）`);
  // the rows where init put them: a row inserted or deleted would move every figure below it
  const plain = (v: unknown) => String(v ?? '').replace(/\s+/g, '');
  for (const def of format.tables) {
    const values = book.get(sheetName(def))!;
    for (const c of sheetCells(def, {})) {
      if (c.cell.figure || c.cell.header || !c.cell.text || c.col !== 1) continue;
      const got = values.get(address(c.row, c.col));
      if (plain(got) !== plain(c.cell.text))
        throw new Error(`工作表 ${sheetName(def)} 第${c.row}行应是「${c.cell.text.replace(/\n/g, '')}」，实际是「${plain(got) || '空'}」：表格的行不能插入、删除或移动（请用 nianbao init --xlsx 写出的工作簿）`);
    }
  }
  return { tables, cells };
}

/** The cell of a figure's data path (t3.new.0), or of a row's first figure (t3.new), in the workbook a file reads. */
export function cellOf(workbook: { cells: Map<string, string> } | undefined, path: (string | number)[]): string | undefined {
  return workbook?.cells.get(path.slice(0, 3).join('.')) ?? workbook?.cells.get(`${path.slice(0, 2).join('.')}.0`);
}
