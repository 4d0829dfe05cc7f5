import { parse } from 'parse5';
import { spread, type Outline, type OutlineBlock } from './outline.js';

type Node = { nodeName: string; tagName?: string; value?: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; content?: Node };

const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'caption', 'pre', 'blockquote']);
const attr = (n: Node, name: string) => n.attrs?.find((a) => a.name === name)?.value;

/** A line break of the source between two wide characters, which a browser shows as nothing (CSS Text 3, 4.1.2). */
const WIDE_BREAK = /(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])[ \t]*\n\s*(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])/g;

/**
 * A node's text as read: line breaks at <br>, spaces as they stand (the reader normalises them); `flow`: the line
 * breaks of the page's source as the spaces a browser shows
 */
function textOf(n: Node, flow = false): string {
  if (n.nodeName === '#text') return flow ? (n.value ?? '').replace(WIDE_BREAK, '').replace(/\s*\n\s*/g, ' ') : (n.value ?? '');
  if (n.tagName === 'br') return '\n';
  if (n.tagName === 'script' || n.tagName === 'style') return '';
  return (n.childNodes ?? []).map((c) => textOf(c, flow)).join('');
}

const holdsBlocks = (n: Node): boolean => (n.childNodes ?? []).some((c) => (c.tagName && (BLOCKS.has(c.tagName) || c.tagName === 'table' || c.tagName === 'div')) || holdsBlocks(c));

/**
 * A report published as a web page, as portals publish it (or as nianbao writes it): its headings and paragraphs and
 * its tables (rowspan/colspan), in reading order, read with a real HTML parser.
 */
export function readHtml(file: string, html: string): Outline {
  const blocks: OutlineBlock[] = [];
  let paragraphs = 0;
  let tables = 0;
  let subunits: string | undefined;
  const walk = (n: Node) => {
    if (n.tagName === 'table') {
      tables++;
      const rows: { text: string; colSpan: number; rowSpan: number }[][] = [];
      const rowsOf = (m: Node) => {
        for (const c of m.childNodes ?? []) {
          if (c.tagName === 'tr') rows.push((c.childNodes ?? []).filter((d) => d.tagName === 'td' || d.tagName === 'th').map((d) => ({ text: textOf(d), colSpan: Number(attr(d, 'colspan') ?? 1) || 1, rowSpan: Number(attr(d, 'rowspan') ?? 1) || 1 })));
          else if (c.tagName !== 'table') rowsOf(c); // thead, tbody, tfoot
        }
      };
      rowsOf(n);
      blocks.push({ kind: 'table', rows: spread(rows), where: `第${tables}个表格` });
      return;
    }
    // a paragraph element, or an element that holds only text (a portal's <div>…<br>…</div>)
    if (n.tagName && (BLOCKS.has(n.tagName) || (n.tagName !== 'html' && n.tagName !== 'body' && n.tagName !== 'head' && !holdsBlocks(n)))) {
      const text = textOf(n);
      // a lead sentence set in 楷体 (nianbao's own pages): the spans of that face it starts with
      const kai = (c: Node) => c.tagName === 'span' && /楷体|KaiTi/.test(attr(c, 'style') ?? '');
      const children = n.childNodes ?? [];
      let k = 0;
      while (k < children.length && kai(children[k])) k++;
      const lead = children.slice(0, k).map((c) => textOf(c)).join('') || undefined;
      const rollup = attr(n, 'data-rollup') !== undefined || undefined;
      if (text.trim()) blocks.push({ kind: 'text', text, heading: /^h[1-6]$/.test(n.tagName), lead, rollup, where: `第${++paragraphs}段` });
      return;
    }
    if (n.tagName === 'head') return;
    subunits ??= attr(n, 'data-subunits');
    // text that stands between blocks, outside any (a portal's "<div>一、总体情况<p>…</p>"): each of its lines a paragraph
    let loose: Node[] = [];
    const flush = () => {
      for (const text of loose.map((c) => textOf(c, true)).join('').split('\n'))
        if (text.trim()) blocks.push({ kind: 'text', text, heading: false, where: `第${++paragraphs}段` });
      loose = [];
    };
    for (const c of n.content?.childNodes ?? n.childNodes ?? []) {
      if (c.nodeName === '#text' || c.tagName === 'br' || (c.tagName && !BLOCKS.has(c.tagName) && c.tagName !== 'table' && c.tagName !== 'div' && !holdsBlocks(c) && n.tagName !== 'html')) loose.push(c);
      else {
        flush();
        walk(c);
      }
    }
    flush();
  };
  walk(parse(html) as unknown as Node);
  return { file, subunits, blocks };
}
