import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, compact, compactText, firstMissingInOrder, nianbao, notdefGlyphs, tempDir, textIn } from './helpers.js';

/** Labels of the official tables, exactly as ../shared/spec/formats.md §3 gives them. */
const SECTIONS = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'];
const T2_2021 = ['第二十条第（一）项', '信息内容', '本年制发件数', '本年废止件数', '现行有效件数', '规章', '行政规范性文件', '第二十条第（五）项', '本年处理决定数量', '行政许可', '第二十条第（六）项', '行政处罚', '行政强制', '第二十条第（八）项', '本年收费金额（单位：万元）', '行政事业性收费'];
const T2_2019 = ['第二十条第（一）项', '信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量', '规章', '规范性文件', '第二十条第（五）项', '上一年项目数量', '本年增/减', '处理决定数量', '行政许可', '其他对外管理服务事项', '第二十条第（六）项', '行政处罚', '行政强制', '第二十条第（八）项', '行政事业性收费', '第二十条第（九）项', '采购项目数量', '采购总金额', '政府集中采购'];
const T3_HEAD = ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况', '自然人', '法人或其他组织', '总计', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'];
const T3_ROWS_2021 = ['一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '三、本年度办理结果', '（一）予以公开', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '（三）不予公开', '1.属于国家秘密', '2.其他法律行政法规禁止公开', '3.危及“三安全一稳定”', '4.保护第三方合法权益', '5.属于三类内部事务信息', '6.属于四类过程性信息', '7.属于行政执法案卷', '8.属于行政查询事项', '（四）无法提供', '1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确', '（五）不予处理', '1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请', '5.要求行政机关确认或重新出具已获取信息', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '3.其他', '（七）总计', '四、结转下年度继续办理'];
const T3_ROWS_2019 = T3_ROWS_2021.filter((l) => !/^[123]\.(申请人|其他$)/.test(l));
/** 表三's label that reads down its own narrow first column (16 pt from the left margin at 28 mm), one character a line */
const DOWN = '三、本年度办理结果';
const FIRST_COLUMN = { x: 28 * (72 / 25.4), y: 0, w: 16, h: 842 };
/** the label columns beside it: of the labels that span rows (（三）不予公开 …), 50 pt, and of the rows, 124 pt */
const LABEL_COLUMNS = [
  { x: FIRST_COLUMN.x + 16, y: 0, w: 50, h: 842 },
  { x: FIRST_COLUMN.x + 66, y: 0, w: 124, h: 842 },
];

/**
 * The labels a PDF does not print: in its text, or read down their column (a label beside figures centred in its
 * row, or centred in the rows it spans, is interleaved with them in the text).
 */
function unprinted(pdf: string, labels: string[]): string[] {
  const texts = [compactText(pdf), ...LABEL_COLUMNS.map((c) => textIn(pdf, c))];
  return labels.filter((l) => l !== DOWN && !texts.some((t) => t.includes(compact(l))));
}
const T4 = ['行政复议', '行政诉讼', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉'];

/** Sentences bound to the tables, as generated from each example's figures. */
const EXAMPLES = {
  'national-2021': {
    file: 'data/national-2021/chengdong-2024.yaml',
    labels: [...T2_2021, ...T3_HEAD, ...T3_ROWS_2021, ...T4],
    sentences: [
      '2024年，我区制发规章0件、废止0件，现行有效规章0件；制发行政规范性文件5件、废止2件，现行有效38件。',
      '2024年，我区新收政府信息公开申请70件，上年结转3件。本年度办理完毕67件，其中予以公开28件、占41.8%，部分公开4件、占6.0%，不予公开4件、占6.0%，无法提供19件、占28.4%，不予处理6件、占9.0%，其他处理6件、占9.0%。结转下年度继续办理6件。',
      '2024年，我区因政府信息公开工作被申请行政复议4件，其中结果维持2件、结果纠正1件、尚未审结1件；被提起行政诉讼2件，其中未经复议直接起诉2件。',
    ],
  },
  'national-2019': {
    file: 'data/national-2019/chengzhong-2019.yaml',
    labels: [...T2_2019, ...T3_HEAD, ...T3_ROWS_2019, ...T4],
    sentences: [
      '2019年，我区新制作规章0件、新公开0件，对外公开规章总数0件；新制作规范性文件6件、新公开6件，对外公开总数41件。',
      '2019年，我区新收政府信息公开申请45件，上年结转0件。本年度办理完毕43件，其中予以公开21件、占48.8%，部分公开3件、占7.0%，不予公开3件、占7.0%，无法提供11件、占25.6%，不予处理3件、占7.0%，其他处理2件、占4.7%。结转下年度继续办理2件。',
      '2019年，我区因政府信息公开工作被申请行政复议2件，其中结果维持1件、尚未审结1件；未被提起行政诉讼。',
    ],
  },
};

/** Rows of figures in a PDF, read off word positions: the numbers on one line of a page, left to right. */
function numberRows(pdf: string): string[][] {
  const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const rows: string[][] = [];
  for (const page of bbox.split('<page').slice(1)) {
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(-?[\d.]+)<\/word>/g)]
      .map((m) => ({ x: Number(m[1]), y: Number(m[2]), n: m[3] }))
      .filter((w) => w.y < 740) // not the page number
      .sort((a, b) => a.y - b.y);
    // words within 3 pt of each other's top stand on one line
    let line: typeof words = [];
    for (const w of words) {
      if (line.length && w.y - line[0].y > 3) rows.push(line.sort((a, b) => a.x - b.x).map((v) => v.n)), (line = []);
      line.push(w);
    }
    if (line.length) rows.push(line.sort((a, b) => a.x - b.x).map((v) => v.n));
  }
  return rows;
}

/** The first expected row of figures that the PDF does not print (in order), or undefined. */
function missingRow(pdf: string, expected: string[][]): string | undefined {
  const printed = numberRows(pdf).map((r) => r.join(' '));
  let at = 0;
  for (const row of expected.map((r) => r.join(' '))) {
    const found = printed.indexOf(row, at);
    if (found < 0) return row;
    at = found + 1;
  }
  return undefined;
}

/** The figures a table must print, row by row: the data's, totals written as ~ computed. */
function expectedRows(file: string): string[][] {
  const data = parse(readFileSync(join(ROOT, file), 'utf8'));
  const rows: string[][] = [];
  for (const key of ['t2', 't3', 't4'])
    for (const values of Object.values(data[key]) as (number | null | (number | null)[])[]) {
      const list = Array.isArray(values) ? [...values] : [values];
      // totals: t3 column 7 is the sum of the six before it; t4 every fifth the sum of the four before it
      if (key === 't3') list[6] ??= (list.slice(0, 6) as number[]).reduce((a, b) => a + b, 0);
      if (key === 't4') for (const i of [4, 9, 14]) list[i] ??= (list.slice(i - 4, i) as number[]).reduce((a, b) => a + b, 0);
      rows.push(list.map(String));
    }
  return rows;
}

describe.each(Object.entries(EXAMPLES))('the %s example', (_format, { file, labels, sentences }) => {
  let out: string;
  beforeAll(() => {
    out = tempDir();
    const r = nianbao(['build', file, '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
  const pdf = () => join(out, file.split('/').pop()!.replace('.yaml', '.pdf'));

  it('passes check with only the warning that it is example data', () => {
    const r = nianbao(['check', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([`${file}:2:10 warning 示例数据标记 (example): 示例数据（example: true）：正式发布前请填写本单位的真实数据，并删除这一行`, '1 个文件：0 个错误，1 个警告']);
  });

  it('draws no .notdef box', () => {
    expect(notdefGlyphs(readFileSync(pdf()))).toBe(0);
  });

  it('prints the six parts in order and every row and column label of 表二, 表三, 表四', () => {
    const text = compactText(pdf());
    expect(firstMissingInOrder(text, SECTIONS)).toBeUndefined();
    expect(unprinted(pdf(), labels)).toEqual([]);
    expect(textIn(pdf(), FIRST_COLUMN)).toContain(DOWN);
  });

  it('states the figures of its tables in sentences generated from them', () => {
    expect(firstMissingInOrder(compactText(pdf()), sentences.map(compact))).toBeUndefined();
  });

  it('prints every figure of the data in its row, totals computed', () => {
    expect(missingRow(pdf(), expectedRows(file))).toBeUndefined();
  });

  it('converts with LibreOffice to the same tables', () => {
    const lo = tempDir();
    const docx = pdf().replace('.pdf', '.docx');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${lo}/profile`, '--convert-to', 'pdf', '--outdir', lo, docx], {
      env: { ...process.env, FONTCONFIG_FILE: join(ROOT, 'fonts/fontconfig/fonts.conf') },
      stdio: 'pipe',
    });
    const converted = join(lo, docx.split('/').pop()!.replace('.docx', '.pdf'));
    expect(unprinted(converted, labels)).toEqual([]);
    expect(textIn(converted, FIRST_COLUMN)).toContain(DOWN);
    expect(missingRow(converted, expectedRows(file))).toBeUndefined();
  });
});

describe('copies of the 2021 example that break one rule', () => {
  const source = readFileSync(join(ROOT, 'data/national-2021/chengdong-2024.yaml'), 'utf8');
  const broken = (edit: (t: string) => string) => {
    const file = join(tempDir(), 'broken.yaml');
    writeFileSync(file, edit(source));
    const r = nianbao(['check', file]);
    expect(r.code).toBe(1);
    return r.stdout.split('\n').filter((l) => l.includes(' error '));
  };

  it('一 + 二 = 三(七) + 四, per column', () => {
    const errors = broken((t) => t.replace('new:                   [62,', 'new:                   [63,'));
    expect(errors.some((e) => e.includes('error 一、本年新收政府信息公开申请数量（自然人） (t3.new[0]): 63+3 = 66 ≠ 61+4 = 65（第一项加第二项之和，等于第三项加第四项之和）'))).toBe(true);
    expect(errors.some((e) => e.includes('(t3.new[6]): 71+3 = 74 ≠ 67+6 = 73'))).toBe(true);
  });

  it('（七）总计 = the 21 results, per column', () => {
    const errors = broken((t) => t.replace('  carried_out:', '  results_total:         [60, 4, 0, 0, 2, 0, ~]\n  carried_out:'));
    expect(errors.join('\n')).toMatch(/error 三、本年度办理结果 （七）总计（自然人） \(t3\.results_total\[0\]\): 60 ≠ 25\+4\+1\+0\+0\+2\+0\+1\+0\+0\+14\+2\+1\+3\+2\+0\+0\+1\+4\+0\+1 = 61/);
  });

  it('总计 column = 自然人 + the five kinds of organisation', () => {
    const errors = broken((t) => t.replace('[62, 5, 0, 0, 2, 1, ~]', '[62, 5, 0, 0, 2, 1, 71]'));
    expect(errors[0]).toContain('error 一、本年新收政府信息公开申请数量（总计） (t3.new[6]): 71 ≠ 62+5+0+0+2+1 = 70');
  });

  it('表四 总计 = 维持 + 纠正 + 其他 + 尚未审结, per group', () => {
    const errors = broken((t) => t.replace('cases: [2, 1, 0, 1, ~,', 'cases: [2, 1, 0, 1, 5,'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('error 行政复议、行政诉讼（行政复议 总计） (t4.cases[4]): 5 ≠ 2+1+0+1 = 4');
  });

  it('a row of the wrong length names its columns', () => {
    const errors = broken((t) => t.replace('[62, 5, 0, 0, 2, 1, ~]', '[62, 5, 0, 0, 2, 1]'));
    expect(errors[0]).toContain('这一行应有 7 个数（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计），实际有 6 个');
  });

  it('a format that does not fit the year is a warning', () => {
    const file = join(tempDir(), 'year.yaml');
    writeFileSync(file, source.replace('year: 2024', 'year: 2019'));
    const r = nianbao(['check', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning 报告年度 (year): 2019年度的报告一般不用格式 national-2021（适用于 2021— 年度）');
  });
});

describe('the 落款', () => {
  it('is on by default, and `signoff: false` leaves it out (and only false: a sign-off table is not the old format’s)', () => {
    const dir = tempDir();
    const source = readFileSync(join(ROOT, 'test/fixtures/layout/town.yaml'), 'utf8');
    writeFileSync(join(dir, 'with.yaml'), source);
    writeFileSync(join(dir, 'without.yaml'), source.replace('date: 2026-02-26\n', 'date: 2026-02-26\nsignoff: false\n'));
    writeFileSync(join(dir, 'wrong.yaml'), source.replace('date: 2026-02-26\n', 'date: 2026-02-26\nsignoff: {填报人: 张三}\n'));
    const wrong = nianbao(['check', join(dir, 'wrong.yaml')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('签署栏 (signoff): 文末的落款（单位名称和日期）是自动生成的，这里只能写 false 来去掉它');
    const r = nianbao(['build', join(dir, 'with.yaml'), join(dir, 'without.yaml'), '--out', dir, '--format', 'pdf']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const tail = (f: string) => compactText(join(dir, f)).slice(-40);
    expect(tail('with.pdf')).toMatch(/本年度无其他需要报告的事项。青川市河口镇人民政府2026年2月26日$/);
    expect(tail('without.pdf')).toMatch(/本年度无其他需要报告的事项。$/);
  });
});
