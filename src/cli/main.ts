// Only light modules are imported here: what a command needs (the checks, the writers, the batch) is imported when
// the command runs, so --version and --help start as fast as Node itself.
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { formatProblem, summary } from '../load/problem.js';
import type { BuildOptions, OutputFormat } from '../build.js';
import type { Session } from '../session.js';
import { outputName } from '../output.js';
import { FontError, ROLES, type Role } from '../fonts/roles.js';
import { collectInputs } from './inputs.js';
import { WORD_FONT_PRESETS } from '../writers/docx/fonts.js';

const HELP = `nianbao — 政府信息公开工作年度报告生成工具

用法:
  nianbao build <文件|文件夹>... [--out 目录] [--format pdf,docx] [--fonts 字体配置.yaml]
                [--word-fonts official|windows|bundled] [--jobs N]
  nianbao check <文件|文件夹>... [--strict] [--fonts 字体配置.yaml]
  nianbao watch <文件|文件夹>... [--out 目录] [--format pdf,docx] [--fonts 字体配置.yaml] [--preview [--port N]]
  nianbao --help | --version

build   检查数据，然后为每个数据文件生成 <目录>/<数据文件名>.pdf 和 .docx（默认目录 out）。
        有错误的单位不生成任何文件；警告会打印出来，生成照常进行。
        --fonts 指定PDF用的字体文件（如正式的方正小标宋简体、仿宋_GB2312），见 README。
        --word-fonts 选择写进 DOCX 的字体名：official（默认，方正小标宋简体/仿宋_GB2312/黑体/楷体_GB2312）、
        windows（华文中宋/仿宋/黑体/楷体）、bundled（随附的免费字体）。
        --jobs 同时生成几个单位（默认为CPU核数）；显示进度，最后列出汇总表。
check   只检查：逐行列出所有错误和警告（文件:行:列 error|warning 栏目 (字段): 说明）。
        检查的内容与 build 生成前的检查完全相同（包括每个字符能否用所配置的字体印出，
        正文中手写的数字与统计表是否一致，与上年报告 previous 的衔接）。
        --strict 把统计表中的空白栏（~）当作错误，而不只是警告。
watch   先生成一次，然后每次保存数据文件（或格式、模板）后自动重新生成受影响的单位（包括汇总它的上级单位）；
        保存的文件有错误时保留上次生成的文件并显示错误。--preview 在本机（127.0.0.1）提供预览页面，
        显示最新的 PDF 和问题，每次重新生成后自动刷新；--port 指定端口（默认随机）。按 Ctrl-C 结束。

退出码: 0 成功（可有警告）；1 数据有错误；2 用法错误或文件无法读取。`;

class UsageError extends Error {}

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
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o', default: 'out' },
        format: { type: 'string', short: 'f', default: 'pdf,docx' },
        fonts: { type: 'string' },
        'word-fonts': { type: 'string', default: 'official' },
        jobs: { type: 'string', short: 'j' },
        strict: { type: 'boolean' },
        preview: { type: 'boolean' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) return console.log(HELP), 0;
  if (values.version) return console.log(version()), 0;
  const [command, ...paths] = positionals;
  try {
    if (command !== 'build' && command !== 'check' && command !== 'watch') throw new UsageError(command ? `未知命令 ${command}` : '缺少命令');
    if (!paths.length) throw new UsageError('请给出数据文件或文件夹');
    const { files, bad: unreadable } = collectInputs(paths);
    for (const u of unreadable) console.error(`${u.path}: ${u.why}`);
    if (unreadable.length) return 2;
    if (!files.length) throw new UsageError(`${paths.join(' ')} 中没有 .yaml 数据文件`);
    const fonts = values.fonts ? await readFontsFile(values.fonts) : undefined;
    if (fonts) (await import('../fonts/faces.js')).checkFontFiles(fonts);
    const { Session } = await import('../session.js');
    if (command === 'check') return check(files, new Session({ fonts, strict: values.strict }));
    if (values.strict) throw new UsageError('--strict 只用于 check');
    const formats = values.format.split(',').map((f) => f.trim());
    const bad = formats.filter((f) => f !== 'pdf' && f !== 'docx');
    if (bad.length || !formats.length) throw new UsageError(`--format 只能是 pdf、docx 或 pdf,docx（收到 ${values.format}）`);
    const wordFonts = values['word-fonts'];
    if (!(wordFonts in WORD_FONT_PRESETS)) throw new UsageError(`--word-fonts 只能是 ${Object.keys(WORD_FONT_PRESETS).join('、')}（收到 ${wordFonts}）`);
    const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs 应是正整数（收到 ${values.jobs}）`);
    const options = { out: values.out, formats: formats as OutputFormat[], fonts, wordFonts };
    if (command === 'watch') {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port 应是 0—65535 的整数（收到 ${values.port}）`);
      if (values.port !== undefined && !values.preview) throw new UsageError('--port 只和 --preview 一起用');
      const { watch } = await import('../watch/index.js');
      return await watch(paths, options, values.preview ? port : undefined);
    }
    return await build(files, options, jobs);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${HELP}`);
      return 2;
    }
    if (e instanceof FontError) {
      console.error(`字体错误：${e.message}`);
      return 2;
    }
    throw e;
  }
}

function check(files: string[], session: Session): number {
  const problems = files.flatMap((file) => session.document(file).problems);
  for (const p of problems) console.log(formatProblem(p));
  console.log(summary(problems, files.length));
  return problems.some((p) => p.cause === 'missing' || p.cause === 'unreadable') ? 2 : problems.some((p) => p.level === 'error') ? 1 : 0;
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
