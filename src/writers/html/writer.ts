import type { Writer } from '../writer.js';

export const html: Writer = {
  id: 'html',
  extension: 'html',
  options: {},
  load: () => import('./index.js'),
};
