import { writeFileSync } from 'node:fs';
import { formatIds, loadFormat, rowLabel } from '../format/definition.js';
import { jsonSchema } from '../format/json-schema.js';
import { UsageError } from './main.js';

/** nianbao formats: each format, its section ids and its tables' row keys with their official labels. */
export function listFormats(): void {
  for (const id of formatIds()) {
    const f = loadFormat(id);
    console.log(`${id}  ${f.name}（报告年度 ${f.years.from}${f.years.to ? `—${f.years.to}` : ' 年起'}）`);
    console.log('  正文 sections:');
    for (const s of f.sections.filter((s) => s.parts.some((p) => 'paragraphs' in p))) console.log(`    ${s.id.padEnd(12)}${s.title ?? '开头段落'}`);
    for (const t of f.tables) {
      console.log(`  ${t.title ?? '统计表'} ${t.data}:`);
      for (const r of t.rows) if (r.id && r.values) console.log(`    ${r.id.padEnd(24)}${rowLabel(r)}${r.values > 1 ? `（${r.values} 个数）` : ''}`);
    }
    console.log('');
  }
}

/** The format named on the command line, or a usage error listing the formats. */
export function namedFormat(id: string | undefined) {
  const ids = formatIds();
  if (!id) throw new UsageError(`请用 --format 指定报告格式：${ids.join('、')}`);
  if (!ids.includes(id)) throw new UsageError(`没有报告格式 ${id}：可用的有 ${ids.join('、')}（nianbao formats 列出各格式的内容）`);
  return loadFormat(id);
}

/** nianbao schema: the JSON Schema of a format's data files, printed or written to a file. */
export function schema(id: string | undefined, out: string | undefined): number {
  const text = `${JSON.stringify(jsonSchema(namedFormat(id)), null, 2)}\n`;
  if (!out) return process.stdout.write(text), 0;
  writeFileSync(out, text);
  console.log(`已写出 ${out}`);
  return 0;
}
