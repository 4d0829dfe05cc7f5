import { fileProblem, type Problem } from './load/problem.js';
import { Session } from './session.js';
import { outputName, writeError, writeOutputs } from './output.js';
import type { Role } from './fonts/roles.js';
import { unitFacts, type UnitFacts } from './summary/index.js';
import { WRITERS } from './writers/index.js';

export interface BuildOptions {
  out: string;
  /** the outputs, by writer id (src/writers/index.ts) */
  formats: string[];
  fonts?: Partial<Record<Role, string>>;
  /** the writers' own options, by name (`pdfa`, `word-fonts`) */
  writerOptions?: Record<string, string | boolean | undefined>;
}

export interface UnitResult {
  file: string;
  ok: boolean;
  problems: Problem[];
  outputs: string[];
  /** pages of the PDF (0 when none was made) */
  pages: number;
  /** this thread's heap and buffers after the build, in bytes */
  memory: number;
  ms: number;
  /** the output folder could not be written: not the data's fault */
  outputError?: boolean;
  /** what the summary of the batch shows of the unit */
  facts: UnitFacts;
}

/**
 * One data file → every check → document model → every requested output, or no output at all if anything fails:
 * every output is rendered before the output folder is touched, then all are put in place together.
 */
export async function buildUnit(file: string, options: BuildOptions, session = new Session({ fonts: options.fonts })): Promise<UnitResult> {
  const started = performance.now();
  const prepared = session.document(file);
  const { doc } = prepared;
  const problems = [...prepared.problems]; // the session keeps a sub-unit's result: what this build adds stays here
  let pages = 0;
  const done = (ok: boolean, outputs: string[] = []): UnitResult => {
    const { heapUsed, external } = process.memoryUsage();
    const facts = { ...unitFacts(file, { ...prepared, problems }), built: ok };
    return { file, ok, problems, outputs, pages: ok ? pages : 0, memory: heapUsed + external, ms: performance.now() - started, facts };
  };
  if (!doc) return done(false);
  const rendered: [string, Uint8Array][] = [];
  for (const id of options.formats) {
    // each writer is loaded when first asked for (a PDF-only build never loads the DOCX writer)
    const writer = WRITERS.find((w) => w.id === id)!;
    const out = await (await writer.load()).render(doc, { fonts: options.fonts, options: options.writerOptions ?? {} });
    pages ||= out.pages ?? 0;
    problems.push(...(out.problems ?? []));
    rendered.push([`${outputName(file)}.${writer.extension}`, out.bytes]);
  }
  try {
    return done(true, writeOutputs(options.out, rendered));
  } catch (e) {
    problems.push(fileProblem(file, `输出文件夹 ${options.out} 无法写入（${writeError(e)}），本单位的文件都未生成或更新`));
    return { ...done(false), outputError: true };
  }
}
