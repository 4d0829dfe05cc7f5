import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { Problem } from '../load/problem.js';
import { fileProblem } from '../load/problem.js';
import type { Session } from '../session.js';
import { importReport, importedText } from './index.js';

/**
 * `nianbao check report.docx`: the report read as data (in a temporary data file), every check run on it, and each
 * message pointed at its place in the source document (a section's paragraph, a table's row) instead of a line of YAML.
 */
export function checkImported(file: string, session: Session): Problem[] {
  let imported;
  try {
    imported = importReport(file);
  } catch (e) {
    return [fileProblem(file, `无法读取：${(e as Error).message}`, 1, 1, 'unreadable')];
  }
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-import-'));
  try {
    const data = join(dir, `${basename(file, extname(file))}.yaml`);
    writeFileSync(data, importedText(imported, file));
    const keys = [...imported.places.keys()].sort((a, b) => b.length - a.length);
    const place = (path: string) => keys.find((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`));
    // the lines of the temporary data file mean nothing to the reader of the document: they are left out
    const unlined = (m: string) => m.replace(/（(?:分项见)?第[\d、—]+行）/g, '').replace(/第\d+行写/g, '前面写');
    const located = session.document(data).problems.map((p): Problem => {
      const k = place(p.path);
      return { ...p, file, line: 0, col: 0, cell: k ? imported.places.get(k) : '', message: unlined(p.message) };
    });
    return [...imported.missing.map((m) => ({ ...fileProblem(file, `未能读出：${m}`), level: 'warning' as const, line: 0, col: 0, cell: '' })), ...located];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
