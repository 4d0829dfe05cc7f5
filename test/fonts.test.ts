import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SAMPLE, compactText, nianbao, tempDir } from './helpers.js';

function withParagraph(paragraph: string): { dir: string; file: string } {
  const dir = tempDir();
  for (const f of readdirSync(join(ROOT, 'data/xining-2017'))) copyFileSync(join(ROOT, 'data/xining-2017', f), join(dir, f));
  const file = join(dir, 'xining.yaml');
  writeFileSync(file, readFileSync(SAMPLE, 'utf8').replace('  problems:\n    - ', `  problems:\n    - ${paragraph}\n    - `));
  return { dir, file };
}

describe('characters the role faces lack', () => {
  it('are drawn from the fallback face: rare name characters print, no boxes', () => {
    const { dir, file } = withParagraph('经办人张喆、王堃、𠮷田。');
    const r = nianbao(['build', file, '--out', join(dir, 'out'), '--format', 'pdf']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const pdf = join(dir, 'out', 'xining.pdf');
    expect(compactText(pdf)).toContain('经办人张喆、王堃、𠮷田。');
    expect(execFileSync('pdffonts', [pdf], { encoding: 'utf8' })).toContain('NotoSerifCJKsc-Regular');
  });

  it('that no face has stop the build with the character, its context and its line', () => {
    const { dir, file } = withParagraph('麻将牌🀄不是公文用字。');
    const r = nianbao(['build', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('🀄')) + 1;
    expect(r.stdout).toContain(`${file}:${line}:`);
    expect(r.stdout).toContain('字符「🀄」（U+1F004）在所有已配置的字体中都没有字形');
    expect(r.stdout).toContain('麻将牌🀄不是公文用字');
    expect(() => readdirSync(join(dir, 'out'))).toThrow();
  });
});

/** A TrueType collection holding one face: the TTC header, then the font with its table offsets moved along. */
function collectionOf(font: Buffer): Buffer {
  const shifted = Buffer.from(font);
  for (let i = 0; i < shifted.readUInt16BE(4); i++) shifted.writeUInt32BE(shifted.readUInt32BE(20 + 16 * i) + 16, 20 + 16 * i);
  const header = Buffer.alloc(16);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(1, 8);
  header.writeUInt32BE(16, 12);
  return Buffer.concat([header, shifted]);
}

describe('a fonts file', () => {
  it('takes a face of a collection (.ttc) by its PostScript name, and says which names there are', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kai.ttc'), collectionOf(readFileSync(join(ROOT, 'fonts/FandolKai-Regular.ttf'))));
    const fonts = join(dir, 'fonts.yaml');
    writeFileSync(fonts, `heading: ${join(dir, 'kai.ttc')}#FandolKai-Regular\n`);
    const r = nianbao(['build', SAMPLE, '--out', join(dir, 'out'), '--format', 'pdf', '--fonts', fonts]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(execFileSync('pdffonts', [join(dir, 'out', 'xining.pdf')], { encoding: 'utf8' })).not.toContain('NotoSansCJKsc');

    writeFileSync(fonts, `heading: ${join(dir, 'kai.ttc')}\n`);
    const bad = nianbao(['build', SAMPLE, '--out', join(dir, 'out2'), '--fonts', fonts]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('是字体集（.ttc），请用 文件#字体名 指定其中一个：FandolKai-Regular');
  });

  it('points a role at another font file, and a bad one is a clear usage error', () => {
    const dir = tempDir();
    const fonts = join(dir, 'fonts.yaml');
    writeFileSync(fonts, `heading: ${join(ROOT, 'fonts/FandolKai-Regular.ttf')}\n`);
    const r = nianbao(['build', SAMPLE, '--out', join(dir, 'out'), '--format', 'pdf', '--fonts', fonts]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(execFileSync('pdffonts', [join(dir, 'out', 'xining.pdf')], { encoding: 'utf8' })).not.toContain('NotoSansCJKsc');

    writeFileSync(fonts, 'body: /no/such/仿宋_GB2312.ttf\n');
    const bad = nianbao(['build', SAMPLE, '--out', join(dir, 'out2'), '--fonts', fonts]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('找不到字体文件 /no/such/仿宋_GB2312.ttf（body）');
  });
});
