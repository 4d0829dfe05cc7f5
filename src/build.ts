import { fileProblem, type Problem } from './load/problem.js';
import { Session } from './session.js';
import { outputName, writeError, writeOutputs } from './output.js';
import type { Role } from './fonts/roles.js';
import { unitFacts, type UnitFacts } from './summary/index.js';

export type OutputFormat = 'pdf' | 'docx';

export interface BuildOptions {
  out: string;
  formats: OutputFormat[];
  fonts?: Partial<Record<Role, string>>;
  /** font names written into the DOCX: a preset of WORD_FONT_PRESETS */
  wordFonts?: string;
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
  const { doc, problems } = prepared;
  let pages = 0;
  const done = (ok: boolean, outputs: string[] = []): UnitResult => {
    const { heapUsed, external } = process.memoryUsage();
    const facts = { ...unitFacts(file, { ...prepared, problems }), built: ok };
    return { file, ok, problems, outputs, pages: ok ? pages : 0, memory: heapUsed + external, ms: performance.now() - started, facts };
  };
  if (!doc) return done(false);
  const rendered: [string, Uint8Array][] = [];
  for (const format of options.formats) {
    // each writer is loaded when first asked for (a PDF-only build never loads the DOCX writer)
    if (format === 'pdf') {
      const { renderPdf } = await import('./writers/pdf/index.js');
      const pdf = await renderPdf(doc, { fonts: options.fonts });
      pages = pdf.pages;
      rendered.push([`${outputName(file)}.pdf`, pdf.bytes]);
    }
    if (format === 'docx') {
      const { renderDocx } = await import('./writers/docx/index.js');
      rendered.push([`${outputName(file)}.docx`, await renderDocx(doc, { fonts: options.wordFonts })]);
    }
  }
  try {
    return done(true, writeOutputs(options.out, rendered));
  } catch (e) {
    problems.push(fileProblem(file, `输出文件夹 ${options.out} 无法写入（${writeError(e)}），本单位的文件都未生成或更新`));
    return { ...done(false), outputError: true };
  }
}
