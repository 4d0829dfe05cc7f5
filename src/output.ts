import { closeSync, constants, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, extname, join } from 'node:path';
import { ioReason } from './load/problem.js';

/** The output name of a data file: its own name without extension, made safe as a single file name. */
export function outputName(dataFile: string): string {
  const name = basename(dataFile, extname(dataFile))
    .replace(/[\\/:*?"<>|\x00-\x1f]/g, '_')
    .replace(/^\.+/, '_');
  return name || 'report';
}

/**
 * nianbao's own temporary files beside an output `name`: `.<name>.<pid>-<random>.nianbao-tmp` (a new file being
 * written), `.nianbao-old` (the old file kept while the new ones are put in place), and `.<name>.<pid>.tmp` of
 * earlier versions.
 */
const temporary = (name: string) => new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)(?:-[0-9a-f]{12}\\.nianbao-(?:tmp|old)|\\.tmp)$`);

const alive = (pid: number) => {
  if (pid === process.pid) return false; // this process writes one unit's files at a time
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A new name beside `name` that nothing has: created here, exclusively, never through a link planted under it. */
function createBeside(dir: string, name: string, kind: 'tmp' | 'old', create: (path: string) => void): string {
  for (;;) {
    const path = join(dir, `.${name}.${process.pid}-${randomBytes(6).toString('hex')}.nianbao-${kind}`);
    try {
      create(path);
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

function writeNew(dir: string, name: string, data: Uint8Array): string {
  return createBeside(dir, name, 'tmp', (path) => {
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      for (let at = 0; at < data.length; ) at += writeSync(fd, data, at);
      fsyncSync(fd); // a full disk or a network folder may say so only here
      closeSync(fd);
    } catch (e) {
      closeSync(fd);
      rmSync(path, { force: true });
      throw e;
    }
  });
}

/**
 * Writes a unit's outputs so that the unit has either all its new files or none of them, its old files intact:
 * every file is first written in full under a new temporary name in `dir` (created exclusively, so a link planted in
 * the folder is never followed), then all are renamed into place; if a rename fails, the files already renamed are
 * put back as they were. A rename replaces a link at the final name itself, never the file it points to. Temporary
 * files that a killed build of the same outputs left behind are removed first.
 */
export function writeOutputs(dir: string, files: [name: string, data: Uint8Array][]): string[] {
  mkdirSync(dir, { recursive: true });
  const patterns = files.map(([name]) => temporary(name));
  for (const entry of readdirSync(dir)) {
    const pid = patterns.map((p) => p.exec(entry)).find(Boolean)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    try {
      if (!lstatSync(join(dir, entry)).isDirectory()) unlinkSync(join(dir, entry)); // unlink removes a link, not its target
    } catch {
      // left for a later build: a stale file that cannot be removed does not stop this one
    }
  }
  const made: { target: string; temp: string; old?: string }[] = [];
  try {
    for (const [name, data] of files) made.push({ target: join(dir, name), temp: writeNew(dir, name, data) });
    // the old files stay reachable under a second name until every new one is in place
    for (const m of made) if (isFileOrLink(m.target)) m.old = createBeside(dir, basename(m.target), 'old', (path) => linkSync(m.target, path));
    const placed: typeof made = [];
    try {
      for (const m of made) {
        renameSync(m.temp, m.target);
        placed.push(m);
      }
    } catch (e) {
      for (const m of placed) {
        if (m.old) renameSync(m.old, m.target);
        else rmSync(m.target, { force: true });
      }
      throw e;
    }
  } finally {
    for (const m of made) {
      rmSync(m.temp, { force: true });
      if (m.old) rmSync(m.old, { force: true });
    }
  }
  // the renames themselves on disk, before the unit is reported written
  const folder = openSync(dir, 'r');
  try {
    fsyncSync(folder);
  } catch {
    // a folder that cannot be synced (some network folders): the files are written all the same
  } finally {
    closeSync(folder);
  }
  return made.map((m) => m.target);
}

function isFileOrLink(path: string): boolean {
  try {
    const st = lstatSync(path);
    return st.isFile() || st.isSymbolicLink();
  } catch {
    return false;
  }
}

/** Why an output could not be written, for a clerk: the system's code and what it means. */
export function writeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? `${code}：${ioReason(e)}` : String(e);
}
