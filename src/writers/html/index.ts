import { gridOf, type Attrs, type Block, type Cell, type Document, type Run, type Table } from '../../model/document.js';
import type { Rendered } from '../writer.js';

/**
 * The report as a web page for the portal's 政府信息公开年报 column: one `<article>` that a portal editor can take
 * whole or in part, every style inline (editors keep `style` attributes and drop `<style>` blocks), no scripts, no
 * external resources; the tables with real `colspan`/`rowspan` and their header rows in `<thead>`, each figure's cell
 * marked with the figure's name (`data-figure="new[6]"`). Wrapped in a full UTF-8 page for previewing.
 */
export async function render(doc: Document): Promise<Rendered> {
  const page = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.title)}</title>
</head>
<body style="margin:0;background:#fff">
${article(doc)}
</body>
</html>
`;
  return { bytes: new TextEncoder().encode(page) };
}

/** The faces, as a portal page names them: the official ones first, then those of Windows, macOS and Linux. */
const FACE = {
  title: "方正小标宋简体,'FZXiaoBiaoSong-B05S',华文中宋,STZhongsong,'Noto Serif CJK SC',serif",
  body: "仿宋_GB2312,仿宋,FangSong,STFangsong,FandolFang,serif",
  heading: "黑体,SimHei,'Noto Sans CJK SC',sans-serif",
  kai: "楷体_GB2312,楷体,KaiTi,STKaiti,FandolKai,serif",
};

/**
 * Every element carries its own face, size and spacing: an editor that drops the article's style (UEditor allows no
 * attributes on <article>) or a table copied alone keeps them. The title faces have one weight: never bold.
 */
const TEXT = `color:#000;font-size:16px;line-height:2;font-family:`;
const STYLE = {
  article: `max-width:46em;margin:0 auto;padding:2em 1.5em;${TEXT}${FACE.body}`,
  title: `margin:0 0 1em;text-align:center;color:#000;font-family:${FACE.title};font-size:24px;font-weight:normal;line-height:1.6`,
  heading: [FACE.heading, FACE.kai, FACE.body, FACE.body].map((face) => `margin:0;font-weight:normal;${TEXT}${face}`),
  paragraph: `margin:0;text-align:justify;${TEXT}${FACE.body}`,
  lead: `font-family:${FACE.kai}`,
  tableTitle: `margin:1em 0 0.5em;text-align:center;color:#000;font-family:${FACE.title};font-size:20px;font-weight:normal`,
  table: 'border-collapse:collapse;width:100%;margin:0.5em 0 1em;line-height:1.5',
  cell: `border:1px solid #000;padding:2px 4px;vertical-align:middle;font-weight:normal;color:#000;font-family:${FACE.body}`,
  closing: `margin:2em 2em 0 0;text-align:right;${TEXT}${FACE.body}`,
};

/** The first-line indent of a paragraph or heading: two characters, or none (flush left). */
const indent = (flush: boolean) => `;text-indent:${flush ? 0 : '2em'}`;

const SIZE: Record<Table['size'], string> = { body: 'font-size:14px', small: 'font-size:12px' };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** text with its line breaks */
const lines = (s: string) => s.split('\n').map(escape).join('<br>');
const pageBreak = (yes: boolean | undefined) => (yes ? ';break-before:page' : '');
/** the model's attributes as data-* (what import reads back: data-rollup, data-subunits) */
const data = (attrs: Attrs | undefined) => Object.entries(attrs ?? {}).map(([k, v]) => ` data-${k}="${escape(v)}"`).join('');

function article(doc: Document): string {
  return `<article lang="zh-CN"${data(doc.attrs)} style="${STYLE.article}">\n${doc.blocks.map(block).join('\n')}\n</article>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'title':
      return `<h1 style="${STYLE.title}">${b.lines.map(escape).join('<br>')}</h1>`;
    case 'heading': {
      const tag = `h${b.level + 1}`;
      return `<${tag} style="${STYLE.heading[b.level - 1]}${indent(b.indent === false)}${pageBreak(b.newPage)}">${escape(b.text)}</${tag}>`;
    }
    case 'paragraph':
      return `<p${data(b.attrs)} style="${STYLE.paragraph}${indent(b.indent === false)}${b.spaceAbove ? ';margin-top:2em' : ''}">${runs(b.runs)}</p>`;
    case 'tableTitle':
      return `<h2 style="${STYLE.tableTitle}${pageBreak(b.newPage)}">${escape(b.text)}</h2>`;
    case 'table':
      return table(b.table);
    case 'signoff':
      // the fields apart by full-width spaces too, where an editor drops the spans' widths
      return b.lines.map((line) => `<p data-block="signoff" style="margin:0;${TEXT}${FACE.body}">${line.map((f) => `<span style="display:inline-block;min-width:14em">${escape(`${f.label}：${f.value}`)}</span>`).join('　　')}</p>`).join('\n');
    case 'closing':
      return `<p style="${STYLE.closing}">${b.lines.map(escape).join('<br>')}</p>`;
  }
}

/** The runs of a paragraph: a lead sentence (its runs joined) in one 楷体 span. */
function runs(rs: Run[]): string {
  let html = '';
  for (let i = 0; i < rs.length; i++) {
    if (!rs[i].lead) {
      html += escape(rs[i].text);
      continue;
    }
    let lead = '';
    for (; i < rs.length && rs[i].lead; i++) lead += rs[i].text;
    i--;
    html += `<span style="${STYLE.lead}">${escape(lead)}</span>`;
  }
  return html;
}

function table(t: Table): string {
  const starts = gridOf(t);
  const row = (cells: Cell[], r: number) => {
    const html = cells.map((c, i) => {
      const tag = c.header ? 'th' : 'td';
      const span = `${(c.colSpan ?? 1) > 1 ? ` colspan="${c.colSpan}"` : ''}${(c.rowSpan ?? 1) > 1 ? ` rowspan="${c.rowSpan}"` : ''}`;
      const figure = c.figure ? ` data-figure="${escape(c.figure.ref)}"` : '';
      const scope = c.header ? ` scope="${(c.colSpan ?? 1) > 1 ? 'colgroup' : 'col'}"` : '';
      const indent = c.indent ? `;padding-left:${c.indent + 0.3}em` : '';
      const align = c.align ?? (c.header ? 'center' : 'left');
      return `<${tag}${span}${scope}${figure} data-column="${starts[r][i]}" style="${STYLE.cell};text-align:${align}${indent}">${lines(c.text)}</${tag}>`;
    });
    return `<tr>${html.join('')}</tr>`;
  };
  const head = t.rows.slice(0, t.headerRows).map(row);
  const body = t.rows.slice(t.headerRows).map((cells, r) => row(cells, r + t.headerRows));
  const columns = t.widths.reduce((a, b) => a + b, 0);
  const cols = t.widths.map((w) => `<col style="width:${((w / columns) * 100).toFixed(2)}%">`).join('');
  return `<table style="${STYLE.table};${SIZE[t.size]}"><colgroup>${cols}</colgroup>${head.length ? `<thead>${head.join('')}</thead>` : ''}<tbody>${body.join('')}</tbody></table>`;
}
