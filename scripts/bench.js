#!/usr/bin/env node
// npm run bench: the speed figures of README on this machine (speed goals live here, not in timed tests).
//   1. one report cold: a fresh `nianbao build` process, PDF and DOCX
//   2. the 8-unit batch of data/xining-2017 (city and districts), on all cores
//   3. a 200-unit batch of generated variants (other names, scaled figures), on all cores
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { runBatch, defaultJobs } from '../dist/batch/run.js';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
const options = (out) => ({ out, formats: ['pdf', 'docx'], wordFonts: 'official' });
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;

console.log(`machine: ${cpus().length} × ${cpus()[0].model}, ${mb(totalmem())} RAM, Node ${process.version}`);

// 1. cold
const preload = join(work, 'rss.cjs');
writeFileSync(preload, "process.on('exit', () => process.stderr.write(`maxrss ${process.resourceUsage().maxRSS}\\n`));\n");
const cold = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, join(root, 'bin/nianbao.js'), 'build', join(root, 'data/xining-2017/xining.yaml'), '--out', join(work, 'cold')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stdout + r.stderr);
  cold.push({ s: (performance.now() - started) / 1000, rss: Number(/maxrss (\d+)/.exec(r.stderr)[1]) * 1024 });
}
cold.sort((a, b) => a.s - b.s);
console.log(`one report cold (fresh process, PDF + DOCX, 14 pages): median ${cold[2].s.toFixed(2)} s, best ${cold[0].s.toFixed(2)} s, peak ${mb(cold[2].rss)}`);

async function batch(label, dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
  const jobs = defaultJobs();
  const started = performance.now();
  const results = await runBatch(files, options(join(work, 'out-' + label)), jobs, () => {});
  const s = (performance.now() - started) / 1000;
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`${failed.length} units failed: ${failed[0].file}`);
  const pages = results.reduce((n, r) => n + r.pages, 0);
  const peak = Math.max(...results.map((r) => r.memory));
  console.log(
    `${label}: ${files.length} reports (${pages} pages) in ${s.toFixed(1)} s with ${jobs} workers — ` +
      `${(files.length / s).toFixed(1)} reports/s, ${((s * 1000) / files.length).toFixed(0)} ms per report (PDF + DOCX), ` +
      `peak ${mb(peak)} heap+buffers per worker, process peak ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
}

// 2. the city and its districts
await batch('8-unit batch', join(root, 'data/xining-2017'));

// 3. 200 variants of the district files: other names, figures scaled (identities still hold)
const variants = join(work, 'variants');
mkdirSync(variants);
const bases = readdirSync(join(root, 'data/xining-2017')).filter((f) => f !== 'xining.yaml');
for (let i = 0; i < 200; i++) {
  const k = 1 + (i % 7);
  const text = readFileSync(join(root, 'data/xining-2017', bases[i % bases.length]), 'utf8')
    .replace(/^region: .*$/m, `region: 示例县${i + 1}`)
    .replace(/^(  s[\d_a-z]+: )(\d+)/gm, (_, key, n) => key + String(Number(n) * k));
  writeFileSync(join(variants, `unit-${String(i + 1).padStart(3, '0')}.yaml`), text);
}
await batch('200-unit batch', variants);

rmSync(work, { recursive: true, force: true });
