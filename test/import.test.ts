import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, nianbao, tempDir } from './helpers.js';
import { Session } from '../src/session.js';
import { loadFormat } from '../src/format/definition.js';

/**
 * Every example: the national formats', the old format's city and districts, the county and its units. A roll-up's
 * paragraphs come from its sub-units' data, which a report does not hold: they are not read back, and the data names
 * the sub-units by their label without files.
 */
const EXAMPLES = [
  ...['xining', 'chengbei', 'chengdong', 'chengxi', 'chengzhong', 'datong', 'huangyuan', 'huangzhong'].map((u) => `data/xining-2017/${u}.yaml`),
  'data/national-2021/chengdong-2024.yaml',
  'data/national-2021/chengdong-2025.yaml',
  'data/national-2019/chengzhong-2019.yaml',
  'data/yunling-2025/yunling.yaml',
  ...['fagai', 'jiaoyu', 'gongan', 'ziranziyuan', 'zhujian', 'shichang', 'renshe'].map((u) => `data/yunling-2025/departments/${u}.yaml`),
  ...['chengguan', 'heping', 'shimen'].map((u) => `data/yunling-2025/towns/${u}.yaml`),
];
const name = (f: string) => basename(f, '.yaml');
const compact = (s: string) => s.replace(/[\s\u3000]+/g, '').replace(/^(?:[（(][一二三四五六七八九十]+[）)])/, '');

/** A data file's figures (totals filled) and its sections' text, each entry as lead and text without spaces. */
function contentOf(file: string) {
  const loaded = new Session().report(file);
  expect(loaded.report, loaded.problems.map((p) => p.message).join('\n')).toBeDefined();
  const { data, figures } = loaded.report!;
  const sections = Object.fromEntries(
    Object.entries(data.sections)
      .filter(([, v]) => v?.length)
      .map(([k, v]) => [k, v!.map((p) => (typeof p === 'string' ? compact(p) : { lead: compact(p.lead ?? ''), text: compact(p.text ?? '') }))]),
  );
  const subunits = data.subunits && { label: data.subunits.label, annex: data.subunits.annex };
  const notes = data.notes && Object.fromEntries(Object.entries(data.notes).map(([k, v]) => [k, compact(v ?? '')]));
  return { figures, sections, notes, unit: data.unit, year: data.year, date: data.date, subunits };
}

describe('nianbao import: nianbao’s own Word files and web pages read back', () => {
  let out: string;
  beforeAll(() => {
    out = tempDir();
    const r = nianbao(['build', ...EXAMPLES, '--format', 'docx,html', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('gives every example’s figures exactly and its text, from the DOCX and from the HTML', () => {
    for (const f of EXAMPLES)
      for (const ext of ['docx', 'html']) {
        const target = join(out, `${name(f)}-${ext}.yaml`);
        const r = nianbao(['import', join(out, `${name(f)}.${ext}`), '-o', target]);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stdout).toContain('未能读出 0 处');
        // the old format prints no date (its report has no 落款): the date is a guess there
        const [read, source] = [contentOf(target), contentOf(join(ROOT, f))];
        if (f.includes('xining-2017')) read.date = source.date;
        expect(read, `${name(f)}.${ext}`).toEqual(source);
      }
  });

  it('checks a county’s report without its sub-units: their roll-up is not read as the county’s own text', () => {
    for (const ext of ['docx', 'html']) {
      const r = nianbao(['check', join(out, `yunling.${ext}`)]);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toContain(`yunling.${ext} warning 下级单位 (subunits): 没有列出全县的数据文件（files）：不生成全县的汇总，正文中提到“全县”的句子（和其后“其中”开头的句子）里的数字也不检查`);
      expect(r.stdout).toContain('0 个错误');
    }
  });

  it('points a document given to build or summary to import, and an old .doc to 另存为 .docx', () => {
    const build = nianbao(['build', join(out, 'chengdong-2025.docx'), '--out', tempDir()]);
    expect(build.code).toBe(2);
    expect(build.stderr).toContain(`${join(out, 'chengdong-2025.docx')} 是文档，不是数据文件：先用 nianbao import`);
    writeFileSync(join(out, 'old.doc'), 'x');
    const doc = nianbao(['check', join(out, 'old.doc')]);
    expect(doc.code).toBe(2);
    expect(doc.stderr).toContain('是旧版 Word/WPS 文档：请在 Word 或 WPS 中另存为 .docx');
  });

  it('takes a sentence after a generated one as its note once, and a paragraph that only begins like one as the unit’s own', () => {
    const generated = '本年度，全区未发生政府信息公开行政复议案件。';
    const page = readFileSync(join(out, 'chengdong.html'), 'utf8');
    expect(page).toContain(`>${generated}</p>`);
    const edited = page.replace(
      `>${generated}</p>`,
      `>${generated}区信访局全年受理申诉3件。</p><p>${generated}另有2件转交有关部门。</p><p>本年度，全区未发生政府信息公开行政复议案件和信访申诉事件。</p>`,
    );
    writeFileSync(join(out, 'notes.html'), edited);
    const target = join(out, 'notes.yaml');
    expect(nianbao(['import', join(out, 'notes.html'), '-o', target]).code).toBe(0);
    const data = parse(readFileSync(target, 'utf8'));
    expect(data.notes).toEqual({ review: '区信访局全年受理申诉3件。' });
    expect(data.sections.review).toEqual([`${generated}另有2件转交有关部门。`, '本年度，全区未发生政府信息公开行政复议案件和信访申诉事件。']);
  });

  it('knows the roll-up’s paragraphs of a county’s Word file saved again by another editor (LibreOffice renames the style)', () => {
    const again = join(out, 'saved-again');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${tempDir()}/profile`, '--convert-to', 'docx', '--outdir', again, join(out, 'yunling.docx')], { stdio: 'ignore' });
    expect(readFileSync(join(again, 'yunling.docx')).includes('Rollup')).toBe(false);
    const r = nianbao(['check', join(again, 'yunling.docx')]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('0 个错误');
  });

  it('refuses a page that is no report (no title, no row of a table), and writes nothing', () => {
    const page = join(out, 'list.html');
    writeFileSync(page, '<html><body><h1>政务公开</h1><ul><li><a href="a.html">关于印发工作要点的通知</a></li></ul></body></html>');
    const r = nianbao(['import', page, '-o', join(out, 'list.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不像一份政府信息公开工作年度报告');
    expect(existsSync(join(out, 'list.yaml'))).toBe(false);
    const check = nianbao(['check', page]);
    expect(check.code).toBe(2);
    expect(check.stdout).toContain('1 个错误，0 个警告');
  });

  it('never writes over a data file', () => {
    const target = join(out, 'taken.yaml');
    writeFileSync(target, 'mine');
    const r = nianbao(['import', join(out, 'chengdong-2025.html'), '-o', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('已存在：导入不覆盖已有的数据文件');
    expect(readFileSync(target, 'utf8')).toBe('mine');
  });
});

/** A table as another tool lays it out: cells with spans. */
type Cell = { text: string; colSpan?: number; rowSpan?: number };

const T3_ROWS = ['new', 'carried_in', 'granted', 'partial', 'denied_state_secret', 'denied_law', 'denied_security', 'denied_third_party', 'denied_internal', 'denied_process', 'denied_enforcement', 'denied_query', 'unable_not_held', 'unable_needs_creation', 'unable_unclear', 'np_petition', 'np_repeat', 'np_publication', 'np_mass', 'np_confirm', 'oh_no_correction', 'oh_no_fee', 'oh_other', 'results_total', 'carried_out'];

/**
 * A 2021-format report of chengdong-2025's figures written the way Word users and portal editors write them, in one of
 * three shapes: `split` the official layout with its header words split over lines; `flat` one label column holding the
 * whole label ("（三）不予公开 1.属于国家秘密"), numbers with 件, the amount in 元; `loose` headers in one row, labels without
 * numbering spans, blank cells where the unit had none, thousands separators, the date in Chinese numerals.
 */
function foreign(shape: 'split' | 'flat' | 'loose', typed = 72, total = 72) {
  const format = loadFormat('national-2021');
  const { figures } = new Session().report(join(ROOT, 'data/national-2021/chengdong-2025.yaml')).report!;
  const v = (ref: string) => {
    const x = ref === 'new[6]' ? total : figures[ref];
    if (x === '/' || x === null) return String(x ?? '');
    if (shape === 'flat') return ref === 'fees' ? `${Math.round((x as number) * 10000)}元` : `${x}件`;
    if (shape === 'loose') return x === 0 && ref.startsWith('denied') ? '' : (x as number) >= 1000 ? (x as number).toLocaleString('en') : String(x);
    return String(x);
  };
  const item = (id: string) => format.items.get(id)!;
  const t2: Cell[][] = [
    [{ text: '第二十条第（一）项', colSpan: 4 }],
    [{ text: '信息内容' }, { text: shape === 'split' ? '本年制发\n件数' : '本年制发件数' }, { text: '本年废止件数' }, { text: '现行有效件数' }],
    ...['regulations', 'normative'].map((r) => [{ text: r === 'regulations' ? '规章' : '行政规范性文件' }, ...[0, 1, 2].map((i) => ({ text: v(`${r}[${i}]`) }))]),
    [{ text: '第二十条第（五）项', colSpan: 4 }],
    [{ text: '信息内容' }, { text: '本年处理决定数量', colSpan: 3 }],
    [{ text: '行政许可' }, { text: v('licensing'), colSpan: 3 }],
    [{ text: '第二十条第（六）项', colSpan: 4 }],
    [{ text: '行政处罚' }, { text: v('penalty'), colSpan: 3 }],
    [{ text: '行政强制' }, { text: v('coercion'), colSpan: 3 }],
    [{ text: '第二十条第（八）项', colSpan: 4 }],
    [{ text: '行政事业性收费' }, { text: v('fees'), colSpan: 3 }],
  ];
  const header: Cell[][] =
    shape === 'loose'
      ? [[{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）' }, { text: '自然人' }, { text: '商业企业' }, { text: '科研机构' }, { text: '社会公益组织' }, { text: '法律服务机构' }, { text: '其他' }, { text: '总计' }]]
      : [
          [{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colSpan: shape === 'flat' ? 1 : 3, rowSpan: 3 }, { text: '申请人情况', colSpan: 7 }],
          [{ text: '自然人', rowSpan: 2 }, { text: '法人或其他组织', colSpan: 5 }, { text: '总计', rowSpan: 2 }],
          [{ text: '商业\n企业' }, { text: '科研\n机构' }, { text: '社会公\n益组织' }, { text: '法律服\n务机构' }, { text: '其他' }],
        ];
  const label = (id: string) => item(`${id}[0]`).row.label ?? item(`${id}[0]`).row.cells.map((c) => (typeof c === 'string' ? c : c.text)).join(' ');
  const t3: Cell[][] = [
    ...header,
    ...T3_ROWS.map((id) => {
      const values = Array.from({ length: 7 }, (_, i) => ({ text: v(`${id}[${i}]`) }));
      if (shape === 'split') {
        const row = format.tables.find((t) => t.id === 't3')!.rows.find((r) => r.id === id)!;
        return [...row.cells.map((c) => (typeof c === 'string' ? { text: c } : { text: c.text, colSpan: c.colSpan, rowSpan: c.rowSpan })), ...values];
      }
      return [{ text: shape === 'flat' ? label(id) : label(id).split(' ').pop()! }, ...values];
    }),
  ];
  const t4: Cell[][] = [
    [{ text: '行政复议', colSpan: 5 }, { text: '行政诉讼', colSpan: 10 }],
    Array.from({ length: 15 }, (_, i) => ({ text: v(`cases[${i}]`) })),
  ];
  const paragraphs = [
    '西宁市城东区2025年政府信息公开工作年度报告',
    '本报告根据《中华人民共和国政府信息公开条例》编制。',
    '一、总体情况',
    `（一）依申请公开方面。全年新收政府信息公开申请${typed}件，均按期答复。`,
    '二、主动公开政府信息情况',
    '#t2',
    '三、收到和处理政府信息公开申请情况',
    '#t3',
    '四、政府信息公开行政复议、行政诉讼情况',
    '#t4',
    '五、存在的主要问题及改进情况',
    '政策解读的形式还不够丰富。',
    '六、其他需要报告的事项',
    '本年度未收取信息处理费。',
    '西宁市城东区人民政府',
    shape === 'loose' ? '二〇二六年三月二十七日' : '2026年3月27日',
  ];
  return { paragraphs, tables: { '#t2': t2, '#t3': t3, '#t4': t4 } as Record<string, Cell[][]>, figures };
}

/** `bare`: the title, the headings and the 落款 as text between the paragraphs, lines apart by <br>, as some editors keep them. */
function asHtml(doc: ReturnType<typeof foreign>, bare = false): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>');
  const table = (rows: Cell[][]) =>
    `<table border="1"><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td${c.colSpan ? ` colspan="${c.colSpan}"` : ''}${c.rowSpan ? ` rowspan="${c.rowSpan}"` : ''}>${esc(c.text)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  // as a portal's editor keeps it: a div of paragraphs, headings in <strong>, the tables inside their own <div>
  return `<html><head><meta charset="utf-8"></head><body><div class="article">${doc.paragraphs
    .map((p, i) =>
      p.startsWith('#') ? `<div style="overflow-x:auto">${table(doc.tables[p])}</div>`
      : bare && (i === 0 || i >= doc.paragraphs.length - 2 || /^[一二三四五六]、/.test(p)) ? `${esc(p)}<br>`
      : /^[一二三四五六]、/.test(p) ? `<p><strong>${esc(p)}</strong></p>`
      : `<p style="text-indent:2em">${esc(p)}</p>`,
    )
    .join('\n')}</div></body></html>`;
}

async function asDocx(doc: ReturnType<typeof foreign>): Promise<Buffer> {
  const cell = (c: Cell) => new TableCell({ columnSpan: c.colSpan, rowSpan: c.rowSpan, children: c.text.split('\n').map((l) => new Paragraph({ children: [new TextRun(l)] })) });
  const children = doc.paragraphs.map((p) => (p.startsWith('#') ? new Table({ rows: doc.tables[p].map((r) => new TableRow({ children: r.map(cell) })) }) : new Paragraph({ children: [new TextRun({ text: p, bold: /^[一二三四五六]、/.test(p) })] })));
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/**
 * A report of one of the examples in any format, as another tool lays out its tables: one label column holding the
 * whole official label ("（三）不予公开 1.属于国家秘密"), the figures with thousands separators, the header rows as plain
 * words; a sentence of the unit's own in each section.
 */
function flat(file: string) {
  const { data, figures, format } = new Session().report(join(ROOT, file)).report!;
  const words = (cells: (string | { text: string })[]) => cells.map((c) => (typeof c === 'string' ? c : c.text).replace(/\n/g, '')).join(' ');
  const shown = (x: number | null | '/' | undefined) => (x === null || x === undefined ? '' : x === '/' ? '/' : x.toLocaleString('en'));
  const tables: Record<string, Cell[][]> = {};
  for (const t of format.tables)
    tables[`#${t.id}`] = t.rows.map((r) =>
      r.id && r.values
        ? [...(r.cells.length ? [{ text: r.label ?? words(r.cells) }] : []), ...Array.from({ length: r.values }, (_, i) => ({ text: shown(figures[r.values === 1 ? r.id! : `${r.id}[${i}]`]) }))]
        : [{ text: words(r.cells) }],
    );
  const paragraphs = [`${data.region}${data.year}年政府信息公开工作年度报告`];
  for (const section of format.sections) {
    if (section.title) paragraphs.push(section.title);
    for (const part of section.parts) {
      if ('paragraphs' in part) paragraphs.push(`本单位${section.id}方面的工作按计划推进。`);
      if ('table' in part) {
        const { title, above } = format.tables.find((t) => t.id === part.table)!;
        paragraphs.push(...(title ? [title] : []), ...(above ? [above + data.unit] : []), `#${part.table}`);
      }
    }
  }
  const [y, m, d] = data.date.split('-').map(Number);
  if (format.closing) paragraphs.push(data.unit, `${y}年${m}月${d}日`);
  return { paragraphs, tables, figures, data };
}

describe('reports made without nianbao', () => {
  it('import with their figures exact, in three table shapes, as Word files and as web pages', async () => {
    const dir = tempDir();
    for (const shape of ['split', 'flat', 'loose'] as const) {
      const doc = foreign(shape);
      writeFileSync(join(dir, `${shape}.html`), asHtml(doc));
      writeFileSync(join(dir, `${shape}.docx`), await asDocx(doc));
      for (const ext of ['html', 'docx']) {
        const target = join(dir, `${shape}-${ext}.yaml`);
        const r = nianbao(['import', join(dir, `${shape}.${ext}`), '-o', target]);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stdout, `${shape}.${ext}`).toContain('未能读出 0 处');
        const read = contentOf(target);
        // a blank cell is read as blank (check then says 空白按0计), not as 0; a blank 总计 is computed
        const blank = (ref: string) => shape === 'loose' && ref.startsWith('denied') && !ref.endsWith('[6]') && doc.figures[ref] === 0;
        expect(read.figures, `${shape}.${ext}`).toEqual(Object.fromEntries(Object.entries(doc.figures).map(([k, x]) => [k, blank(k) ? null : x])));
        expect([read.unit, read.year, read.date]).toEqual(['西宁市城东区人民政府', 2025, '2026-03-27']);
        expect(read.sections.general).toEqual([{ lead: '依申请公开方面。', text: '全年新收政府信息公开申请72件，均按期答复。' }]);
        if (shape === 'flat') expect(readFileSync(target, 'utf8')).toMatch(/fees: 61\.2 # 导入时推测：「612000元」按万元读作 61\.2/);
      }
    }
  });

  it('a page whose title, headings and 落款 stand as bare text between the paragraphs, in the portal’s page furniture', () => {
    const dir = tempDir();
    const doc = foreign('split');
    const furniture = (html: string) =>
      html
        .replace('<body>', '<body><div class="nav">首页 > 政务公开 > 年度报告</div><div class="info">发布时间：2026-03-27 10:21 来源：区政府办</div>')
        .replace('</body>', '<div class="tools">【打印本页】【关闭窗口】</div><div>扫一扫在手机打开当前页</div><div class="footer">主办：西宁市城东区人民政府办公室 版权所有</div></body>');
    writeFileSync(join(dir, 'bare.html'), furniture(asHtml(doc, true)));
    const r = nianbao(['import', join(dir, 'bare.html'), '-o', join(dir, 'bare.yaml')]);
    expect(r.stdout, r.stderr).toContain('未能读出 0 处');
    const read = contentOf(join(dir, 'bare.yaml'));
    expect(read.figures).toEqual(doc.figures);
    expect([read.unit, read.year, read.date]).toEqual(['西宁市城东区人民政府', 2025, '2026-03-27']);
    expect(read.sections.general).toEqual([{ lead: '依申请公开方面。', text: '全年新收政府信息公开申请72件，均按期答复。' }]);
    expect(read.sections.problems).toEqual(['政策解读的形式还不够丰富。']);
    expect(read.sections.other).toEqual(['本年度未收取信息处理费。']); // the last section, and nothing of the footer
  });

  it('a page with its tables as images: a date under the title, a title of another shape, text wrapped in the page’s source', () => {
    const dir = tempDir();
    const page = (title: string, first: string, general: string, closing = '<p>云岭县人民政府</p><p>2026年3月20日</p>') =>
      `<html><body><div class="article"><h1>${title}</h1>${first}<p>本报告根据《中华人民共和国政府信息公开条例》编制。</p>` +
      `<p><strong>一、总体情况</strong></p>${general}` +
      ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况'].map((h, i) => `<p><strong>${h}</strong></p><p><img src="t${i + 2}.png"></p>`).join('') +
      `<p><strong>五、存在的主要问题及改进情况</strong></p><p>公开的及时性仍有差距。</p><p><strong>六、其他需要报告的事项</strong></p><p>本年度未收取信息处理费。</p>${closing}</div></body></html>`;
    const pages = {
      // no 落款, the date under the title: not a 落款, and the text after it is the report's
      dated: page('云岭县人民政府2025年政府信息公开工作年度报告', '<p>2026年3月20日</p>', '<p>全年主动公开信息三千余条。</p>', ''),
      // a title nianbao cannot read the year from: a report all the same (its unit and year are guesses to correct)
      shaped: page('云岭县人民政府政府信息公开工作年度报告（2025年）', '', '<p>全年主动公开信息三千余条。</p>'),
      // bare text wrapped in the source: one paragraph, no space where the source broke the line
      wrapped: page('云岭县人民政府2025年政府信息公开工作年度报告', '', '全年主动公开信息三千余条，\n其中政策解读一百余篇。<br>'),
    };
    for (const [name, html] of Object.entries(pages)) {
      writeFileSync(join(dir, `${name}.html`), html);
      const target = join(dir, `${name}.yaml`);
      const r = nianbao(['import', join(dir, `${name}.html`), '-o', target]);
      expect(r.code, `${name}: ${r.stdout}${r.stderr}`).toBe(0);
      const data = parse(readFileSync(target, 'utf8'));
      expect(data.sections.general, name).toEqual([name === 'wrapped' ? '全年主动公开信息三千余条，其中政策解读一百余篇。' : '全年主动公开信息三千余条。']);
      expect(data.sections.other, name).toEqual(['本年度未收取信息处理费。']);
      if (name === 'dated') expect(data.unit).toBe('云岭县人民政府');
      if (name === 'shaped') expect(r.stdout).toContain('标题「云岭县人民政府政府信息公开工作年度报告（2025年）」中读不出单位和年度');
    }
  });

  it('the 2019 format’s rows and the old format’s 统计表, flat, as Word files and as web pages', async () => {
    const dir = tempDir();
    for (const file of ['data/national-2019/chengzhong-2019.yaml', 'data/xining-2017/chengdong.yaml']) {
      const doc = flat(file);
      for (const ext of ['html', 'docx']) {
        const source = join(dir, `${name(file)}.${ext}`);
        writeFileSync(source, ext === 'html' ? asHtml(doc) : await asDocx(doc));
        const target = join(dir, `${name(file)}-${ext}.yaml`);
        const r = nianbao(['import', source, '-o', target]);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stdout, source).toContain('未能读出 0 处');
        const read = contentOf(target);
        expect(read.figures, source).toEqual(doc.figures);
        expect([read.unit, read.year], source).toEqual([doc.data.unit, doc.data.year]);
        expect(read.sections.problems, source).toEqual(['本单位problems方面的工作按计划推进。']);
      }
    }
  });

  it('a row left out, a heading worded otherwise, a typed sentence in 三 that contradicts the table: read, and all checked', async () => {
    const dir = tempDir();
    const doc = foreign('split');
    // the row 2.其他法律行政法规禁止公开 left out: 3.其他 (further down) must not take its place
    doc.tables['#t3'] = doc.tables['#t3'].filter((r) => r[0].text !== '2.其他法律行政法规禁止公开');
    doc.paragraphs[doc.paragraphs.indexOf('五、存在的主要问题及改进情况')] = '五、存在的主要问题及改进措施';
    doc.paragraphs.splice(doc.paragraphs.indexOf('#t3'), 0, '2025年，我区新收政府信息公开申请75件，上年结转6件。');
    writeFileSync(join(dir, 'report.docx'), await asDocx(doc));
    const target = join(dir, 'report.yaml');
    const r = nianbao(['import', join(dir, 'report.docx'), '-o', target]);
    expect(r.stdout).toContain('未能读出：没有找到统计表的一行：（三）不予公开 2.其他法律行政法规禁止公开（按空白读入）');
    const data = parse(readFileSync(target, 'utf8'));
    expect(data.t3.denied_law).toEqual([null, null, null, null, null, null, null]);
    expect(data.t3.oh_other).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(data.sections.problems).toEqual(['政策解读的形式还不够丰富。']);
    const check = nianbao(['check', join(dir, 'report.docx')]).stdout;
    expect(check).toMatch(/report\.docx 三、收到和处理政府信息公开申请情况 第\d+段 error .*正文写「新收政府信息公开申请75件」，统计表为 72件：正文与表格不一致/);
    expect(check).not.toMatch(/第\d+行/); // no line of the temporary data file
  });

  it('nianbao check report.docx: a wrong 总计 and a typed figure that contradicts the table, each at its place in the document', async () => {
    const dir = tempDir();
    const doc = foreign('split', 70, 73);
    writeFileSync(join(dir, 'report.docx'), await asDocx(doc));
    writeFileSync(join(dir, 'report.html'), asHtml(doc));
    for (const ext of ['docx', 'html']) {
      const r = nianbao(['check', join(dir, `report.${ext}`)]);
      expect(r.code, r.stdout).toBe(1);
      const lines = r.stdout.split('\n');
      const total = lines.find((l) => l.includes('(t3.new[6])') && l.includes(' error '));
      expect(total, r.stdout).toMatch(new RegExp(`^${join(dir, `report.${ext}`)} 第2个表格「一、本年新收政府信息公开申请数量」 error .*73 ≠ 65\\+4\\+0\\+1\\+1\\+1 = 72`));
      const typed = lines.find((l) => l.includes('正文写「新收政府信息公开申请70件」'));
      expect(typed, r.stdout).toMatch(new RegExp(`^${join(dir, `report.${ext}`)} 一、总体情况 第\\d+段 error `));
    }
  });
});
