import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';
import { BODY_EM } from '../writers/page.js';
import { ioReason } from '../load/problem.js';
import { BUNDLED, FALLBACKS, FONTS_DIR, FontError, ROLES, type Role } from './roles.js';
import { covers, readCoverage, type Ranges } from './cmap.js';

/**
 * The one fontkit of the process: the copy pdfkit loads (CommonJS), so that the faces parsed here are the ones pdfkit
 * draws with (src/writers/pdf/shared-faces.ts) and fontkit is not loaded twice (ESM and CommonJS copies: ~0.1 s).
 */
const require = createRequire(import.meta.url);
export const FONTKIT_PATH = createRequire(require.resolve('pdfkit')).resolve('fontkit');
/** loaded when a face is first parsed (`check` never parses one: it reads the character maps, see coverage) */
let fontkit: typeof Fontkit | undefined;

/** What the character check asks of a face: does it draw this character. */
export interface Coverage {
  has(cp: number): boolean;
}

export interface LoadedFont extends Coverage {
  /** the font program handed to pdfmake (a single face, advance widths possibly condensed) */
  data: Buffer;
  face: Fontkit.Font;
  /** pdfkit's line height per point of size: (ascent − descent) / unitsPerEm */
  lineFactor: number;
  /** where it came from, for messages */
  file: string;
}

/**
 * Sets every full-width advance (= 1 em) of a font program to `emFraction` of an em, in the hmtx table, in place
 * (the program is a fresh read of its file: copying 10 MB faces cost a cold run ~30 ms).
 */
function condenseFullWidth(out: Buffer, emFraction: number): void {
  const tables = new Map<string, number>();
  const count = out.readUInt16BE(4);
  for (let i = 0; i < count; i++) tables.set(out.toString('latin1', 12 + i * 16, 16 + i * 16), out.readUInt32BE(20 + i * 16));
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  if (head === undefined || hhea === undefined || hmtx === undefined) throw new FontError('字体缺少 head/hhea/hmtx 表');
  const em = out.readUInt16BE(head + 18);
  const target = Math.floor(em * emFraction);
  const metrics = out.readUInt16BE(hhea + 34);
  for (let g = 0; g < metrics; g++) if (out.readUInt16BE(hmtx + 4 * g) === em) out.writeUInt16BE(target, hmtx + 4 * g);
}

function openFace(data: Buffer): Fontkit.Font {
  const font = (fontkit ??= require(FONTKIT_PATH) as typeof Fontkit).create(data);
  if ('fonts' in font) throw new FontError('这里需要单个字体，却是字体集（.ttc）');
  return font;
}

/** `file.ttc#PostScriptName`: the file and the face; a # inside a folder name is part of the path. */
function faceName(file: string): { path: string; name?: string } {
  const at = file.lastIndexOf('#');
  return at > 0 && !/[\\/]/.test(file.slice(at)) ? { path: file.slice(0, at), name: file.slice(at + 1) } : { path: file };
}

/** Extracts one face of a collection into a standalone font program, so pdfmake never sees a .ttc. */
function singleFace(file: string, data: Buffer): Buffer {
  if (data.toString('latin1', 0, 4) !== 'ttcf') return data;
  const name = faceName(file).name;
  const faces: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < data.readUInt32BE(8); i++) {
    const offset = data.readUInt32BE(12 + 4 * i);
    const count = data.readUInt16BE(offset + 4);
    const dir = Array.from({ length: count }, (_, t) => ({
      tag: data.toString('latin1', offset + 12 + t * 16, offset + 16 + t * 16),
      sum: data.readUInt32BE(offset + 16 + t * 16),
      at: data.readUInt32BE(offset + 20 + t * 16),
      len: data.readUInt32BE(offset + 24 + t * 16),
    }));
    const header = 12 + 16 * count;
    let size = header;
    for (const t of dir) size += (t.len + 3) & ~3;
    const out = Buffer.alloc(size);
    data.copy(out, 0, offset, offset + 12);
    let at = header;
    dir.forEach((t, k) => {
      out.write(t.tag, 12 + k * 16, 'latin1');
      out.writeUInt32BE(t.sum, 16 + k * 16);
      out.writeUInt32BE(at, 20 + k * 16);
      out.writeUInt32BE(t.len, 24 + k * 16);
      data.copy(out, at, t.at, t.at + t.len);
      at += (t.len + 3) & ~3;
    });
    faces.push({ name: openFace(out).postscriptName, data: out });
  }
  const face = faces.find((f) => f.name === name);
  if (face) return face.data;
  const names = faces.map((f) => f.name).join('、');
  throw new FontError(name ? `${file}: 字体集中没有名为 ${name} 的字体，有：${names}` : `${file}: 是字体集（.ttc），请用 文件#字体名 指定其中一个：${names}`);
}

let loaded: { key: string; fonts: Record<Role, LoadedFont> } | undefined;

/**
 * The faces of every role, read once per process (per batch worker) and shared by the character check and the PDF
 * writer. `overrides` maps roles to files (a fonts file). Each face is read when first asked for (most reports never
 * need the large fallback face). Every face but the title's sets text on the body's 28-character grid (body, lead
 * sentences, headings, fallback): their full-width advances are condensed to BODY_EM so that 28 characters fill the
 * 156 mm line as GB/T 9704 asks (pdfmake has no letter spacing for CJK).
 */
export function faces(overrides: Partial<Record<Role, string>> = {}): Record<Role, LoadedFont> {
  const key = JSON.stringify(overrides);
  if (loaded?.key === key) return loaded.fonts;
  const byFile = new Map<string, LoadedFont>();
  const fonts = {} as Record<Role, LoadedFont>;
  for (const role of ROLES) {
    let font: LoadedFont | undefined;
    Object.defineProperty(fonts, role, {
      enumerable: true,
      get: () => {
        if (font) return font;
        const file = overrides[role] ?? resolve(FONTS_DIR, BUNDLED[role]);
        const key = `${role === 'title'}:${file}`; // roles set in one file share one copy
        font = byFile.get(key) ?? loadFont(role, file, role === 'title' ? 1 : BODY_EM);
        byFile.set(key, font);
        return font;
      },
    });
  }
  loaded = { key, fonts };
  return fonts;
}

/** A font file larger than this is not a face of a report (the largest CJK faces are about 30 MB). */
export const MAX_FONT_BYTES = 100 * 1024 * 1024;

/** The first four bytes of a TrueType, OpenType (CFF), Apple TrueType or collection file. */
const SIGNATURES = ['00010000', '4f54544f', '74727565', '74746366'];

/**
 * Refuses, before anything reads it whole, a path that is not a font file: missing, a folder, a device or pipe, over
 * MAX_FONT_BYTES, or not starting with a font signature. Links are followed (a link to a font is fine).
 */
function checkFontFile(role: Role, path: string): void {
  const where = `${path}（${role}）`; // no space before what follows
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FontError(`找不到字体文件 ${where}${path.startsWith(FONTS_DIR) ? '：仓库的 fonts/ 不完整' : ''}`);
    throw new FontError(`字体文件 ${where}无法读取（${ioReason(e)}）`);
  }
  if (st.isDirectory()) throw new FontError(`字体文件 ${where}是文件夹，应是 .ttf/.otf/.ttc 字体文件`);
  if (!st.isFile()) throw new FontError(`字体文件 ${where}是设备或管道，不是普通文件`);
  if (st.size > MAX_FONT_BYTES) throw new FontError(`字体文件 ${where}过大（${(st.size / 1048576).toFixed(0)} MB，上限 ${MAX_FONT_BYTES / 1048576} MB）`);
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (!SIGNATURES.includes(head.toString('hex')))
    throw new FontError(`${where}不是 TrueType/OpenType 字体文件（.ttf/.otf/.ttc）${st.size < 4 ? '：文件太短' : `：开头的字节是 ${head.toString('hex')}`}`);
}

/** Checks the files of a fonts file before any work starts: each must be a font file holding the named face. */
export function checkFontFiles(overrides: Partial<Record<Role, string>>): void {
  const fonts = faces(overrides); // read now, and kept for the work that follows
  for (const role of Object.keys(overrides)) void fonts[role as Role];
}

/** Reads one face; `em` < 1 condenses its full-width advances (see condenseFullWidth). */
function loadFont(role: Role, file: string, em: number): LoadedFont {
  const { path } = faceName(file);
  checkFontFile(role, path);
  let data: Buffer;
  try {
    data = singleFace(file, readFileSync(path));
  } catch (e) {
    throw e instanceof FontError ? e : new FontError(`${file}：字体文件已损坏或不完整（${(e as Error).message}）`);
  }
  try {
    if (em < 1) condenseFullWidth(data, em);
    const face = openFace(data);
    // a damaged file may open and fail only when its tables are read: read the ones every report needs now
    const lineFactor = (face.ascent - face.descent) / face.unitsPerEm;
    face.hasGlyphForCodePoint(0x4e00);
    if (!Number.isFinite(lineFactor) || lineFactor <= 0) throw new Error('字体的行高数据无效');
    return { data, face, lineFactor, file, has: (cp) => face.hasGlyphForCodePoint(cp) };
  } catch (e) {
    throw e instanceof FontError ? e : new FontError(`${file}：字体文件已损坏或不完整（${(e as Error).message}）`);
  }
}

const advances = new WeakMap<LoadedFont, Map<string, number>>();

/** A character's advance in ems, as pdfkit will set it (see shareFace). */
export function advance(font: LoadedFont, ch: string): number {
  let known = advances.get(font);
  if (!known) advances.set(font, (known = new Map()));
  let em = known.get(ch);
  if (em === undefined) known.set(ch, (em = font.face.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth / font.face.unitsPerEm));
  return em;
}


/**
 * Which face draws a character in a role: the role's own, else the first of FALLBACKS that has it (the fallback
 * face, then the rare face), else none (undefined).
 */
export function faceFor(fonts: Record<Role, Coverage>, role: Role, ch: string): Role | undefined {
  if (ch === '\n') return role; // a line break is not drawn
  const cp = ch.codePointAt(0)!;
  return [role, ...FALLBACKS].find((r) => fonts[r].has(cp));
}

const maps = new Map<string, Coverage>();

/**
 * What each role's face draws, for the character check: read from the face's character map alone, without parsing
 * the face or loading fontkit (a `check` of the sample in half the time); a face whose map cannot be read so (a face
 * of a collection) is parsed. The files are checked as `faces` checks them.
 */
export function coverage(overrides: Partial<Record<Role, string>> = {}): Record<Role, Coverage> {
  const all = {} as Record<Role, Coverage>;
  for (const role of ROLES) {
    let known: Coverage | undefined;
    Object.defineProperty(all, role, {
      get: () => {
        if (known) return known;
        const file = overrides[role] ?? resolve(FONTS_DIR, BUNDLED[role]);
        known = maps.get(file);
        if (!known) {
          const { path, name } = faceName(file);
          checkFontFile(role, path);
          let ranges: Ranges | undefined;
          try {
            ranges = name ? undefined : readCoverage(path);
          } catch {
            ranges = undefined; // a damaged map: the parsed face says what is wrong
          }
          known = ranges ? { has: (cp) => covers(ranges!, cp) } : faces(overrides)[role];
          maps.set(file, known);
        }
        return known;
      },
    });
  }
  return all;
}

/**
 * Splits text into runs by the face that draws them (pdfmake has no fallback). The character check
 * (src/check/characters.ts) has made sure that one face draws every character.
 */
export function splitByCoverage(text: string, fonts: Record<Role, LoadedFont>, role: Role): { text: string; font: Role }[] {
  const runs: { text: string; font: Role }[] = [];
  for (const ch of text) {
    const font = faceFor(fonts, role, ch);
    if (!font) throw new Error(`U+${ch.codePointAt(0)!.toString(16)} reached the PDF writer without a face: the character check missed it`);
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ text: ch, font });
  }
  return runs;
}
