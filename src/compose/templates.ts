import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { formatNumber, share, value, type Figure } from '../derive/numbers.js';

/**
 * Narrative templates. Handlebars with noEscape (the output is PDF/DOCX text, not HTML: & < " stay as typed)
 * and strict (a misspelt field is an error, not an empty string). Values are inserted, never compiled, so
 * "{{" typed by a clerk prints as "{{".
 */
type Num = Figure | undefined;

const helpers = {
  /** {{n stats.s3_1}}: a figure as printed */
  n: (v: Num) => formatNumber(value(v)),
  eq: (a: unknown, b: unknown) => a === b,
  gt: (a: Num, b: Num) => value(a) > value(b),
  /** {{sum a b c}}: the figures added up (blank as 0) */
  sum: (...args: unknown[]) => args.slice(0, -1).reduce((t: number, v) => t + value(v as Num), 0),
  /** {{minus a b}}: a − b */
  minus: (a: Num, b: Num) => value(a) - value(b),
  /** {{given a b …}}: every figure is filled in (a sentence never states a figure the unit left blank) */
  given: (...args: unknown[]) => args.slice(0, -1).every((v) => typeof v === 'number'),
  /**
   * {{change now before "件"}}: how a figure changed since last year, "较上年增加5件、增长8.8%", "较上年减少3件、下降10.0%",
   * "与上年持平" ("较上年增加5件" alone when last year's was 0).
   */
  change: (now: Num, before: Num, unit: unknown) => {
    const [a, b] = [value(now), value(before)];
    if (a === b) return '与上年持平';
    const diff = `${a > b ? '增加' : '减少'}${formatNumber(Math.abs(a - b))}${unit}`;
    return b > 0 ? `较上年${diff}、${a > b ? '增长' : '下降'}${share(Math.abs(a - b), b)}` : `较上年${diff}`;
  },
  /**
   * (parts whole "label" count "label" count …): the non-zero items with their share of `whole`,
   * for sentences such as "当面申请6件、占12.5%，信函申请42件、占87.5%".
   */
  parts: (whole: Num, ...rest: unknown[]) => {
    rest.pop(); // Handlebars' options object
    const items = [];
    for (let i = 0; i + 1 < rest.length; i += 2) {
      const count = value(rest[i + 1] as Num);
      if (count > 0) items.push({ label: rest[i], count: formatNumber(count), percent: share(count, value(whole)) });
    }
    return items;
  },
};

export type Template = (context: object) => string;

/**
 * Template sources are laid out over several lines for reading; line breaks and indentation between text are not
 * part of the output (Chinese text has no spaces), and inside {{ }} they separate arguments.
 */
export function collapseLayout(source: string): string {
  return source
    .split(/({{[\s\S]*?}})/)
    .map((piece, i) => (i % 2 ? piece.replace(/\s+/g, ' ') : piece.replace(/[ \t]*\r?\n[ \t]*/g, '')))
    .join('')
    .trim();
}

/**
 * The templates of a format: `name.hbs` files are templates, `_name.hbs` files are partials (`{{> name}}`).
 * `dirs` are searched in order (a format's own folder, then the folder of the format it extends).
 * Each format gets its own environment.
 */
export function formatTemplates(dirs: string[]): (name: string) => Template {
  const hb = Handlebars.create();
  hb.registerHelper(helpers);
  for (const dir of [...dirs].reverse())
    for (const f of readdirSync(dir))
      if (f.startsWith('_') && f.endsWith('.hbs')) hb.registerPartial(f.slice(1, -4), collapseLayout(readFileSync(join(dir, f), 'utf8')));
  return (name) => {
    const dir = dirs.find((d) => existsSync(join(d, name)));
    if (!dir) throw new Error(`template ${name} is in none of ${dirs.join(', ')}`);
    const render = hb.compile(collapseLayout(readFileSync(join(dir, name), 'utf8')), { noEscape: true, strict: true });
    return (context) => render(context).trim();
  };
}
