import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ROOT, SAMPLE, compact, compactText, nianbao, tempDir } from './helpers.js';

const sampleText = readFileSync(SAMPLE, 'utf8');

/** A copy of the sample (with its sub-units beside it) where `edit` changed the text. */
function variant(edit: (text: string) => string, name = 'xining.yaml'): { dir: string; file: string } {
  const dir = tempDir();
  for (const f of readdirSync(join(ROOT, 'data/xining-2017'))) copyFileSync(join(ROOT, 'data/xining-2017', f), join(dir, f));
  const file = join(dir, name);
  const edited = edit(sampleText);
  if (edited === sampleText) throw new Error('the edit changed nothing');
  writeFileSync(file, edited);
  return { dir, file };
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

/** check a file; every message is one line of the documented shape, and nothing looks like a stack trace */
function check(file: string) {
  const r = nianbao(['check', file]);
  const out = r.stdout + r.stderr;
  expect(out).not.toMatch(/\n\s+at |TypeError|ReferenceError|内部错误/);
  return { ...r, lines: r.stdout.trim().split('\n') };
}

describe('nianbao check on the sample', () => {
  it('exits 0 and prints exactly the warnings the figures deserve, with their lines (the published table left two cells blank)', () => {
    const r = check(SAMPLE);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      `data/xining-2017/xining.yaml:${lineOf(sampleText, 's1_1_a:')}:11 warning 其中：主动公开规范性文件数 (stats.s1_1_a): 3145 > 制发规范性文件总数 2139（主动公开的规范性文件一般不多于制发的规范性文件）`.replace('data/xining-2017/xining.yaml', SAMPLE),
      `${SAMPLE}:${lineOf(sampleText, 's2_2_5:')}:11 warning 5.其他方式回应事件数 (stats.s2_2_5): 4956 > （一）回应公众关注热点或重大舆情数 1581（同一热点按1次计，回应事件数一般不多于回应热点数）`,
      `${SAMPLE}:${lineOf(sampleText, 's3_1_2:')}:11 warning 2.传真申请数 (stats.s3_1_2): 空白按0计：官方统计表每一栏都应填写，没有发生的填 0`,
      `${SAMPLE}:${lineOf(sampleText, 's3_1_3:')}:11 warning 3.网络申请数 (stats.s3_1_3): 空白按0计：官方统计表每一栏都应填写，没有发生的填 0`,
      '1 个文件：0 个错误，4 个警告',
    ]);
  });

  it('prints relative paths as given', () => {
    const r = nianbao(['check', 'data/xining-2017/xining.yaml']);
    expect(r.stdout).toMatch(/^data\/xining-2017\/xining\.yaml:\d+:11 warning/);
  });
});

describe('a broken identity', () => {
  const { dir, file } = variant((t) => t.replace(/s8_3_2: 151/, 's8_3_2: 150'));

  it('is one located error naming the row and both numbers; the line of each part is given', () => {
    const r = check(file);
    expect(r.code).toBe(1);
    const errors = r.lines.filter((l) => l.includes(' error '));
    expect(errors.length).toBe(1);
    const text = readFileSync(file, 'utf8');
    expect(errors[0]).toContain(`${file}:${lineOf(text, 's8_3:')}:9 error （三）从事政府信息公开工作人员数 (stats.s8_3): 172 ≠ 21+150 = 171`);
    expect(errors[0]).toContain(`第${lineOf(text, 's8_3_1:')}、${lineOf(text, 's8_3_2:')}行`);
    expect(r.lines.at(-1)).toBe('1 个文件：1 个错误，4 个警告');
  });

  it('makes build write nothing', () => {
    const out = join(dir, 'out');
    const r = nianbao(['build', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('有错误，未生成文件');
    expect(() => readdirSync(out)).toThrow();
  });

  it('leaves an earlier good output untouched', () => {
    const out = join(dir, 'kept');
    mkdirSync(out);
    writeFileSync(join(out, 'xining.pdf'), 'an earlier good report');
    const before = statSync(join(out, 'xining.pdf')).mtimeMs;
    expect(nianbao(['build', file, '--out', out]).code).toBe(1);
    expect(readFileSync(join(out, 'xining.pdf'), 'utf8')).toBe('an earlier good report');
    expect(statSync(join(out, 'xining.pdf')).mtimeMs).toBe(before);
    expect(readdirSync(out)).toEqual(['xining.pdf']);
  });

  it('reports every problem in one run, not only the first', () => {
    const { file: two } = variant((t) => t.replace(/s8_3_2: 151/, 's8_3_2: 150').replace(/s3_2_2: 2 /, 's3_2_2: 3 '));
    const r = check(two);
    expect(r.lines.filter((l) => l.includes(' error ')).map((l) => /\(stats\.(\w+)\)/.exec(l)![1])).toEqual(['s3_2', 's8_3']);
  });
});

/** Bad input: each case, the message it must give. */
const cases: [string, (t: string) => string, RegExp][] = [
  ['an empty file', () => '\n', /:1:1 error: 文件是空的/],
  ['a YAML syntax error, with its line', (t) => t.replace('year: 2017', 'year: [2017'), /:\d+:\d+ error: YAML 语法错误/],
  ['a list instead of a mapping', () => '- a\n- b\n', /顶层应是键值映射.*实际是一个列表/],
  ['a scalar instead of a mapping', () => 'hello\n', /顶层应是键值映射.*实际是一个单独的值（"hello"）/],
  ['a count written as "abc"', (t) => t.replace('s3_1: 48', 's3_1: abc'), /error （一）收到申请数 \(stats\.s3_1\): 应填写不小于0的整数.*实际是 "abc"/],
  ['a count written as 1.5', (t) => t.replace('s3_1: 48', 's3_1: 1.5'), /error （一）收到申请数 \(stats\.s3_1\): 应为整数，实际是 1\.5/],
  ['a count written as -1', (t) => t.replace('s3_1: 48', 's3_1: -1'), /error （一）收到申请数 \(stats\.s3_1\): 不能为负数，实际是 -1/],
  ['a missing required field', (t) => t.replace(/\n  s3_2: 48.*\n/, '\n'), /error （二）申请办结数 \(stats\.s3_2\): 缺少必填字段 stats\.s3_2/],
  ['a missing top-level field', (t) => t.replace('\nyear: 2017\n', '\n'), /error 报告年度 \(year\): 缺少必填字段 year/],
  ['an unknown field, with a guess', (t) => t.replace('s3_1: 48', 's3_1: 48\n  s3_1_44: 1'), /error .*\(stats\.s3_1_44\): 未知字段 "s3_1_44"，是不是 "s3_1_4"？/],
  ['an unknown top-level field', (t) => t.replace('scope: 全市', 'scope: 全市\nscpoe: 全市'), /未知字段 "scpoe"，是不是 "scope"？/],
  ['a duplicate key', (t) => t.replace('s3_1: 48', 's3_1: 48\n  s3_1: 47'), /error: 重复的键：s3_1/],
  ['an unknown format', (t) => t.replace('format: old-2008', 'format: old-2009'), /error 报告格式 \(format\): 未知的报告格式 "old-2009"，可用的格式：.*old-2008/],
  ['a malformed date', (t) => t.replace('date: 2018-03-30', 'date: 2018/3/30'), /error 发布日期 \(date\): 格式不对（应为 YYYY-MM-DD/],
  ['a paragraph that is a number', (t) => t.replace('  problems:\n    - ', '  problems:\n    - 12\n    - '), /error 六、存在的主要问题 \(sections\.problems\[0\]\): 应为一段文字/],
  [
    'a YAML alias bomb',
    () => ['format: old-2008', 'a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${new Array(10).fill('*' + 'abcdefghi'[i]).join(', ')}]`)].join('\n') + '\n',
    /error: 无法展开 YAML 别名/,
  ],
];

describe('bad input gets a message a clerk can act on, never a stack trace', () => {
  for (const [what, edit, message] of cases)
    it(what, () => {
      const { file } = variant(edit, 'bad.yaml');
      const r = check(file);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(message);
      expect(r.stdout).toContain(file);
    });

  it('a binary file', () => {
    const file = join(tempDir(), 'binary.yaml');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff, 0xfe]));
    const r = check(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('不是 UTF-8 文本文件');
  });

  it('a 50 MB file', () => {
    const file = join(tempDir(), 'huge.yaml');
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 'a: 1\n'));
    const r = check(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('文件过大（50.0 MB');
  });

  it('a path that does not exist', () => {
    const r = check(join(tempDir(), 'nope.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml: 文件或文件夹不存在');
    expect(nianbao(['build', 'nope.yaml']).code).toBe(2);
  });

  it('an output folder that cannot be written', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-file'), '');
    const r = nianbao(['build', SAMPLE, '--out', join(dir, 'a-file', 'out')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('无法写入');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('npm link (a global install of the checkout) puts nianbao on the PATH: no npx needed', () => {
    const prefix = tempDir();
    const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--ignore-scripts', ROOT], { encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    const r = spawnSync(join(prefix, 'bin', 'nianbao'), ['check', SAMPLE], { encoding: 'utf8', cwd: prefix });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 个文件：0 个错误，4 个警告');
  });

  it('usage errors exit 2 with the help', () => {
    for (const args of [[], ['frobnicate', SAMPLE], ['build'], ['build', SAMPLE, '--format', 'odt'], ['build', SAMPLE, '--bogus']]) {
      const r = nianbao(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('用法');
    }
    expect(nianbao(['--help']).code).toBe(0);
    expect(nianbao(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('text is printed as typed', () => {
  const typed = 'A&B <c> "引号" {{year}} }}';
  const { dir, file } = variant((t) =>
    t
      .replace('  problems:\n    - ', `  problems:\n    - '${typed}'\n    - `)
      .replace('unit: 西宁市人民政府', "unit: '../../evil/单位'")
      .replace('region: 西宁市', "region: '../西宁市'"),
  );

  it('never HTML-escaped, never evaluated as a template, in both outputs; names never leave the output folder', () => {
    const out = join(dir, 'out');
    const r = nianbao(['build', file, '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['xining.docx', 'xining.pdf']);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.yaml')).sort()).toEqual(['out']);
    expect(compactText(join(out, 'xining.pdf'))).toContain(compact(typed));
    const xml = strFromU8(unzipSync(readFileSync(join(out, 'xining.docx')))['word/document.xml']);
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)]
      .map((m) => m[1])
      .join('')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    expect(text).toContain(typed);
    expect(text).not.toContain('&amp;');
  });
});
