import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ioReason } from '../load/problem.js';

const DATA_FILE = /\.ya?ml$/i;

/**
 * The data files named on the command line: files as given, folders searched for *.yaml / *.yml. Symbolic links are
 * followed like the files and folders they point to (a folder reached twice is searched once); a link that leads
 * nowhere or back to itself is reported.
 */
export function collectInputs(args: string[]): { files: string[]; bad: { path: string; why: string }[] } {
  const files: string[] = [];
  const bad: { path: string; why: string }[] = [];
  const searched = new Set<string>();
  const walk = (dir: string) => {
    const real = realpathSync(dir);
    if (searched.has(real)) return;
    searched.add(real);
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      let st;
      try {
        st = entry.isSymbolicLink() ? statSync(path) : entry;
      } catch (e) {
        if (DATA_FILE.test(entry.name)) bad.push({ path, why: ioReason(e) });
        continue;
      }
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && DATA_FILE.test(entry.name)) add(path);
    }
  };
  const named = new Set<string>(); // a file named twice (itself and in its folder) is one unit
  const add = (file: string) => {
    const real = realpathSync(file);
    if (!named.has(real)) files.push(file);
    named.add(real);
  };
  for (const arg of args) {
    try {
      if (statSync(arg).isDirectory()) walk(arg);
      else add(arg);
    } catch (e) {
      bad.push({ path: arg, why: (e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件或文件夹不存在' : ioReason(e) });
    }
  }
  return { files, bad };
}
