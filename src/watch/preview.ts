import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { basename } from 'node:path';
import type { UnitResult } from '../build.js';
import { formatProblem } from '../load/problem.js';

export interface Preview {
  url: string;
  /** the results of the latest round: the page of every open browser reloads */
  update(round: number, results: UnitResult[]): void;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page: every unit with its messages and its latest PDF; it reloads itself when a rebuild is done. */
function page(round: number, results: UnitResult[]): string {
  const units = results.map((r, i) => {
    const pdf = r.outputs.find((o) => o.endsWith('.pdf'));
    const messages = r.problems.map((p) => `<li class="${p.level}">${escape(formatProblem(p))}</li>`).join('');
    return `<section><h2>${escape(r.file)} <span class="${r.ok ? 'ok' : 'failed'}">${r.ok ? '已生成' : '有错误，显示的是上次生成的文件'}</span></h2>
<ul>${messages || '<li>没有问题</li>'}</ul>
${pdf ? `<p><a href="/pdf/${i}?round=${round}">${escape(basename(pdf))}</a></p><embed src="/pdf/${i}?round=${round}" type="application/pdf">` : ''}</section>`;
  });
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>nianbao 预览</title>
<style>body{font-family:sans-serif;margin:1em 2em}li.error{color:#b00}li.warning{color:#850}.failed{color:#b00}.ok{color:#070}embed{width:100%;height:80vh}</style>
</head><body><h1>nianbao 预览 <small id="round">第 ${round} 次生成</small></h1>
${units.join('\n')}
<script>new EventSource('/events').onmessage = () => location.reload();</script>
</body></html>`;
}

/** Serves the preview page on the loopback address only, at `port` (0: a free port). */
export function startPreview(port: number): Promise<Preview> {
  let round = 0;
  let results: UnitResult[] = [];
  const listeners = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(round, results));
    } else if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' }).write(': nianbao\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
    } else if (/^\/pdf\/\d+$/.test(url.pathname)) {
      const pdf = results[Number(url.pathname.slice(5))]?.outputs.find((o) => o.endsWith('.pdf'));
      try {
        res.writeHead(200, { 'content-type': 'application/pdf', 'cache-control': 'no-store' }).end(readFileSync(pdf!));
      } catch {
        res.writeHead(404).end();
      }
    } else res.writeHead(404).end();
  });
  return new Promise((ready, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      ready({
        url: `http://127.0.0.1:${address.port}/`,
        update(r, latest) {
          [round, results] = [r, latest];
          for (const l of listeners) l.write(`data: ${round}\n\n`);
        },
        close: () =>
          new Promise((done) => {
            for (const l of listeners) l.end();
            server.close(() => done());
          }),
      });
    });
  });
}
