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

/** The part of a fontkit face and its glyph runs that pdfkit uses and this module keeps. */
interface Face {
  layout(text: string, features?: unknown): Run;
  getGlyph(id: number): object;
}
interface Run {
  positions: object[];
}
const decodePatched = new WeakSet<object>();

/** From now on pdfkit gets `face` for the font program `data`, with shaping and glyph decoding kept across reports. */
export function shareFace(data: Uint8Array, face: fontkit.Font): void {
  parsedFaces.set(data, face);
  // shaping: pdfkit scales the positions of a run in place, so each caller gets its own copy of them
  const shaped = face as unknown as Face;
  const layout = shaped.layout.bind(shaped);
  const runs = new Map<string, Run>();
  shaped.layout = (text, features) => {
    if (features || typeof text !== 'string') return layout(text, features);
    let run = runs.get(text);
    if (!run) runs.set(text, (run = layout(text)));
    return Object.assign(Object.create(Object.getPrototypeOf(run)), run, { positions: run.positions.map((p) => ({ ...p })) });
  };
  // subsetting decodes each glyph's whole outline to see whether it is composite; glyphs are kept by the face, so keep
  // the decoded outline with the glyph (TrueType glyphs; the decoded outline is only read)
  const glyphClass = Object.getPrototypeOf(shaped.getGlyph(0)) as { _decode?: (this: object) => unknown };
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
