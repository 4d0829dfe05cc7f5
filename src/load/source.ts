import { readFileSync, statSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document as YamlDocument, type Node } from 'yaml';
import { InputError, cut, fileProblem as problem, ioReason, quote, type Problem } from './problem.js';

/** Data files are a few hundred lines; anything far larger is a mistake (a wrong file, a dump). */
export const MAX_BYTES = 2 * 1024 * 1024;

/** A parsed data file that can say where each value stands in the text. */
export interface Source {
  file: string;
  text: string;
  data: Record<string, unknown>;
  /** line and column (1-based) of the value at `path`, or of its nearest existing parent */
  locate(path: (string | number)[]): { line: number; col: number };
  /**
   * line and column of the character at `index` (UTF-16) of the text value at `path`, where it was typed: also for a
   * character typed as an escape ("\u200b") or in a folded line
   */
  locateChar(path: (string | number)[], index: number): { line: number; col: number };
  /** the workbook the tables were read from (`tables:`), and each figure's cell by its data path (t3.new.0) */
  workbook?: { file: string; cells: Map<string, string> };
  /** unquoted text values followed on their line by " #…", which YAML reads as a comment: where, and the comment */
  comments: { path: (string | number)[]; line: number; col: number; comment: string }[];
}

export function readSource(file: string): Source {
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError([problem(file, '不是文件（是文件夹或设备）', 1, 1, 'unreadable')]);
    if (st.size > MAX_BYTES)
      throw new InputError([problem(file, `文件过大（${(st.size / 1048576).toFixed(1)} MB，上限 ${MAX_BYTES / 1048576} MB）：这不像一个单位的年报数据文件`)]);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([problem(file, ioReason(e), 1, 1, code === 'ENOENT' ? 'missing' : 'unreadable')]);
  }
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error('NUL');
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError([problem(file, '不是 UTF-8 文本文件（可能是二进制文件或其他编码）：请用 UTF-8 保存 YAML 数据文件')]);
  }
  if (text.trim() === '') throw new InputError([problem(file, '文件是空的：需要一个 YAML 数据文件（format、year、stats …）')]);
  return parseSource(file, text);
}

/** Flow collections nested deeper than this are not a data file (the YAML parser runs out of memory on thousands). */
const MAX_DEPTH = 32;

/** The message for a structure too deep to read (the parser's or the checks' stack ran out). */
export const TOO_DEEP = '缩进或列表嵌套过深，无法读取：年报数据文件只需几层缩进';

/** Flow collections nested absurdly deep, found before the parser sees them (comment lines aside). */
function checkNesting(file: string, text: string): void {
  let depth = 0;
  let offset = 0;
  for (const line of text.split('\n')) {
    if (!line.trimStart().startsWith('#'))
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === '[' || c === '{') depth++;
        else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
        if (depth > MAX_DEPTH) {
          const lineNo = text.slice(0, offset).split('\n').length;
          throw new InputError([problem(file, `[ ] 或 { } 嵌套超过 ${MAX_DEPTH} 层：这不像年报数据文件`, lineNo, i + 1)]);
        }
      }
    offset += line.length + 1;
  }
}

/**
 * The lines that hold the file's structure (keys, list items), with their 0-based numbers: the lines inside a value
 * that spans lines (a | block, a quoted or folded text) are the clerk's text, not structure.
 */
function structureLines(text: string, doc: YamlDocument): { line: string; i: number }[] {
  const inside: [number, number][] = [];
  visit(doc, {
    Scalar(_, node) {
      if (node.range && text.slice(node.range[0], node.range[1]).includes('\n')) inside.push([node.range[0], node.range[1]]);
    },
  });
  const out: { line: string; i: number }[] = [];
  let offset = 0;
  for (const [i, line] of text.split('\n').entries()) {
    const at = offset;
    offset += line.length + 1;
    if (!inside.some(([from, to]) => at > from && at < to)) out.push({ line, i });
  }
  return out;
}

/**
 * Keys and list items indented with full-width spaces or tabs (YAML takes neither: dozens of follow-on errors, none at
 * the line), one problem per line. Full-width spaces inside text are the clerk's own.
 */
function badIndentation(file: string, text: string, doc: YamlDocument): Problem[] {
  return structureLines(text, doc).flatMap(({ line, i }) => {
    const m = /^ *([\u3000\t][ \u3000\t]*)(?=- |[^\s:：#][^:：]*[:：]( |$))/.exec(line);
    if (!m) return [];
    const what = m[1].includes('\t') ? (m[1].includes('\u3000') ? '制表符（Tab）和全角空格' : '制表符（Tab）') : '全角空格（　）';
    return [problem(file, `第${i + 1}行用${what}缩进，YAML 不认：请用半角空格缩进`, i + 1, line.indexOf(m[1]) + 1)];
  });
}

/**
 * Chinese punctuation typed where YAML's syntax needs the ASCII mark, on the lines that hold structure: a key followed
 * by "：" (year：2025, - lead：…, 单位负责人：… among keys), a list of figures with "，", "、", "［］" or "【】"
 * ([3，1，0]). One message each, naming the character, its line and column and the fix.
 */
function fullWidthSyntax(file: string, text: string, doc: YamlDocument): Problem[] {
  const lines = text.split('\n');
  const problems: Problem[] = [];
  for (const { line, i } of structureLines(text, doc)) {
    const say = (before: string, message: string) => {
      const col = Array.from(before).length + 1;
      problems.push(problem(file, `第${i + 1}行第${col}列${message}`, i + 1, col));
    };
    // an ASCII key, or a Chinese key among keys (the line above or below is a key of the same indentation)
    const indent = /^ */.exec(line)![0];
    const sibling = (l: string | undefined) => l !== undefined && l.startsWith(indent) && /^\S[^:：#]*: /.test(l.slice(indent.length));
    const key = /^(\s*(?:- +)?)([A-Za-z_][A-Za-z0-9_]*) *：/.exec(line) ?? /^( +)([\u4e00-\u9fff]{2,10}) *：/.exec(line);
    if (key && (/^[A-Za-z_]/.test(key[2]) || sibling(lines[i - 1]) || sibling(lines[i + 1]) || /^\s*signoff:\s*$/.test(lines[i - 1] ?? '')))
      say(key[0].slice(0, -1), `的「：」是中文冒号：键 ${key[2]} 后面要用半角冒号和一个空格，例如 ${key[2]}: …`);
    const list = /^(\s*(?:- +)?[A-Za-z_][A-Za-z0-9_]*: *)([\[［【][^#]*)/.exec(line);
    if (list && /^[［【\[][\s0-9０-９~/.，,、~\-]*[\]］】]?\s*$/.test(list[2]) && /[，、［］【】]/.test(list[2])) {
      const bad = list[2].search(/[，、［］【】]/);
      const ch = list[2][bad];
      say(line.slice(0, list[1].length + bad), ch === '，' || ch === '、' ? `的「${ch}」是中文标点：列表中的数要用半角逗号隔开，例如 [3, 1, 0]` : `的「${ch}」是全角方括号：列表要用半角的 [ ]，例如 [3, 1, 0]`);
    }
  }
  return problems;
}

/** The YAML parser's common errors in Chinese, by its error code (others keep the parser's own words). */
const YAML_ERRORS: Record<string, string> = {
  MULTILINE_IMPLICIT_KEY: '这一行不是“键: 值”的样子：可能是上一行的文字换行后缩进不够，或键后面的冒号是中文冒号、冒号后少了空格',
  BAD_INDENT: '缩进不对：同一层的键要左对齐，下一层比上一层多缩进两个空格',
  BLOCK_AS_IMPLICIT_KEY: '这一行不是“键: 值”的样子：键后面要有半角冒号和空格',
  MISSING_CHAR: '缺少结束的 ] 或 }：列表 [ … ] 或映射 { … } 没有结束',
  BAD_SCALAR_START: '文字不能以 @ 或 ` 开头：请把整段用引号括起来',
  UNEXPECTED_TOKEN: '这里多了 YAML 不认的内容：文字以 [ { > | * & ! % @ 等开头，或含有 “: ” 时，请把整段用引号括起来',
  BLOCK_IN_FLOW: '方括号 [ … ] 里不能换行写多行内容',
};

/**
 * Unquoted text followed by " #" on its line: YAML drops the rest of the line as a comment, which in a sentence is
 * text lost without a word ("…加强培训 #1号文件"). Each with its data path.
 */
function trailingComments(doc: YamlDocument, text: string, pos: (offset: number) => { line: number; col: number }): Source['comments'] {
  const found: Source['comments'] = [];
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || node.type !== 'PLAIN' || typeof node.value !== 'string' || !node.range) return;
      const rest = /^[ \t]+(#.*)$/m.exec(text.slice(node.range[1]).split('\n')[0]);
      if (!rest) return;
      const path: (string | number)[] = [];
      const chain = [...ancestors, node];
      chain.forEach((a, i) => {
        const next = chain[i + 1];
        if (isSeq(a) && next) path.push(a.items.indexOf(next as never));
        else if (a && typeof a === 'object' && 'key' in a && 'value' in a && isScalar((a as { key: unknown }).key)) path.push(String(((a as { key: { value: unknown } }).key).value));
      });
      const at = pos(node.range[1] + text.slice(node.range[1]).indexOf('#'));
      found.push({ path, ...at, comment: rest[1] });
    },
  });
  return found;
}

const unclosed = (text: string) => parseDocument(text, { prettyErrors: false }).errors.some((e) => /Missing closing .quote/.test(e.message));

/**
 * Where a quoted value that never closes begins (the parser says so at the end of the file): the first line that opens
 * a quote it does not close, and that closing it there mends.
 */
function unclosedQuote(text: string): { line: number; col: number; quote: string } | undefined {
  const lines = text.split('\n');
  let tried = 0;
  for (const [i, line] of lines.entries()) {
    const m = /^(\s*(?:- +)?(?:[^\s"'#:][^:#]*: +)?)(["'])(.*)$/.exec(line);
    if (!m) continue;
    const rest = m[2] === '"' ? m[3].replace(/\\./g, '') : m[3].replace(/''/g, '');
    if (rest.includes(m[2])) continue;
    if (++tried > 20) break;
    if (!unclosed([...lines.slice(0, i), line + m[2], ...lines.slice(i + 1)].join('\n'))) return { line: i + 1, col: m[1].length + 1, quote: m[2] };
  }
  return undefined;
}

export function parseSource(file: string, raw: string): Source {
  // Windows line ends: lines and columns stay the same
  const text = raw.replace(/\r\n?/g, '\n');
  checkNesting(file, text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  // columns count characters, as an editor shows them (a character beyond the BMP is two UTF-16 units)
  const pos = (offset: number) => {
    const { line } = lineCounter.linePos(offset);
    return { line, col: Array.from(text.slice(lineCounter.lineStarts[line - 1], offset)).length + 1 };
  };
  const indentation = badIndentation(file, text, doc);
  if (indentation.length) throw new InputError(indentation);
  const punctuation = fullWidthSyntax(file, text, doc);
  if (punctuation.length) throw new InputError(punctuation);
  const errors = doc.errors.map((e) => {
    const open = /Missing closing .quote/.test(e.message) ? unclosedQuote(text) : undefined;
    if (open) return problem(file, `第${open.line}行开始的引号 ${open.quote} 没有结束：在这个值的末尾补上 ${open.quote}，或去掉开头的 ${open.quote}`, open.line, open.col);
    const { line, col } = pos(e.pos[0]);
    if (/call stack/i.test(e.message)) return problem(file, TOO_DEEP, line, col);
    const message =
      e.code === 'DUPLICATE_KEY' ? `重复的键：${cut(keyAt(text, e.pos[0]))}（同一层级的键只能出现一次）` : `YAML 语法错误：${YAML_ERRORS[e.code] ?? e.message.split('\n')[0]}`;
    return problem(file, message, line, col);
  });
  if (errors.length) throw new InputError(errors.filter((e, i) => errors.findIndex((o) => o.message === e.message && o.line === e.line) === i));
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new InputError([problem(file, `无法展开 YAML 别名（${(e as Error).message}）：别名过多或嵌套过深`)]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const got = Array.isArray(data) ? '一个列表' : data === null ? '空内容' : `一个单独的值（${quote(data)}）`;
    throw new InputError([problem(file, `文件顶层应是键值映射（format: …、year: …），实际是${got}`)]);
  }
  return {
    file,
    text,
    data: data as Record<string, unknown>,
    comments: trailingComments(doc, text, pos),
    locate: (path) => locateIn(doc, path, pos),
    locateChar: (path, index) => {
      const node = doc.getIn(path, true);
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return locateIn(doc, path, pos);
      const ch = String.fromCodePoint(node.value.codePointAt(index)!);
      const nth = node.value.slice(0, index).split(ch).length - 1;
      const typed = typedChars(text.slice(node.range[0], node.range[1]), node.type === 'QUOTE_DOUBLE').filter((t) => t.ch === ch)[nth];
      return pos(node.range[0] + (typed?.at ?? 0));
    },
  };
}

const ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029' };

/** The characters of a scalar as typed, each with its offset in the scalar's source (escapes of "…" decoded). */
function typedChars(raw: string, doubleQuoted: boolean): { ch: string; at: number }[] {
  const out: { ch: string; at: number }[] = [];
  for (let i = 0; i < raw.length; ) {
    const cp = raw.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (doubleQuoted && ch === '\\' && i + 1 < raw.length) {
      const e = raw[i + 1];
      let hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      let code = hex ? parseInt(raw.slice(i + 2, i + 2 + hex), 16) : NaN;
      // a pair of \u escapes for one character beyond the BMP ("\ud83d\ude00")
      const low = parseInt(/^\\u([0-9a-fA-F]{4})/.exec(raw.slice(i + 6))?.[1] ?? '', 16);
      if (e === 'u' && code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        hex += 6;
      }
      if (hex && Number.isFinite(code) && code <= 0x10ffff) out.push({ ch: String.fromCodePoint(code), at: i });
      else if (e in ESCAPES) out.push({ ch: ESCAPES[e], at: i });
      i += 2 + hex;
      continue;
    }
    out.push({ ch, at: i });
    i += ch.length;
  }
  return out;
}

function keyAt(text: string, offset: number): string {
  return text.slice(offset).split(/[:\n]/)[0].trim();
}

function locateIn(doc: YamlDocument, path: (string | number)[], pos: (o: number) => { line: number; col: number }) {
  let node: Node | null = doc.contents as Node | null;
  let best = node?.range ? pos(node.range[0]) : { line: 1, col: 1 };
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      const target = (pair.value ?? pair.key) as Node | null;
      if (pair.value && (pair.value as Node).range) node = pair.value as Node;
      else node = null;
      const r = (target as Node | null)?.range ?? (isScalar(pair.key) ? pair.key.range : undefined);
      if (r) best = pos(r[0]);
      if (!node) break;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item?.range) break;
      node = item;
      best = pos(item.range[0]);
    } else break;
  }
  return best;
}
