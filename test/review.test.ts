/**
 * The checks reviewers apply: figures typed in the unit's own text against the tables, last year's report, the
 * publication date, empty sections, blank cells.
 */
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SAMPLE, SEED, compactText, fullWidth, nianbaoAsync, tempDir } from './helpers.js';

const NATIONAL_2024 = join(ROOT, 'data/national-2021/chengdong-2024.yaml');
const NATIONAL_2025 = join(ROOT, 'data/national-2021/chengdong-2025.yaml');
const NATIONAL_2019 = join(ROOT, 'data/national-2019/chengzhong-2019.yaml');

/** A copy of a data file (with the files beside it) edited; the edit must change something. */
function copyOf(file: string, edit: (t: string) => string, name = 'x.yaml'): string {
  const dir = tempDir();
  const from = join(file, '..');
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(dir, f));
  const text = readFileSync(file, 'utf8');
  const edited = edit(text);
  if (edited === text) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(join(dir, name), edited);
  return join(dir, name);
}

const lineOf = (text: string, needle: string) => {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not in the text: ${needle}`);
  return text.slice(0, at).split('\n').length;
};

/** check's problem lines, without the file name, as `line:col level label (path): message`. */
async function check(file: string, ...options: string[]) {
  const r = await nianbaoAsync(['check', file, ...options]);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith(file)).map((l) => l.slice(file.length + 1));
  return { code: r.code, lines, text: readFileSync(file, 'utf8') };
}

describe.concurrent('figures typed in the text, against the tables', () => {
  it('the sample, typed as published, contradicts its table where the published report did: each at its line', async () => {
    const seed = readFileSync(SEED, 'utf8').split('\n').map((l) => fullWidth(l.trim()));
    const find = (start: string) => seed.find((l) => l.startsWith(start))!;
    const [active, requests, subunits, review] = [find('（一）一年来'), find('全市共收到政府信息公开申请48件'), find('四区三县共收到'), find('本年度，全市受理')];
    const file = copyOf(SAMPLE, (t) =>
      t
        .replace('\n  active:\n', `\n  active:\n    - ${active.replace(/^（一）/, '')}\n`)
        .replace('\n  problems:\n', `\n  requests:\n    - ${requests}\n    - ${subunits}\n  review:\n    - ${review}\n  problems:\n`),
    );
    const { code, lines, text } = await check(file);
    expect(code).toBe(1);
    const at = (needle: string, typed: string) => `${lineOf(text, needle)}:${text.split('\n')[lineOf(text, needle) - 1].indexOf(typed) + 1}`;
    expect(lines.filter((l) => l.includes('sections.'))).toEqual([
      `${at('一年来，我市主动公开', '21541条')} error 2.政府网站公开政府信息数 (sections.active[0]): 正文写「政府网站公开21541条」，统计表为 54162条（第${lineOf(text, 's1_2_2:')}行）：正文与表格不一致`,
      `${at('全市共收到政府信息公开申请48件', '全部按时办结')} error 2.延期办结数 (sections.requests[0]): 正文说「全部按时办结」，统计表却有 2.延期办结数 2：正文与表格矛盾`,
      `${at('全市共收到政府信息公开申请48件', '29.1%')} warning 2.同意公开答复数 (sections.requests[0]): 「占29.1%」与统计表不符：14÷48 四舍五入为 29.2%（nianbao 生成的文字这样写）`,
      `${at('全市共收到政府信息公开申请48件', '6.2%')} warning 6.申请信息不存在数 (sections.requests[0]): 「占6.2%」与统计表不符：3÷48 四舍五入为 6.3%（nianbao 生成的文字这样写）`,
      `${at('四区三县共收到', '42.8%')} warning 1.当面申请数 (sections.requests[1]): 「占42.8%」与统计表不符：3÷7 四舍五入为 42.9%（nianbao 生成的文字这样写）`,
      `${at('四区三县共收到', '57.2%')} warning 4.信函申请数 (sections.requests[1]): 「占57.2%」与统计表不符：4÷7 四舍五入为 57.1%（nianbao 生成的文字这样写）`,
      `${lineOf(text, '四区三县共收到')}:${text.split('\n')[lineOf(text, '四区三县共收到') - 1].lastIndexOf('57.2%') + 1} warning 2.同意公开答复数 (sections.requests[1]): 「占57.2%」与统计表不符：4÷7 四舍五入为 57.1%（nianbao 生成的文字这样写）`,
      `${at('本年度，全市受理', '2件')} error 四、行政复议数量 (sections.review[0]): 正文写「行政复议申请共2件」，统计表为 3件（第${lineOf(text, 's4:')}行）：正文与表格不一致`,
      `${at('本年度，全市受理', '1件')} error （一）维持具体行政行为数 (sections.review[0]): 正文写「维持原具体行为1件」，统计表为 2件（第${lineOf(text, 's4_1:')}行）：正文与表格不一致`,
    ]);
  });

  it('a national-2021 report of my own: wrong counts, Chinese numerals, a false 均获维持, the same figure twice', async () => {
    const file = copyOf(NATIONAL_2024, (t) =>
      t.replace(
        '  problems:\n',
        [
          '  other:',
          '    - 全年新收政府信息公开申请70件，予以公开28件、占41.8%，不予公开5件、占6.0%，无法提供十九件。',
          '    - 行政复议4件，均获维持。被提起行政诉讼两件。',
          '    - 本年度新收申请71件。',
          '  problems:',
          '',
        ].join('\n'),
      ).replace(/\n  other:\n    - 本年度未收取信息处理费。/, ''),
    );
    const { code, lines, text } = await check(file);
    expect(code).toBe(1);
    const typed = lines.filter((l) => l.includes('(sections.other'));
    expect(typed.map((l) => l.replace(/^\d+:\d+ /, ''))).toEqual([
      `error （三）不予公开 (sections.other[0]): 正文写「不予公开5件」，统计表为 4件（第${lineOf(text, 'denied_state_secret:')}行）：正文与表格不一致`,
      `error 行政复议、行政诉讼（行政复议 结果纠正） (sections.other[1]): 正文说「均获维持」，统计表却有 行政复议、行政诉讼（行政复议 结果纠正） 1、行政复议、行政诉讼（行政复议 尚未审结） 1：正文与表格矛盾`,
      `error 新收申请 (sections.other[2]): 正文写「新收申请71件」，统计表为 70件（第${lineOf(text, '  new:')}行）：正文与表格不一致`.replace('新收申请 (', '一、本年新收政府信息公开申请数量（总计） ('),
      `error 一、本年新收政府信息公开申请数量（总计） (sections.other[2]): 同一指标前后不一致：第${lineOf(text, '全年新收')}行写 70，这里写 71`,
    ]);
    // the share of 不予公开 is of the table's 4: 6.0% is right (4÷67), so no warning for it
    expect(lines.some((l) => l.includes('「占6.0%」'))).toBe(false);
  });

  it('a national-2019 report of my own: its own rows (其他处理 is one row)', async () => {
    const file = copyOf(NATIONAL_2019, (t) => t.replace(/\n  problems:\n    - /, '\n  problems:\n    - 本年度其他处理3件，办理完毕43件。'));
    const { lines } = await check(file);
    expect(lines.filter((l) => l.includes('(sections.problems')).map((l) => l.replace(/^\d+:\d+ /, '').replace(/（第\d+行）/, ''))).toEqual([
      'error （六）其他处理 (sections.problems[0]): 正文写「其他处理3件」，统计表为 2件：正文与表格不一致',
    ]);
  });

  it('sentences a clerk writes that agree with the table raise nothing (2025 example: 复议 4 = 维持 3 + 其他 1, 诉讼 2 维持)', async () => {
    const right = [
      '行政复议结果维持3件、其他结果1件。',
      '本年度未发生重大突发舆情，共办理行政复议4件。',
      '未出现被复议机关纠错的情况。',
      '新收申请较上年增加2件，行政复议案件同比减少1件。',
      '公布行政许可事项216项。',
      '行政复议、行政诉讼案件6件。',
      '办理完毕上年结转申请6件。',
      '其中自然人新收申请65件。',
      '两件行政诉讼案件均获维持，行政复议中3件结果维持。',
      '新收政府信息公开申请七十二件，予以公开34件（占45.9%）。',
    ];
    const file = copyOf(NATIONAL_2025, (t) => t.replace('  other:\n', `  other:\n${right.map((r) => `    - ${r}\n`).join('')}`));
    const { code, lines } = await check(file);
    expect(lines.filter((l) => l.includes('(sections.other')), lines.join('\n')).toEqual([]);
    expect(code).toBe(0);
  });

  it('and wrong ones in the same shapes are found: 均予以维持, full-width digits, a share in brackets', async () => {
    const wrong = ['行政复议4件，均予以维持。', '新收申请８０件。', '予以公开34件（占46.1%）。'];
    const file = copyOf(NATIONAL_2025, (t) => t.replace('  other:\n', `  other:\n${wrong.map((r) => `    - ${r}\n`).join('')}`));
    const { lines } = await check(file);
    const other = lines.filter((l) => l.includes('(sections.other'));
    expect(other.find((l) => l.includes('other[0]'))).toMatch(/error .*正文说「均予以维持」，统计表却有 .*其他结果） 1/);
    expect(other.find((l) => l.includes('other[1]'))).toMatch(/error .*正文写「新收申请80件」，统计表为 72件/);
    expect(other.find((l) => l.includes('other[2]'))).toMatch(/warning .*「占46\.1%」与统计表不符：34÷74 四舍五入为 45\.9%/);
  });

  it('the examples state no figure their tables contradict (no false alarm)', async () => {
    for (const file of [SAMPLE, NATIONAL_2024, NATIONAL_2025, NATIONAL_2019]) expect((await check(file)).lines.filter((l) => l.includes('正文'))).toEqual([]);
  });
});

describe.concurrent('last year', () => {
  it('the 2025 example builds, and its generated text states the change from 2024', async () => {
    const out = tempDir();
    const r = await nianbaoAsync(['build', NATIONAL_2025, '--out', out, '--format', 'pdf']);
    expect(r.code, r.stdout).toBe(0);
    const text = compactText(join(out, 'chengdong-2025.pdf'));
    expect(text).toContain('2025年，我区新收政府信息公开申请72件，较上年增加2件、增长2.9%；上年结转6件。本年度办理完毕74件（较上年增加7件、增长10.4%），其中');
    // 规章 written "/" (the unit cannot make them) prints as "/" and is left out of the sentence
    expect(text).toContain('规章///行政规范性文件4339');
    expect(text).toContain('2025年，我区制发行政规范性文件4件、废止3件，现行有效39件。');
  });

  it('a 上年结转 that is not last year’s 结转下年度 is an error, per column', async () => {
    const file = copyOf(NATIONAL_2025, (t) => t.replace('carried_in:            [4, 1, 0, 0, 0, 1, ~]', 'carried_in:            [5, 1, 0, 0, 0, 1, ~]').replace('new:                   [65,', 'new:                   [64,'));
    const { code, lines, text } = await check(file);
    expect(code).toBe(1);
    expect(lines).toContain(`${lineOf(text, 'carried_in:')}:27 error 二、上年结转政府信息公开申请数量（自然人） (t3.carried_in[0]): 5 ≠ 上年四、结转下年度继续办理（自然人） 4（本年的上年结转应等于上年报告的结转下年度继续办理）（上年见 chengdong-2024.yaml）`);
  });

  it('a paragraph copied from last year is 内容雷同; a figure five times last year’s is a warning', async () => {
    const last = readFileSync(NATIONAL_2024, 'utf8');
    const copied = /  problems:\n    - (.*)\n/.exec(last)![1];
    const general = last.slice(last.indexOf('  general:'), last.indexOf('  problems:'));
    const file = copyOf(NATIONAL_2025, (t) =>
      t
        .replace(/  general:[^]*?(?=  problems:)/, general)
        .replace(/  problems:\n    - .*\n/, `  problems:\n    - ${copied}\n`)
        .replace('licensing: 1318', 'licensing: 6400'),
    );
    const { code, lines, text } = await check(file);
    expect(code).toBe(0);
    expect(lines).toContain(`${lineOf(text, copied)}:7 warning 五、存在的主要问题及改进情况 (sections.problems[0]): 这一段与上年报告的一段完全相同（${join(file, '../chengdong-2024.yaml')} 第${lineOf(last, copied)}行）：内容雷同，请按本年情况重写`);
    // all but 六 is last year's text
    expect(lines.find((l) => l.includes('内容雷同：本年自行撰写的文字有'))).toMatch(/^\d+:\d+ warning .*有 9\d% 与上年报告相同（超过 50% 会被扣分）；重复最多的段落：第\d+行 100%/);
    expect(lines).toContain(`${lineOf(text, 'licensing: 6400')}:14 warning 行政许可 (t2.licensing): 6400 是上年 1260 的 5 倍：变化很大，请核对`);
  });

  it('a previous file that does not exist is an error at the field', async () => {
    const file = copyOf(NATIONAL_2025, (t) => t.replace('previous: chengdong-2024.yaml', 'previous: ../2024/nowhere.yaml'));
    const { code, lines, text } = await check(file);
    expect(code).toBe(1);
    expect(lines).toContain(`${lineOf(text, 'previous:')}:11 error 上年报告数据文件 (previous): 上年报告 ../2024/nowhere.yaml 文件不存在`);
  });
});

describe.concurrent('the reviewers’ rules', () => {
  it('a unit whose kind neither the data nor its name tells gets the latest deadline, and is told so', async () => {
    const { lines } = await check(copyOf(NATIONAL_2024, (t) => t.replace('unit: 西宁市城东区人民政府', 'unit: 西宁市城东区教育局').replace('date: 2025-03-28', 'date: 2025-06-01')));
    expect(lines).toContain('9:7 warning 发布日期 (date): 发布日期 2025-06-01 晚于单位类别不明（不对请写 kind: 政府/部门/乡镇/街道），按最晚的法定期限 2025年3月31日');
  });

  it('a required section holding only blank or invisible text is empty', async () => {
    const { code, lines } = await check(copyOf(NATIONAL_2024, (t) => t.replace(/  problems:\n    - .*\n/, '  problems:\n    - text: ""\n    - "　 "\n')));
    expect(code).toBe(1);
    expect(lines.some((l) => l.includes('「五、存在的主要问题及改进情况」没有内容'))).toBe(true);
  });

  it('a figure of a row that may be "/" that is not a whole number: the message of a figure', async () => {
    const { lines } = await check(copyOf(NATIONAL_2024, (t) => t.replace('penalty: 342', 'penalty: 1.5')));
    expect(lines.find((l) => l.includes('(t2.penalty)'))).toMatch(/error 行政处罚 \(t2\.penalty\): 应为整数，实际是 1\.5$/);
  });

  it('a report dated before its year ends is an error', async () => {
    const { code, lines } = await check(copyOf(NATIONAL_2024, (t) => t.replace('date: 2025-03-28', 'date: 2024-12-30')));
    expect(code).toBe(1);
    expect(lines).toContain('9:7 error 发布日期 (date): 发布日期 2024-12-30 早于报告年度 2024 年结束：年度报告应在次年发布');
  });

  it('after the deadline of its kind a warning: a department by 1月31日, a government by 3月31日', async () => {
    const dept = await check(copyOf(NATIONAL_2024, (t) => t.replace('unit: 西宁市城东区人民政府', 'unit: 西宁市城东区市场监督管理局\nkind: 部门').replace('date: 2025-03-28', 'date: 2025-02-10')));
    expect(dept.code).toBe(0);
    expect(dept.lines).toContain('10:7 warning 发布日期 (date): 发布日期 2025-02-10 晚于部门的法定期限 2025年1月31日');
    const government = await check(copyOf(NATIONAL_2024, (t) => t.replace('date: 2025-03-28', 'date: 2025-04-02')));
    expect(government.lines).toContain('9:7 warning 发布日期 (date): 发布日期 2025-04-02 晚于按单位名称判断为政府（不对请写 kind: 政府/部门/乡镇/街道）的法定期限 2025年3月31日');
    const onTime = await check(NATIONAL_2024);
    expect(onTime.lines.filter((l) => l.includes('发布日期'))).toEqual([]);
  });

  it('an empty section is an error; 六 left empty prints its customary sentence', async () => {
    const file = copyOf(NATIONAL_2024, (t) => t.replace(/  problems:\n    - .*\n/, '').replace(/  other:\n    - .*\n/, ''));
    const { code, lines } = await check(file);
    expect(code).toBe(1);
    expect(lines).toContain(`12:3 error 五、存在的主要问题及改进情况 (sections.problems): 「五、存在的主要问题及改进情况」没有内容：这一部分必须写（不能只印标题）`);
    const fixed = copyOf(NATIONAL_2024, (t) => t.replace(/  other:\n    - .*\n/, ''));
    const out = tempDir();
    expect((await nianbaoAsync(['build', fixed, '--out', out, '--format', 'pdf'])).code).toBe(0);
    expect(compactText(join(out, 'x.pdf'))).toContain('六、其他需要报告的事项本年度无其他需要报告的事项。');
  });

  it('规章 figures for a 乡镇 are a warning', async () => {
    const { lines, text } = await check(copyOf(NATIONAL_2024, (t) => t.replace('unit: 西宁市城东区人民政府', 'unit: 城东区韵家口镇人民政府').replace('regulations: [0, 0, 0]', 'regulations: [0, 0, 6]')));
    expect(lines).toContain(`${lineOf(text, 'regulations:')}:17 warning 规章（本年制发件数） (t2.regulations[0]): 0+0+6 = 6 > 0（乡镇、街道和一般政府部门没有规章制定权，规章一栏填 0 或 /（省级政府部门等有权制定规章的除外））`);
  });

  it('numbering typed by hand is a warning and printed once', async () => {
    const file = copyOf(NATIONAL_2024, (t) => t.replace('    - lead: 主动公开方面。', '    - lead: （一）主动公开方面。'));
    const { lines } = await check(file);
    expect(lines).toContain('15:13 warning 一、总体情况 (sections.general[0].lead): 开头的编号「（一）」是手工输入的：编号由 nianbao 自动生成，已去掉（请从数据中删除）');
    const out = tempDir();
    await nianbaoAsync(['build', file, '--out', out, '--format', 'pdf']);
    const text = compactText(join(out, 'x.pdf'));
    expect(text).toContain('一、总体情况（一）主动公开方面。');
    expect(text).not.toContain('（一）（一）');
  });

  it('a blank cell is a warning, an error with --strict; "/" only where a unit may lack the competence', async () => {
    const blank = copyOf(NATIONAL_2024, (t) => t.replace('penalty: 342', 'penalty: ~').replace('denied_law:            [0, 0,', 'denied_law:            [0, ~,'));
    const warned = await check(blank);
    expect(warned.code).toBe(0);
    expect(warned.lines).toContain(`${lineOf(warned.text, 'penalty:')}:12 warning 行政处罚 (t2.penalty): 空白按0计：官方统计表每一栏都应填写，没有发生的填 0，本单位没有该项职权的填 /`);
    expect(warned.lines.find((l) => l.includes('(t3.denied_law)'))).toMatch(/空白（商业企业）按0计：官方统计表每一栏都应填写，没有发生的填 0$/);
    const strict = await check(blank, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.lines.filter((l) => l.includes(' error ')).length).toBe(2);
    const slash = await check(copyOf(NATIONAL_2024, (t) => t.replace('granted:               [25, 2,', 'granted:               [25, /,')));
    expect(slash.code).toBe(1);
    expect(slash.lines.find((l) => l.includes('t3.granted[1]'))).toMatch(/error .*不能填“\/”（不适用）/);
  });
});
