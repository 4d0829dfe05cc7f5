import type { Expr, Format, Rule } from '../format/definition.js';
import { formatNumber, value } from '../derive/numbers.js';

/** The outcome of one rule that does not hold. */
export interface Finding {
  rule: Rule;
  /** the row the finding is about (the rule's `row`) */
  row: string;
  /** rows on the other side of the rule */
  others: string[];
  message: string;
}

type Values = Record<string, number | null>;

function evaluate(expr: Expr, values: Values, format: Format): { value: number; shown: string; rows: string[] } {
  if (typeof expr === 'string') {
    const v = value(values[expr]);
    return { value: v, shown: `${shortLabel(format, expr)} ${formatNumber(v)}`, rows: [expr] };
  }
  if ('sum' in expr) {
    const parts = expr.sum.map((id) => value(values[id]));
    const total = parts.reduce((a, b) => a + b, 0);
    return { value: round(total), shown: `${parts.map(formatNumber).join('+')} = ${formatNumber(round(total))}`, rows: expr.sum };
  }
  const parts = expr.max.map((id) => value(values[id]));
  const max = Math.max(...parts);
  return { value: max, shown: `max(${parts.map(formatNumber).join(', ')}) = ${formatNumber(max)}`, rows: expr.max };
}

/** sums of 万元 amounts: no 0.30000000000000004 */
const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function shortLabel(format: Format, id: string): string {
  return (format.rows.get(id)?.label ?? id).split('\n')[0];
}

/** Every rule of the format that the values break, in the order the rules are declared. */
export function checkRules(format: Format, values: Values): Finding[] {
  const findings: Finding[] = [];
  for (const rule of format.rules) {
    const left = value(values[rule.row]);
    const [op, expr] = rule.equals !== undefined ? ['=', rule.equals] : rule.atMost !== undefined ? ['≤', rule.atMost] : ['≥', rule.atLeast!];
    const right = evaluate(expr, values, format);
    const holds = op === '=' ? left === right.value : op === '≤' ? left <= right.value : left >= right.value;
    if (holds) continue;
    const broken = op === '=' ? '≠' : op === '≤' ? '>' : '<';
    const why = rule.why ? `（${rule.why}）` : '';
    findings.push({ rule, row: rule.row, others: right.rows, message: `${formatNumber(left)} ${broken} ${right.shown}${why}` });
  }
  return findings;
}
