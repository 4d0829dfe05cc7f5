/**
 * The commands and options of the command line, their help in Chinese, and the Chinese messages for what a user
 * mistypes (a command or an option near one that exists gets "是不是 …？").
 */

import { DEFAULT_OUTPUTS, WRITERS, WRITER_OPTIONS } from '../writers/index.js';

export interface Command {
  name: string;
  usage: string;
  /** what the command does, and its options */
  text: string;
  options: string[];
  /** its exit codes, where they are not EXIT's */
  exit?: string;
}

const FONTS = '--fonts 指定 PDF 用的字体文件（如正式的方正小标宋简体、仿宋_GB2312），见 README。';

/** The outputs and the writers' own options, as build and watch take them. */
const OUTPUTS = WRITERS.map((w) => w.id).join(',');
const WRITER_USAGE = Object.entries(WRITER_OPTIONS)
  .map(([name, o]) => `[--${name}${o.values ? ` ${o.values.join('|')}` : ''}]`)
  .join(' ');
const WRITER_HELP = `--format 要生成的文件：${WRITERS.map((w) => w.id).join('、')}，可用逗号连写（默认 ${DEFAULT_OUTPUTS.join(',')}）。
${Object.entries(WRITER_OPTIONS)
  .map(([name, o]) => `--${name} ${o.help}。`)
  .join('\n')}`;

export const COMMANDS: Command[] = [
  {
    name: 'build',
    usage: `nianbao build <文件|文件夹>... [--out 目录] [--format ${OUTPUTS}] [--fonts 字体配置.yaml] ${WRITER_USAGE} [--jobs N]`,
    text: `检查数据，然后为每个数据文件生成 <目录>/<数据文件名>.pdf 和 .docx（默认目录 out；--format 可另选 html）。
有错误的单位不生成任何文件；警告会打印出来，生成照常进行。
${WRITER_HELP}
${FONTS}
--jobs 同时生成几个单位（默认为 CPU 核数）；显示进度，最后列出汇总表。`,
    options: ['out', 'format', 'fonts', ...Object.keys(WRITER_OPTIONS), 'jobs'],
  },
  {
    name: 'check',
    usage: 'nianbao check <文件|文件夹|报告.docx|报告.html>... [--strict] [--fonts 字体配置.yaml]',
    text: `只检查：逐行列出所有错误和警告（文件:行:列 error|warning 栏目 (字段): 说明）。
检查的内容与 build 生成前的检查完全相同（包括每个字符能否用所配置的字体印出，
正文中手写的数字与统计表是否一致，与上年报告 previous 的衔接）。
--strict 把统计表中的空白栏（~）当作错误，而不只是警告。`,
    options: ['strict', 'fonts'],
  },
  {
    name: 'summary',
    usage: 'nianbao summary <文件|文件夹>... [--out 汇总.csv|汇总.xlsx] [--fonts 字体配置.yaml]',
    text: `检查每个单位（与 check 相同），列出汇总表：每个单位一行（按上下级顺序），类别、上级单位、状态
（通过、有警告、有错误，列出了数据文件却没有的下级单位为“缺报”）、主要数字（新收申请、办结、复议、诉讼，
旧格式还有主动公开）、错误数和警告数，再按类别小计和合计（合计即全部单位之和）。
某个数字为 0 而同级同类单位平均超过 20 时给出提示，供审核时核实。
--out 另写成文件：.csv（Excel 可直接打开）或 .xlsx。`,
    options: ['out', 'fonts'],
    exit: '退出码: 0 已列出汇总表（各单位的错误和警告是表的内容）；2 用法错误、文件无法读取或汇总表无法写入。',
  },
  {
    name: 'watch',
    usage: `nianbao watch <文件|文件夹>... [--out 目录] [--format ${OUTPUTS}] [--fonts 字体配置.yaml] ${WRITER_USAGE} [--preview [--port N]]`,
    text: `先生成一次，然后每次保存数据文件（或格式、模板）后自动重新生成受影响的单位（包括汇总它的上级单位）；
保存的文件有错误时保留上次生成的文件并显示错误。--preview 在本机（127.0.0.1）提供预览页面，
显示最新的 PDF 和问题，每次重新生成后自动刷新；--port 指定端口（默认随机）。按 Ctrl-C 结束。
--format 和各输出的选项同 build。`,
    options: ['out', 'format', 'fonts', ...Object.keys(WRITER_OPTIONS), 'preview', 'port'],
  },
  {
    name: 'init',
    usage: 'nianbao init <新数据文件.yaml> --format <格式> --unit <单位名称> --year <年度> [--kind 政府|部门|乡镇|街道] [--from 上年数据.yaml] [--xlsx]',
    text: `写一个完整的数据文件供填写：每个字段、每个部分（附填写提示）、统计表每一行（附官方栏目名，数字为 0）。
写出的文件可直接通过 check（还需填写的内容给出警告）。已有的数据文件和工作簿不会被覆盖（同名的 .schema.json 会更新）。
--from 上年的数据文件：沿用单位信息，上年的“结转下年度继续办理”填入本年的“上年结转”，
上年的段落留作修改的底稿（每段前标注“请按本年情况修改”）。
--xlsx 统计表另写成 Excel 工作簿（与数据文件同名的 .xlsx，一张表一个工作表，版式同官方表格，
只有数字格可填）；数据文件用 tables: 指向它，check 和 build 从中读取数字。`,
    options: ['format', 'unit', 'year', 'kind', 'from', 'xlsx'],
  },
  {
    name: 'import',
    usage: 'nianbao import <报告.docx|报告.html> [-o 数据文件.yaml] [--format 格式]',
    text: `把用 Word 写的或门户网站上发布的年度报告读成 nianbao 的数据文件（默认与原文件同名的 .yaml）：
标题（单位、年度）、各部分的段落（分项和小标题）、表二至表四（按官方栏目名识别，不论表格怎样合并单元格）、落款。
推测的地方在文件中注明“导入时推测”，未能读出的列在文件开头。nianbao 自己会生成的说明句子不再重复导入。
--format 指定格式（默认按年度：2021 年起 national-2021，2019—2020 年 national-2019）。
检查别人做的报告：nianbao check 报告.docx（问题指向原文的段落和表格行）。`,
    options: ['out', 'format'],
  },
  {
    name: 'schema',
    usage: 'nianbao schema --format <格式> [-o 文件.json]',
    text: `输出某一格式数据文件的 JSON Schema（给 VS Code 的 YAML 插件用：补全字段名，悬停显示官方栏目名）。
init 写出的数据文件第一行已指向它。-o 写入文件，否则打印。`,
    options: ['format', 'out'],
  },
  {
    name: 'formats',
    usage: 'nianbao formats',
    text: '列出每种报告格式：名称、适用年度、各部分的 id 和统计表各行的键（附官方栏目名）。',
    options: [],
  },
  {
    name: 'help',
    usage: 'nianbao help [命令]',
    text: '显示全部命令的用法，或某一命令的详细说明。',
    options: [],
  },
];

export const OPTIONS = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  fonts: { type: 'string' },
  ...(Object.fromEntries(Object.entries(WRITER_OPTIONS).map(([name, o]) => [name, { type: o.type }])) as Record<string, { type: 'string' | 'boolean' }>),
  jobs: { type: 'string', short: 'j' },
  strict: { type: 'boolean' },
  preview: { type: 'boolean' },
  port: { type: 'string' },
  unit: { type: 'string' },
  year: { type: 'string' },
  kind: { type: 'string' },
  from: { type: 'string' },
  xlsx: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export const EXIT = '退出码: 0 成功（可有警告）；1 数据有错误；2 用法错误或文件无法读取。';

/** The help of every command (nianbao --help, nianbao help). */
export function help(): string {
  const list = COMMANDS.map((c) => `  ${c.usage}`).join('\n');
  return `nianbao — 政府信息公开工作年度报告生成工具\n\n用法:\n${list}\n  nianbao --help | --version\n\n${COMMANDS.filter((c) => c.name !== 'help')
    .map((c) => `${c.name.padEnd(8)}${c.text.replace(/\n/g, '\n        ')}`)
    .join('\n')}\n\n${EXIT}`;
}

/** The help of one command (nianbao help build, nianbao build --help). */
export function commandHelp(command: Command): string {
  return `用法: ${command.usage}\n\n${command.text}\n\n${command.exit ?? EXIT}`;
}

/** Edit distance, for "是不是 …？". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The name nearest to a mistyped one, if it is near enough to be what was meant. */
export function nearest(typed: string, names: string[]): string | undefined {
  const [best] = names.map((n) => ({ n, d: distance(typed.toLowerCase(), n) })).sort((x, y) => x.d - y.d);
  return best && best.d <= Math.max(1, Math.ceil(best.n.length / 3)) ? best.n : undefined;
}

/** node:util parseArgs's errors, in Chinese. */
export function argumentError(e: Error & { code?: string }, command: Command | undefined): string {
  const option = /'(-\w, )?(--[\w-]+)/.exec(e.message)?.[2] ?? /'(--?[\w-]+)'/.exec(e.message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // --format is the report format for init and schema; --out a file for summary and schema
    const byCommand: Record<string, Record<string, string>> = { init: { '--format': 'national-2021' }, schema: { '--format': 'national-2021', '--out': '2025.schema.json' }, summary: { '--out': '汇总.xlsx' } };
    const example = byCommand[command?.name ?? '']?.[option] ?? EXAMPLE_VALUES[option.slice(2)];
    if (/argument missing|ambiguous/.test(e.message)) return `选项 ${option} 后面缺少值（例如 ${option} ${example ?? '…'}）`;
    return `选项 ${option} 不带值（去掉 = 后面的内容）`;
  }
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = command ? command.options : Object.keys(OPTIONS);
    const guess = nearest(option.replace(/^-+/, ''), known);
    return `未知选项 ${option}${guess ? `：是不是 --${guess}？` : ''}${command ? `（${command.name} 可用的选项：${known.map((o) => `--${o}`).join(' ') || '无'}）` : ''}`;
  }
  return e.message;
}

const EXAMPLE_VALUES: Record<string, string> = { out: 'out', format: 'pdf,docx', fonts: 'fonts.yaml', 'word-fonts': 'windows', jobs: '2', port: '8080', unit: '某县市场监督管理局', year: '2025', kind: '部门', from: '2024.yaml' };
