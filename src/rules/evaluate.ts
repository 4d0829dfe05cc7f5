import { LAST, refsOf, type Expr, type Format, type Kind, type Rule } from '../format/definition.js';
import { evaluate, type Figures } from '../derive/figures.js';
import { formatNumber, value } from '../derive/numbers.js';

/** The outcome of one rule that does not hold. */
export interface Finding {
  rule: Rule;
  /** the figures on the other side of the rule */
  others: string[];
  message: string;
}

/** A figure's name in a message: its row label, "上年" before one of last year's. */
export function figureLabel(format: Format, ref: string): string {
  return ref.startsWith(LAST) ? `上年${format.items.get(ref.slice(LAST.length))!.label}` : format.items.get(ref)!.label;
}

function shown(expr: Expr, figures: Figures, format: Format): { text: string; refs: string[] } {
  const total = formatNumber(evaluate(expr, figures));
  if (typeof expr === 'number') return { text: total, refs: [] };
  if (typeof expr === 'string') return { text: `${figureLabel(format, expr)} ${total}`, refs: [expr] };
  const refs = 'sum' in expr ? expr.sum : expr.max;
  const parts = refs.map((id) => formatNumber(value(figures[id])));
  return { text: 'sum' in expr ? `${parts.join('+')} = ${total}` : `max(${parts.join(', ')}) = ${total}`, refs };
}

/**
 * Every rule of the format that the figures break, in the order the rules are declared. A rule naming last year's
 * figures (`last.…`) applies when `figures` hold them; a rule for some kinds of unit, when the unit is of one.
 */
export function checkRules(format: Format, figures: Figures, { kind, last }: { kind?: Kind; last?: Figures } = {}): Finding[] {
  const findings: Finding[] = [];
  const all = last ? { ...figures, ...Object.fromEntries(Object.entries(last).map(([k, v]) => [LAST + k, v])) } : figures;
  for (const rule of format.rules) {
    if (rule.kinds && !(kind && rule.kinds.includes(kind))) continue;
    const refs = [rule.row, rule.equals, rule.atMost, rule.atLeast].flatMap((e) => (e === undefined ? [] : refsOf(e)));
    // with last year's figures, only the rules that compare with them; without, only the others
    if (refs.some((r) => r.startsWith(LAST)) !== !!last) continue;
    const left = evaluate(rule.row, all);
    const [op, expr] = rule.equals !== undefined ? ['=', rule.equals] : rule.atMost !== undefined ? ['≤', rule.atMost] : ['≥', rule.atLeast!];
    const right = evaluate(expr, all);
    if (op === '=' ? left === right : op === '≤' ? left <= right : left >= right) continue;
    const broken = op === '=' ? '≠' : op === '≤' ? '>' : '<';
    const other = shown(expr, all, format);
    const self = typeof rule.row === 'string' ? formatNumber(left) : shown(rule.row, all, format).text;
    findings.push({ rule, others: other.refs, message: `${self} ${broken} ${other.text}${rule.why ? `（${rule.why}）` : ''}` });
  }
  return findings;
}
