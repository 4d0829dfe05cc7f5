import { SingleBar } from 'cli-progress';
import { formatProblem, summary } from '../load/problem.js';
import type { UnitResult } from '../build.js';
import { summarize, summaryCells } from '../summary/index.js';
import { printTable } from './table.js';

/**
 * Shows a batch's progress: a bar on a terminal, one plain line per unit elsewhere (pipes, CI logs). Problems are
 * printed as they come (after the bar, on a terminal, so it is not torn).
 */
export class Progress {
  private readonly bar?: SingleBar;
  private readonly held: string[] = [];
  private done = 0;

  constructor(private readonly total: number) {
    if (process.stdout.isTTY && !process.env.CI && total > 1) {
      this.bar = new SingleBar({ format: '生成中 [{bar}] {value}/{total} 个单位  {unit}', hideCursor: true, clearOnComplete: true });
      this.bar.start(total, 0, { unit: '' });
    }
  }

  unit(r: UnitResult): void {
    this.done++;
    const count = this.total > 1 ? `[${this.done}/${this.total}] ` : '';
    const lines = r.problems.map(formatProblem);
    lines.push(count + (r.ok ? `${r.file} → ${r.outputs.join(', ')}` : `${r.file}: 有错误，未生成文件`));
    if (this.bar) {
      this.held.push(...lines);
      this.bar.update(this.done, { unit: r.file });
    } else {
      for (const l of lines) console.log(l);
    }
  }

  finish(results: UnitResult[], seconds: number): void {
    this.bar?.stop();
    for (const l of this.held) console.log(l);
    if (results.length > 1) {
      // the summary of every unit, as `nianbao summary` shows it, with the pages and the time of each
      const byFile = new Map(results.map((r) => [r.file, r]));
      const cells = summaryCells(summarize(results.map((r) => r.facts)), true, {
        header: ['页数', '用时'],
        cells: (f) => {
          const r = byFile.get(f.file)!;
          return [r.ok ? String(r.pages) : '-', `${(r.ms / 1000).toFixed(1)} s`];
        },
      });
      console.log('');
      printTable(cells);
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(`${summary(results.flatMap((r) => r.problems), results.length)}${failed ? `，${failed} 个单位未生成` : ''}（${seconds.toFixed(1)} s）`);
  }
}
