// The usage tables' column widths: no figure is ever narrower than its column's least width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { columnTemplate, columnsToHide, headerText, hiddenFigures, leastCh, leastWidth, FULL_HEADERS_PX } from '../../../webview/columns';

describe('usage table columns', () => {
  test("a column is as wide as its widest figure (a step cost's six decimals) or its header's longest word", () => {
    assert.equal(leastCh({ full: 'Cost', short: 'Cost' }, ['$0.073412', '$12.500000']), 10);
    assert.equal(leastCh({ full: 'Reasoning', short: 'Reas.' }, ['0', '12']), 9);
    assert.equal(leastCh({ full: 'Cache efficiency', short: 'C. eff.' }, ['100%']), 10);
    // A "%" is wider than a digit: it counts two.
    assert.equal(leastCh({ full: 'Share', short: 'Share' }, ['52.9%', '100%']), 6);
  });

  test('the template gives each column its least width and a share of the rest; below the sum, it scrolls', () => {
    const columns = [
      { ch: 4, grow: 1 },
      { ch: 10, grow: 2 },
    ];
    assert.equal(columnTemplate(columns), 'minmax(calc(4ch + 12px), 1fr) minmax(calc(10ch + 12px), 2fr)');
    assert.equal(leastWidth(columns), 'calc(14ch + 24px)');
  });

  test('a names column takes room up to its longest name before the figure columns grow (names are not cut while figures have room)', () => {
    const columns = [
      { ch: 14, grow: 0, fitCh: 30 },
      { ch: 10, grow: 1 },
    ];
    assert.equal(columnTemplate(columns), 'minmax(calc(14ch + 12px), calc(30ch + 12px)) minmax(calc(10ch + 12px), 1fr)');
    assert.equal(leastWidth(columns), 'calc(24ch + 24px)', 'a narrow table still cuts the name before a figure');
    // Names shorter than the least width: the column is just that wide.
    assert.equal(columnTemplate([{ ch: 14, grow: 0, fitCh: 5 }]), 'minmax(calc(14ch + 12px), calc(14ch + 12px))');
  });

  test('a hidden column takes no room, and the least width is that of the columns shown', () => {
    const columns = [
      { ch: 4, grow: 1 },
      { ch: 10, grow: 2 },
      { ch: 8, grow: 1, extraPx: 18 },
    ];
    const hidden = new Set([1]);
    assert.equal(columnTemplate(columns, hidden), 'minmax(calc(4ch + 12px), 1fr) 0px minmax(calc(8ch + 30px), 1fr)');
    assert.equal(leastWidth(columns, hidden), 'calc(12ch + 42px)');
  });

  test('a narrow table hides its lesser columns first, only as many as it must, and never a key one', () => {
    // Step, model, input, reasoning, cost: 10 px a ch, so 52 + 92 + 72 + 102 + 112 = 430 px in all.
    const columns = [4, 8, 6, 9, 10].map((ch) => ({ ch, grow: 1 }));
    const drop = [3, 1, 2];
    assert.deepEqual([...columnsToHide(columns, drop, 1000, 10)], []);
    assert.deepEqual([...columnsToHide(columns, drop, 431, 10)], []);
    assert.deepEqual([...columnsToHide(columns, drop, 430, 10)], [3], 'a pixel of slack for the rounding of tracks');
    assert.deepEqual([...columnsToHide(columns, drop, 300, 10)], [3, 1]);
    // Narrower than the key columns: every lesser one goes, the key ones stay (the table scrolls, its last resort).
    assert.deepEqual([...columnsToHide(columns, drop, 100, 10)], [3, 1, 2]);
  });

  test("a row's tooltip holds the figures of its hidden columns, by their full names", () => {
    const headers = [
      { full: 'Step', short: '#' },
      { full: 'Reasoning', short: 'Reas.' },
      { full: 'Cost', short: 'Cost' },
      { full: 'Cache write', short: 'C. write' },
    ];
    const cells = ['3', '1,200', '$0.073457', '0'];
    assert.equal(hiddenFigures(headers, cells, new Set([1, 3])), 'Reasoning: 1,200\nCache write: 0');
    assert.equal(hiddenFigures(headers, cells, new Set()), undefined, 'no tooltip when every column shows');
  });

  test('short headers in a narrow table, full ones with room', () => {
    const header = { full: 'Cache read', short: 'C. read' };
    assert.equal(headerText(header, 790), 'C. read');
    assert.equal(headerText(header, FULL_HEADERS_PX), 'Cache read');
  });
});
