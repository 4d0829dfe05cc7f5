import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, compact, compactText, nianbao, pdfPages, tempDir } from './helpers.js';
import { LINE_PITCH } from '../src/writers/page.js';

/** The example county: its government, 7 departments, a 街道 and 2 乡镇. */
const COUNTY = join(ROOT, 'data/yunling-2025');
const FILES = ['yunling', 'departments/fagai', 'departments/jiaoyu', 'departments/gongan', 'departments/ziranziyuan', 'departments/zhujian', 'departments/shichang', 'departments/renshe', 'towns/chengguan', 'towns/heping', 'towns/shimen'];
const RESULTS = ['granted', 'partial', 'denied_state_secret', 'denied_law', 'denied_security', 'denied_third_party', 'denied_internal', 'denied_process', 'denied_enforcement', 'denied_query', 'unable_not_held', 'unable_needs_creation', 'unable_unclear', 'np_petition', 'np_repeat', 'np_publication', 'np_mass', 'np_confirm', 'oh_no_correction', 'oh_no_fee', 'oh_other'];

/** The county's totals worked out here from the data files themselves (the 总计 column as the sum of the six). */
function totalsOf(dir: string, files = FILES) {
  const sum = (xs: (number | null)[]) => xs.slice(0, 6).reduce<number>((a, b) => a + (b ?? 0), 0);
  const t = { new: 0, carried_in: 0, results: 0, carried_out: 0, granted: 0, review: 0, litigation: 0 };
  for (const f of files) {
    const data = parse(readFileSync(join(dir, `${f}.yaml`), 'utf8'));
    t.new += sum(data.t3.new);
    t.carried_in += sum(data.t3.carried_in);
    t.results += RESULTS.reduce((a, r) => a + sum(data.t3[r]), 0);
    t.carried_out += sum(data.t3.carried_out);
    t.granted += sum(data.t3.granted);
    const cases = data.t4.cases.map((c: number | null) => c ?? 0);
    t.review += cases.slice(0, 4).reduce((a: number, b: number) => a + b, 0);
    t.litigation += [...cases.slice(5, 9), ...cases.slice(10, 14)].reduce((a: number, b: number) => a + b, 0);
  }
  return t;
}

const copyOfCounty = () => {
  const dir = tempDir();
  cpSync(COUNTY, dir, { recursive: true });
  return dir;
};

/** The summary's rows, by the first cell, from a CSV as nianbao writes it. */
function csvRows(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  return text.slice(1).trimEnd().split('\r\n').map((l) => l.split(','));
}

describe('a county in the national format: its government, departments and towns in one command', () => {
  let out: string;
  let build: ReturnType<typeof nianbao>;
  beforeAll(() => {
    out = tempDir();
    build = nianbao(['build', 'data/yunling-2025/', '--out', out]);
  });

  it('builds every unit, PDF and DOCX, and ends with the summary of every unit in the order of the sub-unit tree', () => {
    expect(build.code, build.stdout + build.stderr).toBe(0);
    const names = FILES.map((f) => f.split('/').pop()!);
    expect(readdirSync(out).sort()).toEqual(names.flatMap((n) => [`${n}.docx`, `${n}.pdf`]).sort());
    const table = build.stdout.slice(build.stdout.indexOf('\n单位 '));
    const units = ['云岭县人民政府', '云岭县发展和改革局', '云岭县教育局', '云岭县公安局', '云岭县自然资源局', '云岭县住房和城乡建设局', '云岭县市场监督管理局', '云岭县人力资源和社会保障局', '云岭县城关街道办事处', '云岭县和平镇人民政府', '云岭县石门乡人民政府'];
    const at = units.map((u) => table.search(new RegExp(`\\n {0,2}${u} `)));
    expect(at.every((a) => a > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at); // the county first, then what it names, in its order
    const t = totalsOf(COUNTY);
    // the government, then the units below it indented; the key figures, errors, warnings, pages and time
    expect(table).toMatch(new RegExp(`\\n云岭县人民政府 +2025 +政府 +已生成 +18 +18 +1 +0 +0 +1 +\\d+ +\\d+\\.\\d s`));
    expect(table).toMatch(/\n  云岭县住房和城乡建设局 +2025 +部门 +云岭县人民政府 +已生成 +38 +35 +0 +0 +0 +2 +\d+ +/);
    expect(table).toMatch(new RegExp(`\\n合计（11 个） +${t.new} +${t.results} +${t.review} +${t.litigation}\\n`));
    expect(table).toMatch(/\n小计：部门（7 个） +209 +/);
    // the department that reports nothing while its peers report dozens: a hint, not a warning of the unit
    expect(table).toMatch(/\n提示：云岭县教育局：新收申请为 0，同一上级的其他部门（6 个）平均 34\.8：请核实是否漏填/);
    expect(table).not.toMatch(/提示：云岭县石门乡/); // its peers (towns) report few
  });

  it('states the county’s totals in its report, each the sum of its own and its sub-units’ tables', () => {
    const t = totalsOf(COUNTY);
    const text = compactText(join(out, 'yunling.pdf'));
    expect(text).toContain(`2025年，全县新收政府信息公开申请${t.new}件，上年结转${t.carried_in}件。本年度办理完毕${t.results}件，其中予以公开${t.granted}件、`);
    expect(text).toContain(`结转下年度继续办理${t.carried_out}件。`);
    expect(text).toContain(`2025年，全县因政府信息公开工作被申请行政复议${t.review}件，`);
    expect(text).toContain(`被提起行政诉讼${t.litigation}件`);
    // the county's own sentence stays its own
    const own = totalsOf(COUNTY, ['yunling']);
    expect(text).toContain(`2025年，县政府本级新收政府信息公开申请${own.new}件`);
    // and the Word file says the same
    const xml = strFromU8(unzipSync(readFileSync(join(out, 'yunling.docx')))['word/document.xml']);
    expect(xml.replace(/<[^>]+>/g, '')).toContain(`2025年，全县新收政府信息公开申请${t.new}件，上年结转${t.carried_in}件。`);
  });

  it('attaches the 汇总表: on a page of its own after the 落款, 附件 and its title, the tables over the whole county', () => {
    const t = totalsOf(COUNTY);
    const pages = pdfPages(join(out, 'yunling.pdf')).map(compact);
    const first = pages.findIndex((p) => p.startsWith('附件云岭县2025年政府信息公开情况汇总表表二主动公开政府信息情况'));
    expect(first).toBeGreaterThan(0);
    expect(pages[first - 1]).toContain('附件：云岭县2025年政府信息公开情况汇总表云岭县人民政府2026年3月20日'); // named, then the 落款
    // 附件说明 a blank line below the text (GB/T 9704 7.3.4), the 落款 a blank line below it: two line pitches apart
    const lines = [...execFileSync('pdftotext', ['-bbox-layout', '-f', String(first), '-l', String(first), join(out, 'yunling.pdf'), '-'], { encoding: 'utf8' }).matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)].map((m) => ({ y: Number(m[1]), text: [...m[2].matchAll(/>([^<]+)<\/word>/g)].map((w) => w[1]).join('') }));
    const y = (start: string) => lines.find((l) => l.text.startsWith(start))!.y;
    expect(y('附件：') - y('本年度未收取信息处理费。')).toBeCloseTo(2 * LINE_PITCH, 0);
    expect(y('云岭县人民政府') - y('附件：')).toBeCloseTo(2 * LINE_PITCH, 0);
    // and the Word file asks for the same line above it
    const xml = strFromU8(unzipSync(readFileSync(join(out, 'yunling.docx')))['word/document.xml']);
    expect(xml).toMatch(new RegExp(`<w:spacing w:before="${Math.round(LINE_PITCH * 20)}"/></w:pPr><w:r><w:t xml:space="preserve">附件：`));
    const annex = pages.slice(first).join('');
    // 表三's first row: the seven figures of 一、本年新收 over the county, its 总计 last
    expect(annex).toMatch(new RegExp(`表三收到和处理政府信息公开申请情况[^]*一、本年新收政府信息公开申请数量(\\d+)(\\d+)`));
    expect(annex).toContain(`${t.new}二、上年结转政府信息公开申请数量`);
    expect(annex).toContain('表四政府信息公开行政复议、行政诉讼情况');
  });

  it('takes the last lines of the text along when the 附件说明 and the 落款 do not fit below it', () => {
    const dir = copyOfCounty();
    const file = join(dir, 'yunling.yaml');
    // 六 lengthened until 附件 and the 落款 no longer fit on its page (17 lines: they would stand alone on the next)
    writeFileSync(file, readFileSync(file, 'utf8').replace('  other:\n    - 本年度未收取信息处理费。', `  other:\n    - ${'公'.repeat(28 * 17 - 3)}。`));
    expect(nianbao(['build', file, '--format', 'pdf', '--out', join(dir, 'out')]).code).toBe(0);
    const pages = pdfPages(join(dir, 'out/yunling.pdf')).map(compact);
    const page = pages.find((p) => p.includes('附件：云岭县2025年政府信息公开情况汇总表'))!;
    expect(page).toMatch(/^公{20,}。附件：云岭县2025年政府信息公开情况汇总表云岭县人民政府2026年3月20日/);
  });

  it('one broken department: the others are built, the county without its roll-up sentences and says why; exit 1', () => {
    const dir = copyOfCounty();
    const broken = join(dir, 'departments/gongan.yaml');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace(/^  carried_out: +\[(\d+)/m, (m, n) => m.replace(`[${n}`, `[${Number(n) + 1}`)));
    const into = join(dir, 'out');
    const r = nianbao(['build', dir, '--out', into]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/gongan\.yaml:\d+:\d+ error /);
    expect(readdirSync(into).filter((f) => f.endsWith('.pdf')).length).toBe(10);
    expect(readdirSync(into)).not.toContain('gongan.pdf');
    expect(r.stdout).toMatch(/yunling\.yaml:\d+:\d+ warning 下级单位 \(subunits\.files\[2\]\): 下级单位 departments\/gongan\.yaml 的数据有错误，全县的汇总段落和汇总表这次不生成（先运行 nianbao check [^)]*departments\/gongan\.yaml）/);
    const text = compactText(join(into, 'yunling.pdf'));
    expect(text).toContain('2025年，县政府本级新收政府信息公开申请18件');
    expect(text).not.toContain('全县新收');
    expect(text).not.toContain('汇总表');
    expect(r.stdout).toMatch(/\n  云岭县公安局 +2025 +部门 +云岭县人民政府 +有错误 +[^\n]*\n/);
  });
});

describe('what the county’s roll-up does not take', () => {
  it('a department whose report fails (its text against its table) leaves the roll-up out, as its summary line does', () => {
    const dir = copyOfCounty();
    const file = join(dir, 'departments/fagai.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('全年新收政府信息公开申请12件', '全年新收政府信息公开申请13件'));
    const r = nianbao(['check', join(dir, 'yunling.yaml')]);
    expect(r.stdout).toMatch(/yunling\.yaml:\d+:\d+ warning 下级单位 \(subunits\.files\[0\]\): 下级单位 departments\/fagai\.yaml 的报告有错误，全县的汇总段落和汇总表这次不生成/);
    const out = tempDir();
    nianbao(['build', join(dir, 'yunling.yaml'), '--format', 'pdf', '--out', out]);
    expect(compactText(join(out, 'yunling.pdf'))).not.toContain('全县新收');
  });

  it('a sub-unit of another year, or one unit under two file names, is an error', () => {
    const dir = copyOfCounty();
    const file = join(dir, 'departments/fagai.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('year: 2025', 'year: 2024').replace(/2025年/g, '2024年').replace('date: 2026-01-26', 'date: 2025-01-26'));
    expect(nianbao(['check', join(dir, 'yunling.yaml')]).stdout).toMatch(/error 下级单位 \(subunits\.files\[0\]\): 下级单位 departments\/fagai\.yaml 是 2024 年度的报告，本报告是 2025 年度，无法汇总/);
    const twice = copyOfCounty();
    cpSync(join(twice, 'departments/gongan.yaml'), join(twice, 'departments/gongan-copy.yaml'));
    const county = join(twice, 'yunling.yaml');
    writeFileSync(county, readFileSync(county, 'utf8').replace('    - towns/shimen.yaml', '    - departments/gongan-copy.yaml\n    - towns/shimen.yaml'));
    const r = nianbao(['check', county]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error 下级单位 \(subunits\.files\[9\]\): 云岭县公安局 在 departments\/gongan\.yaml 和 departments\/gongan-copy\.yaml 中都有，会重复汇总/);
  });
});

describe('nianbao summary', () => {
  it('writes one line per unit and totals per kind, the total equal to the county’s roll-up; and the same as .xlsx', () => {
    const out = tempDir();
    const r = nianbao(['summary', 'data/yunling-2025/', '--out', join(out, '汇总.csv')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rows = csvRows(join(out, '汇总.csv'));
    expect(rows[0]).toEqual(['单位', '数据文件', '年度', '类别', '上级单位', '状态', '新收申请', '办结', '复议', '诉讼', '错误', '警告', '提示']);
    expect(rows.length).toBe(1 + 11 + 4 + 1);
    expect(rows[1].slice(0, 6)).toEqual(['云岭县人民政府', 'data/yunling-2025/yunling.yaml', '2025', '政府', '', '有警告']);
    expect(rows.find((row) => row[0] === '云岭县住房和城乡建设局')!.slice(5)).toEqual(['有警告', '38', '35', '0', '0', '0', '2', '']);
    expect(rows.find((row) => row[0] === '云岭县教育局')![12]).toMatch(/^新收申请为 0，同一上级的其他部门（6 个）平均 34\.8/);
    const t = totalsOf(COUNTY);
    const total = rows[rows.length - 1];
    expect(total.slice(0, 1).concat(total.slice(6, 10))).toEqual(['合计（11 个）', ...[t.new, t.results, t.review, t.litigation].map(String)]);
    // the roll-up the county's report states
    const built = tempDir();
    nianbao(['build', 'data/yunling-2025/yunling.yaml', '--out', built, '--format', 'pdf']);
    expect(compactText(join(built, 'yunling.pdf'))).toContain(`全县新收政府信息公开申请${total[6]}件`);

    expect(nianbao(['summary', 'data/yunling-2025/', '-o', join(out, '汇总.xlsx')]).code).toBe(0);
    const book = unzipSync(readFileSync(join(out, '汇总.xlsx')));
    const sheet = strFromU8(book['xl/worksheets/sheet1.xml']);
    const strings = strFromU8(book['xl/sharedStrings.xml']);
    expect(strings).toContain('云岭县教育局');
    expect(sheet).toContain(`<v>${t.new}</v>`); // a number Excel can sum, not text
  });

  it('of the county’s file alone: its sub-units too', () => {
    const r = nianbao(['summary', 'data/yunling-2025/yunling.yaml']);
    expect(r.stdout).toMatch(/\n合计（11 个） +240 +229 +6 +3\n/);
  });

  it('a named sub-unit without its file is 缺报, its parent 有错误; the old-format city sums its districts too', () => {
    const dir = copyOfCounty();
    rmSync(join(dir, 'towns/shimen.yaml'));
    const r = nianbao(['summary', dir]);
    expect(r.stdout).toMatch(/\n云岭县人民政府 +2025 +政府 +有错误 /);
    expect(r.stdout).toMatch(/\n  shimen\.yaml +云岭县人民政府 +缺报 *\n/);
    expect(r.stdout).toMatch(/合计（11 个，2 个未计入）/);
    expect(r.stdout).not.toMatch(/未注明类别/); // the missing file has no kind: it counts in the total only
    const city = nianbao(['summary', 'data/xining-2017/']);
    expect(city.stdout).toMatch(/\n西宁市人民政府 +2017 +政府 +有警告 +66045 +48 +48 +3 +0 +0 +4\n  城东区人民政府 +2017 +政府 +西宁市人民政府 /);
  });

  it('rolls up a city → its county → the county’s departments, each level adding its own', () => {
    const dir = tempDir();
    cpSync(COUNTY, join(dir, 'yunling'), { recursive: true });
    const county = readFileSync(join(COUNTY, 'yunling.yaml'), 'utf8');
    const city = county
      .replace('unit: 云岭县人民政府', 'unit: 青川市人民政府')
      .replace('region: 云岭县', 'region: 青川市')
      .replace('self: 县政府本级', 'self: 市政府本级')
      .replace(/subunits:\n[^]*?\n(?=\S)/, 'subunits:\n  label: 全市\n  files: [yunling/yunling.yaml]\n\n');
    const own = totalsOf(COUNTY, ['yunling']);
    const all = totalsOf(COUNTY);
    // the city's text states its area's total: checked against the roll-up (全市), not its own table
    writeFileSync(join(dir, 'city.yaml'), city.replace('全县共收到政府信息公开申请240件', `全市共收到政府信息公开申请${own.new + all.new}件`));
    const out = tempDir();
    const r = nianbao(['build', join(dir, 'city.yaml'), '--out', out, '--format', 'pdf']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // the city's own tables are the county government's here (a copy), so 全市 = its own + the whole county
    expect(compactText(join(out, 'city.pdf'))).toContain(`2025年，全市新收政府信息公开申请${own.new + all.new}件，上年结转${own.carried_in + all.carried_in}件。`);
  });
});
