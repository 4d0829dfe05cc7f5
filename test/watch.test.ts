/** nianbao watch: one warm process that rebuilds on every save, and its preview page in a real browser. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, compactText, has, tempDir } from './helpers.js';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** `nianbao watch` on a copy of the city and its districts; `seen(re)` waits for a line of its output. */
function startWatch(...extra: string[]) {
  const dir = tempDir();
  for (const f of readdirSync(join(ROOT, 'data/xining-2017'))) copyFileSync(join(ROOT, 'data/xining-2017', f), join(dir, f));
  const child = spawn(process.execPath, [join(ROOT, 'bin/nianbao.js'), 'watch', '.', '--out', 'out', '--format', 'pdf', ...extra], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  const waiting: { re: RegExp; from: number; done: (m: RegExpMatchArray, end: number) => void }[] = [];
  const look = () => {
    for (const w of [...waiting]) {
      const m = output.slice(w.from).match(w.re);
      if (m) waiting.splice(waiting.indexOf(w), 1), w.done(m, w.from + m.index! + m[0].length);
    }
  };
  child.stdout!.on('data', (d: Buffer) => ((output += d.toString()), look()));
  child.stderr!.on('data', (d: Buffer) => ((output += d.toString()), look()));
  let mark = 0;
  return {
    dir,
    child,
    /** the next line matching `re` after the last one waited for */
    seen: (re: RegExp, ms = 20000) =>
      new Promise<RegExpMatchArray>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no ${re} in:\n${output}`)), ms);
        // the next wait looks after this match (two lines may come in one chunk)
        waiting.push({ re, from: mark, done: (m, end) => (clearTimeout(timer), (mark = end), done(m)) });
        look();
      }),
    edit: (file: string, from: string, to: string) => {
      const text = readFileSync(join(dir, file), 'utf8');
      if (!text.includes(from)) throw new Error(`${from} is not in ${file}`);
      writeFileSync(join(dir, file), text.replace(from, to));
    },
  };
}

describe('nianbao watch', () => {
  it('rebuilds an edited unit, keeps the last good PDF on a broken save, rebuilds the city when a district changes, ends on Ctrl-C', async () => {
    const w = startWatch();
    await w.seen(/正在监视/);
    const pdf = join(w.dir, 'out/xining.pdf');
    w.edit('xining.yaml', '还存着一些问题', '还存在一些问题');
    await w.seen(/\] xining\.yaml → out\/xining\.pdf/);
    expect(compactText(pdf)).toContain('还存在一些问题');
    const good = readFileSync(pdf);

    w.edit('xining.yaml', 's3_1: 48', 's3_1: 4x8');
    await w.seen(/xining\.yaml:\d+:\d+ error （一）收到申请数 \(stats\.s3_1\)[^\n]*\n[^\n]*xining\.yaml: 有错误，保留上次生成的文件/);
    expect(readFileSync(pdf).equals(good)).toBe(true);
    w.edit('xining.yaml', 's3_1: 4x8', 's3_1: 48');
    await w.seen(/\] xining\.yaml → out\/xining\.pdf/);

    // a district's figures change: the district and the city that adds it up are rebuilt, the other districts not
    w.edit('chengdong.yaml', 's3_1: 2 ', 's3_1: 3 ');
    w.edit('chengdong.yaml', 's3_1_4: 1 ', 's3_1_4: 2 ');
    const round = await w.seen(/\] chengdong\.yaml → [^\n]*\n(?:[^\n]*\n)*?[^\n]*\] xining\.yaml → /);
    expect(round[0]).not.toMatch(/chengxi|datong/);

    w.child.kill('SIGINT');
    const code = await new Promise((done) => w.child.on('exit', done));
    expect(code).toBe(0);
  });

  it.runIf(has('chromium'))('serves a preview page on 127.0.0.1 that shows the messages and the PDF and reloads after a rebuild (Chromium)', async () => {
    const w = startWatch('--preview');
    const [, url] = await w.seen(/预览页面：(http:\/\/127\.0\.0\.1:\d+\/)/);
    await w.seen(/正在监视/);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      expect(await page.textContent('#round')).toBe('第 1 次生成');
      expect(await page.textContent('body')).toContain('空白按0计');
      const pdf = await page.evaluate(async () => (await fetch(document.querySelector('a')!.href)).headers.get('content-type'));
      expect(pdf).toBe('application/pdf');

      const reloaded = page.waitForEvent('load');
      w.edit('xining.yaml', 's3_1: 48', 's3_1: 4x8');
      await reloaded;
      expect(await page.textContent('#round')).toBe('第 2 次生成');
      expect(await page.textContent('body')).toContain('有错误，显示的是上次生成的文件');
      expect(await page.textContent('body')).toContain('实际是 "4x8"');
    } finally {
      await browser.close();
    }
    // the server listens on the loopback address only (what the system says it listens on)
    if (has('ss')) {
      const port = new URL(url).port;
      const listening = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).stdout.trim().split('\n');
      expect(listening.length).toBe(1);
      expect(listening[0]).toMatch(new RegExp(`\\s127\\.0\\.0\\.1:${port}\\s`));
    }
  });
});
