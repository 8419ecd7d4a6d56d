// pushAll and maxOf take lists of any length: a spread into arguments throws past about 120 000 items.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maxOf, pushAll } from '../../../src/base/arrays';

describe('lists of any length', () => {
  const many = Array.from({ length: 300_000 }, (_, i) => i);

  test('a spread of 300 000 items throws (the reason these exist)', () => {
    assert.throws(() => Math.max(...many), RangeError);
  });

  test('pushAll appends every item in order, from any iterable', () => {
    const target = [-1];
    assert.equal(pushAll(target, many), target);
    assert.equal(target.length, 300_001);
    assert.equal(target[300_000], 299_999);
    assert.deepEqual(pushAll([], new Set(['a', 'b'])), ['a', 'b']);
  });

  test('maxOf is the largest, undefined for none', () => {
    assert.equal(maxOf(many), 299_999);
    assert.equal(maxOf([-3, -1, -2]), -1);
    assert.equal(maxOf([]), undefined);
  });
});
