import { watch as watchFolder, realpathSync, statSync, type FSWatcher } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildUnit, type BuildOptions, type UnitResult } from '../build.js';
import { forgetFormats } from '../format/definition.js';
import { formatProblem } from '../load/problem.js';
import { Session } from '../session.js';
import { collectInputs } from '../cli/inputs.js';
import { startPreview, type Preview } from './preview.js';

/** Saves closer together than this are one change (editors write a file in several steps). */
const SETTLE_MS = 20;

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

/** What a unit's last result was read from: data files (its own, sub-units', last year's) and format folders. */
interface Sources {
  files: Set<string>;
  formats: Set<string>;
}

/**
 * `nianbao watch`: builds every unit once, then, in this one warm process, rebuilds on every save the units whose
 * data changed and those that depend on them (a district's change rebuilds the city that rolls it up; a changed
 * template or format folder rebuilds its units). A save that breaks a file keeps the last good outputs (no unit with
 * errors is written) and prints the errors. With `preview` (a port; 0 for a free one) it serves the preview page on
 * 127.0.0.1. Ends cleanly on Ctrl-C (SIGINT) or SIGTERM.
 */
export async function watch(paths: string[], options: BuildOptions, preview?: number): Promise<number> {
  const sources = new Map<string, Sources>();
  const results = new Map<string, UnitResult>();
  const watchers = new Map<string, FSWatcher>();
  let units = collectInputs(paths).files;
  let round = 0;
  let page: Preview | undefined;
  // one session for the whole watch: a save makes it forget what depends on the saved file, the rest stays read
  let session = new Session({ fonts: options.fonts });

  const watchFolders = () => {
    const folders = new Set(paths.map((p) => (statSync(p).isDirectory() ? real(p) : dirname(real(p)))));
    for (const s of sources.values()) {
      for (const f of s.files) folders.add(dirname(f));
      for (const f of s.formats) folders.add(f);
    }
    for (const folder of folders) if (!watchers.has(folder)) watchers.set(folder, watchFolder(folder, (_, name) => changed(name ? join(folder, name.toString()) : folder)));
  };

  const build = async (which: string[]) => {
    round++;
    for (const file of which) {
      const r = await buildUnit(file, options, session);
      const loaded = session.report(file);
      // a file that fails to read names no sub-units or format: what it depended on before still counts
      const last = loaded.report ? undefined : sources.get(file);
      const formats = loaded.report ? loaded.report.format.dirs.map(real) : [...(last?.formats ?? [])];
      sources.set(file, { files: new Set([real(file), ...loaded.files, ...(last?.files ?? [])]), formats: new Set(formats) });
      // a unit that failed keeps its last good files: the preview shows those
      results.set(file, r.ok ? r : { ...r, outputs: results.get(file)?.outputs ?? [] });
      for (const p of r.problems) console.log(formatProblem(p));
      const when = new Date().toLocaleTimeString('zh-CN', { hour12: false });
      console.log(`[${when}] ${r.ok ? `${file} → ${r.outputs.join(', ')}（${(r.ms / 1000).toFixed(2)} s）` : `${file}: 有错误，保留上次生成的文件`}`);
    }
    watchFolders();
    page?.update(round, units.flatMap((u) => results.get(u) ?? []));
  };

  // changes are gathered until the saves settle, then the units they touch are rebuilt, one round at a time
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const changed = (path: string) => {
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const touched = [...pending];
      pending = new Set();
      running = running.then(() => rebuild(touched));
    }, SETTLE_MS);
  };
  const rebuild = async (touched: string[]) => {
    const files = new Set(touched.flatMap((p) => [resolve(p), real(p)]));
    const folders = new Set(touched.map((p) => dirname(real(p))));
    const before = new Set(units);
    units = collectInputs(paths).files; // a data file added to a watched folder is built too
    const formatChanged = (u: string) => [...(sources.get(u)?.formats ?? [])].some((f) => folders.has(f));
    if (units.some(formatChanged)) {
      forgetFormats(); // a template or format.yaml changed: read the formats, and every unit, again
      session = new Session({ fonts: options.fonts });
    } else session.forget(files);
    const which = units.filter((u) => !before.has(u) || formatChanged(u) || [...(sources.get(u)?.files ?? [])].some((f) => files.has(f)));
    if (which.length) await build(which);
  };

  await build(units);
  if (preview !== undefined) {
    page = await startPreview(preview);
    page.update(round, units.flatMap((u) => results.get(u) ?? []));
    console.log(`预览页面：${page.url}（只在本机可以打开）`);
  }
  console.log('正在监视数据文件和格式文件夹，保存后自动重新生成；按 Ctrl-C 结束。');
  await new Promise<void>((stop) => {
    process.once('SIGINT', () => stop());
    process.once('SIGTERM', () => stop());
  });
  clearTimeout(timer);
  await running;
  for (const w of watchers.values()) w.close();
  await page?.close();
  console.log('已停止监视。');
  return 0;
}
