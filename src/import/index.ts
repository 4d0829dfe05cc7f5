import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Document as YamlDocument, isMap, isSeq, type Node } from 'yaml';
import { readDocx } from './docx.js';
import { readHtml } from './html.js';
import { readOutline, type Imported } from './read.js';

/** The sources import reads: a Word file, a web page. */
export const IMPORTABLE = /\.(docx|html?)$/i;

/** A report made elsewhere (or by nianbao), as nianbao's data. Throws with a Chinese message when the file is unreadable. */
export function importReport(file: string, format?: string): Imported {
  const bytes = readFileSync(file);
  const docx = extname(file).toLowerCase() === '.docx';
  let outline;
  try {
    outline = docx ? readDocx(file, bytes) : readHtml(file, new TextDecoder(/charset=["']?(gbk|gb2312|gb18030)/i.test(bytes.subarray(0, 2048).toString('latin1')) ? 'gb18030' : 'utf-8').decode(bytes));
  } catch (e) {
    if (e instanceof RangeError) throw new Error('文件的结构嵌套过深或过大，不像一份年度报告');
    if (docx && !/word\/document/.test((e as Error).message)) throw new Error('不是 Word 文档（.docx），或文件已损坏');
    throw e;
  }
  return readOutline(outline, format);
}

/**
 * The data file of an imported report: its values in the format's order, a comment at each value nianbao guessed, and
 * at the top what it could not read.
 */
export function importedText(imported: Imported, source: string): string {
  const doc = new YamlDocument(imported.data, { keepUndefined: false });
  // a table row's figures on one line, as in nianbao's own data files
  for (const t of imported.format.tables)
    for (const row of t.rows) {
      const node = row.id ? doc.getIn([t.data, row.id], true) : undefined;
      if (isSeq(node)) node.flow = true;
    }
  for (const g of imported.guesses) {
    const node = doc.getIn(g.path, true) as Node | undefined;
    if (node && !isMap(node) && !isSeq(node)) node.comment = ` 导入时推测：${g.note}`;
  }
  const head = [`# 由 nianbao import 从 ${source} 读出。“导入时推测”的地方请核对；运行 nianbao check 检查。`, ...imported.missing.map((m) => `# 未能读出：${m}`)];
  return `${head.join('\n')}\n${doc.toString({ lineWidth: 0 })}`;
}
