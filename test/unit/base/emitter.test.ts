// One failing listener must not keep the others (e.g. the tree) from hearing a change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DisposableStore, MutableDisposable, toDisposable } from '../../../src/base/disposable';
import { Emitter, Event } from '../../../src/base/emitter';

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

test("an event takes VS Code's thisArgs and disposables: the listener bound, its subscription pushed", () => {
  const emitter = new Emitter<number>();
  const bag: Array<{ dispose(): void }> = [];
  const owner = { seen: [] as number[] };
  function hear(this: { seen: number[] }, value: number) {
    this.seen.push(value);
  }
  emitter.event(hear, owner, bag);
  emitter.fire(1);
  assert.equal(bag.length, 1);
  bag[0].dispose();
  emitter.fire(2);
  assert.deepEqual(owner.seen, [1]);
});

test('Event.once hears the first value only', () => {
  const emitter = new Emitter<number>();
  const once: number[] = [];
  Event.once(emitter.event)((v) => once.push(v));
  for (const v of [1, 2, 3, 4]) emitter.fire(v);
  assert.deepEqual(once, [1]);
});

test('a DisposableStore disposes newest first, once; what is added after is disposed at once', () => {
  const order: string[] = [];
  const store = new DisposableStore();
  store.add(toDisposable(() => order.push('a')));
  store.add(toDisposable(() => order.push('b')));
  store.dispose();
  store.dispose();
  store.add(toDisposable(() => order.push('late')));
  assert.deepEqual(order, ['b', 'a', 'late']);
});

test('a MutableDisposable disposes the part it held when another is set, and what is set after its own disposal at once', () => {
  const order: string[] = [];
  const slot = new MutableDisposable();
  const first = toDisposable(() => order.push('first'));
  slot.value = first;
  slot.value = first;
  slot.value = toDisposable(() => order.push('second'));
  assert.deepEqual(order, ['first']);
  slot.dispose();
  slot.value = toDisposable(() => order.push('late'));
  assert.equal(slot.value, undefined);
  assert.deepEqual(order, ['first', 'second', 'late']);
});

test('a listener disposed by an earlier one in the same fire does not hear it; one function subscribed twice is two subscriptions', () => {
  const emitter = new Emitter<number>();
  const heard: string[] = [];
  const second = { dispose: () => undefined } as { dispose(): void };
  emitter.on(() => {
    heard.push('first');
    second.dispose();
  });
  Object.assign(
    second,
    emitter.on(() => heard.push('second')),
  );
  emitter.fire(1);
  assert.deepEqual(heard, ['first']);

  const twice = new Emitter<number>();
  const values: number[] = [];
  const hear = (v: number) => values.push(v);
  const a = twice.on(hear);
  twice.on(hear);
  a.dispose();
  twice.fire(5);
  assert.deepEqual(values, [5]);
});

test('Event.once of an event that fires while subscribing hears it once', () => {
  const fired: Event<number> = (listener, thisArgs, disposables) => {
    listener.call(thisArgs, 3);
    listener.call(thisArgs, 4);
    const subscription = toDisposable(() => undefined);
    disposables?.push(subscription);
    return subscription;
  };
  const heard: number[] = [];
  Event.once(fired)((v) => heard.push(v));
  assert.deepEqual(heard, [3]);
});

test('a DisposableStore disposes every part when one throws, then throws', () => {
  const order: string[] = [];
  const store = new DisposableStore();
  store.add(toDisposable(() => order.push('a')));
  store.add({
    dispose: () => {
      throw new Error('b failed');
    },
  });
  store.add(toDisposable(() => order.push('c')));
  assert.throws(() => store.dispose(), /b failed/);
  assert.deepEqual(order, ['c', 'a']);
});
