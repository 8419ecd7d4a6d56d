// Accounting and tree shape of SessionStore. Costs are binary fractions (0.5, 0.25, …) so sums are exact and
// every expectation below is written out by hand, never read back from the store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SessionStore } from '../../../src/store/sessionStore';
import {
  assistantMessageEvent,
  feed,
  ids,
  messageRemovedEvent,
  record,
  sessionEvent,
  sessionInfo,
  tokens,
  usage,
} from '../helpers/factories';

// P ─┬─ C1 ── G
//    └─ C2
const P = sessionInfo({ id: 'P', tokens: tokens(100, 10, 1, 50, 5), cost: 0.5, updated: 100 });
const C1 = sessionInfo({ id: 'C1', parentID: 'P', tokens: tokens(20, 2, 0, 10, 1), cost: 0.25, updated: 100 });
const C2 = sessionInfo({ id: 'C2', parentID: 'P', tokens: tokens(3, 1), cost: 0.125, updated: 100 });
const G = sessionInfo({ id: 'G', parentID: 'C1', tokens: tokens(4000, 400, 40, 2000, 200), cost: 1, updated: 100 });

function family(): SessionStore {
  const store = new SessionStore();
  feed(store, ...[P, C1, C2, G].map((i) => sessionEvent('session.created', i)));
  return store;
}

describe('own totals', () => {
  test('are the server session tokens/cost, field by field', () => {
    const store = family();
    assert.deepEqual(record(store, 'P').own, usage(100, 10, 1, 50, 5, 0.5));
    assert.deepEqual(record(store, 'G').own, usage(4000, 400, 40, 2000, 200, 1));
  });

  test('parents do not include children', () => {
    assert.deepEqual(record(family(), 'P').own, usage(100, 10, 1, 50, 5, 0.5));
  });

  test('assistant messages do not add to a session that has server totals', () => {
    const store = family();
    feed(store, assistantMessageEvent({ id: 'm1', sessionID: 'C2', tokens: tokens(999), cost: 2 }));
    assert.deepEqual(record(store, 'C2').own, usage(3, 1, 0, 0, 0, 0.125));
  });
});

describe('inclusive totals', () => {
  test('own + every descendant once, at any depth', () => {
    const store = family();
    assert.deepEqual(store.inclusive('P'), usage(4123, 413, 41, 2060, 206, 1.875));
    assert.deepEqual(store.inclusive('C1'), usage(4020, 402, 40, 2010, 201, 1.25));
    assert.deepEqual(store.inclusive('G'), usage(4000, 400, 40, 2000, 200, 1));
    assert.deepEqual(ids(store.descendantsOf('P')), ['C1', 'C2', 'G']);
  });

  test('follow a grandchild update after being cached', () => {
    const store = family();
    store.inclusive('P');
    feed(store, sessionEvent('session.updated', { ...G, tokens: tokens(5000), cost: 2, time: { created: 1_000, updated: 200 } }));
    assert.deepEqual(store.inclusive('P'), usage(5123, 13, 1, 60, 6, 2.875));
    assert.deepEqual(store.inclusive('C1'), usage(5020, 2, 0, 10, 1, 2.25));
  });

  test('an unknown id has zero inclusive usage', () => {
    assert.deepEqual(family().inclusive('nope'), usage(0));
  });
});

describe('tree shape', () => {
  test('a child arriving before its parent is a root until the parent arrives', () => {
    const store = new SessionStore();
    feed(store, sessionEvent('session.created', C2));
    assert.deepEqual(ids(store.roots()), ['C2']);
    assert.deepEqual(store.inclusive('C2'), usage(3, 1, 0, 0, 0, 0.125));

    const change = feed(store, sessionEvent('session.created', P));
    assert.deepEqual(ids(store.roots()), ['P']);
    assert.deepEqual(ids(store.childrenOf('P')), ['C2']);
    assert.deepEqual(store.inclusive('P'), usage(103, 11, 1, 50, 5, 0.625));
    assert.ok(change.structure.has(undefined), 'the root list lost C2 and gained P');
  });

  test('a grandchild arriving first is counted once its whole chain arrives', () => {
    const store = new SessionStore();
    feed(store, ...[G, C1, P].map((i) => sessionEvent('session.created', i)));
    assert.deepEqual(ids(store.roots()), ['P']);
    assert.deepEqual(store.inclusive('P'), usage(4120, 412, 41, 2060, 206, 1.75));
  });

  test('reparenting moves the child between child lists', () => {
    const store = family();
    const change = feed(store, sessionEvent('session.updated', { ...C2, parentID: 'C1', time: { created: 1_000, updated: 200 } }));
    assert.deepEqual(ids(store.childrenOf('P')), ['C1']);
    assert.deepEqual(ids(store.childrenOf('C1')), ['C2', 'G']);
    assert.ok(change.structure.has('P') && change.structure.has('C1'), 'both child lists changed');
  });

  test('reparenting to no parent makes the session a root', () => {
    const store = family();
    const { parentID: _dropped, ...orphan } = C1;
    feed(store, sessionEvent('session.updated', { ...orphan, time: { created: 1_000, updated: 200 } }));
    assert.deepEqual(ids(store.roots()), ['C1', 'P']);
    assert.deepEqual(store.inclusive('P'), usage(103, 11, 1, 50, 5, 0.625));
  });

  // BUG (src/store/sessionStore.ts upsert, reparent branch): only the OLD parent chain is invalidated; the
  // new parent's cached inclusive total is not, unless the child's own usage changed in the same update.
  test('reparenting moves inclusive totals even when they were cached', () => {
    const store = family();
    assert.deepEqual(store.inclusive('C1'), usage(4020, 402, 40, 2010, 201, 1.25)); // as the tree would, before
    const change = feed(store, sessionEvent('session.updated', { ...C2, parentID: 'C1', time: { created: 1_000, updated: 200 } }));
    assert.deepEqual(store.inclusive('C1'), usage(4023, 403, 40, 2010, 201, 1.375));
    assert.deepEqual(store.inclusive('P'), usage(4123, 413, 41, 2060, 206, 1.875));
    assert.ok(change.changed.has('C1'), 'the new parent row must refresh its Σ');
  });
});

describe('deletion', () => {
  test('deleting a child lowers the parent inclusive by exactly that subtree', () => {
    const store = family();
    assert.deepEqual(store.inclusive('P'), usage(4123, 413, 41, 2060, 206, 1.875));
    const change = feed(store, sessionEvent('session.deleted', C1));
    assert.deepEqual(store.inclusive('P'), usage(103, 11, 1, 50, 5, 0.625));
    assert.deepEqual([...change.removed].sort(), ['C1', 'G']);
    assert.ok(change.changed.has('P'));
    assert.ok(!change.changed.has('C1') && !change.changed.has('G'), 'removed rows are not "changed"');
    assert.ok(change.structure.has('P'));
  });

  test('cascades to every descendant even if the per-child deletes never arrive', () => {
    const store = family();
    feed(store, sessionEvent('session.created', sessionInfo({ id: 'other', tokens: tokens(7), cost: 0.5 })));
    const change = feed(store, sessionEvent('session.deleted', P));
    assert.deepEqual([...change.removed].sort(), ['C1', 'C2', 'G', 'P']);
    assert.equal(store.size, 1);
    assert.deepEqual(ids(store.roots()), ['other']);
    for (const id of ['P', 'C1', 'C2', 'G']) assert.equal(store.get(id), undefined);
  });

  test('late per-child deletes after a cascade change nothing', () => {
    const store = family();
    feed(store, sessionEvent('session.deleted', P));
    const change = feed(store, sessionEvent('session.deleted', G));
    assert.equal(change.changed.size + change.structure.size + change.removed.size, 0);
  });

  test('session.deleted with only info.id (no sessionID) still deletes', () => {
    const store = family();
    feed(store, { payload: { type: 'session.deleted', properties: { info: C2 } } });
    assert.equal(store.get('C2'), undefined);
    assert.equal(store.size, 3);
  });
});

describe('stale and duplicate updates', () => {
  test('an older session.updated does not roll numbers or title back', () => {
    const store = new SessionStore();
    feed(store, sessionEvent('session.created', sessionInfo({ id: 'a', tokens: tokens(500), cost: 0.5, updated: 200, title: 'new' })));
    feed(store, sessionEvent('session.updated', sessionInfo({ id: 'a', tokens: tokens(50), cost: 0.25, updated: 100, title: 'old' })));
    assert.deepEqual(record(store, 'a').own, usage(500, 0, 0, 0, 0, 0.5));
    assert.equal(record(store, 'a').info.title, 'new');
  });

  test('an update with the same time.updated applies (archiving keeps time.updated)', () => {
    const store = new SessionStore();
    feed(store, sessionEvent('session.created', sessionInfo({ id: 'a', updated: 200, tokens: tokens(0), cost: 0 })));
    feed(store, sessionEvent('session.updated', sessionInfo({ id: 'a', updated: 200, archived: 300, tokens: tokens(0), cost: 0 })));
    assert.equal(record(store, 'a').info.time.archived, 300);
  });
});

describe('pre-1.15 servers (no session tokens/cost): own = sum of assistant messages', () => {
  const old = (id: string, parentID?: string) => sessionEvent('session.created', sessionInfo({ id, parentID }));

  test('repeated message.updated for one message id counts it once, with its latest figures', () => {
    const store = new SessionStore();
    feed(store, old('a'));
    feed(store, assistantMessageEvent({ id: 'm1', sessionID: 'a' }));
    feed(store, assistantMessageEvent({ id: 'm1', sessionID: 'a', tokens: tokens(1000, 20, 5, 500), cost: 0.25 }));
    feed(store, assistantMessageEvent({ id: 'm1', sessionID: 'a', tokens: tokens(1000, 20, 5, 500), cost: 0.25 }));
    feed(store, assistantMessageEvent({ id: 'm2', sessionID: 'a', tokens: tokens(100, 2), cost: 0.125 }));
    assert.deepEqual(record(store, 'a').own, usage(1100, 22, 5, 500, 0, 0.375));
  });

  test('message.removed lowers the total, and the parent inclusive with it', () => {
    const store = new SessionStore();
    feed(store, old('p'), old('c', 'p'));
    feed(store, assistantMessageEvent({ id: 'm1', sessionID: 'c', tokens: tokens(1000), cost: 0.25 }));
    feed(store, assistantMessageEvent({ id: 'm2', sessionID: 'c', tokens: tokens(100), cost: 0.125 }));
    feed(store, assistantMessageEvent({ id: 'm3', sessionID: 'p', tokens: tokens(7), cost: 0.5 }));
    assert.deepEqual(store.inclusive('p'), usage(1107, 0, 0, 0, 0, 0.875));
    feed(store, messageRemovedEvent('c', 'm1'));
    assert.deepEqual(record(store, 'c').own, usage(100, 0, 0, 0, 0, 0.125));
    assert.deepEqual(store.inclusive('p'), usage(107, 0, 0, 0, 0, 0.625));
  });
});
