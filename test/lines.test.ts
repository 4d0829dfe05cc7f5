import { describe, expect, it } from 'vitest';
import { breakLines, type Line, type Piece } from '../src/writers/layout/lines.js';
import { cellText } from '../src/writers/layout/index.js';

// every Han character and full-width mark 1 pt, ASCII ½ pt: a line of width 5 holds five Han characters
const advance = (_font: string, ch: string) => (ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1);
const piece = (text: string, font = 'body', noWrap = false): Piece<string> => ({ text, font, noWrap });
const texts = (ps: Piece<string>[], first = 5, width = 5) => breakLines(ps, first, width, advance).map((l) => l.map((p) => p.text).join(''));
/** a line's advances alone, and as pdfmake will measure it: plus each piece's spacing times its UTF-16 length less one */
const natural = (line: Line<string>) => line.reduce((w, p) => w + Array.from(p.text).reduce((a, ch) => a + advance(p.font, ch), 0), 0);
const measured = (line: Line<string>) => line.reduce((w, p) => w + p.spacing * (p.text.length - 1), natural(line));

describe('line breaking of running text (PDF)', () => {
  it('fills each line and breaks between any two Han characters', () => {
    expect(texts([piece('一二三四五六七八九十十一')])).toEqual(['一二三四五', '六七八九十', '十一']);
    expect(texts([piece('一二三四五六七')], 3, 5)).toEqual(['一二三', '四五六七']);
  });

  it('never starts a line with closing punctuation nor ends one with opening punctuation', () => {
    // 。 would start line 2: 五 goes down with it
    expect(texts([piece('一二三四五。六七')])).toEqual(['一二三四', '五。六七']);
    // （ would end line 1: it goes down with 五
    expect(texts([piece('一二三四（五）六七')])).toEqual(['一二三四', '（五）六七']);
    expect(texts([piece('一二三四五”六')])).toEqual(['一二三四', '五”六']);
  });

  it('keeps a number with its unit and a Latin word whole', () => {
    expect(texts([piece('一二三四'), piece('48件', 'body', true), piece('五')])).toEqual(['一二三四', '48件五']);
    expect(texts([piece('一二三四ABC')])).toEqual(['一二三四', 'ABC']);
  });

  it('justifies every line but the last by spacing out its Han characters, numbers and Latin words kept tight', () => {
    // pdfmake spaces the gaps inside a piece: 一|1, 件|二, 二|三 are spaced, 1|2 and 2|件 are not
    const lines = breakLines([piece('一'), piece('12件', 'body', true), piece('二三'), piece('四五')], 5.6, 5.6, advance);
    expect(lines.map((l) => l.map((p) => p.text))).toEqual([['一1', '2', '件二三'], ['四五']]);
    // 5 pt of advances on a line of 5.6: the 0.6 pt left (less a thousandth) over the three spaced gaps
    expect(lines[0].map((p) => p.spacing)).toEqual([expect.closeTo(0.599 / 3, 6), 0, expect.closeTo(0.599 / 3, 6)]);
    expect(lines[1].map((p) => p.spacing)).toEqual([0]);
    // a full line is set a thousandth of a point short, so that pdfmake's own sum never finds it too long
    const full = breakLines([piece('一二三四五六')], 5, 5, advance)[0];
    expect(full[0].spacing).toBeCloseTo(-0.001 / 4, 9);
    // a line with no gap between Han characters spaces out what it has
    const numbers = breakLines([piece('1234567890', 'body', true), piece('一')], 5, 5, advance)[0];
    expect(numbers.map((p) => p.text)).toEqual(['1234567890']);
  });

  it('gives each face its own piece on a line, and ends a line at a newline without justifying it', () => {
    const lines = breakLines([piece('一二', 'kai'), piece('三\n四')], 5, 5, advance);
    expect(lines.map((l) => l.map((p) => `${p.font}:${p.text}`))).toEqual([['kai:一二', 'body:三'], ['body:四']]);
    expect(lines[0].map((p) => p.spacing)).toEqual([0, 0]);
  });

  it('makes every justified line exactly as wide as pdfmake will measure it, characters beyond the BMP included', () => {
    const lines = breakLines([piece('一二'), piece('𠀀𠀁', 'fallback'), piece('三四'), piece('12件', 'body', true), piece('五六七八九十')], 7.3, 7.3, advance);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) expect(measured(line)).toBeCloseTo(7.299, 9);
  });

  it('on random text: loses no character and never sets a line wider than pdfmake will take', () => {
    let seed = 20171231;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = (s: string) => Array.from(s)[Math.floor(random() * Array.from(s).length)];
    for (let round = 0; round < 300; round++) {
      const ps: Piece<string>[] = [];
      for (let k = 0; k < 1 + random() * 12; k++) {
        const kind = random();
        const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
          kind < 0.5 ? pick('政府信息公开年度报告，。、；：“”（）《》——…') : kind < 0.7 ? pick('0123456789.%') : kind < 0.8 ? pick('ABCxyz') : kind < 0.9 ? pick('公开\n') : pick('𠀀𠀁'),
        ).join('');
        ps.push(piece(text, kind >= 0.9 ? 'fallback' : random() < 0.2 ? 'kai' : 'body', kind >= 0.5 && kind < 0.7));
      }
      const width = 3 + random() * 10;
      const lines = breakLines(ps, width - 2, width, advance);
      expect(lines.map((l) => l.map((p) => p.text).join('')).join('')).toBe(ps.map((p) => p.text).join('').replace(/\n/g, ''));
      lines.forEach((line, i) => {
        const available = i ? width : width - 2;
        expect(natural(line)).toBeLessThanOrEqual(available + 0.001);
        expect(measured(line)).toBeLessThanOrEqual(available);
      });
    }
  });
});

describe('justification that does not tear a line apart', () => {
  it('starts the next line with a number’s unit where keeping the number whole would spread the gaps wider than allowed', () => {
    // "一二三" then "12件": the number and unit do not fit; breaking before them leaves 2.5 pt over 2 gaps
    const ps = [piece('一二三'), piece('12件', 'body', true), piece('四五')];
    expect(breakLines(ps, 4.5, 5, advance).map((l) => l.map((p) => p.text).join(''))).toEqual(['一二三', '12件四五']);
    // no more than ½ pt a gap: "12" stays on the line, "件" starts the next
    const lines = breakLines(ps, 4.5, 5, advance, 0.5);
    expect(lines.map((l) => l.map((p) => p.text).join(''))).toEqual(['一二三12', '件四五']);
    // a line spread within the limit keeps the number whole
    expect(breakLines([piece('一二三四'), piece('12件', 'body', true)], 4.5, 5, advance, 0.5).map((l) => l.map((p) => p.text).join(''))).toEqual(['一二三四', '12件']);
    // a percentage has no unit to move: it goes down whole
    expect(breakLines([piece('一二三'), piece('8.5%', 'body', true)], 4.5, 5, advance, 0.5).map((l) => l.map((p) => p.text).join(''))).toEqual(['一二三', '8.5%']);
  });
});

describe('line breaking in table cells', () => {
  it('leaves no character alone on a cell’s last line where the line above can give it one', () => {
    const cell = (text: string, width: number) => cellText([piece(text)], width, advance).map((l) => l.map((p) => p.text).join(''));
    // "…禁止公/开" becomes "…禁止/公开"
    expect(cell('其他法律行政法规禁止公开', 11)).toEqual(['其他法律行政法规禁止', '公开']);
    // a cell one character wide reads down its column
    expect(cell('三、本年度', 1)).toEqual(['三', '、', '本', '年', '度']);
    // a text that needs another line to avoid it keeps its lines
    expect(cell('一二三', 2)).toEqual(['一二', '三']);
  });
});
