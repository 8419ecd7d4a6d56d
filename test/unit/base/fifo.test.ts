// Fifo gives its items back in the order pushed, however long it grows and however often it moves its rest down.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Fifo } from '../../../src/base/fifo';

describe('Fifo', () => {
  test('gives its items back in the order pushed, across compactions and pushes between takes', () => {
    const fifo = new Fifo<number>();
    const taken: number[] = [];
    let pushed = 0;
    // Pushes and takes interleaved past the compaction point several times.
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3000; i++) fifo.push(pushed++);
      for (let i = 0; i < 2500; i++) taken.push(fifo.shift()!);
    }
    assert.equal(fifo.length, pushed - taken.length);
    for (let item = fifo.shift(); item !== undefined; item = fifo.shift()) taken.push(item);
    assert.deepEqual(
      taken,
      Array.from({ length: pushed }, (_, i) => i),
    );
    assert.equal(fifo.length, 0);
    assert.equal(fifo.shift(), undefined);
  });

  test('clear empties it; it is used again after', () => {
    const fifo = new Fifo<string>();
    fifo.push('a');
    fifo.push('b');
    assert.equal(fifo.shift(), 'a');
    fifo.clear();
    assert.equal(fifo.length, 0);
    assert.equal(fifo.shift(), undefined);
    fifo.push('c');
    assert.equal(fifo.length, 1);
    assert.equal(fifo.shift(), 'c');
  });
});
