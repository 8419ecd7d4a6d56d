// Sessions found by their title, as the content search finds words: every word of the query, whole or by its
// beginning from PREFIX_MIN characters (`flak` → "flaky"), identifiers by their pieces, case aside; shorter words
// whole only; the rest of a title past TITLE_CAP not read; many titles matched a slice at a time, in order, up to a limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TITLE_CAP } from '../../../src/features/search/common/entries';
import { queryTerms } from '../../../src/features/search/common/terms';
import { titleHolds, titleMatches } from '../../../src/features/search/common/titleMatches';

const holds = (title: string, query: string) => titleHolds(title, queryTerms(query));

test('a word begun from three characters matches, as the content search does', () => {
  assert.ok(holds('Fix the flaky login test', 'flak'));
  assert.ok(holds('Fix the flaky login test', 'FLAKY log'));
  assert.ok(holds('retryPolicy for uploads', 'policy'));
  assert.ok(!holds('Fix the flaky login test', 'flak deploy'), 'every word of the query');
  assert.ok(!holds('Fix the flaky login test', 'laky'), 'a beginning, not the middle of a word');
});

test('shorter words match whole words only', () => {
  assert.ok(holds('Go to the CI page', 'ci'));
  assert.ok(!holds('Circle the wagons', 'ci'));
});

test('an empty query matches nothing; a title is read up to TITLE_CAP', () => {
  assert.ok(!holds('Anything', ''));
  assert.ok(!holds(`${'a '.repeat(TITLE_CAP)} zebra`, 'zebra'));
});

test('many titles: the matching ones in order, up to the limit', async () => {
  const titles = Array.from({ length: 20_000 }, (_, i) => (i % 1000 === 7 ? `flaky run ${i}` : `steady run ${i}`));
  const byTitle = { titleOf: (t: string) => t };
  assert.deepEqual(await titleMatches(titles, queryTerms('flak'), 3, byTitle), ['flaky run 7', 'flaky run 1007', 'flaky run 2007']);
  assert.equal((await titleMatches(titles, queryTerms('flak'), 1000, byTitle)).length, 20);
});

test('the newest matches of all, not the first found (a second server’s newest are not cut off)', async () => {
  // Found in store order: the oldest first, the newest last.
  const titles = Array.from({ length: 20_000 }, (_, i) => `flaky run ${i}`);
  const newest = await titleMatches(titles, queryTerms('flak'), 3, { titleOf: (t) => t, timeOf: (t) => Number(t.slice(10)) });
  assert.deepEqual(newest, ['flaky run 19999', 'flaky run 19998', 'flaky run 19997']);
});

test('a query typed over stops its walk and answers nothing', async () => {
  let looked = 0;
  const titles = (function* () {
    for (let i = 0; i < 100_000; i++) {
      looked++;
      yield `flaky run ${i}`;
    }
  })();
  const found = await titleMatches(titles, queryTerms('flak'), 10, { titleOf: (t) => t, current: () => looked < 1_000 });
  assert.deepEqual(found, []);
  assert.equal(looked, 1_000, 'no title after the query went stale');
});
