import { fileURLToPath } from 'node:url';
import { buildUnit, type BuildOptions, type UnitResult } from '../build.js';
import { fileProblem } from '../load/problem.js';
import { Session } from '../session.js';
import { unitFacts } from '../summary/index.js';

/**
 * Builds every unit, `jobs` at a time on worker threads (one unit in this process when there is nothing to share
 * out). One unit's failure, even a crash of nianbao itself, does not stop the others.
 */
export async function runBatch(files: string[], options: BuildOptions, jobs: number, onResult: (r: UnitResult) => void): Promise<UnitResult[]> {
  const crashed = (file: string, e: unknown): UnitResult => {
    const problems = [fileProblem(file, `nianbao 内部错误（不是数据的问题，请报告）：${(e as Error)?.message ?? e}`)];
    return { file, ok: false, problems, outputs: [], pages: 0, memory: 0, ms: 0, facts: unitFacts(file, { problems }) };
  };
  const report = (r: UnitResult) => (onResult(r), r);
  if (jobs <= 1 || files.length <= 1) {
    const results: UnitResult[] = [];
    const session = new Session({ fonts: options.fonts });
    for (const file of files) results.push(report(await buildUnit(file, options, session).catch((e) => crashed(file, e))));
    return results;
  }
  const { Piscina } = await import('piscina'); // not loaded for a single unit
  const pool = new Piscina({
    filename: fileURLToPath(new URL('./worker.js', import.meta.url)),
    minThreads: Math.min(jobs, files.length),
    maxThreads: Math.min(jobs, files.length),
    idleTimeout: 1000,
  });
  try {
    return await Promise.all(files.map((file) => pool.run({ file, options }).then(report, (e) => report(crashed(file, e)))));
  } finally {
    await pool.destroy();
  }
}
