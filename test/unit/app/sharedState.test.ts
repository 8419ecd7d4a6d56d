// A value every window of the user shares in the extension's global state (app/host/sharedState.ts): two windows
// over one global state, as VS Code keeps it for all windows of one user. Each reads the other's writes when it looks,
// merges them with its own and stores again what the stored copy lacks; its own write handed back changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { MergedMemento, type MergedKind } from '../../../src/app/host/sharedState';

/** One user's global state; `get` hands back a copy, as VS Code hands a window a value written by another. */
class GlobalState implements Pick<vscode.Memento, 'get' | 'update'> {
  private readonly values = new Map<string, string>();
  writes = 0;
  get<T>(key: string): T | undefined {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
  update(key: string, value: unknown): Thenable<void> {
    this.writes++;
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

/** A set of words, merged by union. */
const words: MergedKind<Set<string>> = {
  read: (stored) => new Set(Array.isArray(stored) ? stored.filter((w): w is string => typeof w === 'string') : []),
  merge: (mine, theirs) => new Set([...mine, ...theirs]),
  holdsMore: (value, of) => [...value].some((w) => !of.has(w)),
  toJSON: (value) => [...value].sort(),
};

test("two windows: each reads the other's write when it looks, and keeps its own", () => {
  const state = new GlobalState() as unknown as vscode.Memento & GlobalState;
  const a = new MergedMemento(state, 'k', words);
  const b = new MergedMemento(state, 'k', words);
  a.value.add('seen-in-a');
  a.write();
  assert.equal(b.read(), true, "A's write is new to B");
  assert.deepEqual([...b.value], ['seen-in-a']);
  assert.equal(b.read(), false, 'nothing new on the next look');
  b.value.add('seen-in-b');
  const before = state.writes;
  assert.equal(a.read(), false, 'A has nothing new to read yet');
  b.write();
  assert.equal(state.writes, before + 1);
  assert.equal(a.read(), true);
  assert.deepEqual([...a.value].sort(), ['seen-in-a', 'seen-in-b']);
});

test('a window that writes over an older copy merges first: nothing another window stored is lost', () => {
  const state = new GlobalState() as unknown as vscode.Memento & GlobalState;
  const a = new MergedMemento(state, 'k', words);
  const b = new MergedMemento(state, 'k', words);
  a.value.add('from-a');
  a.write();
  b.value.add('from-b');
  b.write(); // B never looked since A wrote
  assert.deepEqual(state.get<string[]>('k'), ['from-a', 'from-b']);
});

test("a look that finds the stored copy lacking this window's value stores it again", () => {
  const state = new GlobalState() as unknown as vscode.Memento & GlobalState;
  const a = new MergedMemento(state, 'k', words);
  a.value.add('mine');
  void state.update('k', ['theirs']); // another window wrote before A stored its own
  assert.equal(a.read(), true);
  assert.deepEqual(state.get<string[]>('k'), ['mine', 'theirs']);
  assert.equal(a.read(), false, 'its own write handed back changes nothing');
});
