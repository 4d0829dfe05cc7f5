import { closeSync, openSync, readSync } from 'node:fs';

/** Code point ranges [first, last], sorted: what a face's character map maps to a glyph. */
export type Ranges = [number, number][];

/**
 * The characters a TrueType/OpenType face draws, read from its `cmap` table alone (a few kB of a 20 MB file): what the
 * character check needs, without parsing the face. The Windows Unicode subtables (format 12, else format 4) are read;
 * undefined when the file has neither, or is a collection (the caller then asks the parsed face).
 */
export function readCoverage(path: string): Ranges | undefined {
  const fd = openSync(path, 'r');
  try {
    const read = (at: number, length: number) => {
      const b = Buffer.alloc(length);
      return readSync(fd, b, 0, length, at) === length ? b : undefined;
    };
    const head = read(0, 12);
    if (!head || head.toString('latin1', 0, 4) === 'ttcf') return undefined;
    const count = head.readUInt16BE(4);
    const dir = read(12, count * 16);
    if (!dir) return undefined;
    let table: Buffer | undefined;
    for (let i = 0; i < count; i++)
      if (dir.toString('latin1', i * 16, i * 16 + 4) === 'cmap') table = read(dir.readUInt32BE(i * 16 + 8), dir.readUInt32BE(i * 16 + 12));
    if (!table) return undefined;
    const subtables = new Map<string, number>();
    for (let i = 0; i < table.readUInt16BE(2); i++) {
      const at = 4 + i * 8;
      const offset = table.readUInt32BE(at + 4);
      subtables.set(`${table.readUInt16BE(at)}.${table.readUInt16BE(at + 2)}.${table.readUInt16BE(offset)}`, offset);
    }
    const twelve = subtables.get('3.10.12') ?? subtables.get('0.4.12');
    if (twelve !== undefined) return format12(table, twelve);
    const four = subtables.get('3.1.4') ?? subtables.get('0.3.4');
    return four === undefined ? undefined : format4(table, four);
  } finally {
    closeSync(fd);
  }
}

function format12(t: Buffer, at: number): Ranges {
  const ranges: Ranges = [];
  for (let i = 0, n = t.readUInt32BE(at + 12); i < n; i++) {
    const g = at + 16 + i * 12;
    const [first, last, glyph] = [t.readUInt32BE(g), t.readUInt32BE(g + 4), t.readUInt32BE(g + 8)];
    add(ranges, glyph === 0 ? first + 1 : first, last); // glyph 0 is .notdef: drawn as a box
  }
  return ranges;
}

function format4(t: Buffer, at: number): Ranges {
  const ranges: Ranges = [];
  const segments = t.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const offsets = deltas + 2 * segments;
  for (let s = 0; s < segments; s++) {
    const [first, last] = [t.readUInt16BE(starts + 2 * s), t.readUInt16BE(ends + 2 * s)];
    const delta = t.readUInt16BE(deltas + 2 * s);
    const offset = t.readUInt16BE(offsets + 2 * s);
    for (let cp = first; cp <= last && cp !== 0xffff; cp++) {
      let glyph: number;
      if (offset === 0) glyph = (cp + delta) & 0xffff;
      else {
        const g = offsets + 2 * s + offset + 2 * (cp - first);
        glyph = g + 2 <= t.length ? t.readUInt16BE(g) : 0;
        if (glyph) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph) add(ranges, cp, cp);
    }
  }
  return ranges;
}

/** Appends [first, last] to sorted ranges, joining it to the last where they touch. */
function add(ranges: Ranges, first: number, last: number): void {
  if (first > last) return;
  const end = ranges[ranges.length - 1];
  if (end && first <= end[1] + 1) end[1] = Math.max(end[1], last);
  else ranges.push([first, last]);
}

/** Whether sorted ranges hold a code point. */
export function covers(ranges: Ranges, cp: number): boolean {
  let [lo, hi] = [0, ranges.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[mid][0]) hi = mid - 1;
    else if (cp > ranges[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}
