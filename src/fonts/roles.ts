import { fileURLToPath } from 'node:url';
import type { Block, Cell, Run } from '../model/document.js';

/**
 * The faces of a report, by role. Each role is one file (`file.ttc#PostScriptName` picks a face of a collection).
 * The bundled free faces stand in for the official ones (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312);
 * a fonts file (see README) points the roles at the official files where a unit has them.
 */
export type Role = 'title' | 'body' | 'heading' | 'kai' | 'number' | 'fallback' | 'rare';
export const ROLES: Role[] = ['title', 'body', 'heading', 'kai', 'number', 'fallback', 'rare'];

export const FONTS_DIR = fileURLToPath(new URL('../../fonts/', import.meta.url));

export const BUNDLED: Record<Role, string> = {
  title: 'NotoSerifCJKsc-Bold.ttf', // 小标宋 → Noto Serif CJK SC Bold
  body: 'FandolFang-Regular.ttf', // 仿宋
  heading: 'NotoSansCJKsc-Regular.ttf', // 黑体
  kai: 'FandolKai-Regular.ttf', // 楷体
  number: 'NotoSerifCJKsc-Numbers.ttf', // 宋体, the glyphs of page numbers only
  fallback: 'NotoSerifCJKsc-Regular.ttf', // the Han characters the others lack
  rare: 'HanaMinB-ExtB.ttf', // the characters of CJK Extension B the fallback face lacks (Hanazono Mincho B)
};

/** The faces that draw what a role's face lacks, in the order they are asked. */
export const FALLBACKS: Role[] = ['fallback', 'rare'];

/** A fonts file or a font file that cannot be used: a usage error (exit 2), before any work starts. */
export class FontError extends Error {}

/**
 * The role face a text of the document model is set in: `part` is the run of a paragraph or the cell of a table.
 * One answer for the character check (which runs before any writer) and for the PDF writer.
 */
export function roleOf(block: Block, part?: Run | Cell): Role {
  switch (block.kind) {
    case 'title':
    case 'tableTitle':
      return 'title';
    case 'heading':
      return block.level === 1 ? 'heading' : block.level === 2 ? 'kai' : 'body';
    case 'paragraph':
      return part && 'lead' in part && part.lead ? 'kai' : 'body';
    case 'table':
      return part && 'header' in part && part.header ? 'heading' : 'body';
    case 'signoff':
    case 'closing':
      return 'body';
  }
}
