/**
 * A report as a Word file or a web page holds it, before nianbao reads its meaning: its blocks in reading order, each
 * with where it stands in the source (for messages: "第12段", "第3个表格"). Tables are grids with their spans spread
 * out: a merged cell's text stands in every position it covers, so a row reads left to right whatever the merging.
 */
export type OutlineBlock =
  /**
   * `lead`: the text the source sets as a run-in lead sentence (楷体 runs at the start: nianbao's own files); `rollup`:
   * marked as a roll-up's paragraph, which nianbao generates from the sub-units' data (its own files)
   */
  | { kind: 'text'; text: string; heading: boolean; lead?: string; rollup?: boolean; where: string }
  | { kind: 'table'; rows: { cells: string[]; covered: boolean[] }[]; where: string };

export interface Outline {
  file: string;
  /** the label of the sub-units the report rolls up, where the source names it (nianbao's own files) */
  subunits?: string;
  blocks: OutlineBlock[];
}

/** A grid of cells with their spans, spread out to positions (rowSpan/colSpan, or Word's gridSpan/vMerge). */
export function spread(rows: { text: string; colSpan: number; rowSpan: number; continued?: boolean }[][]): { cells: string[]; covered: boolean[] }[] {
  const grid: { cells: string[]; covered: boolean[] }[] = [];
  const below: (string | undefined)[][] = []; // texts that row spans carry down, by row and column
  rows.forEach((row, r) => {
    const out = { cells: [] as string[], covered: [] as boolean[] };
    let c = 0;
    const fill = () => {
      while (below[r]?.[c] !== undefined) {
        out.cells[c] = below[r][c]!;
        out.covered[c] = true;
        c++;
      }
    };
    for (const cell of row) {
      fill();
      for (let k = 0; k < cell.colSpan; k++) {
        out.cells[c + k] = cell.text;
        out.covered[c + k] = k > 0 || !!cell.continued;
        for (let d = 1; d < cell.rowSpan; d++) (below[r + d] ??= [])[c + k] = cell.text;
      }
      c += cell.colSpan;
    }
    fill();
    grid.push(out);
  });
  return grid;
}
