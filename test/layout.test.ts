import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, compact, nianbao, tempDir, textIn } from './helpers.js';

/**
 * The pages of every example, of reports in the shapes real units write (test/fixtures/layout: a long city report
 * with items of four levels, a short town report) and of the town report grown line by line (so that each table and
 * heading falls at every place on a page), read back from the PDF and from LibreOffice's rendering of the DOCX.
 */

const MM = 72 / 25.4;
/** the 版心: 37 mm from the top, 225 mm high; 28 mm from the left, 156 mm wide */
const TOP = 37 * MM;
const BOTTOM = TOP + 225 * MM;
const LEFT = 28 * MM;
const RIGHT = LEFT + 156 * MM;
/** two characters of 三号 as set (16 − 0.25 pt each) */
const INDENT = 2 * 15.75;

/** A page other than the last is filled at least this far (14.7 of its 22 lines) unless a table starts the next. */
const FILLED = 2 / 3;

const HEADINGS = [
  ...['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'],
  ...['一、概述', '二、主动公开政府信息情况', '三、依申请公开政府信息情况', '四、行政复议、诉讼和申诉情况', '五、政府信息公开相关费用情况', '六、存在的主要问题', '七、下一步工作措施'],
];
/** the text a page that starts with a table starts with (its header row, or the caption of the attachment) */
// what may start a page that the page before leaves a third empty: a table, the caption that keeps with it, an annex
const TABLE_STARTS = ['第二十条第', '（本列数据的勾稽关系为', '行政复议', '政府信息公开情况统计表', '统计指标', '申请人情况', '表三收到', '表四政府', '附件'];

interface Line {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

/** The text lines of each page (poppler's layout analysis), page numbers left out. */
function pageLines(pdf: string): Line[][] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return xml
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)]
        .map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: [...m[5].matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join('') }))
        .filter((l) => l.y0 < BOTTOM + 1)
        .sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0),
    );
}

/** What is wrong with the pages of a PDF (or of LibreOffice's rendering of a DOCX), as readable lines. */
function pageProblems(pdf: string, name: string): string[] {
  const pages = pageLines(pdf);
  const problems: string[] = [];
  pages.forEach((lines, p) => {
    const at = `${name} page ${p + 1}`;
    const last = lines.reduce((a, b) => (b.y1 > a.y1 ? b : a), lines[0]);
    if (!last) return problems.push(`${at}: empty`);
    if (HEADINGS.includes(compact(last.text))) problems.push(`${at}: ends with the heading ${last.text}`);
    const next = pages[p + 1];
    const filled = (last.y1 - TOP) / (BOTTOM - TOP);
    if (next && filled < FILLED && !TABLE_STARTS.some((t) => compact(next[0].text).startsWith(t)))
      problems.push(`${at}: ${Math.round(filled * 100)}% filled, and the next page starts with "${next[0].text}", not a table`);
  });
  return problems;
}

/**
 * Full lines of body text (only Han characters and full-width marks, 三号, from the margin or the first-line indent)
 * that do not hold 28 characters (26 after the indent). A line holds fewer where the rules of line breaking take
 * characters to the next line: a character with the marks that may not start a line after it ("绝/对”，"), a mark that
 * may not end one ("…》/（宁政办"), a number that is not broken ("为/2017年"). `hung`: the renderer hangs a
 * closing mark in the margin (LibreOffice does, whatever the file says), so a line holds one more.
 */
function lineProblems(pdf: string, hung = false): { full: number; problems: string[] } {
  const lines = pageLines(pdf).flat();
  const han = /^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’…—]+$/u;
  const closing = /^[，。、；：？！）》”’…〕】]+$/u;
  let full = 0;
  const problems: string[] = [];
  lines.forEach((l, i) => {
    const first = Math.abs(l.x0 - (LEFT + INDENT)) < 2;
    if (l.y1 - l.y0 < 14 || l.x1 < RIGHT - 2 || !han.test(l.text) || (!first && Math.abs(l.x0 - LEFT) > 2)) return;
    full++;
    const chars = Array.from(l.text);
    const short = (first ? 26 : 28) - chars.length;
    const next = Array.from(lines[i + 1]?.text ?? '');
    const fine =
      short === 0 ||
      (short > 0 && closing.test(next.slice(1, 1 + short).join('')) && next.length > short) ||
      (short === 1 && /^[（《“‘〔【]/u.test(next[0] ?? '')) ||
      (short > 0 && short <= 3 && /^[0-9]/.test(next[0] ?? '')) ||
      (hung && short === -1 && /[，。、]/u.test(chars[chars.length - 1]));
    if (!fine) problems.push(`${chars.length}: ${l.text} / ${next.join('')}`);
  });
  return { full, problems };
}

/** 表三's rows on each page of a national report: the labels of its first rows, and whether a continued part is whole. */
function t3Problems(pdf: string, name: string): { problems: string[]; parts: number } {
  const problems: string[] = [];
  let parts = 0;
  pageLines(pdf).forEach((lines, p) => {
    const texts = lines.map((l) => compact(l.text));
    const row = texts.findIndex((t) => /^(一、本年新收|二、上年结转|（[一二七]）|[1-8]\.|四、结转下年度)/.test(t) || /^3\.其他/.test(t));
    if (row < 0 || !texts.some((t) => t.includes('申请人情况'))) return;
    parts++;
    if (texts.findIndex((t) => t.includes('申请人情况')) > row) problems.push(`${name} page ${p + 1}: 表三 rows above its header`);
    const continued = !texts.some((t) => t.startsWith('一、本年新收'));
    // a continued part that holds rows of 三、本年度办理结果 restates that label down its first column
    const inSpan = texts.some((t) => /^(（[二三四五六七]）|[1-8]\.|3\.其他)/.test(t));
    if (continued && inSpan && !textIn(pdf, { x: LEFT, y: TOP, w: 16, h: BOTTOM - TOP }, p + 1).includes('三、本年度办理结果'))
      problems.push(`${name} page ${p + 1}: the continued 表三 does not restate 三、本年度办理结果`);
  });
  return { problems, parts };
}

/** LibreOffice's rendering of DOCX files as it is, to PDF. */
function renderAsIs(docx: string[], dir: string): void {
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, ...docx], {
    env: { ...process.env, FONTCONFIG_FILE: join(ROOT, 'fonts/fontconfig/fonts.conf') },
    stdio: 'pipe',
  });
}

/** LibreOffice's rendering of DOCX files, with the automatic space between Han and Latin text off (see the test). */
function renderWithLibreOffice(docx: string[], dir: string): void {
  const lo = (args: string[]) =>
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, ...args], {
      cwd: dir,
      env: { ...process.env, FONTCONFIG_FILE: join(ROOT, 'fonts/fontconfig/fonts.conf') },
      stdio: 'pipe',
    });
  lo(['--convert-to', 'fodt', '--outdir', dir, ...docx]);
  const flat = readdirSync(dir).filter((f) => f.endsWith('.fodt'));
  for (const f of flat) writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replaceAll('style:text-autospace="ideograph-alpha"', 'style:text-autospace="none"'));
  lo(['--convert-to', 'pdf', '--outdir', dir, ...flat.map((f) => join(dir, f))]);
}

const pdfPageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

let out: string;
let lo: string;
let names: string[];

beforeAll(() => {
  const dir = tempDir();
  const town = readFileSync(join(ROOT, 'test/fixtures/layout/town.yaml'), 'utf8');
  // the town report grown by one line at a time: k short paragraphs more in 一、总体情况
  for (let k = 0; k < 22; k++) {
    const more = Array.from({ length: k }, (_, i) => `    - 第${i + 1}项工作按计划完成并及时公开相关信息。\n`).join('');
    writeFileSync(join(dir, `town-${String(k).padStart(2, '0')}.yaml`), town.replace('  problems:\n', `${more}  problems:\n`));
  }
  out = tempDir();
  for (const input of ['data', 'test/fixtures/layout', dir]) {
    const r = nianbao(['build', input, '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }
  names = readdirSync(out).filter((f) => f.endsWith('.pdf')).map((f) => basename(f, '.pdf')).sort();
  lo = tempDir();
  renderWithLibreOffice(names.map((n) => join(out, `${n}.docx`)), lo);
});

describe('pages as a typesetter sets them', () => {
  it('no page ends with a heading or is left a third empty, except before a table (PDF)', () => {
    expect(names.length).toBe(22 + 2 + 22);
    expect(names.flatMap((n) => pageProblems(join(out, `${n}.pdf`), n))).toEqual([]);
  });

  it('breaks 表三 between rows where it does not fit, its header rows repeated and a cut span restated (PDF)', () => {
    const national = names.filter((n) => /^(chengdong-20|chengzhong-2019|city|town)/.test(n));
    const results = national.map((n) => t3Problems(join(out, `${n}.pdf`), n));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    // the sweep puts 表三 at every place on a page: most often it breaks, sometimes it fits whole
    expect(results.filter((r) => r.parts === 2).length).toBeGreaterThan(5);
    expect(results.filter((r) => r.parts === 1).length).toBeGreaterThan(2);
  });

  it('sets 28 characters on every full line of body text and 26 after a first-line indent (PDF)', () => {
    const lines = names.map((n) => lineProblems(join(out, `${n}.pdf`)));
    expect(lines.reduce((n, l) => n + l.full, 0)).toBeGreaterThan(300);
    expect(lines.flatMap((l) => l.problems)).toEqual([]);
  });

  it('has the same pages in the DOCX as rendered by LibreOffice: as many, none ending with a heading, 表三 cut alike', () => {
    // LibreOffice 7.4's DOCX import ignores w:autoSpaceDE/DN (writerfilter's DomainMapper has empty cases for them),
    // so it puts a gap between Han characters and digits that Word, told so by the same file, does not: the rendering
    // is made with that gap off, as Word sets the file
    for (const n of names) expect(pdfPageCount(join(lo, `${n}.pdf`)), n).toBe(pdfPageCount(join(out, `${n}.pdf`)));
    expect(names.flatMap((n) => pageProblems(join(lo, `${n}.pdf`), `${n}.docx`))).toEqual([]);
    const national = names.filter((n) => /^(city|town)/.test(n));
    expect(national.flatMap((n) => t3Problems(join(lo, `${n}.pdf`), `${n}.docx`).problems)).toEqual([]);
  });

  it('has as many pages in LibreOffice\'s own rendering of each example DOCX, its gap around digits and all, and 28 characters a full line', () => {
    const examples = readdirSync(join(ROOT, 'data'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml'));
    expect(examples.length).toBe(22);
    const asIs = tempDir();
    renderAsIs(examples.map((n) => join(out, `${n}.docx`)), asIs);
    for (const n of examples) expect(pdfPageCount(join(asIs, `${n}.pdf`)), n).toBe(pdfPageCount(join(out, `${n}.pdf`)));
    // and 28 characters on its full lines of Chinese text
    expect(examples.flatMap((n) => lineProblems(join(asIs, `${n}.pdf`), true).problems)).toEqual([]);
  });

  it('sets 28 characters on every full line of body text and 26 after a first-line indent (DOCX in LibreOffice)', () => {
    const lines = names.map((n) => lineProblems(join(lo, `${n}.pdf`), true));
    expect(lines.reduce((n, l) => n + l.full, 0)).toBeGreaterThan(300);
    expect(lines.flatMap((l) => l.problems)).toEqual([]);
  });

  it('ends a national report with the 落款: the unit 右空二字, the date below it two characters further in', () => {
    for (const [n, unit, date] of [['city', '青川市人民政府', '2026年3月20日'], ['town', '青川市河口镇人民政府', '2026年2月26日'], ['chengdong-2025', '西宁市城东区人民政府', '2026年3月27日']]) {
      const lines = pageLines(join(out, `${n}.pdf`)).pop()!;
      const [name, day] = lines.slice(-2);
      expect([compact(name.text), compact(day.text)], n).toEqual([unit, date]);
      // one blank line above it; the longer line ends two characters (2 × 15.75 pt) from the right margin
      expect(name.y0 - lines[lines.length - 3].y0, n).toBeCloseTo(2 * 28.95, 0);
      expect(Math.max(name.x1, day.x1), n).toBeCloseTo(RIGHT - INDENT, 0);
      expect(day.x0 - name.x0, n).toBeCloseTo(INDENT, 0);
    }
  });

  it('sets items 1. and （1） under an item in the body face, numbered, and no cell line holds one character alone', () => {
    const text = pageLines(join(out, 'city.pdf')).flat().map((l) => compact(l.text));
    for (const line of ['1.聚焦重点领域公开。全面公开财政预决算', '2.做好政策解读回应。', '（1）围绕优化营商环境', '（2）围绕民生保障', '3.加强政务新媒体管理', '1.全年新收政府信息公开申请216件', '1.建好用好门户网站。', '（1）开展网站适老化', '2.规范政务新媒体。'])
      expect(text.some((t) => t.startsWith(line)), line).toBe(true);
    // a cell's text broken with one character left on its last line ("…禁止公/开"): none, but down 表三's first column
    // (a line of a cell: one line of the table's pitch below another that starts where it starts)
    const alone = names.flatMap((n) =>
      pageLines(join(out, `${n}.pdf`)).flatMap((lines) =>
        lines
          .filter((l) => l.y1 - l.y0 < 13 && l.x0 > LEFT + 16 && /^[\u4e00-\u9fff]$/u.test(compact(l.text)))
          .filter((l) => lines.some((a) => Math.abs(a.x0 - l.x0) < 1 && l.y0 - a.y0 > 0 && l.y0 - a.y0 < 1.45 * (l.y1 - l.y0)))
          .map((l) => `${n}: ${l.text}`),
      ),
    );
    expect(alone).toEqual([]);
  });
});
