import type { Writer } from '../writer.js';

export const pdf: Writer = {
  id: 'pdf',
  extension: 'pdf',
  options: {
    pdfa: { type: 'boolean', help: '生成 PDF/A-2b（ISO 19005-2，电子档案长期保存用；按该标准生成，未经校验器校验）' },
  },
  load: () => import('./index.js'),
};
