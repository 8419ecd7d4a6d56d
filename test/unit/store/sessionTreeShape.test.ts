// A server decides how wide and deep its session trees are: the store links at most MAX_DEPTH levels (deeper
// sessions show at the root, never hidden), walks no tree by recursion, and keeps a parent's inclusive totals by
// adding each child's move rather than summing every child again, so they equal a fresh sum whatever the order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { MAX_DEPTH } from '../../../src/store/sessionTree';

const TOKENS = { input: 10, output: 2, reasoning: 0, cache: { read: 0, write: 0 } };
const info = (id: string, parentID?: string, cost = 0.01): SessionInfo => ({
  id,
  ...(parentID && { parentID }),
  title: id,
  directory: '/w',
  cost,
  tokens: TOKENS,
  time: { created: 1, updated: 1 },
});
const totals = (sessionID: string, cost: number): StoreEvent => ({
  type: 'session.totals',
  sessionID,
  cost,
  tokens: { ...TOKENS, input: cost * 1000 },
});
const chain = (n: number) => Array.from({ length: n }, (_, i) => info(`s${i}`, i ? `s${i - 1}` : undefined));

describe('session trees of any shape', () => {
  test('a chain deeper than MAX_DEPTH: linked that deep, the rest shown at the root, every session kept', () => {
    for (const order of ['root first', 'leaf first']) {
      const sessions = chain(MAX_DEPTH + 50);
      const store = new SessionStore();
      store.loadSnapshot(order === 'root first' ? sessions : [...sessions].reverse());
      assert.equal(store.size, MAX_DEPTH + 50, order);
      // No session is more than MAX_DEPTH below the root it shows under.
      for (const root of store.roots()) assert.ok(store.descendantsOf(root.info.id).length <= MAX_DEPTH, order);
      const shown = store.roots().reduce((n, r) => n + 1 + store.descendantsOf(r.info.id).length, 0);
      assert.equal(shown, MAX_DEPTH + 50, `${order}: every session is under some root`);
    }
  });

  test('a chain of MAX_DEPTH + 1 sessions is linked whole', () => {
    const store = new SessionStore();
    store.loadSnapshot(chain(MAX_DEPTH + 1).reverse());
    assert.equal(store.descendantsOf('s0').length, MAX_DEPTH);
  });

  test('a parent loop links no session under itself', () => {
    const store = new SessionStore();
    store.loadSnapshot([info('a', 'b'), info('b', 'a')]);
    assert.equal(store.size, 2);
    assert.equal(store.roots().length, 1);
  });

  test('inclusive totals after many moves equal a fresh sum, for wide and for deep trees', () => {
    for (const sessions of [[info('p'), ...Array.from({ length: 3000 }, (_, i) => info(`c${i}`, 'p'))], chain(60)]) {
      const live = new SessionStore();
      live.loadSnapshot(sessions);
      const root = sessions[0].id;
      live.inclusive(root);
      // Every session's totals move several times, the root read now and then (as the tree reads once a frame).
      for (let round = 1; round <= 3; round++)
        for (const [i, s] of sessions.entries()) {
          live.apply(totals(s.id, 0.01 * round + i * 1e-5));
          if (i % 97 === 0) live.inclusive(root);
        }
      const fresh = new SessionStore();
      fresh.loadSnapshot(sessions.map((s, i) => ({ ...s, cost: 0.03 + i * 1e-5, tokens: { ...TOKENS, input: (0.03 + i * 1e-5) * 1000 } })));
      const a = live.inclusive(root);
      const b = fresh.inclusive(root);
      assert.ok(Math.abs(a.cost - b.cost) < 1e-9, `${a.cost} vs ${b.cost}`);
      assert.ok(Math.abs(a.input - b.input) < 1e-6, `${a.input} vs ${b.input}`);
    }
  });

  test('a child added, moved and removed moves its ancestors totals', () => {
    const store = new SessionStore();
    store.loadSnapshot([info('a'), info('b'), info('c', 'a', 0.5)]);
    assert.equal(store.inclusive('a').cost, 0.51);
    store.apply({ type: 'session.upsert', info: { ...info('c', 'b', 0.5), time: { created: 1, updated: 2 } } });
    assert.equal(store.inclusive('a').cost, 0.01);
    assert.equal(store.inclusive('b').cost, 0.51);
    store.apply({ type: 'session.upsert', info: { ...info('d', 'c', 0.25), time: { created: 1, updated: 3 } } });
    assert.equal(store.inclusive('b').cost, 0.76);
    store.apply({ type: 'session.deleted', sessionID: 'd' });
    assert.equal(store.inclusive('b').cost, 0.51);
  });

  test('a session whose deep subtree is gone can be moved under a parent again (heights are not kept for sessions gone)', () => {
    const store = new SessionStore();
    // x with a chain MAX_DEPTH deep below it, and a root p.
    const below = Array.from({ length: MAX_DEPTH }, (_, i) => info(`c${i}`, i ? `c${i - 1}` : 'x'));
    store.loadSnapshot([info('p'), info('x'), ...below]);
    assert.equal(store.descendantsOf('x').length, MAX_DEPTH);
    store.apply({ type: 'session.deleted', sessionID: 'c0' });
    assert.equal(store.size, 2);
    store.apply({ type: 'session.upsert', info: { ...info('x', 'p'), time: { created: 1, updated: 2 } } });
    assert.deepEqual(
      store.descendantsOf('p').map((r) => r.info.id),
      ['x'],
      'x, now a leaf, shows under its parent',
    );
    assert.deepEqual(
      store.roots().map((r) => r.info.id),
      ['p'],
    );
  });
});
