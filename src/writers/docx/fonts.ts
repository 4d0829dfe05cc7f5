/**
 * Font names written into the DOCX, by role. Word draws with the fonts installed where the file is opened, so the
 * default names the official faces; a preset switches to what a machine has.
 */
export interface WordFonts {
  title: string;
  body: string;
  heading: string;
  kai: string;
  number: string;
  /** digits and Latin letters in every run */
  latin: string;
}

export const WORD_FONT_PRESETS: Record<string, WordFonts> = {
  // the faces GB/T 9704 documents are set in (commercial; installed in most government offices)
  official: { title: '方正小标宋简体', body: '仿宋_GB2312', heading: '黑体', kai: '楷体_GB2312', number: '宋体', latin: 'Times New Roman' },
  // the faces every Chinese Windows has
  windows: { title: '华文中宋', body: '仿宋', heading: '黑体', kai: '楷体', number: '宋体', latin: 'Times New Roman' },
  // the free faces bundled in fonts/ (install them to see the DOCX as the PDF)
  bundled: { title: 'Noto Serif CJK SC', body: 'FandolFang', heading: 'Noto Sans CJK SC', kai: 'FandolKai', number: 'Noto Serif CJK SC', latin: 'Times New Roman' },
};
