// Root order by recent / inclusive cost / inclusive tokens, and children oldest first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSortBy, sortChildren, sortRoots } from '../../../src/store/sessionOrder';
import { SessionStore } from '../../../src/store/sessionStore';
import { feed, sessionEvent, sessionInfo, tokens } from '../helpers/factories';

// A: cheap itself, but its child C is the most expensive session of all.
// B: costs more than A itself, less than A with C.  D: the newest, nothing spent.
function store(): SessionStore {
  const s = new SessionStore();
  feed(
    s,
    sessionEvent('session.created', sessionInfo({ id: 'A', tokens: tokens(100), cost: 0.125, created: 10, updated: 20 })),
    sessionEvent('session.created', sessionInfo({ id: 'B', tokens: tokens(5000), cost: 0.5, created: 11, updated: 30 })),
    sessionEvent('session.created', sessionInfo({ id: 'C', parentID: 'A', tokens: tokens(9000), cost: 1, created: 12, updated: 12 })),
    sessionEvent('session.created', sessionInfo({ id: 'D', created: 13, updated: 40 })),
  );
  return s;
}

const order = (s: SessionStore, by: 'recent' | 'cost' | 'tokens') =>
  sortRoots(s.roots(), by, (id) => s.inclusive(id)).map((r) => r.info.id);

describe('sortRoots', () => {
  test('recent: most recently updated first', () => {
    assert.deepEqual(order(store(), 'recent'), ['D', 'B', 'A']);
  });

  test('cost: highest inclusive cost first (A counts its child)', () => {
    assert.deepEqual(order(store(), 'cost'), ['A', 'B', 'D']);
  });

  test('tokens: most inclusive tokens first', () => {
    assert.deepEqual(order(store(), 'tokens'), ['A', 'B', 'D']);
  });

  test('re-sorts when a root becomes the costliest', () => {
    const s = store();
    feed(s, sessionEvent('session.updated', sessionInfo({ id: 'D', tokens: tokens(20_000), cost: 2, created: 13, updated: 50 })));
    assert.deepEqual(order(s, 'cost'), ['D', 'A', 'B']);
  });

  test('ties fall back to recent, then id', () => {
    const s = new SessionStore();
    feed(
      s,
      sessionEvent('session.created', sessionInfo({ id: 'x2', cost: 0.5, updated: 5 })),
      sessionEvent('session.created', sessionInfo({ id: 'x1', cost: 0.5, updated: 5 })),
      sessionEvent('session.created', sessionInfo({ id: 'x3', cost: 0.5, updated: 9 })),
    );
    assert.deepEqual(order(s, 'cost'), ['x3', 'x1', 'x2']);
  });
});

describe('sortChildren', () => {
  test('oldest first, whatever the sort setting', () => {
    const s = new SessionStore();
    feed(
      s,
      sessionEvent('session.created', sessionInfo({ id: 'P' })),
      sessionEvent('session.created', sessionInfo({ id: 'late', parentID: 'P', created: 30, cost: 9 })),
      sessionEvent('session.created', sessionInfo({ id: 'early', parentID: 'P', created: 10 })),
    );
    assert.deepEqual(
      sortChildren(s.childrenOf('P')).map((r) => r.info.id),
      ['early', 'late'],
    );
  });
});

describe('parseSortBy', () => {
  test('known values pass, anything else is the default', () => {
    assert.deepEqual(['recent', 'cost', 'tokens', 'size', undefined, 3].map(parseSortBy), [
      'recent',
      'cost',
      'tokens',
      'recent',
      'recent',
      'recent',
    ]);
  });
});
