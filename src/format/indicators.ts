import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Item } from './definition.js';

const Figure = z.union([z.string(), z.object({ sum: z.array(z.string()) }).strict()]);
export type FigureExpr = z.infer<typeof Figure>;

const IndicatorFile = z
  .object({
    /** a name, unique in the format (a format that extends another replaces an indicator of the same id) */
    id: z.string(),
    /** how a report's text names it: the figure follows within the clause ("收到政府信息公开申请共48件") */
    phrases: z.array(z.string()).min(1),
    figure: Figure,
    /** the name in messages (default: the row label of the figure) */
    label: z.string().optional(),
    /** the units the number may carry ("件"); 万元 figures also take 元 */
    units: z.array(z.string()).min(1),
    /** the whole of a share stated right after the figure ("、占29.2%") */
    share: Figure.optional(),
    /** the sentence must mention this (a regular expression) for the phrase to mean this figure ("维持" of 复议 or 诉讼) */
    scope: z.string().optional(),
  })
  .strict();
export type Indicator = z.infer<typeof IndicatorFile>;

const ClaimFile = z
  .object({
    id: z.string(),
    /** a regular expression for a sentence's claim ("全部按时办结") */
    pattern: z.string(),
    /** the claim is false when these figures add up to more than 0 */
    falseIf: Figure,
    scope: z.string().optional(),
  })
  .strict();
export type Claim = z.infer<typeof ClaimFile>;

const IndicatorsFile = z
  .object({
    indicators: z.array(IndicatorFile).default([]),
    claims: z.array(ClaimFile).default([]),
    /** ids of the base format's indicators and claims that this format has no figure for */
    drop: z.array(z.string()).default([]),
  })
  .strict();
export type Indicators = { indicators: Indicator[]; claims: Claim[] };

export const figureRefs = (f: FigureExpr): string[] => (typeof f === 'string' ? [f] : f.sum);

/**
 * The indicators of a format folder (indicators.yaml): the phrases a report's own text uses for a figure of its
 * tables, and claims ("全部按时办结") that a figure can contradict. A format that extends another has the base's,
 * with its own of the same id instead.
 */
export function loadIndicators(dir: string, base: Indicators | undefined, items: Map<string, Item>): Indicators {
  const file = join(dir, 'indicators.yaml');
  const own = existsSync(file) ? IndicatorsFile.parse(parse(readFileSync(file, 'utf8'))) : { indicators: [], claims: [], drop: [] };
  const merge = <T extends { id: string }>(mine: T[], theirs: T[] = []) =>
    [...theirs.map((t) => mine.find((m) => m.id === t.id) ?? t), ...mine.filter((m) => !theirs.some((t) => t.id === m.id))].filter((x) => !own.drop.includes(x.id));
  const merged = { indicators: merge(own.indicators, base?.indicators), claims: merge(own.claims, base?.claims) };
  for (const x of [...merged.indicators, ...merged.claims])
    for (const ref of [...('figure' in x ? [x.figure, x.share] : [x.falseIf])].flatMap((f) => (f ? figureRefs(f) : [])))
      if (!items.has(ref)) throw new Error(`${dir}: indicator ${x.id} names ${ref}, which no table of the format has (restate it in this folder's indicators.yaml)`);
  return merged;
}
