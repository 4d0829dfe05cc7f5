import { SingleBar } from 'cli-progress';
import { formatProblem, summary } from '../load/problem.js';
import type { UnitResult } from '../build.js';
import type { Problem } from '../load/problem.js';

/** Display width in a terminal: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

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
      const rows = [['单位', '状态', '页数', '警告', '用时'], ...results.map((r) => [r.file, r.ok ? '成功' : '失败', r.ok ? String(r.pages) : '-', String(r.problems.filter((p) => p.level === 'warning').length), `${(r.ms / 1000).toFixed(1)} s`])];
      const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => width(row[c]))));
      console.log('');
      for (const row of rows) console.log(row.map((cell, c) => pad(cell, widths[c])).join('  ').trimEnd());
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(`${summary(results.flatMap((r) => r.problems), results.length)}${failed ? `，${failed} 个单位未生成` : ''}（${seconds.toFixed(1)} s）`);
  }
}
