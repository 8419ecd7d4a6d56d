// A list kept for the life of a window holds only its newest entries, and a reader's mark still finds what came after.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RECENT_KEPT, RecentList } from '../../../src/base/recentList';

describe('RecentList', () => {
  test('keeps only the newest RECENT_KEPT entries, oldest first', () => {
    const list = new RecentList<number>();
    for (let i = 0; i < RECENT_KEPT + 50; i++) list.add(i);
    const kept = list.since(0);
    assert.equal(kept.length, RECENT_KEPT);
    assert.equal(kept[0], 50, 'the oldest dropped');
    assert.equal(kept.at(-1), RECENT_KEPT + 49, 'the newest kept');
    assert.equal(list.total, RECENT_KEPT + 50, 'every entry counted');
  });

  test('addAll takes any number at once, and bounds them the same', () => {
    const list = new RecentList<number>(3);
    list.addAll(Array.from({ length: 300_000 }, (_, i) => i));
    assert.deepEqual(list.since(0), [299_997, 299_998, 299_999]);
    assert.equal(list.total, 300_000);
  });

  test('since a mark: what came after it, also once the list is full', () => {
    const list = new RecentList<string>(3);
    list.addAll(['a', 'b']);
    let mark = list.total;
    list.add('c');
    assert.deepEqual(list.since(mark), ['c']);
    list.addAll(['d', 'e', 'f']);
    mark = list.total;
    assert.deepEqual(list.since(mark), [], 'nothing new');
    list.add('g');
    assert.deepEqual(list.since(mark), ['g'], 'full: the mark still finds the new entry');
    list.addAll(['h', 'i', 'j']);
    assert.deepEqual(list.since(mark), ['h', 'i', 'j'], 'more came than are kept: those still kept');
  });
});
