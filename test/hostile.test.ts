/**
 * nianbao tried as a hostile user would: bad data, hostile structure, characters, links, fonts files and faults of
 * the output folder. Each case asserts the message (one line, located), the exit code, and that nothing outside the
 * output folder, and nothing of a failed unit, changed.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SAMPLE, compactText, nianbaoAsync, notdefGlyphs, pdfPages, tempDir } from './helpers.js';

const sample = readFileSync(SAMPLE, 'utf8');
const CITY = join(ROOT, 'data/xining-2017');

/** Every file below `dir` with its bytes (links as their targets), to see that nothing changed. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = lstatSync(path);
      const key = relative(dir, path);
      if (st.isSymbolicLink()) out.set(key, `link → ${readlinkSync(path)}`);
      else if (st.isDirectory()) walk(path);
      else out.set(key, readFileSync(path).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

/**
 * A sandbox: the city's data files in data/ (the one under test as x.yaml), an output folder out/, and outside/ with
 * a file nianbao must never touch.
 */
function sandbox(text?: string | Buffer): { root: string; data: string; file: string; out: string; outside: string } {
  const root = tempDir();
  const data = join(root, 'data');
  mkdirSync(data);
  for (const f of readdirSync(CITY)) copyFileSync(join(CITY, f), join(data, f));
  const file = join(data, 'x.yaml');
  if (text !== undefined) writeFileSync(file, text);
  mkdirSync(join(root, 'out'));
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'keep.txt'), 'a file outside the output folder');
  return { root, data, file, out: join(root, 'out'), outside: join(root, 'outside') };
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

/** The problem lines of a run's output (check prints them on stdout, build too). */
const problemLines = (stdout: string) => stdout.split('\n').filter((l) => / (error|warning)( |:)/.test(l) && /:\d+:\d+ /.test(l));

interface DataCase {
  what: string;
  text: string | Buffer | (() => string | Buffer);
  /** the message, and the line it must be reported at (a needle of the text, or a number) */
  message: RegExp;
  line?: string | number;
  code?: number;
}

const withParagraph = (p: string) => sample.replace('  problems:\n    - ', `  problems:\n    - ${p}\n    - `);

const dataCases: DataCase[] = [
  { what: 'an empty file', text: '', message: /:1:1 error: 文件是空的/ },
  { what: 'only white space and comments', text: '\n   \n', message: /文件是空的/ },
  { what: 'a binary file', text: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]), message: /不是 UTF-8 文本文件/ },
  { what: 'a file saved as GBK', text: Buffer.from([0x66, 0x6f, 0x72, 0x3a, 0x20, 0xce, 0xf7, 0xc4, 0xfe, 0x0a]), message: /不是 UTF-8 文本文件/ },
  { what: 'a prose file: one line, at most 60 characters quoted', text: '这是一段散文，不是数据文件。'.repeat(800), message: /实际是一个单独的值（"这是一段散文.{40,60}…（共 11200 字）"）$/ },
  { what: 'a list instead of a mapping', text: '- a\n- b\n', message: /实际是一个列表/ },
  { what: 'an unterminated double quote, at its line', text: () => sample.replace('self: 我市', 'self: "我市'), message: /引号 " 没有结束/, line: 'self: "我市' },
  { what: 'an unterminated single quote, at its line', text: () => sample.replace('scope: 全市', "scope: '全市"), message: /引号 ' 没有结束/, line: "scope: '全市" },
  {
    what: 'keys indented with full-width spaces: one message per line, naming the fix',
    text: () => sample.replace('\n  overview:', '\n　　overview:'),
    message: /第\d+行用全角空格（　）缩进，YAML 不认：请用半角空格缩进/,
    line: '　　overview:',
  },
  { what: 'a key indented with a tab', text: () => sample.replace('\n  s3_1: 48', '\n\ts3_1: 48'), message: /用制表符（Tab）缩进/, line: '\ts3_1: 48' },
  { what: 'flow collections 20,000 deep', text: `format: old-2008\na: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, message: /嵌套超过 32 层/, line: 2 },
  { what: 'a block list 1,500 deep', text: () => `a:\n${Array.from({ length: 1500 }, (_, i) => ' '.repeat(i) + '- ').join('\n')}\n`, message: /嵌套过深/ },
  {
    what: 'a YAML alias bomb',
    text: ['format: old-2008', 'a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${new Array(10).fill('*' + 'abcdefghi'[i]).join(', ')}]`)].join('\n'),
    message: /无法展开 YAML 别名/,
  },
  { what: 'a count of .inf', text: () => sample.replace('s3_1: 48', 's3_1: .inf'), message: /\(stats\.s3_1\): .*实际是 \.inf（无穷大）/, line: 's3_1: .inf' },
  { what: 'a count of .nan', text: () => sample.replace('s3_1: 48', 's3_1: .nan'), message: /\(stats\.s3_1\): .*实际是 \.nan（非数）/, line: 's3_1: .nan' },
  { what: 'a year of -.inf', text: () => sample.replace('year: 2017', 'year: -.inf'), message: /报告年度 \(year\): 应填写数字，实际是 -\.inf/, line: 'year: -.inf' },
  { what: 'a __proto__ key', text: () => sample.replace('scope: 全市', 'scope: 全市\n__proto__: 1'), message: /error __proto__: 未知字段 "__proto__"；这里可用的有：format、example、year、/, line: '__proto__: 1' },
  { what: 'a constructor key in a table', text: () => sample.replace('s3_1: 48', 's3_1: 48\n  constructor: 1'), message: /\(stats\.constructor\): 未知字段 "constructor"/, line: 'constructor: 1' },
  { what: 'a 100-character unknown key is quoted short', text: () => sample.replace('scope: 全市', `scope: 全市\n${'k'.repeat(100)}: 1`), message: /未知字段 "k{60}…（共 100 字）"/ },
  { what: 'a date that is not in the calendar', text: () => sample.replace('date: 2018-03-30', 'date: 2018-02-30'), message: /发布日期 \(date\): 不是有效的日期：2018年2月只有28天，没有30日/, line: 'date: 2018-02-30' },
  { what: 'a date with month 13 and day 45', text: () => sample.replace('date: 2018-03-30', 'date: 2018-13-45'), message: /不是有效的日期：月份 13 不存在/, line: 'date: 2018-13-45' },
  { what: 'a date in 1970', text: () => sample.replace('date: 2018-03-30', 'date: 1970-01-01'), message: /不是有效的日期：年份 1970 不在 2000—2100 之间/, line: 'date: 1970-01-01' },
  { what: '29 February of a year that has none', text: () => sample.replace('date: 2018-03-30', 'date: 2019-02-29'), message: /2019年2月只有28天/ },
  { what: 'a date in words', text: () => sample.replace('date: 2018-03-30', 'date: 三月三十日'), message: /格式不对（应为 YYYY-MM-DD/ },
  {
    what: 'a bell typed as a YAML escape, at the escape',
    text: () => withParagraph('"响铃\\a之后"'),
    message: /error 六、存在的主要问题 \(sections\.problems\[0\]\): 控制字符 U\+0007 不能打印，请删除，位于「响铃\[U\+0007\]之后」/,
    line: '响铃\\a',
  },
  { what: 'a NUL typed as an escape', text: () => withParagraph('"空\\0字符"'), message: /控制字符 U\+0000 不能打印/, line: '空\\0' },
  { what: "a vertical tab from Word's line break", text: () => withParagraph('"第一行\\v第二行"'), message: /控制字符（垂直制表符，Word 的手动换行符） U\+000B/, line: '第一行\\v' },
  { what: 'a C1 control (NEL)', text: () => withParagraph('"下一\\N行"'), message: /控制字符 U\+0085/, line: '下一\\N' },
  { what: 'a noncharacter U+FFFE', text: () => withParagraph('"非\\uFFFE字符"'), message: /非字符 U\+FFFE 不能打印/, line: '非\\uFFFE' },
  { what: 'an emoji', text: () => withParagraph('办理满意😀。'), message: /字符「😀」（U\+1F600）在所有已配置的字体中都没有字形/, line: '办理满意😀' },
  { what: 'a character of CJK Extension C, which no bundled face has', text: () => withParagraph('姓名\u{2A700}。'), message: /字符「\u{2A700}」（U\+2A700）在所有已配置的字体中都没有字形/u, line: '姓名\u{2A700}' },
  {
    what: 'a character no face has in two values printed only in generated sentences: each at its own line',
    text: () => sample.replace('unit: 西宁市人民政府', 'unit: 西宁市人民政府😀').replace('  label: 四区三县', '  label: 四区三县😀'),
    message: /error 下级单位 \(subunits\.label\): 字符「😀」/,
    line: 'label: 四区三县😀',
  },
  { what: 'a character no face has, in the unit name of a generated sentence', text: () => sample.replace('region: 西宁市', 'region: 西宁市🏙'), message: /\(region\): 字符「🏙」/, line: 'region: 西宁市🏙' },
  { what: 'an emoji typed as a pair of \\u escapes, at the escape', text: () => withParagraph('"前文\\ud83d\\ude00后文"'), message: /字符「😀」（U\+1F600）/, line: '前文\\ud83d' },
  { what: 'an unterminated quote in a file with Windows line ends', text: () => sample.replace('self: 我市', 'self: "我市').replace(/\n/g, '\r\n'), message: /第\d+行开始的引号 " 没有结束/, line: 'self: "我市' },
  {
    what: 'an unterminated quote after a valid quoted text over two lines: the unterminated one',
    text: () => withParagraph('"第一行，\n      第二行"').replace('- lead: 提高政治站位。', '- lead: "提高政治站位。'),
    message: /引号 " 没有结束/,
    line: 'lead: "提高政治站位。',
  },
  { what: 'a sub-unit listed twice (under two spellings)', text: () => sample.replace('files: [chengdong.yaml,', 'files: [chengdong.yaml, ./chengdong.yaml,'), message: /下级单位 \.\/chengdong\.yaml 重复列出/ },
  { what: 'a sub-unit path of 150 characters is quoted short', text: () => sample.replace('files: [chengdong.yaml,', `files: [${'长'.repeat(150)}.yaml,`), message: /下级缺报："?长{60}…（共 155 字）/ },
];

/** Where a case's message must be: its line, from a needle of the text. */
function expectedLine(text: string, line: DataCase['line']): number | undefined {
  return typeof line === 'string' ? lineOf(text, line) : line;
}

describe.concurrent('bad data and hostile structure: check gives one located line per problem; build writes nothing', () => {
  for (const c of dataCases)
    it(c.what, async () => {
      const text = typeof c.text === 'function' ? c.text() : c.text;
      const box = sandbox(text);
      const before = snapshot(box.root);
      const r = await nianbaoAsync(['check', box.file], box.root);
      expect(r.code, r.stdout + r.stderr).toBe(c.code ?? 1);
      const out = r.stdout + r.stderr;
      expect(out).not.toMatch(/\n\s+at |TypeError|RangeError|Maximum call stack|内部错误|\[object Object\]|null/);
      for (const l of out.split('\n')) expect(l.length, l).toBeLessThan(400);
      const lines = problemLines(r.stdout);
      const hit = lines.find((l) => c.message.test(l));
      expect(hit, lines.join('\n')).toBeDefined();
      const line = expectedLine(String(text), c.line);
      if (line !== undefined) expect(hit).toContain(`${box.file}:${line}:`);
      // build: the same problems, and no file at all
      const b = await nianbaoAsync(['build', box.file, '--out', box.out], box.root);
      expect(b.code).toBe(1);
      // where a structure too deep for the parser gives out depends on the stack the process has used (a line or two)
      const unstacked = (ls: string[]) => ls.map((l) => (/嵌套过深|Stack overflow/.test(l) ? l.replace(/:\d+:\d+ /, ':*:* ') : l));
      expect(unstacked(problemLines(b.stdout))).toEqual(unstacked(lines));
      expect(snapshot(box.root)).toEqual(before);
    });
});

describe('characters that carry no meaning', () => {
  it('are removed with a warning at their line (also typed as escapes); the PDF and DOCX do not hold them', async () => {
    const text = withParagraph('"零宽\\u200b空格与软\\u00ad连字符"').replace('  problems:\n    - ', `  problems:\n    - 字\u2060连接符与\ufeff字节序标记。\n    - `);
    const box = sandbox(text);
    const r = await nianbaoAsync(['build', box.file, '--out', box.out], box.root);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const warnings = problemLines(r.stdout).filter((l) => l.includes('删除了不可见字符'));
    expect(warnings.map((l) => /U\+[0-9A-F]{4}/.exec(l)![0]).sort()).toEqual(['U+00AD', 'U+200B', 'U+2060', 'U+FEFF']);
    const escaped = lineOf(text, '零宽\\u200b');
    expect(warnings.find((l) => l.includes('U+200B'))).toContain(`${box.file}:${escaped}:${text.split('\n')[escaped - 1].indexOf('\\u200b') + 1} warning`);
    const check = await nianbaoAsync(['check', box.file], box.root);
    expect(problemLines(check.stdout)).toEqual(problemLines(r.stdout));
    const pdf = compactText(join(box.out, 'x.pdf'));
    expect(pdf).toContain('零宽空格与软连字符');
    expect(pdf).toContain('字连接符与字节序标记。');
    const docx = readFileSync(join(box.out, 'x.docx'));
    expect(notdefGlyphs(readFileSync(join(box.out, 'x.pdf')))).toBe(0);
    expect(docx.length).toBeGreaterThan(0);
  });

  it('rare characters print from the fallback face, and Extension B beyond it from the rare face, with no .notdef glyph', async () => {
    const box = sandbox(withParagraph('经办人张喆、王堃、𠮷田、𪚥氏。'));
    const r = await nianbaoAsync(['build', box.file, '--out', box.out, '--format', 'pdf'], box.root);
    expect(r.code, r.stdout).toBe(0);
    const pdf = join(box.out, 'x.pdf');
    expect(compactText(pdf)).toContain('经办人张喆、王堃、𠮷田、𪚥氏。');
    expect(notdefGlyphs(readFileSync(pdf))).toBe(0);
    const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
    expect(fonts).toContain('NotoSerifCJKsc-Regular');
    expect(fonts).toContain('HanaMinB');
  });
});

describe.concurrent('columns', () => {
  it('count characters as an editor shows them: a character beyond the BMP before is one column', async () => {
    const box = sandbox(withParagraph('𠮷田😀。'));
    const r = await nianbaoAsync(['check', box.file], box.root);
    const line = lineOf(readFileSync(box.file, 'utf8'), '𠮷田😀');
    expect(problemLines(r.stdout).find((l) => l.includes('U+1F600'))).toContain(`${box.file}:${line}:9 error`);
  });

  it('a data file that is a pipe: check and build both exit 2', async () => {
    const box = sandbox();
    spawnSync('mkfifo', [join(box.data, 'pipe.yaml')]);
    expect((await nianbaoAsync(['check', join(box.data, 'pipe.yaml')], box.root)).code).toBe(2);
    expect((await nianbaoAsync(['build', join(box.data, 'pipe.yaml'), '--out', box.out], box.root)).code).toBe(2);
  });
});

describe.concurrent('text the clerk pasted that is fine', () => {
  it('a | block whose lines begin with full-width spaces and end with a colon is text, not indentation', async () => {
    const box = sandbox(sample.replace('  problems:\n    - ', '  problems:\n    - |\n      　　存在的问题主要是：\n    - '));
    const r = await nianbaoAsync(['build', box.file, '--out', box.out, '--format', 'pdf'], box.root);
    expect(r.code, r.stdout).toBe(0);
    expect(compactText(join(box.out, 'x.pdf'))).toContain('存在的问题主要是：');
  });

  it('an ideographic variation selector is removed with a warning', async () => {
    const box = sandbox(withParagraph('葛\u{E0100}洪。'));
    const r = await nianbaoAsync(['check', box.file], box.root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('删除了不可见字符 U+E0100（异体字选择符）');
  });

  it('a city data file given as a link from another folder finds its districts beside the file it points to', async () => {
    const box = sandbox(sample);
    const links = join(box.root, 'links');
    mkdirSync(links);
    symlinkSync(box.file, join(links, 'city.yaml'));
    const r = await nianbaoAsync(['check', join(links, 'city.yaml')], box.root);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain('下级');
  });
});

describe('the .notdef count reads real glyphs', () => {
  it('finds the box a face draws for a character it lacks (pdfkit directly, no check in between)', async () => {
    const PDFDocument = createRequire(createRequire(import.meta.url).resolve('pdfmake'))('pdfkit');
    const doc = new PDFDocument({ compress: true });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((r) => doc.on('end', r));
    doc.font(join(ROOT, 'fonts/NotoSerifCJKsc-Numbers.ttf')).text('— 1 —');
    doc.text('— 中 —'); // the page-number face has digits and dashes only
    doc.end();
    await done;
    expect(notdefGlyphs(Buffer.concat(chunks))).toBe(1);
  });
});

describe('sub-units', () => {
  const city = (files: string[]) => {
    const text = sample.replace(/subunits:\n  label: 四区三县\n  files:[^]*?\n(?=\S)/, `subunits:\n  label: 四区三县\n  files: [${files.join(', ')}]\n`);
    if (!text.includes(`files: [${files.join(', ')}]`)) throw new Error('the sample names its districts otherwise now: mend city()');
    return text;
  };
  const district = (subs: string[]) =>
    readFileSync(join(CITY, 'chengdong.yaml'), 'utf8').replace(/\nstats:/, `\nsubunits:\n  label: 各街道\n  files: [${subs.join(', ')}]\nstats:`);

  it('a cycle of two files is an error in both, naming the chain; neither is built', async () => {
    const box = sandbox(city(['chengdong.yaml']));
    writeFileSync(join(box.data, 'chengdong.yaml'), district(['x.yaml']));
    const outside = snapshot(box.outside);
    const r = await nianbaoAsync(['build', box.data, '--out', box.out], box.root);
    expect(r.code).toBe(1);
    const errors = problemLines(r.stdout).filter((l) => l.includes('循环引用'));
    // each unit's message names the whole chain (from whichever of the two was read first)
    const chain = /循环引用：(data\/x\.yaml → data\/chengdong\.yaml → data\/x\.yaml|data\/chengdong\.yaml → data\/x\.yaml → data\/chengdong\.yaml)$/;
    for (const unit of ['x.yaml', 'chengdong.yaml']) expect(errors.find((l) => l.startsWith(join(box.data, unit))), errors.join('\n')).toMatch(chain);
    expect(errors.every((l) => / error /.test(l))).toBe(true);
    expect(existsSync(join(box.out, 'x.pdf')) || existsSync(join(box.out, 'chengdong.pdf'))).toBe(false);
    expect(snapshot(box.outside)).toEqual(outside);
  });

  it('a cycle of three files and a file naming itself are errors', async () => {
    const box = sandbox(city(['chengdong.yaml', 'x.yaml']));
    writeFileSync(join(box.data, 'chengdong.yaml'), district(['chengxi.yaml']));
    writeFileSync(join(box.data, 'chengxi.yaml'), district(['x.yaml']).replace('format:', 'format:'));
    const r = await nianbaoAsync(['check', box.file], box.root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('下级单位循环引用：data/x.yaml → data/chengdong.yaml → data/chengxi.yaml → data/x.yaml');
    expect(r.stdout).toContain('下级单位循环引用：data/x.yaml → data/x.yaml');
  });

  it('a missing file, a folder, and a link that leads nowhere are 下级缺报 (errors)', async () => {
    const box = sandbox(city(['gone.yaml', 'folder.yaml', 'dangling.yaml']));
    mkdirSync(join(box.data, 'folder.yaml'));
    symlinkSync(join(box.data, 'nowhere.yaml'), join(box.data, 'dangling.yaml'));
    const r = await nianbaoAsync(['check', box.file], box.root);
    expect(r.code).toBe(1);
    const text = readFileSync(box.file, 'utf8');
    const line = lineOf(text, 'files: [gone.yaml');
    for (const m of ['下级缺报：gone.yaml 文件不存在', '下级缺报：folder.yaml 不是数据文件（是文件夹、设备或管道）', '下级缺报：dangling.yaml 文件不存在'])
      expect(problemLines(r.stdout).find((l) => l.includes(m))).toMatch(new RegExp(`^${box.file}:${line}:\\d+ error 下级单位 \\(subunits\\.files\\[\\d\\]\\)`));
  });

  it('a path out of the data tree is refused and never read; so is a link that points out of it', async () => {
    const box = sandbox(city(['../../../../../../etc/passwd', '../outside/keep.yaml', 'escape.yaml']));
    writeFileSync(join(box.outside, 'keep.yaml'), readFileSync(join(CITY, 'chengdong.yaml')));
    symlinkSync(join(box.outside, 'keep.yaml'), join(box.data, 'escape.yaml'));
    const r = await nianbaoAsync(['check', box.file], box.root);
    expect(r.code).toBe(1);
    const refused = problemLines(r.stdout).filter((l) => l.includes('在本文件所在的文件夹') && l.includes(' error '));
    expect(refused.length).toBe(3);
    expect(r.stdout).not.toMatch(/root:|YAML 语法错误/);
  });
});

describe.concurrent('fonts files: a path that is not a font is refused at once, exit 2', () => {
  const fontCases: [string, (dir: string) => string, RegExp][] = [
    ['a device (/dev/zero)', () => '/dev/zero', /\/dev\/zero（body）是设备或管道，不是普通文件/],
    ['a text file', (dir) => (writeFileSync(join(dir, 'f.ttf'), 'not a font at all'), join(dir, 'f.ttf')), /f\.ttf（body）不是 TrueType\/OpenType 字体文件（\.ttf\/\.otf\/\.ttc）：开头的字节是 6e6f7420/],
    ['a folder', (dir) => dir, /是文件夹，应是 \.ttf\/\.otf\/\.ttc 字体文件/],
    ['a file over 100 MB', (dir) => (writeFileSync(join(dir, 'big.ttf'), ''), truncateSync(join(dir, 'big.ttf'), 101 * 1024 * 1024), join(dir, 'big.ttf')), /过大（101 MB，上限 100 MB）/],
    ['an empty file', (dir) => (writeFileSync(join(dir, 'empty.ttf'), ''), join(dir, 'empty.ttf')), /empty\.ttf（body）不是 TrueType\/OpenType 字体文件（\.ttf\/\.otf\/\.ttc）：文件太短/],
    ['a link loop', (dir) => (symlinkSync(join(dir, 'loop.ttf'), join(dir, 'loop.ttf')), join(dir, 'loop.ttf')), /无法读取（链接循环（符号链接最终指回自己））/],
  ];
  for (const [what, make, message] of fontCases)
    it(what, async () => {
      const box = sandbox();
      const fonts = join(box.root, 'fonts.yaml');
      writeFileSync(fonts, `body: ${make(box.outside)}\n`);
      const before = snapshot(box.root);
      const started = performance.now();
      for (const command of ['build', 'check']) {
        const r = await nianbaoAsync([command, SAMPLE, ...(command === 'build' ? ['--out', box.out] : []), '--fonts', fonts], box.root);
        expect(r.code, r.stdout + r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
      }
      expect(performance.now() - started).toBeLessThan(20000); // /dev/zero used to never return
      expect(snapshot(box.root)).toEqual(before);
    });

  it('a damaged font file with a font signature (cut short)', async () => {
    const box = sandbox();
    writeFileSync(join(box.outside, 'cut.ttf'), readFileSync(join(ROOT, 'fonts/FandolKai-Regular.ttf')).subarray(0, 3000));
    const fonts = join(box.root, 'fonts.yaml');
    writeFileSync(fonts, `body: ${join(box.outside, 'cut.ttf')}\n`);
    for (const command of ['build', 'check']) {
      const r = await nianbaoAsync([command, SAMPLE, ...(command === 'build' ? ['--out', box.out] : []), '--fonts', fonts], box.root);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/cut\.ttf：字体文件已损坏或不完整/);
    }
  });

  it('a number face without the digits of page numbers: they come from the fallback face; check and build agree', async () => {
    const box = sandbox();
    const fonts = join(box.root, 'fonts.yaml');
    writeFileSync(fonts, `number: ${join(ROOT, 'fonts/HanaMinB-ExtB.ttf')}\n`);
    const check = await nianbaoAsync(['check', join(box.data, 'chengdong.yaml'), '--fonts', fonts], box.root);
    const build = await nianbaoAsync(['build', join(box.data, 'chengdong.yaml'), '--out', box.out, '--format', 'pdf', '--fonts', fonts], box.root);
    expect(check.code).toBe(0);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    const pdf = readFileSync(join(box.out, 'chengdong.pdf'));
    expect(notdefGlyphs(pdf)).toBe(0);
    expect(pdfPages(join(box.out, 'chengdong.pdf'))[1]).toMatch(/—\s*2\s*—/);
  });

  it('a body face without a space: spaces come from the fallback face, no .notdef', async () => {
    const box = sandbox(withParagraph('Word 文档 与 空格。'));
    const fonts = join(box.root, 'fonts.yaml');
    writeFileSync(fonts, `body: ${join(ROOT, 'fonts/FandolKai-Regular.ttf')}\nheading: ${join(ROOT, 'fonts/HanaMinB-ExtB.ttf')}\n`);
    const r = await nianbaoAsync(['build', box.file, '--out', box.out, '--format', 'pdf', '--fonts', fonts], box.root);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(notdefGlyphs(readFileSync(join(box.out, 'x.pdf')))).toBe(0);
  });

  it('the fonts file itself a device', async () => {
    const r = await nianbaoAsync(['build', SAMPLE, '--fonts', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('字体配置 /dev/zero 无法读取：不是普通文件');
  });
});

describe.concurrent('data files given as links', () => {
  it('a link to a data file is built like the file, named as given; found in a folder too', async () => {
    const box = sandbox();
    const links = join(box.root, 'links');
    mkdirSync(links);
    symlinkSync(join(box.data, 'chengdong.yaml'), join(links, 'linked.yaml'));
    const r = await nianbaoAsync(['build', links, '--out', box.out, '--format', 'pdf'], box.root);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readdirSync(box.out)).toEqual(['linked.pdf']);
    const one = await nianbaoAsync(['check', join(links, 'linked.yaml')], box.root);
    expect(one.code).toBe(0);
  });

  it('a link loop is 链接循环, as an argument and inside a folder', async () => {
    const box = sandbox();
    symlinkSync(join(box.data, 'loop.yaml'), join(box.data, 'loop.yaml'));
    const one = await nianbaoAsync(['check', join(box.data, 'loop.yaml')], box.root);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('loop.yaml: 链接循环');
    const dir = await nianbaoAsync(['check', box.data], box.root);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain(`${join(box.data, 'loop.yaml')}: 链接循环`);
  });

  it('a folder linked into itself is searched once', async () => {
    const box = sandbox();
    symlinkSync(box.data, join(box.data, 'again'));
    const r = await nianbaoAsync(['check', box.data], box.root);
    expect(r.stdout).toMatch(/^8 个文件：/m);
  });
});

/** A build of the sample's districts into `out`, with `env`; the data files are the city's. */
const districts = ['chengbei', 'chengdong', 'chengxi'];

describe.concurrent('the output folder', () => {
  it('a link planted under each final name is replaced, never followed: nothing outside changes', async () => {
    const box = sandbox();
    for (const ext of ['pdf', 'docx']) symlinkSync(join(box.outside, 'keep.txt'), join(box.out, `chengdong.${ext}`));
    // and links under the names a build of an earlier version would have used for its temporary files
    for (let pid = 1; pid < 400; pid++) symlinkSync(join(box.outside, 'keep.txt'), join(box.out, `.chengdong.pdf.${pid}.tmp`));
    const outside = snapshot(box.outside);
    const r = await nianbaoAsync(['build', join(box.data, 'chengdong.yaml'), '--out', box.out], box.root);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(snapshot(box.outside)).toEqual(outside);
    for (const ext of ['pdf', 'docx']) expect(lstatSync(join(box.out, `chengdong.${ext}`)).isFile()).toBe(true);
    expect(readFileSync(join(box.out, 'chengdong.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('stale temporary files of a killed build are removed by the next build of that unit, others left', async () => {
    const box = sandbox();
    const stale = ['.chengdong.pdf.999999.tmp', '.chengdong.docx.4000000-0123456789ab.nianbao-tmp', '.chengdong.pdf.4000001-0123456789ab.nianbao-old'];
    const kept = [`.chengdong.pdf.${process.pid}-0123456789ab.nianbao-tmp`, '.chengxi.pdf.999999.tmp', 'notes.txt'];
    for (const f of [...stale, ...kept]) writeFileSync(join(box.out, f), 'left over');
    const r = await nianbaoAsync(['build', join(box.data, 'chengdong.yaml'), '--out', box.out], box.root);
    expect(r.code).toBe(0);
    expect(readdirSync(box.out).sort()).toEqual(['chengdong.docx', 'chengdong.pdf', ...kept].sort());
  });

  it('a folder under a temporary name of nianbao’s does not stop the build', async () => {
    const box = sandbox();
    mkdirSync(join(box.out, '.chengdong.pdf.999999.tmp'));
    const r = await nianbaoAsync(['build', join(box.data, 'chengdong.yaml'), '--out', box.out], box.root);
    expect(r.code, r.stdout).toBe(0);
  });

  it('an output name taken by a folder: the unit has none of its new files, its old PDF intact, no temporary file left', async () => {
    const box = sandbox();
    writeFileSync(join(box.out, 'chengdong.pdf'), 'the old PDF');
    mkdirSync(join(box.out, 'chengdong.docx'));
    const r = await nianbaoAsync(['build', join(box.data, 'chengdong.yaml'), '--out', box.out], box.root);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/无法写入（EISDIR.*），本单位的文件都未生成或更新/);
    expect(readFileSync(join(box.out, 'chengdong.pdf'), 'utf8')).toBe('the old PDF');
    expect(readdirSync(box.out).sort()).toEqual(['chengdong.docx', 'chengdong.pdf']);
  });

  it('a file size limit hit part-way (ulimit -f): all new files or none, the old ones intact', async () => {
    const box = sandbox();
    writeFileSync(join(box.out, 'xining.pdf'), 'the old PDF');
    writeFileSync(join(box.out, 'xining.docx'), 'the old DOCX');
    // the DOCX (~20 KB) is written first and fits; the PDF (~350 KB) does not
    const r = spawnSync('sh', ['-c', `ulimit -f 100; exec "${process.execPath}" "${join(ROOT, 'bin/nianbao.js')}" build "${SAMPLE}" --out "${box.out}" --format docx,pdf`], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toContain('EFBIG');
    expect(readFileSync(join(box.out, 'xining.pdf'), 'utf8')).toBe('the old PDF');
    expect(readFileSync(join(box.out, 'xining.docx'), 'utf8')).toBe('the old DOCX');
    expect(readdirSync(box.out).sort()).toEqual(['xining.docx', 'xining.pdf']);
  });

  it('a disk that fills up part-way (a small tmpfs): all new files or none, the old ones intact', async (ctx) => {
    const box = sandbox();
    const disk = join(box.root, 'disk');
    mkdirSync(disk);
    // room for the old files and the new PDF, not for the DOCX after it
    const sizes = join(box.root, 'sizes');
    const first = await nianbaoAsync(['build', SAMPLE, '--out', sizes], box.root);
    expect(first.code).toBe(0);
    const room = Math.ceil(statSync(join(sizes, 'xining.pdf')).size / 4096) * 4096 + 3 * 4096;
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${room}`, 'tmpfs', disk], { encoding: 'utf8' });
    if (mount.status !== 0) return ctx.skip(`no tmpfs can be mounted here: ${mount.stderr.trim()}`);
    try {
      writeFileSync(join(disk, 'xining.pdf'), 'the old PDF');
      writeFileSync(join(disk, 'xining.docx'), 'the old DOCX');
      const r = await nianbaoAsync(['build', SAMPLE, '--out', disk], box.root);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stdout).toMatch(/ENOSPC|磁盘空间不足/);
      expect(readFileSync(join(disk, 'xining.pdf'), 'utf8')).toBe('the old PDF');
      expect(readFileSync(join(disk, 'xining.docx'), 'utf8')).toBe('the old DOCX');
      expect(readdirSync(disk).sort()).toEqual(['xining.docx', 'xining.pdf']);
    } finally {
      spawnSync('umount', [disk]);
    }
  });

  it('kill -9 during a batch: every visible file is an old one or a whole new one; the next build leaves no temporary file', async () => {
    const box = sandbox();
    for (const u of districts) for (const ext of ['pdf', 'docx']) writeFileSync(join(box.out, `${u}.${ext}`), `old ${u}.${ext}`);
    const child = spawn(process.execPath, [join(ROOT, 'bin/nianbao.js'), 'build', ...districts.map((u) => join(box.data, `${u}.yaml`)), '--out', box.out, '--jobs', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((done) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('[1/3]')) child.kill('SIGKILL');
      });
      child.on('exit', () => done());
    });
    for (const u of districts) {
      const pdf = readFileSync(join(box.out, `${u}.pdf`));
      const docx = readFileSync(join(box.out, `${u}.docx`));
      if (pdf.toString() !== `old ${u}.pdf`) expect(pdf.subarray(-6).toString()).toMatch(/%%EOF/);
      if (docx.toString() !== `old ${u}.docx`) expect(docx.subarray(0, 2).toString()).toBe('PK');
    }
    const again = await nianbaoAsync(['build', ...districts.map((u) => join(box.data, `${u}.yaml`)), '--out', box.out], box.root);
    expect(again.code).toBe(0);
    expect(readdirSync(box.out).sort()).toEqual(districts.flatMap((u) => [`${u}.docx`, `${u}.pdf`]).sort());
  });

  it('a read-only output folder (as a user who is not root) is a clear exit 2', async (ctx) => {
    if (process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v setpriv']).status !== 0) return ctx.skip('root without setpriv');
    // the user it runs as must be able to read the checkout (not so in a clone inside a private temporary folder)
    if (process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', join(ROOT, 'dist/cli/main.js')]).status !== 0)
      return ctx.skip('the checkout is not readable by an unprivileged user');
    const box = sandbox();
    chmodSync(box.out, 0o555);
    chmodSync(box.root, 0o777);
    const cmd = `"${process.execPath}" "${join(ROOT, 'bin/nianbao.js')}" build "${join(box.data, 'chengdong.yaml')}" --out "${box.out}"`;
    const r = spawnSync('sh', ['-c', process.getuid?.() === 0 ? `setpriv --reuid=65534 --regid=65534 --clear-groups ${cmd}` : cmd], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(/无法写入（EACCES：没有权限）/);
    expect(readdirSync(box.out)).toEqual([]);
  });
});
