import { strFromU8, unzipSync } from 'fflate';
import { spread, type Outline, type OutlineBlock } from './outline.js';
import { elements, first, parseXml, type XmlElement } from './xml.js';

/** A paragraph's text: its runs' w:t, w:tab as a space, w:br and w:cr as line breaks (fields and deletions left out). */
function paragraphText(p: XmlElement): string {
  let text = '';
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (typeof c === 'string') continue;
      if (c.name === 'w:t') text += c.children.filter((x) => typeof x === 'string').join('');
      else if (c.name === 'w:tab') text += ' ';
      else if (c.name === 'w:br' || c.name === 'w:cr') text += '\n';
      else if (c.name !== 'w:del' && c.name !== 'w:instrText' && c.name !== 'w:pPr' && c.name !== 'w:rPr') walk(c);
    }
  };
  walk(p);
  return text;
}

const styleOf = (p: XmlElement) => first(first(p, 'w:pPr'), 'w:pStyle')?.attrs['w:val'] ?? '';

/**
 * A report written in Word: its paragraphs (headings by their outline styles) and its tables, read from the OOXML of
 * word/document.xml: merged cells through w:gridSpan and w:vMerge, a cell's paragraphs as its lines.
 */
export function readDocx(file: string, bytes: Uint8Array): Outline {
  const parts = unzipSync(bytes, { filter: (f) => ['word/document.xml', 'word/styles.xml', 'docProps/custom.xml'].includes(f.name) });
  const part = parts['word/document.xml'];
  // a roll-up's paragraphs by their style: nianbao writes its id Rollup, an editor that saves the file again may give it
  // another id but keeps its name (下级汇总…)
  const styles = parts['word/styles.xml'] ? first(parseXml(strFromU8(parts['word/styles.xml'])), 'w:styles') : undefined;
  const rollupStyles = new Set(['Rollup', ...(styles ? elements(styles, 'w:style').filter((s) => first(s, 'w:name')?.attrs['w:val']?.startsWith('下级汇总')).map((s) => s.attrs['w:styleId']) : [])]);
  if (!part) throw new Error('不是 Word 文档（.docx）：缺少 word/document.xml');
  const body = first(first(parseXml(strFromU8(part)), 'w:document'), 'w:body');
  const blocks: OutlineBlock[] = [];
  let paragraphs = 0;
  let tables = 0;
  const walk = (e: XmlElement) => {
    for (const c of elements(e)) {
      if (c.name === 'w:p') {
        const text = paragraphText(c);
        // a lead sentence in nianbao's own files: the runs of its LeadRun style
        const lead = elements(c, 'w:r').filter((r) => first(first(r, 'w:rPr'), 'w:rStyle')?.attrs['w:val'] === 'LeadRun').map(paragraphText).join('');
        const style = styleOf(c);
        if (text.trim()) blocks.push({ kind: 'text', text, heading: /^(Heading|Title|标题)/i.test(style), lead: lead || undefined, rollup: rollupStyles.has(style) || undefined, where: `第${++paragraphs}段` });
      } else if (c.name === 'w:tbl') {
        tables++;
        const rows = elements(c, 'w:tr').map((tr) =>
          elements(tr, 'w:tc').map((tc) => {
            const pr = first(tc, 'w:tcPr');
            const merge = first(pr, 'w:vMerge');
            return {
              text: elements(tc, 'w:p').map(paragraphText).join('\n'),
              colSpan: Number(first(pr, 'w:gridSpan')?.attrs['w:val'] ?? 1) || 1,
              rowSpan: 1,
              continued: !!merge && merge.attrs['w:val'] !== 'restart',
            };
          }),
        );
        // a vertical merge continued below: the text of the cell that starts it
        const grid = spread(rows);
        grid.forEach((row, r) => row.cells.forEach((_, k) => {
          if (r > 0 && isContinued(rows[r], k) && grid[r - 1].cells[k] !== undefined) row.cells[k] = grid[r - 1].cells[k];
        }));
        blocks.push({ kind: 'table', rows: grid, where: `第${tables}个表格` });
      } else if (c.name === 'w:sdt' || c.name === 'w:sdtContent' || c.name === 'w:customXml') walk(c);
    }
  };
  if (body) walk(body);
  // nianbao's own files name the sub-units of a roll-up in a custom property
  const custom = parts['docProps/custom.xml'] ? first(parseXml(strFromU8(parts['docProps/custom.xml'])), 'Properties') : undefined;
  const property = custom && elements(custom, 'property').find((p) => p.attrs.name === 'nianbao.subunits');
  const textOf = (e: XmlElement): string => e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
  return { file, subunits: property && textOf(property).trim(), blocks };
}

/** Whether grid column `k` of a row falls in a cell that continues a vertical merge. */
function isContinued(row: { colSpan: number; continued: boolean }[], k: number): boolean {
  let c = 0;
  for (const cell of row) {
    if (k < c + cell.colSpan) return cell.continued;
    c += cell.colSpan;
  }
  return false;
}
