import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

/** The output name of a data file: its own name without extension, made safe as a single file name. */
export function outputName(dataFile: string): string {
  const name = basename(dataFile, extname(dataFile))
    .replace(/[\\/:*?"<>|\x00-\x1f]/g, '_')
    .replace(/^\.+/, '_');
  return name || 'report';
}

/**
 * Writes a file so that it is either wholly the new content or untouched: a temporary file in the same folder,
 * then one rename. A build that fails or is killed part-way leaves an earlier good file as it was.
 */
export function writeAtomically(dir: string, name: string, data: Uint8Array): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  return target;
}
