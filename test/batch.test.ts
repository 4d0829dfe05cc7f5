import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, compactText, nianbao, notdefGlyphs, tempDir } from './helpers.js';

const UNITS = ['chengbei', 'chengdong', 'chengxi', 'chengzhong', 'datong', 'huangyuan', 'huangzhong', 'xining'];

function copyOfCity(): string {
  const dir = tempDir();
  for (const f of readdirSync(join(ROOT, 'data/xining-2017'))) copyFileSync(join(ROOT, 'data/xining-2017', f), join(dir, f));
  return dir;
}

describe('a city and its districts in one command', () => {
  it('builds 8 PDFs and 8 DOCX files in parallel, with a summary; the city quotes the districts’ sums', () => {
    const out = tempDir();
    const r = nianbao(['build', 'data/xining-2017/', '--out', out, '--jobs', '2']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(UNITS.flatMap((u) => [`${u}.docx`, `${u}.pdf`]));
    // the summary: the city, then each district below it, built with its warnings, its pages and time
    for (const u of UNITS) {
      const name = /^unit: (.+)$/m.exec(readFileSync(join(ROOT, 'data/xining-2017', `${u}.yaml`), 'utf8'))![1];
      const below = u === 'xining' ? '' : '  ';
      expect(r.stdout).toMatch(new RegExp(`\\n${below}${name} +2017 +政府 +${below && '西宁市人民政府 +'}已生成 +\\d+ +\\d+ +\\d+ +\\d+ +\\d+ +0 +[1-4] +\\d+ +\\d+\\.\\d s`));
    }
    // the city's two plausibility warnings and its two blank cells; each district is marked as example data
    expect(r.stdout).toMatch(/8 个文件：0 个错误，11 个警告（\d+\.\d s）/);
    expect(r.stdout).toContain('[8/8] ');
    for (const u of UNITS) expect(notdefGlyphs(readFileSync(join(out, `${u}.pdf`))), `${u}.pdf draws a .notdef box`).toBe(0);
    expect(compactText(join(out, 'xining.pdf'))).toContain('四区三县共收到政府信息公开申请7件，当面申请3件、占42.9%，信函申请4件、占57.1%，全部按时办结。在答复的7件中，同意公开4件、占57.1%，不同意公开2件、占28.6%，申请信息不存在1件、占14.3%。');
  });

  it('one broken district does not stop the others; it is reported with its located error, exit 1', () => {
    const dir = copyOfCity();
    const broken = join(dir, 'chengxi.yaml');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace(/s3_1_4: 1 /, 's3_1_4: 2 '));
    const out = join(dir, 'out');
    const r = nianbao(['build', dir, '--out', out, '--jobs', '2']);
    expect(r.code).toBe(1);
    const line = readFileSync(broken, 'utf8').split('\n').findIndex((l) => l.startsWith('  s3_1:')) + 1;
    expect(r.stdout).toContain(`${broken}:${line}:9 error （一）收到申请数 (stats.s3_1): 1 ≠ 0+0+0+2 = 2`);
    expect(r.stdout).toMatch(/\n  城西区人民政府 +2017 +政府 +西宁市人民政府 +有错误 +1 +[0-4] +- +/);
    expect(readdirSync(out).filter((f) => f.endsWith('.pdf')).length).toBe(7);
    expect(readdirSync(out)).not.toContain('chengxi.pdf');
    // the city is built, without a roll-up it could not compute, and says why
    expect(r.stdout).toMatch(/xining\.yaml:\d+:\d+ warning 下级单位 \(subunits\.files\[2\]\): 下级单位 chengxi\.yaml 的数据有错误，四区三县的汇总段落这次不生成/);
    expect(compactText(join(out, 'xining.pdf'))).not.toContain('四区三县共收到');
  });

  it('a named district whose file is missing: check on the city reports 下级缺报', () => {
    const dir = copyOfCity();
    rmSync(join(dir, 'datong.yaml'));
    const r = nianbao(['check', join(dir, 'xining.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/xining\.yaml:\d+:\d+ error 下级单位 \(subunits\.files\[5\]\): 下级缺报：datong\.yaml 文件不存在/);
  });
});
