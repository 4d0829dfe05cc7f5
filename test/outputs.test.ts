import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFormat } from '../src/format/definition.js';
import { ROOT, compact, compactText, firstMissingInOrder, has, nianbao, tempDir } from './helpers.js';

/** Reports of each format and shape: the sample (old format), a national-2021 report, the county with its 汇总表. */
const REPORTS = ['data/xining-2017/xining.yaml', 'data/national-2021/chengdong-2025.yaml', 'data/national-2019/chengzhong-2019.yaml', 'data/yunling-2025/yunling.yaml'];
const name = (f: string) => basename(f, '.yaml');

describe('the web page for the portal (--format html)', () => {
  let out: string;
  beforeAll(() => {
    out = tempDir();
    const r = nianbao(['build', ...REPORTS, '--format', 'html,pdf', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('is valid HTML (html-validate, its recommended rules), UTF-8, zh-CN, one article, no scripts or outside resources', async () => {
    // inline styles are the point: a portal's editor keeps style attributes and drops <style> blocks
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off' } });
    for (const f of REPORTS) {
      const html = readFileSync(join(out, `${name(f)}.html`), 'utf8');
      const report = await validator.validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${name(f)}:${m.line} ${m.ruleId} ${m.message}`))).toEqual([]);
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">/);
      expect(html.match(/<article /g)).toHaveLength(1);
      expect(html).not.toMatch(/<script|<link|<style|<img|<iframe|url\(|https?:/i);
    }
  });

  it.runIf(has('chromium'))('renders in Chromium with the PDF’s text, and every figure stands under its column’s header', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
      for (const f of REPORTS) {
        await page.goto(`file://${join(out, `${name(f)}.html`)}`);
        // the text outside the tables, block by block, stands in the PDF in the same order (page numbers left out)
        const blocks: string[] = await page.$$eval('article > :not(table):not([data-block=signoff])', (els) => els.map((e) => (e as HTMLElement).innerText));
        const pdf = compactText(join(out, `${name(f)}.pdf`)).replace(/—\d+—/g, '');
        expect(blocks.length, name(f)).toBeGreaterThan(12);
        expect(firstMissingInOrder(pdf, blocks.map(compact)), name(f)).toBeUndefined();
        // the sign-off fields, which the PDF sets in columns
        const fields: string[] = await page.$$eval('[data-block=signoff] span', (els) => els.map((e) => (e as HTMLElement).innerText));
        for (const field of fields) expect(pdf).toContain(compact(field));
        // each figure's cell: its value as the data has it, under the lowest header cell above it, which names its column
        const cells: { ref: string; text: string; x: number; top: number; header: string }[] = await page.$$eval('td[data-figure]', (tds) =>
          tds.map((td) => {
            const box = td.getBoundingClientRect();
            const x = (box.left + box.right) / 2;
            const ths = [...td.closest('table')!.querySelectorAll('th')]
              .map((th) => ({ th, box: th.getBoundingClientRect() }))
              .filter(({ box: b }) => b.left <= x && x <= b.right && b.bottom <= box.top + 1);
            const lowest = ths.sort((a, b) => b.box.bottom - a.box.bottom)[0];
            return { ref: td.getAttribute('data-figure')!, text: (td as HTMLElement).innerText, x, top: box.top, header: lowest ? (lowest.th as HTMLElement).innerText : '' };
          }),
        );
        const format = loadFormat(/^format: (\S+)/m.exec(readFileSync(join(ROOT, f), 'utf8'))![1]);
        let named = 0;
        for (const c of cells) {
          const item = format.items.get(c.ref)!;
          const column = (item.row.columns ?? item.table.columns)?.[item.index];
          if (!column || item.table.id === 'stats') continue; // the old format's table has its labels in rows
          named++;
          expect(compact(c.header), `${name(f)} ${c.ref}`).toBe(column.split(' ').pop()!.replace(/\n/g, ''));
        }
        expect(named, name(f)).toBeGreaterThan(f.includes('xining') ? -1 : 150);
        // every row of every table spans the table's full width: the spans are right
        const ragged = await page.$$eval('table', (tables) =>
          tables.flatMap((t, i) => {
            const table = t.getBoundingClientRect();
            const boxes = [...t.querySelectorAll('th, td')].map((c) => c.getBoundingClientRect());
            const covered: number[] = [];
            for (let y = table.top + 3; y < table.bottom - 3; y += 3) covered.push(Math.max(...boxes.filter((b) => b.top <= y && y <= b.bottom).map((b) => b.right)));
            const width = table.right;
            return covered.some((right) => Math.abs(right - width) > 2) ? [i] : [];
          }),
        );
        expect(ragged, name(f)).toEqual([]);
        if (f.includes('yunling')) writeFileSync(join(out, 'yunling.png'), await page.screenshot({ fullPage: true }));
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('PDF/A-2b for the archive (--pdfa)', () => {
  let out: string;
  let qdf: string;
  beforeAll(() => {
    out = tempDir();
    const r = nianbao(['build', 'data/national-2021/chengdong-2025.yaml', '--format', 'pdf', '--pdfa', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', join(out, 'chengdong-2025.pdf'), join(out, 'q.pdf')]);
    qdf = readFileSync(join(out, 'q.pdf'), 'latin1');
  });

  it('says it is PDF/A-2b in its XMP, with title, author, date and language; PDF 1.7; an sRGB output intent', () => {
    const xmp = Buffer.from(qdf, 'latin1').toString('utf8');
    expect(qdf.startsWith('%PDF-1.7')).toBe(true);
    expect(xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(xmp).toMatch(/<dc:title>\s*<rdf:Alt>\s*<rdf:li xml:lang="x-default">西宁市城东区2025年政府信息公开工作年度报告<\/rdf:li>/);
    expect(xmp).toMatch(/<dc:creator>\s*<rdf:Seq>\s*<rdf:li>西宁市城东区人民政府<\/rdf:li>/);
    expect(xmp).toContain('<xmp:CreateDate>2026-03-27T00:00:00Z</xmp:CreateDate>');
    expect(qdf).toMatch(/\/Lang \(zh-CN\)/);
    expect(qdf).toMatch(/\/OutputIntents \[\s*\d+ 0 R\s*\]/);
    expect(qdf).toMatch(/\/DestOutputProfile \d+ 0 R[^]*?\/S \/GTS_PDFA1/);
    expect(qdf).not.toContain('/Encrypt');
    // the Info dictionary agrees with the XMP, which has the creation date only
    expect(qdf).toMatch(/\/CreationDate \d+ 0 R[^]*\(D:20260327000000Z\)/);
    expect(qdf).not.toContain('/ModDate');
  });

  it('embeds every font, passes qpdf --check, and is byte-identical when rebuilt', () => {
    const fonts = execFileSync('pdffonts', [join(out, 'chengdong-2025.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(3);
    for (const f of fonts) expect(f, f).toMatch(/ yes +yes +yes +\d+ +0$/);
    expect(execFileSync('qpdf', ['--check', join(out, 'chengdong-2025.pdf')], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
    const again = tempDir();
    nianbao(['build', 'data/national-2021/chengdong-2025.yaml', '--format', 'pdf', '--pdfa', '--out', again]);
    expect(readFileSync(join(again, 'chengdong-2025.pdf')).equals(readFileSync(join(out, 'chengdong-2025.pdf')))).toBe(true);
    // without --pdfa: no PDF/A claim
    const plain = tempDir();
    nianbao(['build', 'data/national-2021/chengdong-2025.yaml', '--format', 'pdf', '--out', plain]);
    expect(readFileSync(join(plain, 'chengdong-2025.pdf'), 'latin1')).not.toContain('OutputIntent');
  });
});

describe('outputs as plug-ins', () => {
  it('names the outputs and the writers’ options from the writer list; refuses an unknown one or an option of an output not made', () => {
    const help = nianbao(['help', 'build']).stdout;
    expect(help).toContain('[--format pdf,docx,html]');
    expect(help).toContain('--pdfa 生成 PDF/A-2b');
    const unknown = nianbao(['build', 'data/national-2021/chengdong-2025.yaml', '--format', 'ofd', '--out', tempDir()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--format 只能是 pdf、docx、html 中的一个或几个');
    const misplaced = nianbao(['build', 'data/national-2021/chengdong-2025.yaml', '--format', 'html', '--pdfa', '--out', tempDir()]);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--pdfa 用于 pdf 文件，但 --format 中没有 pdf');
    const wrong = nianbao(['build', 'data/national-2021/chengdong-2025.yaml', '--word-fonts', 'mac', '--out', tempDir()]);
    expect(wrong.stderr).toContain('--word-fonts 只能是 official、windows、bundled（收到 mac）');
  });

  it('knows writers only through src/writers/index.ts: the build, the batch and the CLI name none', () => {
    const files = ['src/build.ts', 'src/batch/run.ts', 'src/batch/worker.ts', 'src/cli/main.ts', 'src/cli/usage.ts', 'src/watch/index.ts'];
    for (const f of files) expect(readFileSync(join(ROOT, f), 'utf8'), f).not.toMatch(/writers\/(pdf|docx|html)|renderPdf|renderDocx|'pdf' \||\.pdf`/);
    expect(readdirSync(join(ROOT, 'src/writers'))).toEqual(expect.arrayContaining(['pdf', 'docx', 'html', 'index.ts', 'writer.ts']));
  });
});
