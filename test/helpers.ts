import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const SAMPLE = join(ROOT, 'data/xining-2017/xining.yaml');
/** the published sample report as text (a copy of shared/seed/xining-2017-report.txt, so a clone tests alone) */
export const SEED = join(ROOT, 'test/fixtures/xining-2017-report.txt');

const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new folder for a test, removed when the test process ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-test-'));
  made.push(dir);
  return dir;
}

/** Runs the CLI as a user would. */
export function nianbao(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/nianbao.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI as a user would, without blocking (for tests that run side by side). */
export function nianbaoAsync(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'bin/nianbao.js'), ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 }, (e, stdout, stderr) =>
      done({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr }),
    );
  });
}

/**
 * How many times a PDF's pages draw glyph 0 (.notdef, the empty box a face shows for a character it lacks): the
 * glyph ids of every text string (`<…> Tj`, `[<…> n <…>] TJ`, two bytes each) in every content stream.
 */
export function notdefGlyphs(pdf: Buffer): number {
  let count = 0;
  const latin = pdf.toString('latin1');
  for (const m of latin.matchAll(/\/Filter \/FlateDecode[^]*?>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = latin.indexOf('endstream', start);
    let text: string;
    try {
      text = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a content stream (a font program, an image)
    }
    for (const op of text.matchAll(/(\[[^\]]*\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)/g))
      for (const hex of op[0].matchAll(/<([0-9a-fA-F]*)>/g)) for (let i = 0; i + 4 <= hex[1].length; i += 4) if (hex[1].slice(i, i + 4) === '0000') count++;
  }
  return count;
}

/** pdftotext of a PDF, page by page (poppler-utils). */
export function pdfPages(file: string, layout = false): string[] {
  const text = execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return text.split('\f').slice(0, -1);
}

/** The text a PDF prints inside a rectangle of its pages (pt, from the top left corner; one page or all), white space removed. */
export function textIn(file: string, box: { x: number; y: number; w: number; h: number }, page?: number): string {
  // pdftotext takes whole pixels: at 720 dpi a tenth of a point
  const px = (pt: number) => String(Math.round(pt * 10));
  const area = ['-r', '720', '-x', px(box.x), '-y', px(box.y), '-W', px(box.w), '-H', px(box.h), ...(page ? ['-f', String(page), '-l', String(page)] : [])];
  return execFileSync('pdftotext', [...area, file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

/** The text of a PDF with page numbers dropped and all white space removed, for finding paragraphs in order. */
export function compactText(file: string): string {
  return pdfPages(file)
    .flatMap((page) => page.split('\n').filter((line) => !/^\s*—\s*\d+\s*—\s*$/.test(line)))
    .join('')
    .replace(/\s+/g, '');
}

export const compact = (s: string) => s.replace(/\s+/g, '');

/** The seed's ASCII punctuation between Han characters, as it is in the transcription (full width). */
export function fullWidth(s: string): string {
  return s.replace(/,/g, '，').replace(/\(/g, '（').replace(/\)/g, '）').replace(/:/g, '：').replace(/;/g, '；');
}

/** The narrative paragraphs of the sample report, in order, without web chrome and photo captions. */
export function seedParagraphs(): string[] {
  const lines = readFileSync(SEED, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('西宁市2017年度'));
  const end = lines.findIndex((l) => l.trim() === '政府信息公开情况统计表');
  const out: string[] = [];
  for (const raw of lines.slice(start, end)) {
    const l = raw.trim();
    if (!l || /^\d+\.jpg$/.test(l)) continue;
    // one paragraph is split by a photo: "…立足相对集中行" / "政审批权改革…"
    if (out.length && out[out.length - 1].endsWith('立足相对集中行')) out[out.length - 1] += l;
    else out.push(l);
  }
  return out.map(fullWidth);
}

/** Asserts that `needles` occur in `hay` in this order; returns the first one that does not. */
export function firstMissingInOrder(hay: string, needles: string[]): string | undefined {
  let at = 0;
  for (const n of needles) {
    const i = hay.indexOf(n, at);
    if (i < 0) return n;
    at = i + n.length;
  }
  return undefined;
}

export function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}
