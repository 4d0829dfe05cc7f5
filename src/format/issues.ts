import { z } from 'zod';
import { rowLabel, type Format } from './definition.js';
import { FIELD_LABELS } from './schema.js';
import { QUOTE_CHARS, quote, type Problem } from '../load/problem.js';
import type { Source } from '../load/source.js';
import { cellOf } from '../workbook/read.js';

type Path = (string | number)[];

/** The official label of a field: the row label for statistics, the field's name in words otherwise. */
export function fieldLabel(format: Format | undefined, path: Path): string {
  const table = format?.tables.find((t) => t.data === path[0]);
  if (table) {
    const row = table.rows.find((r) => r.id === path[1]);
    if (!row) return table.title ?? '统计表';
    return (typeof path[2] === 'number' && format!.items.get(`${row.id}[${path[2]}]`)?.label) || rowLabel(row);
  }
  if (path[0] === 'sections' && typeof path[1] === 'string') {
    const title = format?.sections.find((s) => s.id === path[1])?.title;
    return title ?? (path[1] === 'preamble' ? '开头段落' : '');
  }
  if (path[0] === 'signoff' && typeof path[1] === 'string') return path[1];
  return Object.hasOwn(FIELD_LABELS, String(path[0])) ? FIELD_LABELS[String(path[0])] : '';
}

export function pathText(path: Path): string {
  const cut = (p: string) => (p.length > QUOTE_CHARS ? `${Array.from(p).slice(0, QUOTE_CHARS).join('')}…` : p);
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${cut(p)}` : cut(p))).join('');
}

function valueAt(data: unknown, path: Path): unknown {
  let v: unknown = data;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}


/** The keys a mapping at `path` may have, read off the schema (for "did you mean"). */
function keysAt(schema: z.ZodType, path: Path): string[] {
  let s: z.ZodType | undefined = schema;
  const unwrap = (t: z.ZodType | undefined): z.ZodType | undefined => {
    while (t && (t instanceof z.ZodOptional || t instanceof z.ZodNullable)) t = t.unwrap() as z.ZodType;
    if (t instanceof z.ZodUnion) t = (t.options as z.ZodType[]).find((o) => o instanceof z.ZodObject);
    return t;
  };
  for (const k of path) {
    s = unwrap(s);
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(k)];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return [];
  }
  s = unwrap(s);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

export function didYouMean(key: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(key, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** zod's findings as messages a clerk can act on: where, which row, what was written, what is expected. */
export function schemaProblems(source: Source, format: Format | undefined, schema: z.ZodType, issues: z.core.$ZodIssue[]): Problem[] {
  const out: Problem[] = [];
  const at = (path: Path, message: string) => {
    // a figure read from a workbook: at its cell
    const cell = cellOf(source.workbook, path);
    const { line, col } = cell ? { line: 0, col: 0 } : source.locate(path);
    out.push({ file: cell ? source.workbook!.file : source.file, line, col, ...(cell ? { cell } : {}), level: 'error', label: fieldLabel(format, path), path: pathText(path), message });
  };
  const visit = (issue: z.core.$ZodIssue, prefix: Path) => {
    const path = [...prefix, ...(issue.path as Path)];
    const got = valueAt(source.data, path);
    const table = format?.tables.find((t) => t.data === path[0]);
    const row = table?.rows.find((r) => r.id === path[1]);
    const columns = (row?.columns ?? table?.columns ?? []).map((c) => c.replace(/\n/g, ''));
    const expectNumber = row?.decimals
      ? '应填写不小于0的数字（单位万元，可带小数），不填写（~）表示空白'
      : row?.signed
        ? '应填写整数（可为负数），不填写（~）表示空白'
        : '应填写不小于0的整数，不填写（~）表示空白';
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const keys = keysAt(schema, path);
          const hint = didYouMean(key, keys);
          // the keys this level has, with their names in words where they are sections or table rows
          // a paragraph with ": " in it: YAML read it as "key: value"
          if (!hint && path[0] === 'sections' && path.length > 2)
            return at([...path, key], `这一段含有“: ”（冒号加空格），YAML 把它读成了“键: 值”：请把整段用半角引号 " 括起来，或把冒号改为中文冒号“：”`);
          const named = keys.map((k) => {
            const label = path.length === 1 || (path.length === 2 && path[0] !== 'sections') ? fieldLabel(format, [...path, k]) : '';
            return label && label !== k ? `${k}（${label}）` : k;
          });
          const list = !hint && keys.length && keys.length <= 30 ? `；这里可用的有：${named.join('、')}` : '';
          at([...path, key], `未知字段 ${quote(key)}${hint ? `，是不是 "${hint}"？` : ''}${list}`);
        }
        return;
      case 'invalid_type':
        if (got === undefined) return at(path, `缺少必填字段 ${pathText(path)}`);
        if (issue.expected === 'int') return at(path, `应为整数，实际是 ${quote(got)}`);
        if (got === '/' && row) return at(path, '这一栏不能填“/”（不适用）：官方表格的这一栏每个单位都要填数字，没有发生的填 0');
        if (issue.expected === 'number') return at(path, `${row ? expectNumber : '应填写数字'}，实际是 ${quote(got)}`);
        if (issue.expected === 'string') return at(path, `应填写文字，实际是 ${quote(got)}`);
        if (issue.expected === 'object') return at(path, `应为键值映射，实际是 ${quote(got)}`);
        if (issue.expected === 'array') return at(path, `应为列表（每项以 "- " 开头），实际是 ${quote(got)}`);
        return at(path, `类型不对（应为 ${issue.expected}），实际是 ${quote(got)}`);
      case 'too_small':
      case 'too_big':
        if (issue.origin === 'array' && row)
          return at(path, `这一行应有 ${row.values} 个数${columns.length ? `（${columns.join('、')}）` : ''}，实际有 ${(got as unknown[]).length} 个；不知道的填 ~`);
        if (issue.code === 'too_big') return at(path, `超出范围，实际是 ${quote(got)}`);
        if (issue.origin === 'number') return at(path, `不能为负数，实际是 ${quote(got)}`);
        if (issue.origin === 'string') return at(path, '不能为空');
        return at(path, `至少需要 ${issue.minimum} 项`);
      case 'invalid_value':
        if (path[0] === 'signoff') return at(path, `文末的落款（单位名称和日期）是自动生成的，这里只能写 false 来去掉它，实际是 ${quote(got)}`);
        return at(path, `应为 ${issue.values.map((v) => JSON.stringify(v)).join(' 或 ')}，实际是 ${quote(got)}`);
      case 'invalid_format':
        return at(path, `格式不对（应为 ${'pattern' in issue && String(issue.pattern).includes('\\d{4}') ? 'YYYY-MM-DD，例如 2018-03-30' : issue.format}），实际是 ${quote(got)}`);
      case 'invalid_union': {
        // a figure that may also be "/": what is wrong with it as a figure
        if (row) return issue.errors[0].forEach((i) => visit(i, path));
        // a paragraph: report the branch that matches what was written (text, or a {lead, text} item)
        const branch = issue.errors[got !== null && typeof got === 'object' ? issue.errors.length - 1 : 0];
        if (typeof got === 'string' || (got !== null && typeof got === 'object')) return branch.forEach((i) => visit(i, path));
        return at(path, `应为一段文字，或带 lead/text 的编号段落，实际是 ${quote(got)}`);
      }
      default:
        return at(path, issue.message);
    }
  };
  for (const issue of issues) visit(issue, []);
  return out;
}
