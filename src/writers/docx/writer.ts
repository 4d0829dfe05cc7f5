import type { Writer } from '../writer.js';
import { WORD_FONT_PRESETS } from './fonts.js';

export const docx: Writer = {
  id: 'docx',
  extension: 'docx',
  options: {
    'word-fonts': {
      type: 'string',
      values: Object.keys(WORD_FONT_PRESETS),
      help: '写进 DOCX 的字体名：official（默认，方正小标宋简体/仿宋_GB2312/黑体/楷体_GB2312）、windows（华文中宋/仿宋/黑体/楷体）、bundled（随附的免费字体）',
    },
  },
  load: () => import('./index.js'),
};
