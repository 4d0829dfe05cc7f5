import { mapTexts, type Document, type TextPlace } from '../model/document.js';
import { faceFor, type Coverage } from '../fonts/faces.js';
import { roleOf, type Role } from '../fonts/roles.js';
import { pageNumberText } from '../writers/page.js';
import { fieldLabel, pathText } from '../format/issues.js';
import type { Problem } from '../load/problem.js';
import type { Report } from '../report.js';

/** Invisible characters that carry no meaning in a report (pasted from Word or a web page): removed, with a warning. */
const DROPPED: Record<number, string> = {
  0x00ad: '软连字符',
  0x200b: '零宽空格',
  0x200c: '零宽不连字',
  0x200d: '零宽连字',
  0x200e: '从左至右标记',
  0x200f: '从右至左标记',
  0x2060: '字连接符',
  0xfeff: '零宽不换行空格（BOM）',
  0x09: '制表符（Tab）',
};
export const isDropped = (cp: number) =>
  cp in DROPPED || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);

/** What a character that must never reach a page is, or undefined: controls (but line break and tab), noncharacters. */
function forbidden(cp: number): string | undefined {
  if (cp === 0x0b) return '控制字符（垂直制表符，Word 的手动换行符）';
  if ((cp < 0x20 && cp !== 0x09 && cp !== 0x0a) || (cp >= 0x7f && cp <= 0x9f)) return '控制字符';
  if (cp === 0x2028 || cp === 0x2029) return '行或段落分隔符';
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return '非字符';
  if (cp >= 0xd800 && cp <= 0xdfff) return '不成对的代理项（文字已损坏）';
  return undefined;
}

const code = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** The text around position `i`, as one printable line: other invisible characters shown by their code. */
function around(chars: string[], i: number): string {
  const show = (ch: string) => {
    const cp = ch.codePointAt(0)!;
    return ch === '\n' ? '↵' : forbidden(cp) || isDropped(cp) ? `[${code(cp)}]` : ch;
  };
  return chars.slice(Math.max(0, i - 8), i).map(show).join('') + show(chars[i]) + chars.slice(i + 1, i + 9).map(show).join('');
}

/** The data file's text values with their paths, for a character of generated text (a unit's name in a sentence). */
function textLeaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => textLeaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  return [];
}

/**
 * The character check over the composed document, before any writer runs (`check` and `build` alike): every character
 * of every text that will be printed is drawn by its role's face or the fallback face, or is an error at its line and
 * column in the data file. Invisible characters with no meaning are removed (warning); controls and noncharacters are
 * errors. Returns the document as the writers get it.
 */
export function checkCharacters(doc: Document, report: Report, fonts: Record<Role, Coverage>): { doc: Document; problems: Problem[] } {
  const { source, format } = report;
  const problems = new Map<string, Problem>();
  const leaves = textLeaves(source.data);
  const note = (place: TextPlace, index: number, ch: string, level: Problem['level'], message: string) => {
    const add = (path: (string | number)[], where: { line: number; col: number }, text = message) => {
      const key = `${where.line}:${where.col}:${ch}`;
      if (!problems.has(key)) problems.set(key, { file: source.file, ...where, level, label: fieldLabel(format, path), path: pathText(path), message: text });
    };
    const start = place.at?.start ?? 0;
    if (place.at && index >= start) return add(place.at.path, source.locateChar(place.at.path, index - start));
    // generated text: the character came from a value of the data file (a name, a label); every place it is typed
    const places = leaves.flatMap((l) => [...l.text.matchAll(new RegExp(ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu'))].map((m) => ({ path: l.path, at: m.index })));
    if (!places.length) return add([], { line: 1, col: 1 }, `${message}（出现在格式 ${format.id} 生成的文字中）`);
    for (const p of places) add(p.path, source.locateChar(p.path, p.at));
  };
  const checked = mapTexts(doc, (text, place) => {
    const chars = Array.from(text);
    let kept = '';
    let index = 0; // UTF-16 position in `text`
    chars.forEach((ch, i) => {
      const cp = ch.codePointAt(0)!;
      const bad = forbidden(cp);
      if (isDropped(cp))
        note(place, index, ch, 'warning', `删除了不可见字符 ${code(cp)}（${DROPPED[cp] ?? (cp >= 0xe0100 ? '异体字选择符' : '格式控制符')}），位于「${around(chars, i)}」`);
      else if (bad) note(place, index, ch, 'error', `${bad} ${code(cp)} 不能打印，请删除，位于「${around(chars, i)}」`);
      else {
        kept += ch;
        if (place.block && !faceFor(fonts, roleOf(place.block, place.part), ch))
          note(place, index, ch, 'error', `字符「${ch}」（${code(cp)}）在所有已配置的字体中都没有字形，出现在：…${around(chars, i)}…（请改用常用字，或在字体配置中为 fallback 指定含有此字的字体）`);
      }
      index += ch.length;
    });
    return kept;
  });
  // the page numbers the writers set ("— 12 —"): a fonts file's number face must draw them
  for (const ch of new Set(pageNumberText(1234567890))) {
    if (!faceFor(fonts, 'number', ch))
      problems.set(`number:${ch}`, { file: source.file, line: 1, col: 1, level: 'error', label: '', path: '', message: `页码字符「${ch}」在所有已配置的字体中都没有字形：字体配置中的 number 字体应含有数字和“—”` });
  }
  return { doc: checked, problems: [...problems.values()] };
}
