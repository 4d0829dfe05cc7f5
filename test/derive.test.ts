import { describe, expect, it } from 'vitest';
import { chineseNumber, formatNumber, itemNumber, share } from '../src/derive/numbers.js';
import { collapseLayout } from '../src/compose/templates.js';
import { gridOf } from '../src/model/document.js';

describe('shares: half-up, one decimal, one rule everywhere', () => {
  it.each([
    [14, 48, '29.2%'],
    [3, 48, '6.3%'],
    [12, 48, '25.0%'],
    [3, 7, '42.9%'],
    [4, 7, '57.1%'],
    [1, 8, '12.5%'],
    [1, 3, '33.3%'],
    [2, 3, '66.7%'],
    [48, 48, '100.0%'],
    [0, 5, '0.0%'],
    [1, 0, '0.0%'],
  ])('%i of %i is %s', (part, whole, expected) => expect(share(part, whole)).toBe(expected));
});

describe('Chinese numbering', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [21, '二十一'],
    [99, '九十九'],
  ])('%i → %s', (n, cn) => expect(chineseNumber(n)).toBe(cn));
  it('numbers items （一）…', () => expect(itemNumber(3)).toBe('（三）'));
  it('refuses what it cannot number', () => expect(() => chineseNumber(100)).toThrow());
});

describe('figures as printed', () => {
  it('keeps blank distinct from 0 and amounts with their decimals', () => {
    expect(formatNumber(null)).toBe('');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(66045)).toBe('66045');
    expect(formatNumber(12.5)).toBe('12.5');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
  });
});

describe('template layout', () => {
  it('drops line breaks and indentation between text, keeps argument separation inside {{ }}', () => {
    expect(collapseLayout('甲{{#each (parts a\n    "乙" b)}}\n  丙\n{{/each}}丁\n')).toBe('甲{{#each (parts a "乙" b)}}丙{{/each}}丁');
  });
});

describe('table grid', () => {
  it('places cells after row and column spans', () => {
    const grid = gridOf({
      widths: [1, 1, 1, 1],
      headerRows: 0,
      size: 'small',
      keep: false,
      rows: [[{ text: 'a', rowSpan: 2 }, { text: 'b', colSpan: 2 }, { text: 'c' }], [{ text: 'd' }, { text: 'e' }, { text: 'f' }]],
    });
    expect(grid).toEqual([
      [0, 1, 3],
      [1, 2, 3],
    ]);
  });
});
