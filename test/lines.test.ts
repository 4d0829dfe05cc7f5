import { describe, expect, it } from 'vitest';
import { breakLines, type Piece } from '../src/writers/pdf/lines.js';

// every Han character and full-width mark 1 pt, ASCII ½ pt: a line of width 5 holds five Han characters
const advance = (_font: string, ch: string) => (ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1);
const piece = (text: string, font = 'body', noWrap = false): Piece<string> => ({ text, font, noWrap });
const texts = (ps: Piece<string>[], first = 5, width = 5) => breakLines(ps, first, width, advance).map((l) => l.pieces.map((p) => p.text).join(''));

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

  it('justifies every line but the last by letter spacing, across pieces of one face', () => {
    const lines = breakLines([piece('一二'), piece('123件', 'body', true), piece('四五')], 5, 5, advance);
    expect(lines.map((l) => l.pieces.map((p) => p.text))).toEqual([['一二123件'], ['四五']]);
    // 4.5 pt of advances on a line of 5: the 0.5 pt left (less a thousandth) spread over the 5 gaps between 6 characters
    expect(lines[0].spacing).toBeCloseTo(0.499 / 5, 6);
    expect(lines[1].spacing).toBe(0);
    // a full line is set a thousandth of a point short, so that pdfmake's own sum never finds it too long
    const full = breakLines([piece('一二三四五六')], 5, 5, advance)[0];
    expect(full.spacing).toBeCloseTo(-0.001 / 4, 9);
  });

  it('gives each face its own piece on a line, and ends a line at a newline without justifying it', () => {
    const lines = breakLines([piece('一二', 'kai'), piece('三\n四')], 5, 5, advance);
    expect(lines.map((l) => l.pieces.map((p) => `${p.font}:${p.text}`))).toEqual([['kai:一二', 'body:三'], ['body:四']]);
    expect(lines[0].spacing).toBe(0);
  });
});
