import type { Writer } from '../writer.js';

export const pdf: Writer = {
  id: 'pdf',
  extension: 'pdf',
  options: {
    pdfa: { type: 'boolean', help: '生成 PDF/A-2b（GB/T 23286.1，档案长期保存用；按该标准生成，本机未经校验器校验）' },
  },
  load: () => import('./index.js'),
};
