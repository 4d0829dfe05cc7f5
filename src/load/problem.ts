/** A located problem in a data file, printed as `<file>:<line>:<col> error|warning <label> (<path>): <message>`. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  level: 'error' | 'warning';
  /** the official row label or the field's name in words */
  label: string;
  /** the field path in the data file, e.g. stats.s3_3 */
  path: string;
  message: string;
  /** the file could not be read at all: it does not exist ('missing'), or not as a file ('unreadable') */
  cause?: 'missing' | 'unreadable';
}

/** A problem of a whole file (not of a value in it), reported at its first line. */
export function fileProblem(file: string, message: string, line = 1, col = 1, cause?: Problem['cause']): Problem {
  return { file, line, col, level: 'error', label: '', path: '', message, ...(cause ? { cause } : {}) };
}

export function formatProblem(p: Problem): string {
  const where = `${p.file}:${p.line}:${p.col}`;
  const what = p.label && p.path ? `${p.label} (${p.path})` : p.label || p.path;
  return `${where} ${p.level}${what ? ' ' + what : ''}: ${p.message}`;
}

/** Thrown for input that cannot be read at all (missing file, not YAML, ...): carries its problems. */
export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}
