import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { writeOutputs, writeError } from '../output.js';
import { IMPORTABLE, importReport, importedText } from '../import/index.js';
import { formatIds } from '../format/definition.js';
import { UsageError } from './main.js';

/**
 * `nianbao import report.docx|report.html [-o unit.yaml] [--format …]`: a report made in Word or published on a portal
 * as a data file (beside it, named after it, unless -o says where); never over an existing file.
 */
export async function importCommand(paths: string[], values: { out?: string; format?: string }): Promise<number> {
  if (paths.length !== 1) throw new UsageError('请给出一个 Word 文档（.docx）或网页（.html）');
  const [file] = paths;
  if (!IMPORTABLE.test(file)) throw new UsageError(`${file} 不是 .docx 或 .html 文件`);
  if (values.format && !formatIds().includes(values.format)) throw new UsageError(`没有报告格式 ${values.format}：可用的有 ${formatIds().join('、')}`);
  if (!existsSync(file)) throw new UsageError(`${file}：文件不存在`);
  const out = resolve(values.out ?? join(dirname(file), `${basename(file, extname(file))}.yaml`));
  if (existsSync(out)) throw new UsageError(`${out} 已存在：导入不覆盖已有的数据文件（用 -o 另指定文件名）`);
  let imported;
  try {
    imported = importReport(file, values.format);
  } catch (e) {
    console.error(`${file}：无法读取（${(e as Error).message}）`);
    return 2;
  }
  try {
    writeOutputs(dirname(out), [[basename(out), new TextEncoder().encode(importedText(imported, basename(file)))]]);
  } catch (e) {
    console.error(`${out} 无法写入（${writeError(e)}）`);
    return 2;
  }
  for (const m of imported.missing) console.log(`未能读出：${m}`);
  console.log(`${file} → ${out}（推测了 ${imported.guesses.length} 处，见文件中的“导入时推测”；未能读出 ${imported.missing.length} 处）`);
  return 0;
}
