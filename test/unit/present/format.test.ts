// Display formatting: expected strings are written out by hand at each rounding boundary.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatCost,
  formatCount,
  formatDuration,
  formatElapsed,
  untilElapsedChanges,
  formatExactCost,
  formatPercent,
  formatTokens,
  sessionBadge,
} from '../../../src/present/format';
import { sessionRowText } from '../../../src/present/sessionRow';
import { rowLabelTitle } from '../../harness/expectedRow';
import { usage } from '../helpers/factories';

function table<T>(fn: (value: T) => string, cases: [T, string][]): void {
  for (const [value, expected] of cases) assert.equal(fn(value), expected, `${String(value)}`);
}

describe('formatTokens', () => {
  test('plain below a thousand', () =>
    table(formatTokens, [
      [0, '0'],
      [1, '1'],
      [950, '950'],
      [999, '999'],
    ]));

  test('thousands: two decimals below 10k, one above, trailing zeros trimmed', () =>
    table(formatTokens, [
      [1000, '1k'],
      [1050, '1.05k'],
      [1500, '1.5k'],
      [1525, '1.52k'], // 1.525 is stored just below, so it rounds down
      [9_999, '10k'],
      [10_000, '10k'],
      [12_345, '12.3k'],
      [100_000, '100k'],
      [120_000, '120k'],
    ]));

  test('millions', () =>
    table(formatTokens, [
      [1_000_000, '1M'],
      [1_234_567, '1.23M'],
      [4_560_000, '4.56M'],
      [10_000_000, '10M'],
      [12_500_000, '12.5M'],
    ]));

  // BUG (src/store/format.ts formatTokens): 999_950…999_999 are below 1_000_000, so they are divided by
  // 1000 and rounded to "1000.0" → "1000k" instead of moving up to the "M" unit.
  test('just under a million reads 1M, not 1000k', () => assert.equal(formatTokens(999_999), '1M'));
});

describe('formatCost', () => {
  test('cents from ten cents up, two significant digits below', () =>
    table(formatCost, [
      [0, '$0.00'],
      [0.00756, '$0.0076'],
      [0.0123, '$0.012'],
      [0.05, '$0.050'],
      [0.099, '$0.099'],
      [0.1, '$0.10'],
      [0.23, '$0.23'],
      [1, '$1.00'],
      [12.5, '$12.50'],
    ]));

  test('exact cost keeps micro-dollars', () =>
    table(formatExactCost, [
      [0, '$0.00'],
      [0.00756, '$0.007560'],
      [0.008369999999999999, '$0.008370'],
      [12.5, '$12.500000'],
    ]));
});

describe('badges', () => {
  const own = usage(12_000, 300, 45, 0, 0, 0.23); // 12_345 tokens
  const inclusive = usage(20_000, 400, 50, 0, 0, 0.5);
  test('sessionBadge: the cost first, then all token kinds, short', () => {
    assert.equal(sessionBadge(own, own, false), '$0.23 · 12.3k');
    assert.equal(sessionBadge(usage(0), usage(0), false), '$0.00 · 0 tokens');
    assert.equal(sessionBadge(usage(600, 16, 5, 500, 0, 0.002265), usage(0), false), '$0.0023 · 1.12k');
  });

  test('sessionBadge adds the inclusive cost, right after the own cost, only when there are descendants', () => {
    assert.equal(sessionBadge(own, inclusive, false), '$0.23 · 12.3k');
    assert.equal(sessionBadge(own, inclusive, true), '$0.23 · Σ $0.50 · 12.3k');
  });
});

describe('session rows', () => {
  // Issue 77: in the description, after the title, a 300 px side bar cut the Σ or hid it; the tokens are what goes.
  test('the own money and, with sub-agents, Σ before the title; the own tokens as the description', () => {
    const own = usage(14_000, 500, 45, 0, 0, 0.050175);
    const inclusive = usage(20_000, 0, 0, 0, 0, 0.061875);
    assert.deepEqual(sessionRowText('Fix the login', own, own, false), { label: '$0.050 Fix the login', description: '14.5k' });
    assert.deepEqual(sessionRowText('Add checkout flow', own, inclusive, true), {
      label: '$0.050 Σ$0.062 Add checkout flow',
      description: '14.5k',
    });
    assert.deepEqual(sessionRowText('Add checkout flow', own, inclusive, false, undefined, true), {
      label: '$0.050 Σ≥$0.062 Add checkout flow',
      description: '14.5k',
    });
  });

  test('a reader of the tree finds the title after the figures, also a title that starts with Σ', () => {
    const own = usage(14_000, 500, 45, 0, 0, 0.050175);
    for (const title of ['Fix the login', 'Σ of the totals', 'Σ$1 bug', ''])
      for (const parent of [false, true])
        assert.equal(rowLabelTitle(sessionRowText(title, own, own, parent).label), title, `${title} (${parent ? 'parent' : 'leaf'})`);
  });
});

describe('formatPercent', () => {
  test('one decimal, trailing .0 dropped', () => {
    assert.deepEqual([0.255, 1, 0, 0.12345, 0.9999].map(formatPercent), ['25.5%', '100%', '0%', '12.3%', '100%']);
  });
});

describe('formatCount', () => {
  test('exact, with thousands separators', () => {
    assert.deepEqual([0, 999, 1_000, 51_000, 1_234_567, 12.6].map(formatCount), ['0', '999', '1,000', '51,000', '1,234,567', '13']);
  });
});

describe('formatDuration', () => {
  test('seconds, minutes and seconds, hours and minutes; rounded down', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [999, '0s'],
      [45_000, '45s'],
      [59_999, '59s'],
      [60_000, '1m 0s'],
      [192_000, '3m 12s'],
      [3_599_999, '59m 59s'],
      [3_600_000, '1h 0m'],
      [7_500_000, '2h 5m'],
      [-5, '0s'],
      [Number.NaN, '0s'],
    ];
    for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
  });
});

describe('formatElapsed', () => {
  test('seconds in the first minute, then whole minutes, then hours and minutes; and when it next reads differently', () => {
    const cases: [number, string, number][] = [
      [0, '0s', 1_000],
      [42_300, '42s', 700],
      [59_999, '59s', 1],
      [60_000, '1m', 60_000],
      [192_000, '3m', 48_000],
      [3_600_000, '1h 0m', 60_000],
      [7_530_000, '2h 5m', 30_000],
    ];
    for (const [ms, text, next] of cases) {
      assert.equal(formatElapsed(ms), text, String(ms));
      assert.equal(untilElapsedChanges(ms), next, `next after ${ms}`);
      assert.notEqual(formatElapsed(ms + next), text, `reads differently ${next} ms after ${ms}`);
      if (next > 1) assert.equal(formatElapsed(ms + next - 1), text, `reads the same until then (${ms})`);
    }
  });
});
