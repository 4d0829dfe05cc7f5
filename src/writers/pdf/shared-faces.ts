import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';

/**
 * pdfkit works per document: it parses every font program anew (fontkit.create), shapes every string anew and decodes
 * every glyph outline it subsets anew, for every report. A process (a batch worker) renders many reports with the same
 * faces, so the faces are parsed once and what pdfkit asks of them is kept with the face for the life of the process.
 * This module must be loaded before pdfkit is.
 */
const require = createRequire(import.meta.url);
const parsedFaces = new WeakMap<Uint8Array, fontkit.Font>();
{
  const fontkitPath = createRequire(require.resolve('pdfkit')).resolve('fontkit');
  const original = require(fontkitPath) as typeof fontkit;
  const shared = { ...original, create: (data: Uint8Array, name?: string) => parsedFaces.get(data) ?? original.create(data, name) };
  require.cache[fontkitPath]!.exports = shared;
}

const decodePatched = new WeakSet<object>();

/**
 * From now on pdfkit gets `face` for the font program `data`. Its text is shaped character by character, each
 * character once per process: CJK report text has no ligatures or kerning to lose, and the PDF writer measures lines
 * with the same per-character advances.
 */
export function shareFace(data: Uint8Array, face: fontkit.Font): void {
  parsedFaces.set(data, face);
  const layout = face.layout.bind(face);
  const chars = new Map<string, fontkit.GlyphRun>();
  const shaped = (ch: string) => {
    let run = chars.get(ch);
    if (!run) chars.set(ch, (run = layout(ch)));
    return run;
  };
  face.layout = (text, features) => {
    if (features) return layout(text, features);
    const runs = Array.from(text, shaped);
    // pdfkit scales the positions of a run in place: each caller gets its own copy of them
    return Object.assign(Object.create(Object.getPrototypeOf(runs[0] ?? layout(''))), runs[0], {
      glyphs: runs.flatMap((r) => r.glyphs),
      positions: runs.flatMap((r) => r.positions.map((p) => ({ ...p }))),
    });
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
