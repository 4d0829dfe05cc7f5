import { fileURLToPath } from 'node:url';

/**
 * The faces of a report, by role. Each role is one file (`file.ttc#PostScriptName` picks a face of a collection).
 * The bundled free faces stand in for the official ones (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312);
 * a fonts file (see README) points the roles at the official files where a unit has them.
 */
export type Role = 'title' | 'body' | 'heading' | 'kai' | 'number' | 'fallback';
export const ROLES: Role[] = ['title', 'body', 'heading', 'kai', 'number', 'fallback'];

export const FONTS_DIR = fileURLToPath(new URL('../../../fonts/', import.meta.url));

export const BUNDLED: Record<Role, string> = {
  title: 'NotoSerifCJKsc-Bold.ttf', // 小标宋 → Noto Serif CJK SC Bold
  body: 'FandolFang-Regular.ttf', // 仿宋
  heading: 'NotoSansCJKsc-Regular.ttf', // 黑体
  kai: 'FandolKai-Regular.ttf', // 楷体
  number: 'NotoSerifCJKsc-Numbers.ttf', // 宋体, the glyphs of page numbers only
  fallback: 'NotoSerifCJKsc-Regular.ttf', // every Han character the others lack
};

export class FontError extends Error {}

/** A character that no configured face can draw. */
export class MissingGlyphError extends Error {
  constructor(
    readonly char: string,
    readonly context: string,
  ) {
    super(`字符「${char}」（U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}）在所有已配置的字体中都没有字形，出现在：…${context}…`);
  }
}
