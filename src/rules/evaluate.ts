import type { Expr, Format, Rule } from '../format/definition.js';
import { evaluate, type Figures } from '../derive/figures.js';
import { formatNumber, value } from '../derive/numbers.js';

/** The outcome of one rule that does not hold. */
export interface Finding {
  rule: Rule;
  /** the figures on the other side of the rule */
  others: string[];
  message: string;
}

function shown(expr: Expr, figures: Figures, format: Format): { text: string; refs: string[] } {
  const total = formatNumber(evaluate(expr, figures));
  if (typeof expr === 'string') return { text: `${format.items.get(expr)!.label} ${total}`, refs: [expr] };
  const refs = 'sum' in expr ? expr.sum : expr.max;
  const parts = refs.map((id) => formatNumber(value(figures[id])));
  return { text: 'sum' in expr ? `${parts.join('+')} = ${total}` : `max(${parts.join(', ')}) = ${total}`, refs };
}

/** Every rule of the format that the figures break, in the order the rules are declared. */
export function checkRules(format: Format, figures: Figures): Finding[] {
  const findings: Finding[] = [];
  for (const rule of format.rules) {
    const left = evaluate(rule.row, figures);
    const [op, expr] = rule.equals !== undefined ? ['=', rule.equals] : rule.atMost !== undefined ? ['≤', rule.atMost] : ['≥', rule.atLeast!];
    const right = evaluate(expr, figures);
    if (op === '=' ? left === right : op === '≤' ? left <= right : left >= right) continue;
    const broken = op === '=' ? '≠' : op === '≤' ? '>' : '<';
    const other = shown(expr, figures, format);
    const self = typeof rule.row === 'string' ? formatNumber(left) : shown(rule.row, figures, format).text;
    findings.push({ rule, others: other.refs, message: `${self} ${broken} ${other.text}${rule.why ? `（${rule.why}）` : ''}` });
  }
  return findings;
}
