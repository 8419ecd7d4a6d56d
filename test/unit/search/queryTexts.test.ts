// The lower-cased texts a query keeps by document: read again, the same; texts read again from disk (new entries)
// lowered again; the least recently read dropped past the cap.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EntryKind, type Entry } from '../../../src/features/search/common/entries';
import { LoweredTexts } from '../../../src/features/search/common/queryTexts';

const entries = (...texts: string[]): Entry[] => texts.map((text, i) => ({ part: `prt_${i}`, kind: EntryKind.Reply, text }));

describe('LoweredTexts', () => {
  test("a document's entries lowered once while they are the same; new entries lowered again", () => {
    const lowered = new LoweredTexts(100);
    const first = entries('Retry POLICY', 'İstanbul K');
    const once = lowered.of(1, first);
    assert.deepEqual(once, ['retry policy', 'İstanbul K'.toLowerCase()]);
    assert.equal(lowered.of(1, first), once, 'kept');
    const again = entries('Retry POLICY', 'İstanbul K');
    assert.notEqual(lowered.of(1, again), once, 'read again: other objects');
    assert.deepEqual(lowered.of(1, again.slice(0, 1)), ['retry policy'], 'fewer entries (a lost file)');
  });

  test('past its cap the least recently read go', () => {
    const lowered = new LoweredTexts(10);
    const a = entries('AAAA');
    const b = entries('BBBB');
    const aLow = lowered.of(1, a);
    const bLow = lowered.of(2, b);
    assert.equal(lowered.of(1, a), aLow, 'a read last');
    lowered.of(3, entries('CCCC'));
    assert.equal(lowered.of(1, a), aLow, 'a kept');
    assert.notEqual(lowered.of(2, b), bLow, 'b dropped, lowered again');
  });
});
