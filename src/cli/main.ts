// Only light modules are imported here: what a command needs (the checks, the writers, the batch) is imported when
// the command runs, so --version and --help start as fast as Node itself.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { formatProblem, summary } from '../load/problem.js';
import type { BuildOptions } from '../build.js';
import type { Session } from '../session.js';
import { outputName } from '../output.js';
import { FontError, ROLES, type Role } from '../fonts/roles.js';
import { collectInputs } from './inputs.js';
import { DEFAULT_OUTPUTS, WRITERS, WRITER_OPTIONS } from '../writers/index.js';
import { COMMANDS, OPTIONS, argumentError, commandHelp, help, nearest, type Command } from './usage.js';

/** A mistake on the command line: exit 2 with the command's usage. */
export class UsageError extends Error {}

function version(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
  return pkg.version;
}

/** A fonts file: `role: path` lines; a relative path is taken from the fonts file's folder. */
async function readFontsFile(file: string): Promise<Partial<Record<Role, string>>> {
  const { parse } = await import('yaml');
  let data: unknown;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('不是普通文件（是文件夹、设备或管道）');
    if (st.size > 64 * 1024) throw new Error(`文件过大（${st.size} 字节），不像字体配置`);
    data = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`字体配置 ${file} 无法读取：${code === 'ENOENT' ? '文件不存在' : (e as Error).message.split('\n')[0]}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`字体配置 ${file} 应是 角色: 字体文件 的映射（${ROLES.join('、')}）`);
  const fonts: Partial<Record<Role, string>> = {};
  for (const [role, path] of Object.entries(data)) {
    if (!ROLES.includes(role as Role)) throw new UsageError(`字体配置 ${file}：未知角色 ${role}，可用：${ROLES.join('、')}`);
    if (typeof path !== 'string' || !path) throw new UsageError(`字体配置 ${file}：${role} 应是字体文件路径`);
    fonts[role as Role] = resolve(dirname(file), path);
  }
  return fonts;
}

export async function main(argv: string[]): Promise<number> {
  const named = COMMANDS.find((c) => c.name === argv.find((a) => !a.startsWith('-')));
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    return usage(argumentError(e as Error, named), named);
  }
  const { values, positionals } = args;
  const [name, ...paths] = positionals;
  const command = COMMANDS.find((c) => c.name === name);
  if (values.version) return console.log(version()), 0;
  if (!name && values.help) return console.log(help()), 0;
  if (!name) return console.error(help()), 2;
  if (!command) {
    const guess = nearest(name, COMMANDS.map((c) => c.name));
    return usage(`未知命令 ${name}${guess ? `：是不是 ${guess}？` : ''}`);
  }
  if (values.help) return console.log(commandHelp(command)), 0;
  const given = Object.keys(values).filter((o) => o !== 'help' && o !== 'version');
  const wrong = given.find((o) => !command.options.includes(o));
  if (wrong) return usage(`${command.name} 不用选项 --${wrong}（可用的选项：${command.options.map((o) => `--${o}`).join(' ') || '无'}）`, command);
  try {
    if (command.name === 'help') {
      const about = paths[0] && COMMANDS.find((c) => c.name === paths[0]);
      if (paths[0] && !about) throw new UsageError(`没有命令 ${paths[0]}${nearest(paths[0], COMMANDS.map((c) => c.name)) ? `：是不是 ${nearest(paths[0], COMMANDS.map((c) => c.name))}？` : ''}`);
      return console.log(about ? commandHelp(about) : help()), 0;
    }
    if (command.name === 'formats') return (await import('./formats.js')).listFormats(), 0;
    if (command.name === 'schema') return (await import('./formats.js')).schema(values.format, values.out);
    if (command.name === 'init') return await (await import('./init.js')).init(paths, values);
    if (command.name === 'import') return await (await import('./import.js')).importCommand(paths, values);
    if (!paths.length) throw new UsageError('请给出数据文件或文件夹');
    const { files, bad: unreadable } = collectInputs(paths);
    for (const u of unreadable) console.error(`${u.path}: ${u.why}`);
    if (unreadable.length) return 2;
    if (!files.length) throw new UsageError(`${paths.join(' ')} 中没有 .yaml 数据文件`);
    // a report as a document: check reads it (through import), the other commands want its data file
    const documents = files.filter((f) => /\.(docx|html?|doc|wps|pdf)$/i.test(f));
    const old = documents.find((f) => /\.(doc|wps)$/i.test(f));
    if (old) throw new UsageError(`${old} 是旧版 Word/WPS 文档：请在 Word 或 WPS 中另存为 .docx，再用 nianbao import 读成数据文件`);
    if (documents.length && command.name !== 'check')
      throw new UsageError(`${documents[0]} 是文档，不是数据文件：先用 nianbao import ${documents[0]} 读成数据文件（nianbao check 可直接检查 .docx 和 .html）`);
    const fonts = values.fonts ? await readFontsFile(values.fonts) : undefined;
    if (fonts) (await import('../fonts/faces.js')).checkFontFiles(fonts);
    const { Session } = await import('../session.js');
    if (command.name === 'check') return await check(files, new Session({ fonts, strict: values.strict }));
    if (command.name === 'summary') return await summaryCommand(files, new Session({ fonts }), values.out);
    const formats = [...new Set((values.format ?? DEFAULT_OUTPUTS.join(',')).split(',').map((f) => f.trim().toLowerCase()))];
    const ids = WRITERS.map((w) => w.id);
    if (!formats.length || formats.some((f) => !ids.includes(f))) throw new UsageError(`--format 只能是 ${ids.join('、')} 中的一个或几个，用逗号连写，如 pdf,docx（收到 ${values.format}）`);
    const writerOptions: Record<string, string | boolean> = {};
    for (const [name, o] of Object.entries(WRITER_OPTIONS)) {
      const v = (values as Record<string, string | boolean | undefined>)[name];
      if (v === undefined) continue;
      if (!formats.includes(o.writer)) throw new UsageError(`--${name} 用于 ${o.writer} 文件，但 --format 中没有 ${o.writer}`);
      if (o.values && !o.values.includes(String(v))) throw new UsageError(`--${name} 只能是 ${o.values.join('、')}（收到 ${v}）`);
      writerOptions[name] = v;
    }
    const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs 应是正整数（收到 ${values.jobs}）`);
    const options = { out: values.out ?? 'out', formats, fonts, writerOptions };
    if (command.name === 'watch') {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port 应是 0—65535 的整数（收到 ${values.port}）`);
      if (values.port !== undefined && !values.preview) throw new UsageError('--port 只和 --preview 一起用');
      const { watch } = await import('../watch/index.js');
      return await watch(paths, options, values.preview ? port : undefined);
    }
    return await build(files, options, jobs);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message, command);
    if (e instanceof FontError) {
      console.error(`字体错误：${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** A usage error: the message, and where to read more (exit 2). */
function usage(message: string, command?: Command): number {
  const how = command
    ? `用法: ${command.usage}\n详见 nianbao help ${command.name}`
    : `用法: nianbao <命令> …，命令有 ${COMMANDS.map((c) => c.name).join('、')}\n运行 nianbao help 查看全部命令`;
  console.error(`${message}\n${how}`);
  return 2;
}

async function check(files: string[], session: Session): Promise<number> {
  const { IMPORTABLE } = await import('../import/index.js');
  const imported = files.some((f) => IMPORTABLE.test(f)) ? (await import('../import/check.js')).checkImported : undefined;
  const problems = files.flatMap((file) => (imported && IMPORTABLE.test(file) ? imported(file, session) : session.document(file).problems));
  for (const p of problems) console.log(formatProblem(p));
  console.log(summary(problems, files.length));
  return problems.some((p) => p.cause === 'missing' || p.cause === 'unreadable') ? 2 : problems.some((p) => p.level === 'error') ? 1 : 0;
}

/** `nianbao summary`: every unit checked, the summary printed, and written to `out` (.csv or .xlsx) when given. */
async function summaryCommand(files: string[], session: Session, out: string | undefined): Promise<number> {
  if (out && !/\.(csv|xlsx)$/i.test(out)) throw new UsageError(`--out 应是 .csv 或 .xlsx 文件（收到 ${out}）`);
  const { summarize, summaryCells, unitFacts } = await import('../summary/index.js');
  const { realOrSelf, shown } = await import('../session.js');
  const { printTable } = await import('./table.js');
  // the units named, and the sub-units they name (a county's file alone brings its departments and towns)
  const units: { file: string; result: ReturnType<Session['document']> }[] = [];
  const seen = new Set<string>();
  for (const queue = [...files]; queue.length; ) {
    const file = queue.shift()!;
    const real = realOrSelf(file);
    if (seen.has(real)) continue;
    seen.add(real);
    const result = session.document(file);
    units.push({ file, result });
    queue.push(...unitFacts(file, result).subunits.filter((s) => existsSync(s)).map(shown));
  }
  const results = units.map((u) => u.result);
  const table = summarize(units.map((u) => unitFacts(u.file, u.result)));
  printTable(summaryCells(table, true));
  console.log(summary(results.flatMap((r) => r.problems), units.length) + '（每个问题见 nianbao check）');
  if (!out) return 0;
  const { summaryBytes } = await import('../summary/write.js');
  const { writeError, writeOutputs } = await import('../output.js');
  try {
    writeOutputs(dirname(resolve(out)), [[basename(out), await summaryBytes(out, summaryCells(table, false), table.totals.length)]]);
  } catch (e) {
    console.error(`汇总表 ${out} 无法写入（${writeError(e)}）`);
    return 2;
  }
  console.log(`汇总表 → ${out}`);
  return 0;
}

async function build(files: string[], options: BuildOptions, jobs: number): Promise<number> {
  const names = new Map<string, string>();
  for (const f of files) {
    const other = names.get(outputName(f));
    if (other) throw new UsageError(`${other} 和 ${f} 会生成同名文件 ${outputName(f)}.*：请分开生成或改名`);
    names.set(outputName(f), f);
  }
  const started = performance.now();
  const { Progress } = await import('./progress.js');
  const { runBatch } = await import('../batch/run.js');
  const progress = new Progress(files.length);
  const results = await runBatch(files, options, jobs, (r) => progress.unit(r));
  progress.finish(results, (performance.now() - started) / 1000);
  const unreadable = results.some((r) => r.problems.some((p) => p.cause === 'missing' || p.cause === 'unreadable'));
  return results.some((r) => r.outputError) || unreadable ? 2 : results.some((r) => !r.ok) ? 1 : 0;
}
