import { loadFormat, type Format, type Kind } from '../format/definition.js';
import { pathText } from '../format/issues.js';
import { unitKind } from '../check/review.js';
import type { ReportData } from '../format/schema.js';
import { handNumbering } from '../derive/numbers.js';
import { tablesOf, fillTotals, figuresOf } from '../derive/figures.js';
import { unitNames } from '../format/data-file.js';
import type { Outline, OutlineBlock } from './outline.js';

/** What a report made elsewhere says, read as a data file of nianbao. */
export interface Imported {
  format: Format;
  /** the data file's content */
  data: Record<string, unknown>;
  /** where nianbao had to guess, by the data's path: a comment in the data file */
  guesses: { path: (string | number)[]; note: string }[];
  /** what it could not read, and where in the source */
  missing: string[];
  /** where each value stands in the source, by the data's path (pathText): for messages of `check report.docx` */
  places: Map<string, string>;
}

const compact = (s: string) => s.replace(/[\s\u3000]+/g, '');

/** The cell of a unit column between a row's label and its figure. */
const UNITS = /^(条|件|个|项|篇|次|人|人次|万元|元)$/;

/** A row label as compared: no numbering in front, no explanation in brackets after, no spaces, quotes, 、 or final 的. */
const labelKey = (s: string) =>
  compact(s)
    .replace(/^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])/, '')
    .replace(/[（(][^）)]*[）)]$/, '')
    .replace(/[、，“”"'‘’「」]/g, '')
    .replace(/的$/, '');

/** Full-width digits as digits, and a date in Chinese numerals ("二〇二六年三月二十七日") in digits. */
const digits = (s: string) => {
  const d = s.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10));
  const m = /^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$/.exec(d);
  if (!m) return d;
  const digit = (c: string) => '〇一二三四五六七八九'.indexOf(c === '○' || c === '零' ? '〇' : c);
  // 十 10, 十七 17, 二十 20, 二十七 27
  const count = (t: string) => {
    if (!t.includes('十')) return digit(t);
    const [tens, ones] = t.split('十');
    return (tens ? digit(tens) : 1) * 10 + (ones ? digit(ones) : 0);
  };
  return `${[...m[1]].map(digit).join('')}年${count(m[2])}月${count(m[3])}日`;
};

/** A figure as a table cell holds it: "12", "1,234", "251000元", "12.5万元", "/", blank; undefined if it is none. */
function figureOf(text: string, decimals: boolean): { value: number | null | '/'; note?: string } | undefined {
  const t = compact(text).replace(/[０-９．，]/g, (c) => (c === '．' ? '.' : c === '，' ? ',' : String(c.charCodeAt(0) - 0xff10)));
  if (t === '') return { value: null };
  if (t === '/' || t === '／') return { value: '/' };
  if (/^[—–-]+$|^无$/.test(t)) return { value: null, note: `「${text.trim()}」读作空白` };
  const m = /^([-−+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|万|元|件|条|个|项)?$/.exec(t);
  if (!m) return undefined;
  const n = (m[1] === '-' || m[1] === '−' ? -1 : 1) * Number(m[2].replace(/,/g, '') + (m[3] ?? ''));
  if (m[4] === '元' && decimals) return { value: Math.round(n / 100) / 100, note: `「${text.trim()}」按万元读作 ${Math.round(n / 100) / 100}` };
  if (decimals && !m[4] && n >= 10000) return { value: n, note: `「${text.trim()}」万元：数值很大，请核对是否写的是元` };
  return { value: n };
}

/**
 * A report, from its outline, in its format (by its year unless given): the title (unit, year), the sections by their
 * official titles, their paragraphs (items with their leads), the tables' figures by their official row labels (whatever
 * the cell layout), the 落款 (unit, date). Generated sentences nianbao would write itself are left out; what it guessed
 * is noted.
 */
export function readOutline(outline: Outline, formatId?: string): Imported {
  const guesses: Imported['guesses'] = [];
  const missing: string[] = [];
  const places = new Map<string, string>();
  const texts = outline.blocks.filter((b): b is OutlineBlock & { kind: 'text' } => b.kind === 'text');
  const titleBlock = texts.find((b) => /政府信息公开(工作)?年度报告/.test(compact(b.text)));
  const title = titleBlock ? compact(titleBlock.text) : '';
  // 单位-first or year-first; a title whose unit stands on the line above it ("某某县司法局" / "2025年政府信息公开…")
  const above = titleBlock ? texts[texts.indexOf(titleBlock) - 1] : undefined;
  const alone = /^(\d{4})年(?:度)?政府信息公开/.exec(title);
  const named = alone && above ? [alone[0], alone[1], compact(above.text)] : (/^(\d{4})年(?:度)?(.+?)政府信息公开/.exec(title) ?? /^(.+?)(\d{4})年(?:度)?政府信息公开/.exec(title));
  const [region, year] = named ? (/^\d/.test(named[1]) ? [named[2], Number(named[1])] : [named[1], Number(named[2])]) : ['', 0];
  if (!named) missing.push(titleBlock ? `${outline.file}: 标题「${title}」中读不出单位和年度` : `${outline.file}: 没有找到“××${'年'}政府信息公开工作年度报告”这样的标题，读不出单位和年度`);
  const id = formatId ?? (year >= 2021 || !year ? 'national-2021' : year >= 2019 ? 'national-2019' : 'old-2008');
  const format = loadFormat(id);

  // the 落款: the unit's name and a date, the last two lines before any 附件
  const annexAt = outline.blocks.findIndex((b) => b.kind === 'text' && compact(b.text) === '附件');
  const body = annexAt < 0 ? outline.blocks : outline.blocks.slice(0, annexAt);
  const lines = body.flatMap((b) => (b.kind === 'text' ? b.text.split('\n').map((l) => ({ line: digits(compact(l)), block: b })).filter((l) => l.line) : []));
  const dateAt = lines.map((l) => /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.test(l.line)).lastIndexOf(true);
  const dated = dateAt > 0 ? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(lines[dateAt].line)! : undefined;
  // the line above the date signs it, unless it is the title (a date under the title is no 落款)
  const signed = dateAt > 0 && !/[，。；]/.test(lines[dateAt - 1].line) && lines[dateAt - 1].block !== titleBlock ? lines[dateAt - 1].line : undefined;
  const closing = new Set(dateAt > 0 ? [lines[dateAt].block, ...(signed ? [lines[dateAt - 1].block] : [])] : []);

  // the unit: the 落款's, else the old format's 填报单位（盖章）line, else guessed from the title
  const filing = texts.map((b) => /^填报单位(?:（盖章）)?[：:](.+)$/.exec(compact(b.text))?.[1]).find(Boolean);
  const unit = signed ?? filing ?? (/(人民政府|办公室|局|委员会|办事处)$/.test(region) ? region : `${region}人民政府`);
  if (!signed && !filing) guesses.push({ path: ['unit'], note: '落款中没有找到单位名称，按标题猜测，请核对' });
  const guessed = unitKind({ unit } as ReportData);
  const kind: Kind = guessed.kind ?? '部门';
  if (!guessed.kind) guesses.push({ path: ['kind'], note: '单位类别从名称看不出，暂填“部门”，请核对' });
  // how the text names the unit: as the generated sentence of 三 does ("2025年，我局新收政府信息公开申请…"), else guessed
  const names = unitNames(unit, kind);
  const said = texts.map((b) => new RegExp(`^${year}年，(.{1,10}?)共?(?:新收|收到)政府信息公开申请`).exec(compact(b.text))?.[1]).find(Boolean);
  const self = said ?? names.self;
  const scope = names.scope;
  if (!said) guesses.push({ path: ['self'], note: '正文中的自称按单位名称猜测，请核对' });
  const date = dated ? `${dated[1]}-${dated[2].padStart(2, '0')}-${dated[3].padStart(2, '0')}` : `${year + 1}-03-31`;
  if (!dated) guesses.push({ path: ['date'], note: '没有找到落款日期，暂填法定期限，请改为实际发布日期' });

  // sections by their titles; the paragraphs between them
  const sections: Record<string, unknown[]> = {};
  const paragraphSections = new Set(format.sections.filter((s) => s.parts.some((p) => 'paragraphs' in p)).map((s) => s.id));
  let current = format.sections[0];
  const afterTitle = titleBlock ? outline.blocks.indexOf(titleBlock) + 1 : 0;
  const read: { section: string; block: OutlineBlock & { kind: 'text' } }[] = [];
  // after a signed 落款 the text has ended: what follows before any 附件 is a portal's page furniture (【打印本页】, 版权所有)
  const end = signed ? body.indexOf(lines[dateAt].block) : body.length;
  for (const b of body.slice(afterTitle, end + 1)) {
    if (b.kind !== 'text' || closing.has(b)) continue;
    const section = sectionOf(format, compact(b.text));
    // a table's own title (the old format's 统计表, an attachment): what follows it is the table's, not the text's
    const table = format.sections.find((s) => s.parts.some((p) => 'table' in p && compact(format.tables.find((t) => t.id === p.table)?.title ?? '\0') === compact(b.text)));
    if (section ?? table) current = (section ?? table)!;
    else read.push({ section: current.id, block: b });
  }
  // a roll-up's paragraphs (nianbao's own files mark them) come from the sub-units' data, which the report does not
  // hold: they are not read; the data names the sub-units by their label and lists no files until the clerk adds them
  const rolledUp = read.filter((r) => r.block.rollup).length;
  const label = outline.subunits ?? (rolledUp ? '下级单位' : undefined);
  const subunits = label && { label, ...(annexAt >= 0 && format.rollup.annex ? { annex: true } : {}) };
  const how = rolledUp ? `${rolledUp} 段${label}的汇总由下级单位的数据生成，未导入` : `没有找到标为${label}汇总的段落（样式可能已改动），汇总的句子按本单位的正文读入，请核对`;
  if (subunits) guesses.push({ path: ['subunits', 'label'], note: `${how}；在 files 中列出下级单位的数据文件，汇总会重新生成` });
  const data: Record<string, unknown> = { format: format.id, year, unit, kind, region, self, scope, date, subunits, sections };
  const rows = readTables(format, outline, data, places, missing, guesses);
  // no title and not one row of a table: a page of something else (a portal's list, an empty export)
  if (!titleBlock && !rows) throw new Error('不像一份政府信息公开工作年度报告：没有“××年政府信息公开工作年度报告”这样的标题，统计表的行也一行都没有找到');

  // generated sentences are written again by nianbao from the figures: the ones it would write now are left out
  const figures = fillTotals(format, figuresOf(format, data as ReportData));
  const context = { ...data, ...tablesOf(format, figures), previous: undefined };
  // in the section that has it: the same text once the comparison with last year (which nianbao adds when the data
  // names last year's report, not in the source's figures) and the punctuation are taken out
  const plain = (t: string) => t.replace(/，较上年[^；。]*(?=[；。])|（较上年[^）]*）|，与上年持平/g, '').replace(/[，、；。：]/g, '');
  const generated = format.sections.flatMap((s) => [
    ...s.parts.flatMap((p) => ('template' in p && !p.rollup ? [{ section: s.id, note: p.template.replace(/\.hbs$/, ''), text: plain(compact(format.templates.get(p.template)!(context))) }] : [])),
    ...(s.empty ? [{ section: s.id, note: undefined, text: plain(compact(s.empty)) }] : []),
  ]);
  const notes: Record<string, string> = {};
  for (const { section, block } of read) {
    if (block.rollup || !paragraphSections.has(section) || /^附件[：:]/.test(compact(block.text))) continue;
    const where = `${format.sections.find((s) => s.id === section)!.title ?? '开头'} ${block.where}`;
    // a numbered one stands with its （一）
    const text = plain(compact(block.text).replace(/^[（(][一二三四五六七八九十]+[）)]/, ''));
    const mine = generated.filter((g) => g.section === section && g.text);
    if (mine.some((g) => g.text === text)) continue;
    // a generated paragraph with the unit's sentence after it (notes.<template>): the sentence is the note
    // (once for each template, and only where the generated text ends a sentence: else the paragraph is the unit's own)
    const before = mine.find((g) => g.note && !notes[g.note] && text.startsWith(g.text));
    if (before) {
      const rest = text.slice(before.text.length);
      let k = block.text.length;
      while (k > 0 && plain(compact(block.text.slice(k))).length < rest.length) k--;
      const note = block.text.slice(k).replace(/^[，、；。：\s]+/, '').trim();
      if (/[。；！？]\s*$/.test(block.text.slice(0, block.text.length - note.length))) {
        notes[before.note!] = note;
        places.set(pathText(['notes', before.note!]), where);
        continue;
      }
    }
    const list = (sections[section] ??= []);
    places.set(pathText(['sections', section, list.length]), where);
    list.push(entryOf(block));
  }
  if (Object.keys(notes).length) data.notes = notes;
  return { format, data, guesses, missing, places };
}

/**
 * The section a heading opens: its title as the format has it, or as reports vary it — another final word
 * ("五、存在的主要问题及改进措施"), "二." for "二、", no number ("总体情况"): a short line that begins alike.
 */
function sectionOf(format: Format, text: string): Format['sections'][number] | undefined {
  const bare = (t: string) => t.replace(/^[一二三四五六七八九十]+[、.．]/, '');
  return format.sections.find((s) => {
    if (!s.title) return false;
    const title = compact(s.title);
    if (text === title) return true;
    const [a, b] = [bare(text), bare(title)];
    const numbered = /^[一二三四五六七八九十]+[、.．]/.exec(text)?.[0];
    if (numbered && numbered.slice(0, -1) !== /^[一二三四五六七八九十]+/.exec(title)![0]) return false;
    if (a === b) return true;
    // another final word or two: all but the last two characters alike, under its number
    let same = 0;
    while (same < a.length && a[same] === b[same]) same++;
    return !!numbered && a.length <= b.length + 2 && same >= Math.max(6, b.length - 2);
  });
}

/** A paragraph as a data file's entry: an item "（一）lead。text" as {lead, text}, any other paragraph as its text. */
function entryOf(block: OutlineBlock & { kind: 'text' }): unknown {
  const text = block.text.replace(/[ \t\u3000]+\n/g, '\n').trim();
  const number = handNumbering(text);
  if (!number || !/^\s*[（(][一二三四五六七八九十]+[）)]/.test(number)) return text;
  const rest = text.slice(number.length);
  const lead = block.lead ? block.lead.replace(/^\s*[（(][一二三四五六七八九十]+[）)]\s*/, '') : /^(.{2,40}?[。：:])/.exec(rest)?.[1];
  if (!lead || !rest.startsWith(lead)) return { text: rest };
  const after = rest.slice(lead.length).trim();
  return after ? { lead, text: after } : block.lead || block.heading ? { lead } : { text: rest };
}

/**
 * The tables' figures by the official row labels: every row of every table of the source read as label cells and
 * figure cells (a merged cell counts once), matched to the format's rows by the label nearest its figures. Returns how
 * many rows it found.
 */
function readTables(format: Format, outline: Outline, data: Record<string, unknown>, places: Map<string, string>, missing: string[], guesses: Imported['guesses']): number {
  const rows = format.tables.flatMap((t) => t.rows.filter((r) => r.id && r.values).map((r) => ({ table: t, row: r, key: labelKey(String(typeof r.cells.at(-1) === 'string' ? r.cells.at(-1) : ((r.cells.at(-1) as { text?: string })?.text ?? ''))) })));
  const found = new Set<string>();
  for (const block of outline.blocks) {
    if (block.kind !== 'table') continue;
    for (const line of block.rows) {
      // the label cells lead the row (merged cells from above included), the figure cells follow: blank ones too
      const cells = line.cells.map((text, i) => ({ text: text ?? '', covered: line.covered[i] }));
      let k = 0;
      while (k < cells.length && compact(cells[k].text) !== '' && figureOf(cells[k].text, true) === undefined) k++;
      const labels = cells.slice(0, k).map((c) => c.text);
      // the label nearest the figures, but a unit column's cell ("条", "件")
      const label = labelKey(labels.filter((l) => compact(l) && !UNITS.test(compact(l))).at(-1) ?? '');
      const figureCells = cells.slice(k).filter((c) => !c.covered);
      if (!figureCells.length || (!label && !figureCells.some((c) => compact(c.text) !== ''))) continue;
      // the row of the same label; else one whose label this one begins or ends with (a shortened or grouped label), if
      // that is long enough not to be a word of another ("其他" is not "其他法律…")
      const open = rows.filter((r) => !found.has(`${r.table.id}.${r.row.id}`));
      const match = label
        ? (open.find((r) => r.key === label) ?? open.find((r) => r.key.length >= 4 && (label.startsWith(r.key) || label.endsWith(r.key) || r.key.startsWith(label))) ?? open.find((r) => r.key && label.endsWith(r.key)))
        : open.find((r) => !r.key && figureCells.length === r.row.values);
      if (!match) continue;
      const { table, row } = match;
      if (figureCells.length < row.values!) {
        missing.push(`${block.where}「${labels.map(compact).filter(Boolean).join(' ')}」只有 ${figureCells.length} 个数，应有 ${row.values} 个`);
        continue;
      }
      found.add(`${table.id}.${row.id}`);
      const values = figureCells.slice(0, row.values).map((c, i) => {
        const f = figureOf(c.text, !!row.decimals) ?? { value: null, note: `「${c.text.trim()}」不是数字，读作空白` };
        if (f.note) guesses.push({ path: row.values === 1 ? [table.data, row.id!] : [table.data, row.id!, i], note: f.note });
        return f.value;
      });
      const rowsOf = (data[table.data] ??= {}) as Record<string, unknown>;
      rowsOf[row.id!] = row.values === 1 ? values[0] : values;
      places.set(pathText([table.data, row.id!]), `${block.where}「${labels.map(compact).filter((l) => l && !UNITS.test(l)).at(-1) ?? row.label ?? row.id}」`);
    }
  }
  // a row not found is blank (every other check still runs on the report) and said so
  for (const r of rows)
    if (!found.has(`${r.table.id}.${r.row.id}`) && !r.row.optional) {
      missing.push(`没有找到统计表的一行：${r.row.label ?? (r.key || r.row.id)}（按空白读入）`);
      ((data[r.table.data] ??= {}) as Record<string, unknown>)[r.row.id!] = r.row.values === 1 ? null : new Array(r.row.values).fill(null);
    }
  return found.size;
}
