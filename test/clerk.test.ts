import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, compactText, nianbao, pdfPages, tempDir } from './helpers.js';

/** A clerk's way in: init, the JSON Schema, the command line in Chinese, forgiving input. */

const TOWN = readFileSync(join(ROOT, 'test/fixtures/layout/town.yaml'), 'utf8');

/** check of a copy of the town report edited by `edit`: exit code and the lines of its messages */
function checkEdited(edit: (t: string) => string): { code: number; lines: string[] } {
  const file = join(tempDir(), 'town.yaml');
  writeFileSync(file, edit(TOWN));
  const r = nianbao(['check', file]);
  return { code: r.code, lines: r.stdout.split('\n').filter(Boolean).map((l) => l.replace(`${file}:`, '')) };
}

describe('nianbao init', () => {
  it.each([
    ['national-2021', '某县市场监督管理局', '2025', '部门', '2026-01-31'],
    ['national-2019', '某县河口镇人民政府', '2020', '乡镇', '2021-03-31'],
    ['old-2008', '某县人民政府', '2017', '政府', '2018-03-31'],
  ])('writes a %s data file that passes check and builds, for a %s', (format, unit, year, kind, date) => {
    const dir = tempDir();
    const file = join(dir, `${year}.yaml`);
    const r = nianbao(['init', file, '--format', format, '--unit', unit, '--year', year]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${format}.schema.json`);
    expect(existsSync(join(dir, `${format}.schema.json`))).toBe(true);
    const data = parse(text);
    expect(data).toMatchObject({ format, unit, year: Number(year), kind, date });
    // every table row of the format, with its figures at 0 (totals ~)
    expect(text).toMatch(format === 'old-2008' ? /\n  s3_1: 0 +# （一）收到申请数（件）\n/ : /\n  new: \[0, 0, 0, 0, 0, 0, ~\] +# 一、本年新收政府信息公开申请数量\n/);
    // passes check: only warnings, for what must still be written
    const check = nianbao(['check', file]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/还没有填写/);
    expect(check.stdout).not.toMatch(/ error /);
    const build = nianbao(['build', file, '--out', join(dir, 'out')]);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual([`${year}.docx`, `${year}.pdf`]);
    expect(compactText(join(dir, 'out', `${year}.pdf`))).toContain('待填写');
    // and never writes over a file
    const again = nianbao(['init', file, '--format', format, '--unit', unit, '--year', year]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已存在：init 不覆盖已有的文件');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('--from last year: the unit’s details, 上年结转 from last year’s 结转下年度, last year’s text to revise', () => {
    const dir = tempDir();
    const file = join(dir, '2025.yaml');
    const last = join(ROOT, 'data/national-2021/chengdong-2024.yaml');
    const r = nianbao(['init', file, '--from', last]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    const data = parse(text);
    const before = parse(readFileSync(last, 'utf8'));
    expect(data).toMatchObject({ format: 'national-2021', year: 2025, unit: before.unit, region: before.region, self: before.self, kind: '政府' });
    expect(data.t3.carried_in.slice(0, 6)).toEqual(before.t3.carried_out.slice(0, 6));
    expect(data.sections.general).toEqual(before.sections.general);
    // the preamble, the same every year, is written for the new year
    expect(data.sections.preamble[0]).toContain('本报告所列数据统计期限为2025年1月1日至12月31日');
    expect(text).toContain('# 以下是上年的原文，请按本年情况修改');
    expect(join(dir, data.previous)).toBe(last);
    const check = nianbao(['check', file]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain('内容雷同');
  });

  it('says in Chinese what is missing', () => {
    const dir = tempDir();
    const r = nianbao(['init', join(dir, 'a.yaml'), '--format', 'national-2020', '--unit', 'x', '--year', '2025']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('没有报告格式 national-2020：可用的有');
    expect(nianbao(['init', join(dir, 'a.yaml'), '--format', 'national-2021', '--year', '2025']).stderr).toContain('请用 --unit 给出单位名称');
    expect(nianbao(['init', join(dir, 'a.yaml'), '--format', 'national-2021', '--unit', '某某', '--year', '2025']).stderr).toContain('请用 --kind 给出单位类别');
  });
});

describe('nianbao schema', () => {
  it('validates every example data file, rejects an unknown key, and names the official labels', () => {
    const dir = tempDir();
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const format of ['national-2021', 'national-2019', 'old-2008']) {
      const out = join(dir, `${format}.json`);
      expect(nianbao(['schema', '--format', format, '-o', out]).code).toBe(0);
      const schema = JSON.parse(readFileSync(out, 'utf8'));
      const valid = ajv.compile(schema);
      const examples = readdirSync(join(ROOT, 'data'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => ({ f, data: parse(readFileSync(join(ROOT, 'data', f), 'utf8')) }))
        .filter(({ data }) => data.format === format);
      expect(examples.length).toBeGreaterThan(0);
      for (const { f, data } of examples) expect(valid(data), `${f}: ${JSON.stringify(valid.errors)}`).toBe(true);
      expect(valid({ ...examples[0].data, yaer: 2025 })).toBe(false);
      expect(schema.properties.year.title).toBe('报告年度');
    }
    const t3 = JSON.parse(readFileSync(join(dir, 'national-2021.json'), 'utf8')).properties.t3.properties.new;
    expect(t3.title).toBe('一、本年新收政府信息公开申请数量');
    expect(t3.description).toContain('自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计');
  });
});

describe('the command line in Chinese', () => {
  it('asks "是不是 …？" for a mistyped command or option, and says what an option lacks', () => {
    const bild = nianbao(['bild', 'x.yaml']);
    expect(bild.code).toBe(2);
    expect(bild.stderr).toContain('未知命令 bild：是不是 build？');
    const strict = nianbao(['check', '--stirct', 'x.yaml']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('未知选项 --stirct：是不是 --strict？');
    const out = nianbao(['build', 'data', '--out']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('选项 --out 后面缺少值（例如 --out out）');
    const wrong = nianbao(['check', 'data', '--jobs', '2']);
    expect(wrong.stderr).toContain('check 不用选项 --jobs');
  });

  it('has help for each command and lists the formats with their section ids and row keys', () => {
    const help = nianbao(['help', 'init']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^用法: nianbao init <新数据文件\.yaml> --format/);
    const formats = nianbao(['formats']);
    expect(formats.code).toBe(0);
    expect(formats.stdout).toMatch(/national-2021 {2}政府信息公开工作年度报告/);
    expect(formats.stdout).toMatch(/ {4}general {5}一、总体情况/);
    expect(formats.stdout).toMatch(/ {4}carried_in +二、上年结转政府信息公开申请数量（7 个数）/);
  });
});

describe('forgiving input', () => {
  it('names a Chinese colon or comma where YAML needs an ASCII one, with line, column and the fix', () => {
    expect(checkEdited((t) => t.replace('year: 2025', 'year：2025')).lines[0]).toBe('4:5 error: 第4行第5列的「：」是中文冒号：键 year 后面要用半角冒号和一个空格，例如 year: …');
    expect(checkEdited((t) => t.replace('    - lead: 依申请公开方面。', '    - lead：依申请公开方面。')).lines[0]).toMatch(/^\d+:11 error: 第\d+行第11列的「：」是中文冒号：键 lead/);
    const comma = checkEdited((t) => t.replace('normative: [0, 0, 2]', 'normative: [0，0，2]'));
    expect(comma.code).toBe(1);
    expect(comma.lines).toHaveLength(2);
    expect(comma.lines[0]).toMatch(/^\d+:16 error: 第\d+行第16列的「，」是中文标点：列表中的数要用半角逗号隔开，例如 \[3, 1, 0\]$/);
  });

  it('lists the valid keys for an unknown one, with the sections’ titles, and says the YAML parser’s errors in Chinese', () => {
    const section = checkEdited((t) => t.replace('  general:', '  overview:'));
    expect(section.lines[0]).toMatch(/error sections\.overview: 未知字段 "overview"；这里可用的有：preamble（开头段落）、general（一、总体情况）、/);
    const pair = checkEdited((t) => t.replace('    - 工作人员业务能力有待提高', '    - “工作人员”业务能力: 有待提高'));
    expect(pair.lines[0]).toMatch(/error 五、存在的主要问题及改进情况 \(sections\.problems\[0\]\.“工作人员”业务能力\): 这一段含有“: ”（冒号加空格），YAML 把它读成了“键: 值”：请把整段用半角引号 " 括起来/);
    expect(checkEdited((t) => t.replace('    - lead: 依申请公开方面。', '    - laed: 依申请公开方面。')).lines[0]).toMatch(/未知字段 "laed"，是不是 "lead"？$/);
    const colon = checkEdited((t) => t.replace('year: 2025', 'year 2025'));
    expect(colon.lines[0]).toBe('4:1 error: YAML 语法错误：这一行不是“键: 值”的样子：可能是上一行的文字换行后缩进不够，或键后面的冒号是中文冒号、冒号后少了空格');
  });

  it('reads full-width digits and thousands separators in figures, with a note', () => {
    const r = checkEdited((t) => t.replace('penalty: 4', 'penalty: １６').replace('coercion: 0', 'coercion: "1,600"'));
    expect(r.code).toBe(0);
    expect(r.lines.some((l) => l.includes('warning 行政处罚 (t2.penalty): 「１６」按 16 读入（全角数字）'))).toBe(true);
    expect(r.lines.some((l) => l.includes('warning 行政强制 (t2.coercion): 「1,600」按 1600 读入（千分位逗号）'))).toBe(true);
  });

  it('prints text as typed from Word or folded by YAML: no space between Han characters, paragraphs at line breaks, no leading full-width spaces, a warned " #"', () => {
    const dir = tempDir();
    const file = join(dir, 'typed.yaml');
    writeFileSync(
      file,
      TOWN.replace(
        '    - lead: 监督保障方面。\n      text: 明确一名分管领导和一名工作人员负责政务公开工作。\n',
        [
          '    - lead: 　　监督保障方面。',
          '      text: 明确一名分管领导和一名工作人员负责政务公开工作，丰富',
          '        解读形式，使用 open data',
          '        portal 发布。',
          '',
          '        空行之后的第二段。',
          '    - |',
          '      　　从 Word 粘贴的第一段。',
          '      　　从 Word 粘贴的第二段 # 不是注释。',
          '',
        ].join('\n'),
      ).replace('    - 工作人员业务能力有待提高', '    - 工作人员业务能力 #有待提高'),
    );
    const check = nianbao(['check', file]);
    expect(check.code).toBe(0);
    const warned = check.stdout.split('\n').filter((l) => l.includes('被当作注释'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/warning 五、存在的主要问题及改进情况 \(sections\.problems\[0\]\): 「#有待提高/);
    expect(nianbao(['build', file, '--out', dir, '--format', 'pdf']).code).toBe(0);
    const text = compactText(join(dir, 'typed.pdf'));
    expect(text).toContain('（三）监督保障方面。明确一名分管领导和一名工作人员负责政务公开工作，丰富解读形式，使用opendataportal发布。空行之后的第二段。从Word粘贴的第一段。从Word粘贴的第二段#不是注释。');
    expect(text).not.toContain('　');
    // spaces stay between Latin words; each paragraph starts a line of its own, at the indent
    const lines = pdfPages(join(dir, 'typed.pdf'), true).join('\n').split('\n');
    expect(lines.some((l) => l.includes('open data portal'))).toBe(true);
    for (const start of ['空行之后的第二段。', '从 Word 粘贴的第一段。', '从 Word 粘贴的第二段']) expect(lines.some((l) => l.trim().startsWith(start)), start).toBe(true);
  });
});

describe('the tables in a workbook', () => {
  it('init --xlsx writes the official tables as sheets; filled, the workbook builds the report and a wrong sum is reported at its cell', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const dir = tempDir();
    const file = join(dir, '2025.yaml');
    expect(nianbao(['init', file, '--format', 'national-2021', '--unit', '某县市场监督管理局', '--year', '2025', '--xlsx']).code).toBe(0);
    expect(parse(readFileSync(file, 'utf8'))).toMatchObject({ tables: '2025.xlsx' });
    expect(parse(readFileSync(file, 'utf8')).t3).toBeUndefined();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, '2025.xlsx'));
    expect(book.worksheets.map((s) => s.name)).toEqual(['表二', '表三', '表四']);
    const t3 = book.getWorksheet('表三')!;
    // laid out like the official table: the header merged as in the form, labels locked, figures open and validated
    expect(t3.getCell('E1').value).toBe('申请人情况');
    expect(t3.getCell('J1').isMerged && t3.getCell('J1').master.address).toBe('D1');
    expect(t3.getCell('A4').value).toBe('一、本年新收政府信息公开申请数量');
    expect(t3.getCell('A4').protection?.locked).not.toBe(false);
    expect(t3.getCell('D4').protection?.locked).toBe(false);
    expect(t3.getCell('D4').dataValidation).toMatchObject({ type: 'custom', formulae: ['AND(ISNUMBER(D4),D4>=0,INT(D4)=D4)'] });
    expect(book.getWorksheet('表二')!.getCell('B3').dataValidation.formulae[0]).toContain('B3="/"');
    // a clerk fills in 表三 (the total left empty: nianbao computes it) and 表四
    Object.entries({ D4: 3, E4: 1, D6: 3, E6: 1 }).forEach(([at, v]) => (t3.getCell(at).value = v));
    book.getWorksheet('表四')!.getCell('A4').value = 2;
    await book.xlsx.writeFile(join(dir, '2025.xlsx'));
    const build = nianbao(['build', file, '--out', dir, '--format', 'pdf']);
    expect(build.code, build.stdout).toBe(0);
    const text = compactText(join(dir, '2025.pdf'));
    expect(text).toContain('2025年，本局新收政府信息公开申请4件，上年结转0件。');
    expect(text).toContain('一、本年新收政府信息公开申请数量3100004');
    // a total typed wrong is reported at its cell, with the cells it adds up
    t3.getCell('J4').value = 5;
    await book.xlsx.writeFile(join(dir, '2025.xlsx'));
    const check = nianbao(['check', file]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`${join(dir, '2025.xlsx')} 表三!J4 error 一、本年新收政府信息公开申请数量（总计） (t3.new[6]): 5 ≠ 3+1+0+0+0+0 = 4（分项见表三!D4、表三!E4、表三!F4、表三!G4、表三!H4、表三!I4）`);
    // a figure of the wrong kind, at its cell too
    t3.getCell('D6').value = -2;
    await book.xlsx.writeFile(join(dir, '2025.xlsx'));
    expect(nianbao(['check', file]).stdout).toMatch(new RegExp(`${join(dir, '2025.xlsx')} 表三!D6 error 三、本年度办理结果 （一）予以公开（自然人） \\(t3\\.granted\\[0\\]\\): 不能为负数`));
    // a row moved in the sheet is named, not read into the wrong figures
    t3.getCell('A5').value = '一、本年新收政府信息公开申请数量';
    await book.xlsx.writeFile(join(dir, '2025.xlsx'));
    expect(nianbao(['check', file]).stdout).toContain('工作表 表三 第5行应是「二、上年结转政府信息公开申请数量」');
    // the JSON Schema takes a data file whose tables are in a workbook
    const schema = JSON.parse(readFileSync(join(dir, 'national-2021.schema.json'), 'utf8'));
    expect(new Ajv({ strict: false }).validate(schema, parse(readFileSync(file, 'utf8')))).toBe(true);
  });
});
