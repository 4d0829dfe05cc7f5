import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as fontkit from 'fontkit';
import { BUNDLED, FONTS_DIR, FontError, MissingGlyphError, ROLES, type Role } from './roles.js';

export interface LoadedFont {
  /** the font program handed to pdfmake (a single face, advance widths possibly condensed) */
  data: Buffer;
  face: fontkit.Font;
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
  if (head === undefined || hhea === undefined || hmtx === undefined) throw new FontError('font has no head/hhea/hmtx table');
  const em = out.readUInt16BE(head + 18);
  const target = Math.floor(em * emFraction);
  const metrics = out.readUInt16BE(hhea + 34);
  for (let g = 0; g < metrics; g++) if (out.readUInt16BE(hmtx + 4 * g) === em) out.writeUInt16BE(target, hmtx + 4 * g);
}

function openFace(data: Buffer): fontkit.Font {
  const font = fontkit.create(data);
  if ('fonts' in font) throw new FontError('a collection where a single face was expected');
  return font;
}

/** Extracts one face of a collection into a standalone font program, so pdfmake never sees a .ttc. */
function singleFace(file: string, data: Buffer): Buffer {
  if (data.toString('latin1', 0, 4) !== 'ttcf') return data;
  const name = file.split('#')[1];
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

/**
 * Loads the faces of every role once per process. `overrides` maps roles to files (a fonts file). Every face but the
 * title's sets text on the body's 28-character grid (body, lead sentences, headings, fallback): their full-width
 * advances are condensed to `bodyEm` so that 28 characters fill the 156 mm line as GB/T 9704 asks (pdfmake has no
 * letter spacing for CJK).
 */
export function loadFonts(overrides: Partial<Record<Role, string>>, bodyEm: number, onLoad: (role: Role, font: LoadedFont) => void): Record<Role, LoadedFont> {
  const byFile = new Map<string, LoadedFont>();
  const fonts = {} as Record<Role, LoadedFont>;
  for (const role of ROLES) {
    let font: LoadedFont | undefined;
    // each face is read when a report first needs it (most never need the large fallback face)
    Object.defineProperty(fonts, role, {
      enumerable: true,
      get: () => {
        if (font) return font;
        const file = overrides[role] ?? resolve(FONTS_DIR, BUNDLED[role]);
        const key = `${role === 'title'}:${file}`; // roles set in one file share one copy
        font = byFile.get(key) ?? loadFont(role, file, role === 'title' ? 1 : bodyEm);
        byFile.set(key, font);
        onLoad(role, font);
        return font;
      },
    });
  }
  return fonts;
}

/** Checks the files of a fonts file before any work starts: each must exist and hold the named face. */
export function checkFontFiles(overrides: Partial<Record<Role, string>>): void {
  // read each file now, so that a wrong path stops the build before any work
  for (const [role, file] of Object.entries(overrides)) loadFont(role as Role, file, 1);
}

/** Reads one face; `em` < 1 condenses its full-width advances (see condenseFullWidth). */
function loadFont(role: Role, file: string, em: number): LoadedFont {
  const path = file.split('#')[0];
  if (!existsSync(path)) throw new FontError(`找不到字体文件 ${path}（${role}）${file.startsWith(FONTS_DIR) ? '：仓库的 fonts/ 不完整' : ''}`);
  let data: Buffer;
  try {
    data = singleFace(file, readFileSync(path));
  } catch (e) {
    throw e instanceof FontError ? e : new FontError(`${file}: 无法读取字体（${(e as Error).message}）`);
  }
  if (em < 1) condenseFullWidth(data, em);
  let face: fontkit.Font;
  try {
    face = openFace(data);
  } catch (e) {
    throw e instanceof FontError ? e : new FontError(`${file}: 不是可用的字体文件（${(e as Error).message}）`);
  }
  return { data, face, lineFactor: (face.ascent - face.descent) / face.unitsPerEm, file };
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

/** Characters that draw nothing and need no glyph. */
const INVISIBLE = /[\n\r\t\u200b-\u200d\u2060\ufeff]/;

/**
 * Splits text into runs of the role face and the fallback face, by glyph coverage (pdfmake has no fallback).
 * Throws MissingGlyphError for a character neither has.
 */
export function splitByCoverage(text: string, main: LoadedFont, fallback: () => LoadedFont): { text: string; fallback: boolean }[] {
  const runs: { text: string; fallback: boolean }[] = [];
  const chars = Array.from(text);
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0)!;
    let useFallback = false;
    if (!INVISIBLE.test(ch) && cp > 0x20 && !main.face.hasGlyphForCodePoint(cp)) {
      if (!fallback().face.hasGlyphForCodePoint(cp)) throw new MissingGlyphError(ch, chars.slice(Math.max(0, i - 8), i + 8).join(''));
      useFallback = true;
    }
    const last = runs[runs.length - 1];
    if (last && last.fallback === useFallback) last.text += ch;
    else runs.push({ text: ch, fallback: useFallback });
  });
  return runs;
}
