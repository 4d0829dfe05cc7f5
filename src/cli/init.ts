import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { KINDS, type Kind } from '../format/definition.js';
import { parse } from 'yaml';
import { dataFileText } from '../format/data-file.js';
import { figuresOf } from '../derive/figures.js';
import { jsonSchema } from '../format/json-schema.js';
import { formatProblem } from '../load/problem.js';
import { writeOutputs } from '../output.js';
import { Session } from '../session.js';
import { unitKind } from '../check/review.js';
import { namedFormat } from './formats.js';
import { UsageError } from './main.js';

interface InitValues {
  format?: string;
  unit?: string;
  year?: string;
  kind?: string;
  from?: string;
  xlsx?: boolean;
}

/**
 * nianbao init: a complete data file to fill in, and beside it the JSON Schema its first line names. An existing
 * data file is never overwritten; the schema file is (it is generated).
 */
export async function init(paths: string[], values: InitValues): Promise<number> {
  const [file, ...more] = paths;
  if (!file || more.length) throw new UsageError('请给出一个要写的数据文件名，例如 nianbao init 2025.yaml --format national-2021 --unit 某县市场监督管理局 --year 2025');
  if (!/\.ya?ml$/i.test(file)) throw new UsageError(`数据文件名应以 .yaml 结尾（收到 ${file}）`);
  if (existsSync(file)) throw new UsageError(`${file} 已存在：init 不覆盖已有的文件，请换个文件名`);
  let from: Parameters<typeof dataFileText>[0]['from'];
  let fromFormat: string | undefined;
  if (values.from) {
    const loaded = new Session().report(values.from);
    if (!loaded.report) {
      for (const p of loaded.problems) console.error(formatProblem(p));
      throw new UsageError(`上年的数据文件 ${values.from} 有错误，无法沿用（先改正它，或不用 --from）`);
    }
    from = { path: relative(dirname(resolve(file)), resolve(values.from)), data: loaded.report.data, figures: loaded.report.figures };
    fromFormat = loaded.report.format.id;
  }
  const format = namedFormat(values.format ?? fromFormat);
  const unit = values.unit ?? from?.data.unit;
  if (!unit) throw new UsageError('请用 --unit 给出单位名称，例如 --unit 某县市场监督管理局');
  const year = Number(values.year ?? (from ? from.data.year + 1 : NaN));
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError(`--year 应是报告年度，例如 --year 2025（收到 ${values.year ?? '无'}）`);
  // a 局, 委, 办 … is a 部门 of its government
  const guess = /(街道|街道办事处|街道办)$/.test(unit) ? '街道' : /[乡镇](人民政府|政府)?$/.test(unit) ? '乡镇' : /[县区市州旗盟](人民政府|政府)$/.test(unit) ? '政府' : /(局|委员会|委|办公室|办|厅|中心|院|所)$/.test(unit) ? '部门' : undefined;
  const kind = (values.kind ?? from?.data.kind ?? unitKind({ unit } as never).kind ?? guess) as Kind | undefined;
  if (!kind || !KINDS.includes(kind)) throw new UsageError(`请用 --kind 给出单位类别：${KINDS.join('、')}${values.kind ? `（收到 ${values.kind}）` : '（从单位名称看不出）'}`);
  const schemaName = `${format.id}.schema.json`;
  const options = { format, unit, year, kind, schema: schemaName, from };
  const dir = dirname(resolve(file));
  const files: [string, Uint8Array][] = [[schemaName, Buffer.from(`${JSON.stringify(jsonSchema(format), null, 2)}\n`)]];
  if (values.xlsx) {
    // the workbook holds the figures the file would (0, or carried over from last year)
    const workbook = basename(file).replace(/\.ya?ml$/i, '.xlsx');
    if (existsSync(join(dir, workbook))) throw new UsageError(`${join(dirname(file), workbook)} 已存在：init 不覆盖已有的文件`);
    const figures = figuresOf(format, parse(dataFileText(options)));
    const { workbookBytes } = await import('../workbook/write.js');
    files.push([workbook, await workbookBytes(format, figures)], [basename(file), Buffer.from(dataFileText({ ...options, workbook }))]);
  } else files.push([basename(file), Buffer.from(dataFileText(options))]);
  writeOutputs(dir, files);
  const wrote = files.map(([name]) => join(dirname(file), name)).reverse();
  console.log(`已写出 ${wrote.join('、')}（${schemaName} 供编辑器补全字段）\n下一步：填写后运行 nianbao check ${file}`);
  return 0;
}
