// The virtual table's arithmetic: which rows are in the DOM, following the end, showing a row, keys.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { atEnd, maxScroll, moveActive, scrollToShow, visibleRange } from '../../../webview/virtualWindow';

const v = { rows: 20_000, rowHeight: 28, height: 560, overscan: 5 };

describe('visibleRange', () => {
  test('the rows on screen plus the overscan, whatever the table size', () => {
    assert.deepEqual(visibleRange({ ...v, scrollTop: 0 }), { start: 0, end: 25 });
    assert.deepEqual(visibleRange({ ...v, scrollTop: 28 * 1000 }), { start: 995, end: 1025 });
    assert.deepEqual(visibleRange({ ...v, scrollTop: 28 * 1000 + 14 }), { start: 995, end: 1026 });
  });

  test('at the end the window keeps its size; a short table is all in the DOM', () => {
    const end = visibleRange({ ...v, scrollTop: maxScroll(v.rows, v.rowHeight, v.height) });
    assert.equal(end.end, 20_000);
    assert.equal(end.end - end.start, 30);
    assert.deepEqual(visibleRange({ ...v, rows: 6, scrollTop: 0 }), { start: 0, end: 6 });
  });
});

describe('following and scrolling', () => {
  test('at the end within half a row', () => {
    const max = maxScroll(v.rows, v.rowHeight, v.height);
    assert.equal(atEnd({ ...v, scrollTop: max }), true);
    assert.equal(atEnd({ ...v, scrollTop: max - 13 }), true);
    assert.equal(atEnd({ ...v, scrollTop: max - 28 }), false);
    assert.equal(atEnd({ ...v, rows: 3, scrollTop: 0 }), true);
  });

  test('scrollToShow moves as little as possible', () => {
    assert.equal(scrollToShow(10, { ...v, scrollTop: 0 }), 0);
    assert.equal(scrollToShow(20, { ...v, scrollTop: 0 }), 21 * 28 - 560);
    assert.equal(scrollToShow(3, { ...v, scrollTop: 280 }), 84);
  });

  test('keys move the active row within the table', () => {
    assert.equal(moveActive('ArrowDown', 4, 10, 5), 5);
    assert.equal(moveActive('ArrowDown', 9, 10, 5), 9);
    assert.equal(moveActive('ArrowUp', 0, 10, 5), 0);
    assert.equal(moveActive('PageDown', 2, 10, 5), 7);
    assert.equal(moveActive('PageUp', 2, 10, 5), 0);
    assert.equal(moveActive('Home', 7, 10, 5), 0);
    assert.equal(moveActive('End', 0, 10, 5), 9);
    assert.equal(moveActive('Enter', 0, 10, 5), undefined);
    assert.equal(moveActive('ArrowDown', 0, 0, 5), undefined);
  });
});
