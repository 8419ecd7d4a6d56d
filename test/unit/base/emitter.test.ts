// One failing listener must not keep the others (e.g. the tree) from hearing a change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../../../src/base/emitter';

test('a throwing listener neither stops the others nor the caller', () => {
  const emitter = new Emitter<number>();
  const heard: number[] = [];
  const original = console.error;
  console.error = () => {};
  try {
    emitter.on(() => {
      throw new Error('boom');
    });
    emitter.on((v) => heard.push(v));
    assert.doesNotThrow(() => emitter.fire(7));
  } finally {
    console.error = original;
  }
  assert.deepEqual(heard, [7]);
});
