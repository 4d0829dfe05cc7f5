import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, compact, pdfPages, seedParagraphs } from './helpers.js';

/** The sentences that state figures of the table, as nianbao generates them from the data (README lists why). */
export const GENERATED: [string, string][] = [
  ['（一）一年来', '（一）一年来，我市主动公开政府信息66045条。其中政府公报公开673条，政府网站公开54162条，政务微博公开3300条，政务微信公开14834条，其他方式公开5569条。市政府门户网站点击量达273万余次。'],
  ['全市共收到政府信息公开申请', '全市共收到政府信息公开申请48件，当面申请6件、占12.5%，信函申请42件、占87.5%，办结48件，其中按时办结46件、延期办结2件。在答复的48件中，属于已主动公开范围5件、占10.4%，同意公开14件、占29.2%，同意部分公开6件、占12.5%，不同意公开5件、占10.4%，非本行政机关12件、占25.0%，申请信息不存在3件、占6.3%，告知作出更改补充1件、占2.1%，告知通过其他途径办理2件、占4.2%。从申请内容上来看，申请公开事项集中在土地利用规划、土地征占用等方面。'],
  ['四区三县共收到', '四区三县共收到政府信息公开申请7件，当面申请3件、占42.9%，信函申请4件、占57.1%，全部按时办结。在答复的7件中，同意公开4件、占57.1%，不同意公开2件、占28.6%，申请信息不存在1件、占14.3%。'],
  ['本年度，全市受理政府信息公开行政复议', '本年度，全市受理政府信息公开行政复议申请共3件，维持原具体行为2件，其他情形1件。'],
];

/** The sample's table: value of each row in the official order (null: no number, or left blank in the sample). */
export const SEED_VALUES: (number | null)[] = [
  null, 66045, 3145, 2139, null, 673, 54162, 3300, 14834, 5569,
  null, 1581, null, 22, 12, 20, 10, 150, 437, 4956,
  null, 48, 6, null, null, 42, 48, 46, 2, 48, 5, 14, 6, 5, 4, 0, 0, 0, 1, 0, 12, 3, 1, 2,
  3, 2, 0, 1, 0, 0, 0, 0, 0, 0,
  null, 50, 31, 172, 21, 151, 44, null, 56, 27, 1126,
];

export const HEADINGS = ['一、概述', '二、主动公开政府信息情况', '三、依申请公开政府信息情况', '四、行政复议、诉讼和申诉情况', '五、政府信息公开相关费用情况', '六、存在的主要问题', '七、下一步工作措施', '政府信息公开情况统计表'];

interface FormatRow {
  id?: string;
  header?: boolean;
  cells: string[];
  unit?: string;
}
/** The body rows of the statistics table as the format defines them: label, unit. */
export const rows = (parse(readFileSync(join(ROOT, 'templates/old-2008/format.yaml'), 'utf8')).tables[0].rows as FormatRow[])
  .filter((r) => !r.header)
  .map((r) => ({ id: r.id ?? r.cells[0], label: r.cells[0], unit: r.unit }));

/** The sample's paragraphs as nianbao must print them: the seed's, with the bound sentences as generated. */
export function expectedParagraphs(): string[] {
  return seedParagraphs().map((p) => GENERATED.find(([prefix]) => p.startsWith(prefix))?.[1] ?? p);
}

/**
 * Walks the statistics table in a PDF's layout text row by row: each row's label (with the note under it), unit and
 * value within the lines of that row, in the official order (a figure centred in a tall row may stand on any of its
 * lines). Returns what is wrong, or undefined.
 */
export function tableRowProblem(pdf: string): string | undefined {
  if (rows.length !== 65) return `the format has ${rows.length} rows, not 65`;
  const pages = pdfPages(pdf, true);
  const first = pages.findIndex((p) => p.includes('填报单位'));
  const lines = pages
    .slice(first)
    .flatMap((p) => p.split('\n'))
    .map(compact)
    .filter((l) => l && l !== '统计指标单位统计数' && !/^—\d+—$/.test(l));
  let at = lines.findIndex((l) => l.startsWith('一、主动公开情况'));
  for (const [i, row] of rows.entries()) {
    const label = compact(row.label);
    const tail = row.unit ? row.unit + (SEED_VALUES[i] ?? '') : '';
    // the row's lines: until they hold its label and, once, its unit and value
    let text = '';
    do {
      const line = lines[at++];
      if (line === undefined) return `row ${row.id}: the table ends before it`;
      text += line;
    } while (text.replace(tail, '').length < label.length);
    if (!text.includes(tail) || text.replace(tail, '') !== label) return `row ${row.id} ${label}: "${text}" should be the label with "${tail}"`;
  }
  return lines[at]?.startsWith('单位负责人：') ? undefined : `after the table: "${lines[at]}"`;
}
