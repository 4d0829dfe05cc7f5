import { fileProblem, type Problem } from './load/problem.js';
import { loadReport } from './report.js';
import { composeDocument } from './compose/document.js';
import { MissingGlyphError, type Role } from './writers/pdf/roles.js';
import { outputName, writeAtomically } from './output.js';

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
}

/** One data file → checked → document model → every requested output, or no output at all if anything fails. */
export async function buildUnit(file: string, options: BuildOptions): Promise<UnitResult> {
  const started = performance.now();
  const { report, problems } = loadReport(file);
  let pages = 0;
  const done = (ok: boolean, outputs: string[] = []): UnitResult => {
    const { heapUsed, external } = process.memoryUsage();
    return { file, ok, problems, outputs, pages: ok ? pages : 0, memory: heapUsed + external, ms: performance.now() - started };
  };
  if (!report) return done(false);
  const doc = composeDocument(report);
  const rendered: [string, Uint8Array][] = [];
  try {
    for (const format of options.formats) {
      // each writer is loaded when first asked for (a PDF-only build never loads the DOCX writer)
      if (format === 'pdf') {
        const { renderPdf } = await import('./writers/pdf/index.js');
        const pdf = await renderPdf(doc, { fonts: options.fonts });
        pages = pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
        rendered.push([`${outputName(file)}.pdf`, pdf]);
      }
      if (format === 'docx') {
        const { renderDocx } = await import('./writers/docx/index.js');
        rendered.push([`${outputName(file)}.docx`, await renderDocx(doc, { fonts: options.wordFonts })]);
      }
    }
  } catch (e) {
    if (!(e instanceof MissingGlyphError)) throw e;
    // the character's first place in the data file
    const offset = report.source.text.indexOf(e.char);
    const before = report.source.text.slice(0, Math.max(0, offset));
    problems.push(fileProblem(file, e.message, offset < 0 ? 1 : before.split('\n').length, offset < 0 ? 1 : offset - before.lastIndexOf('\n')));
    return done(false);
  }
  // all outputs rendered: only now touch the output folder
  try {
    return done(true, rendered.map(([name, data]) => writeAtomically(options.out, name, data)));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    problems.push(fileProblem(file, `输出文件夹 ${options.out} 无法写入（${code}），未生成文件`));
    return { ...done(false), outputError: true };
  }
}
