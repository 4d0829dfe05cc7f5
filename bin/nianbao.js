#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    // a defect of nianbao itself, not of the data: say so plainly, keep the details for a bug report
    console.error(`nianbao 内部错误（不是数据的问题，请报告）：${e?.message ?? e}`);
    if (process.env.NIANBAO_DEBUG) console.error(e?.stack);
    process.exit(70);
  },
);
