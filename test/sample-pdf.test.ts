import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, compact, compactText, firstMissingInOrder, nianbao, pdfPages, tempDir } from './helpers.js';
import { HEADINGS, expectedParagraphs, tableRowProblem } from './sample.js';

let out: string;
let pdf: string;

beforeAll(() => {
  out = tempDir();
  const r = nianbao(['build', SAMPLE, '--out', out, '--format', 'pdf']);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  pdf = join(out, 'xining.pdf');
});

describe('the sample report as PDF', () => {
  it('has every heading of the sample, in order', () => {
    const text = compactText(pdf);
    expect(text.startsWith('西宁市2017年政府信息公开工作年度报告')).toBe(true);
    expect(firstMissingInOrder(text, HEADINGS)).toBeUndefined();
  });

  it('has every narrative paragraph of the sample, with the bound figures as generated', () => {
    const expected = expectedParagraphs();
    expect(expected.length).toBe(33);
    // the sample's own contradictions are gone
    expect(expected.join('')).not.toContain('21541');
    expect(firstMissingInOrder(compactText(pdf), expected.map(compact))).toBeUndefined();
  });

  it('has all 65 rows of the statistics table with their units and values', () => {
    expect(tableRowProblem(pdf)).toBeUndefined();
  });

  it('has the sign-off block under the table', () => {
    const lines = pdfPages(pdf, true).pop()!.split('\n').map(compact);
    expect(lines).toContain('单位负责人：祁延民审核人：柴正德填报人：谭梁');
    expect(lines).toContain('联系电话：0971-8222155填报日期：2018-2-28');
  });

  it('has 22 lines per full page and 28 characters per full body line', () => {
    // the narrative's pages: none holds more than 22 lines, and those the text fills hold 22 (a page may end a line
    // short where a paragraph keeps two lines on the next)
    const pages = pdfPages(pdf).slice(1, 11).map((p) => p.split('\n').filter((l) => l.trim() && !/^—\s*\d+\s*—$/.test(l.trim())));
    expect(Math.max(...pages.map((p) => p.length))).toBe(22);
    expect(pages.filter((p) => p.length === 22).length).toBeGreaterThan(4);
    const page = pages.find((p) => p.length === 22)!;
    // a line of Han characters and full-width punctuation only: exactly 28 characters wide
    const full = page.filter((l) => /^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]+$/.test(l.trim()));
    expect(full.length).toBeGreaterThan(5);
    for (const l of full.slice(0, -1)) expect([...l.trim()].length).toBeLessThanOrEqual(28);
    expect(Math.max(...full.map((l) => [...l.trim()].length))).toBe(28);
  });

  it('puts page numbers "— N —" on every page, odd pages right and even pages left', () => {
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '2', pdf, '-'], { encoding: 'utf8' });
    // x of the first word with a dash on each page: the page number is the only one below the text
    const xs = bbox.split('<page').slice(1).map((page) => Number(/<word xMin="([\d.]+)" yMin="(7[5-9]\d|8\d\d)[\d.]*"[^>]*>[^<]*—/.exec(page)?.[1]));
    expect(xs[0]).toBeGreaterThan(400); // odd page: right
    expect(xs[1]).toBeLessThan(200); // even page: left
    pdfPages(pdf).forEach((page, i) => expect(page.split('\n').map(compact)).toContain(`—${i + 1}—`));
  });

  it('passes qpdf --check and embeds every font as a subset', () => {
    const check = spawnSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(4);
    for (const f of fonts) {
      const cols = f.trim().split(/\s+/);
      expect(cols.slice(-5, -2), f).toEqual(['yes', 'yes', 'yes']);
      expect(cols[0]).toMatch(/^[A-Z]{6}\+/);
    }
    expect(fonts.some((f) => f.includes('FandolFang'))).toBe(true);
  });

  it('gives identical bytes when built twice', () => {
    const again = tempDir();
    expect(nianbao(['build', SAMPLE, '--out', again, '--format', 'pdf']).code).toBe(0);
    expect(readFileSync(join(again, 'xining.pdf')).equals(readFileSync(pdf))).toBe(true);
  });
});

describe('a district of the sample', () => {
  it('fills the table’s 填报单位 with the unit when the data names no other', () => {
    const out = tempDir();
    expect(nianbao(['build', 'data/xining-2017/chengbei.yaml', '--out', out, '--format', 'pdf']).code).toBe(0);
    expect(compactText(join(out, 'chengbei.pdf'))).toContain('政府信息公开情况统计表填报单位（盖章）：城北区人民政府统计指标');
  });
});
