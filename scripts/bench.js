#!/usr/bin/env node
// npm run bench: the speed figures of README on this machine (speed goals live here, not in timed tests). Besides the
// absolute figures it prints the ratios that let a run on any machine be compared with another:
//   cold report / `node -e 0`; `--version` and `check` / `node -e 0`; warm report (median in a batch) / cold report;
//   a watch rebuild after a one-character edit against the warm report; batch reports per second with 1 and 2 workers
//   for district-sized and city-sized reports; peak memory per worker; how the batch time grows from 10 to 200 units.
// Every process is started without NODE_EXTRA_CA_CERTS (on these machines it adds ~0.1 s to each Node 20 start); the
// figure with it, where it is set, is printed beside.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { runBatch } from '../dist/batch/run.js';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin/nianbao.js');
const city = join(root, 'data/xining-2017');
const work = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { NODE_EXTRA_CA_CERTS, ...plainEnv } = process.env;

console.log(`machine: ${cpus().length} × ${cpus()[0].model}, ${mb(totalmem())} RAM, Node ${process.version}`);

/** Median wall time of a fresh process, in seconds. */
function timed(args, env = plainEnv, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stdout}${r.stderr}`);
    times.push((performance.now() - started) / 1000);
  }
  return median(times);
}

// 1. fresh processes
const node = timed(['-e', '0']);
const version = timed([bin, '--version']);
const check = timed([bin, 'check', join(city, 'xining.yaml')]);
const cold = timed([bin, 'build', join(city, 'xining.yaml'), '--out', join(work, 'cold')]);
const ratio = (x, of) => `${(x / of).toFixed(1)}×`;
console.log(`node -e 0: ${node.toFixed(3)} s`);
console.log(`nianbao --version: ${version.toFixed(3)} s = ${ratio(version, node)} node -e 0 (target ≤ 1.5×)`);
console.log(`nianbao check of the sample: ${check.toFixed(2)} s = ${ratio(check, node)} node -e 0 (target ≤ 4×)`);
console.log(`one report cold (PDF + DOCX of the 14-page sample): ${cold.toFixed(2)} s = ${ratio(cold, node)} node -e 0 (target ≤ 15×)`);
if (NODE_EXTRA_CA_CERTS) {
  const withCerts = timed(['-e', '0'], process.env);
  const coldCerts = timed([bin, 'build', join(city, 'xining.yaml'), '--out', join(work, 'cold')], process.env);
  console.log(`  with NODE_EXTRA_CA_CERTS set, as on these machines: node -e 0 ${withCerts.toFixed(3)} s, cold report ${coldCerts.toFixed(2)} s`);
}

/** Variants of a data file: other names, figures scaled so the identities still hold. */
function variants(label, files, count) {
  const dir = join(work, label);
  mkdirSync(dir);
  for (let i = 0; i < count; i++) {
    const k = 1 + (i % 7);
    const text = readFileSync(files[i % files.length], 'utf8')
      .replace(/^region: .*$/m, `region: 示例县${i + 1}`)
      .replace(/^subunits:\n(  .*\n)+/m, '')
      .replace(/^(  s[\d_a-z]+: )(\d+)/gm, (_, key, n) => key + String(Number(n) * k));
    writeFileSync(join(dir, `unit-${String(i + 1).padStart(3, '0')}.yaml`), text);
  }
  return readdirSync(dir).map((f) => join(dir, f));
}

/** A batch in this process (its workers warm up on the first units): seconds, per-report ms, peak memory per worker. */
async function batch(files, jobs) {
  const started = performance.now();
  const results = await runBatch(files, { out: join(work, 'out'), formats: ['pdf', 'docx'] }, jobs, () => {});
  const s = (performance.now() - started) / 1000;
  if (results.some((r) => !r.ok)) throw new Error(`a unit failed: ${results.find((r) => !r.ok).file}`);
  return { s, perReport: median(results.map((r) => r.ms)), peak: Math.max(...results.map((r) => r.memory)), rate: files.length / s };
}

// 2. warm reports, batches with 1 and 2 workers, district-sized (5 pages) and city-sized (14 pages)
const districtFiles = variants('districts', readdirSync(city).filter((f) => f !== 'xining.yaml').map((f) => join(city, f)), 200);
const cityFiles = variants('cities', [join(city, 'xining.yaml')], 40);
const warmCity = await batch(cityFiles.slice(0, 20), 1);
console.log(`warm report (city, median of 20 in one worker): ${warmCity.perReport.toFixed(0)} ms = ${((warmCity.perReport / 1000 / cold) * 100).toFixed(0)} % of the cold report`);
for (const [label, files] of [['district-sized (5 pages)', districtFiles.slice(0, 40)], ['city-sized (14 pages)', cityFiles]])
  for (const jobs of [1, 2]) {
    const b = await batch(files, jobs);
    console.log(`batch of ${files.length} ${label}, ${jobs} worker${jobs > 1 ? 's' : ''}: ${b.rate.toFixed(1)} reports/s, ${b.perReport.toFixed(0)} ms per report, peak ${mb(b.peak)} per worker`);
  }
const growth = [];
for (const n of [10, 50, 200]) growth.push(`${n}: ${(await batch(districtFiles.slice(0, n), 2)).s.toFixed(1)} s`);
console.log(`batch time by units (district-sized, 2 workers): ${growth.join(', ')}`);

// 3. watch: a one-character edit of the sample, from the save to the rebuilt report
const watched = join(work, 'watch');
mkdirSync(watched);
for (const f of readdirSync(city)) copyFileSync(join(city, f), join(watched, f));
const child = spawn(process.execPath, [bin, 'watch', join(watched, 'xining.yaml'), '--out', join(watched, 'out')], { env: plainEnv, stdio: ['ignore', 'pipe', 'inherit'] });
let output = '';
child.stdout.on('data', (d) => (output += d));
const waitFor = (re, from) =>
  new Promise((done) => {
    const t = setInterval(() => re.test(output.slice(from)) && (clearInterval(t), done()), 5);
  });
await waitFor(/正在监视/, 0);
const rebuilds = [];
let text = readFileSync(join(watched, 'xining.yaml'), 'utf8');
for (let i = 0; i < 7; i++) {
  const from = output.length;
  text = text.replace(i % 2 ? '还存在着' : '还存着', i % 2 ? '还存着' : '还存在着');
  const started = performance.now();
  writeFileSync(join(watched, 'xining.yaml'), text);
  await waitFor(/xining\.yaml → /, from);
  rebuilds.push(performance.now() - started);
}
child.kill('SIGINT');
const rebuild = median(rebuilds.slice(1));
console.log(`watch rebuild of the sample after a one-character edit: ${rebuild.toFixed(0)} ms (the warm report ${warmCity.perReport.toFixed(0)} ms + ${(rebuild - warmCity.perReport).toFixed(0)} ms; target ≤ +50 ms; 20 ms of it is the wait for a save to settle)`);

rmSync(work, { recursive: true, force: true });
