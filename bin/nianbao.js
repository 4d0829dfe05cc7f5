#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import module from 'node:module';

// `nianbao --version` answered before anything else is loaded: as fast as Node itself starts
if (process.argv.length === 3 && ['--version', '-v'].includes(process.argv[2])) {
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  process.exit(0);
}

// Node 22.1+ keeps the compiled code of nianbao and its packages on disk between runs (Node 20 has no such cache);
// worker threads of a batch get it through the environment, which they inherit.
const cache = module.enableCompileCache?.();
if (cache?.directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = cache.directory;

const { main } = await import('../dist/cli/main.js');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    // a defect of nianbao itself, not of the data: say so plainly, keep the details for a bug report
    console.error(`nianbao 内部错误（不是数据的问题，请报告）：${e?.message ?? e}`);
    if (process.env.NIANBAO_DEBUG) console.error(e?.stack);
    process.exit(70);
  },
);
