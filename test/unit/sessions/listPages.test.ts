// Paging of long root lists in the sessions tree: a page of 100, a "Show more" row that adds the next, a
// revealed session's page grown in whole pages, and lists at or under a page handed over whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListPages, nextPageCount, PAGE_SIZE } from '../../../src/features/sessions/tree/listPages';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);

test('a list of at most a page is handed over whole, with nothing hidden', () => {
  const pages = new ListPages<object>();
  const list = {};
  assert.deepEqual(pages.page(list, ids(12)), { shown: ids(12), hidden: 0 });
  assert.deepEqual(pages.page(list, ids(PAGE_SIZE)), { shown: ids(PAGE_SIZE), hidden: 0 });
  assert.deepEqual(pages.page(list, []), { shown: [], hidden: 0 });
});

test('a longer list shows its first page and says how many are hidden', () => {
  const pages = new ListPages<object>();
  const list = {};
  const { shown, hidden } = pages.page(list, ids(10_000));
  assert.deepEqual(shown, ids(100));
  assert.equal(hidden, 9_900);
  assert.equal(nextPageCount(hidden), 100);
});

test('Show more adds one page at a time, the last one what is left', () => {
  const pages = new ListPages<object>();
  const list = {};
  const all = ids(250);
  pages.showMore(list);
  assert.deepEqual(pages.page(list, all), { shown: ids(200), hidden: 50 });
  assert.equal(nextPageCount(50), 50);
  pages.showMore(list);
  assert.deepEqual(pages.page(list, all), { shown: all, hidden: 0 });
});

test('each list keeps its own page', () => {
  const pages = new ListPages<object>(10);
  const a = {};
  const b = {};
  pages.showMore(a);
  assert.equal(pages.page(a, ids(50)).shown.length, 20);
  assert.equal(pages.page(b, ids(50)).shown.length, 10);
});

test('including a row beyond the page grows it in whole pages, and says so only when it grew', () => {
  const pages = new ListPages<object>(100);
  const list = {};
  assert.equal(pages.include(list, 0), false, 'on the first page already');
  assert.equal(pages.include(list, 99), false, 'the last row of the first page');
  assert.equal(pages.include(list, 100), true, 'the first row of the second page');
  assert.equal(pages.limit(list), 200);
  assert.equal(pages.include(list, 4_321), true);
  assert.equal(pages.limit(list), 4_400);
  assert.equal(pages.page(list, ids(10_000)).shown.at(-1), 's4399');
  assert.equal(pages.include(list, 150), false, 'a row already shown never shrinks the page');
  assert.equal(pages.limit(list), 4_400);
});

test('the page is taken from the list in its order (sorted and filtered before paging)', () => {
  const pages = new ListPages<object>(3);
  const list = {};
  const sortedByCost = ['c', 'a', 'e', 'b', 'd'];
  assert.deepEqual(pages.page(list, sortedByCost), { shown: ['c', 'a', 'e'], hidden: 2 });
  const filtered = sortedByCost.filter((id) => id !== 'a');
  assert.deepEqual(pages.page(list, filtered), { shown: ['c', 'e', 'b'], hidden: 1 });
});
