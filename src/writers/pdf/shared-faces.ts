import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';
import { FONTKIT_PATH } from '../../fonts/faces.js';

/**
 * pdfkit works per document: it parses every font program anew (fontkit.create), shapes every string anew and decodes
 * every glyph outline it subsets anew, for every report. A process (a batch worker) renders many reports with the same
 * faces, so the faces are parsed once and what pdfkit asks of them is kept with the face for the life of the process.
 * This module must be loaded before pdfkit is.
 */
const require = createRequire(import.meta.url);
const parsedFaces = new WeakMap<Uint8Array, fontkit.Font>();
{
  const original = require(FONTKIT_PATH) as typeof fontkit;
  const shared = { ...original, create: (data: Uint8Array, name?: string) => parsedFaces.get(data) ?? original.create(data, name) };
  require.cache[FONTKIT_PATH]!.exports = shared;
}

const decodePatched = new WeakSet<object>();

/** A run of glyphs as pdfkit reads it from fontkit's layout. */
class Run {
  constructor(
    readonly glyphs: fontkit.Glyph[],
    readonly positions: fontkit.GlyphPosition[],
  ) {}
  get advanceWidth(): number {
    return this.positions.reduce((w, p) => w + p.xAdvance, 0);
  }
}

/**
 * From now on pdfkit gets `face` for the font program `data`. Its text is set character by character from the
 * character map and advance widths, without OpenType shaping: report text (Han characters, full-width punctuation,
 * digits) has nothing to shape, pdfmake set it one character at a time anyway, and the PDF writer measures its lines
 * with the same advances (see advance() in fonts.ts). Parsing a CJK face's shaping tables was a tenth of a cold run.
 */
export function shareFace(data: Uint8Array, face: fontkit.Font): void {
  parsedFaces.set(data, face);
  readTablesDirectly(data, face);
  const layout = face.layout.bind(face);
  face.layout = (text, features) => {
    if (features) return layout(text, features);
    const glyphs = Array.from(text, (ch) => face.glyphForCodePoint(ch.codePointAt(0)!));
    // pdfkit scales the positions of a run in place: each run has its own
    return new Run(glyphs, glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })));
  };
  // subsetting decodes each glyph's whole outline to see whether it is composite; glyphs are kept by the face, so keep
  // the decoded outline with the glyph (TrueType glyphs; the decoded outline is only read)
  const glyphClass = Object.getPrototypeOf(face.getGlyph(0)) as { _decode?: (this: object) => unknown };
  const decode = glyphClass._decode;
  if (decode && !decodePatched.has(glyphClass)) {
    decodePatched.add(glyphClass);
    const decoded = new WeakMap<object, unknown>();
    glyphClass._decode = function (this: object) {
      if (!decoded.has(this)) decoded.set(this, decode.call(this));
      return decoded.get(this);
    };
  }
}

/** What fontkit keeps of a face that is read here. */
interface FaceInternals {
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  _tables: Record<string, unknown>;
  head: { indexToLocFormat: number };
}

/**
 * Two tables fontkit decodes value by value, read here in one pass when a face is loaded (a tenth of a cold run for
 * five CJK faces): the glyph offsets (loca: one per glyph, tens of thousands), which pdfkit reads to subset, and the
 * header of post, whose tens of thousands of glyph names pdfkit never uses (given as a post table without names).
 */
function readTablesDirectly(data: Uint8Array, face: fontkit.Font): void {
  const internals = face as unknown as FaceInternals;
  const { loca, post } = internals.directory.tables;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (loca && !('loca' in internals._tables)) {
    const long = internals.head.indexToLocFormat === 1;
    const offsets = Array.from({ length: loca.length / (long ? 4 : 2) }, (_, i) => (long ? view.getUint32(loca.offset + 4 * i) : 2 * view.getUint16(loca.offset + 2 * i)));
    internals._tables.loca = { version: long ? 1 : 0, offsets, _processed: true };
  }
  if (post && post.length >= 32 && !('post' in internals._tables)) {
    internals._tables.post = {
      version: 3,
      italicAngle: view.getInt32(post.offset + 4) / 65536,
      underlinePosition: view.getInt16(post.offset + 8),
      underlineThickness: view.getInt16(post.offset + 10),
      isFixedPitch: view.getUint32(post.offset + 12),
    };
  }
}
