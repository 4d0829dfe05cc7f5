import type { Document } from '../model/document.js';
import type { Problem } from '../load/problem.js';
import type { Role } from '../fonts/roles.js';

/** An option of a writer's own on the command line (`--pdfa`, `--word-fonts windows`). */
export interface WriterOption {
  type: 'string' | 'boolean';
  /** what it does, in Chinese, for `nianbao help build` */
  help: string;
  /** the values a string option takes; the first is its default */
  values?: string[];
}

/** What every writer is given: the fonts file of the run (the PDF sets text in them) and the values of its options. */
export interface WriterContext {
  fonts?: Partial<Record<Role, string>>;
  options: Record<string, string | boolean | undefined>;
}

export interface Rendered {
  bytes: Uint8Array;
  /** of a paged output: its number of pages */
  pages?: number;
  /** what the writer has to say of the document (none of the writers here yet) */
  problems?: Problem[];
}

/** A writer's module, loaded when a build first asks for its output. */
export interface WriterModule {
  render(doc: Document, context: WriterContext): Promise<Rendered>;
}

/**
 * An output of nianbao: its id (`--format html`), the extension of its files, its own options, and its module. This
 * much is read for every command; the module only when the output is made.
 */
export interface Writer {
  id: string;
  extension: string;
  options: Record<string, WriterOption>;
  load(): Promise<WriterModule>;
}
