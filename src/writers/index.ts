import type { Writer, WriterOption } from './writer.js';
import { pdf } from './pdf/writer.js';
import { docx } from './docx/writer.js';
import { html } from './html/writer.js';

/** Every output nianbao makes, in the order a build makes them. A new writer is a folder beside these and a line here. */
export const WRITERS: Writer[] = [pdf, docx, html];

/** The outputs a build makes when `--format` is not given. */
export const DEFAULT_OUTPUTS = ['pdf', 'docx'];

/** The writers' own options, by name (each name belongs to one writer). */
export const WRITER_OPTIONS: Record<string, WriterOption & { writer: string }> = Object.fromEntries(
  WRITERS.flatMap((w) => Object.entries(w.options).map(([name, o]) => [name, { ...o, writer: w.id }])),
);
