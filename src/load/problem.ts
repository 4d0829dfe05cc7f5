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
  /**
   * a figure read from a workbook: its sheet and cell ("表三!D12"), `file` the workbook; or the place in a report read
   * from a Word file or web page ("第2个表格「（一）予以公开」"); line and col 0
   */
  cell?: string;
  /**
   * the file could not be read at all: it does not exist ('missing'), or not as a file ('unreadable'); or it names
   * sub-units that lead back to it ('cycle')
   */
  cause?: 'missing' | 'unreadable' | 'cycle';
}

/** A problem of a whole file (not of a value in it), reported at its first line. */
export function fileProblem(file: string, message: string, line = 1, col = 1, cause?: Problem['cause']): Problem {
  return { file, line, col, level: 'error', label: '', path: '', message, ...(cause ? { cause } : {}) };
}

/** A problem as one line: line breaks and other controls of quoted input never reach the terminal. */
export function formatProblem(p: Problem): string {
  // a workbook's cell, or a place in a Word file or web page (checked through import); else the data file's line
  const where = p.cell !== undefined ? `${p.file}${p.cell ? ` ${p.cell}` : ''}` : `${p.file}:${p.line}:${p.col}`;
  const what = p.label && p.path ? `${p.label} (${p.path})` : p.label || p.path;
  return `${where} ${p.level}${what ? ' ' + what : ''}: ${p.message}`.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, ' ');
}

/** How much of a value typed in the data file a message quotes. */
export const QUOTE_CHARS = 60;

/** Text typed in the data file, cut to QUOTE_CHARS characters for a message. */
export function cut(text: string): string {
  const chars = Array.from(text);
  return chars.length > QUOTE_CHARS ? `${chars.slice(0, QUOTE_CHARS).join('')}…（共 ${chars.length} 字）` : text;
}

const IO_REASONS: Record<string, string> = {
  ENOENT: '文件不存在',
  ELOOP: '链接循环（符号链接最终指回自己）',
  EACCES: '没有权限',
  EPERM: '没有权限',
  EISDIR: '是文件夹，或同名的文件夹已存在',
  ENOTDIR: '路径中有同名的文件',
  EEXIST: '路径中有同名的文件',
  ENOSPC: '磁盘空间不足',
  EDQUOT: '超出磁盘配额',
  EFBIG: '超出文件大小限制',
  EROFS: '只读的磁盘',
  EIO: '磁盘或网络读写错误',
  ENAMETOOLONG: '路径过长',
};

/** Why a file could not be read or written, in words, for every message that says so. */
export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && IO_REASONS[code]) ?? `无法读取或写入（${code ?? (e as Error).message ?? e}）`;
}

/** A value of the data file as a message shows it: text in quotes, at most QUOTE_CHARS characters of it. */
export function quote(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '.nan（非数）' : `${v > 0 ? '' : '-'}.inf（无穷大）`;
  if (v === undefined) return '空';
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return typeof v === 'string' ? `"${cut(text)}"` : cut(text);
}

/** Thrown for input that cannot be read at all (missing file, not YAML, ...): carries its problems. */
export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** The closing line of `check` and `build`: how many files, errors, warnings. */
export function summary(problems: Problem[], files: number): string {
  const errors = problems.filter((p) => p.level === 'error').length;
  return `${files} 个文件：${errors} 个错误，${problems.length - errors} 个警告`;
}
