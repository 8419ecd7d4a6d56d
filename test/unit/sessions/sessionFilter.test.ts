// Title filter (matches plus their ancestors) and archived sessions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeQuery, visibleSessionIds } from '../../../src/store/sessionFilter';
import { SessionStore } from '../../../src/store/sessionStore';
import { feed, sessionEvent, sessionInfo } from '../helpers/factories';

// Haystack ── Plain ── Needle grandchild
// needle root ── Unrelated child
// Other root        Archived (archived) ── Archived child
function store(): SessionStore {
  const s = new SessionStore();
  const add = (id: string, title: string, parentID?: string, archived?: number) =>
    feed(
      s,
      sessionEvent('session.created', sessionInfo({ id, title, ...(parentID ? { parentID } : {}), ...(archived ? { archived } : {}) })),
    );
  add('H', 'Haystack');
  add('P', 'Plain', 'H');
  add('G', 'Needle grandchild', 'P');
  add('N', 'needle root');
  add('U', 'Unrelated child', 'N');
  add('O', 'Other root');
  add('A', 'Archived needle', undefined, 5_000);
  add('AC', 'Archived child', 'A');
  return s;
}

const shown = (s: SessionStore, query: string | undefined, showArchived: boolean) => {
  const visible = visibleSessionIds(s, { query, showArchived });
  return visible === undefined ? undefined : [...visible].sort();
};

describe('visibleSessionIds', () => {
  test('a filter shows matches (any case) and their ancestors only', () => {
    assert.deepEqual(shown(store(), 'NEEDLE', false), ['G', 'H', 'N', 'P']);
  });

  test('with archived shown, archived matches count too', () => {
    assert.deepEqual(shown(store(), 'needle', true), ['A', 'G', 'H', 'N', 'P']);
  });

  test('no filter: archived sessions and their subtree are hidden unless shown', () => {
    assert.deepEqual(shown(store(), undefined, false), ['G', 'H', 'N', 'O', 'P', 'U']);
    assert.equal(shown(store(), undefined, true), undefined);
  });

  test('no filter and nothing archived: everything is shown', () => {
    const s = new SessionStore();
    feed(s, sessionEvent('session.created', sessionInfo({ id: 'x' })));
    assert.equal(shown(s, '  ', false), undefined);
  });

  test('a filter nothing matches shows nothing', () => {
    assert.deepEqual(shown(store(), 'zebra', true), []);
  });

  test('a title renamed to match shows it with its ancestors', () => {
    const s = store();
    feed(s, sessionEvent('session.updated', sessionInfo({ id: 'U', title: 'Now a needle too', parentID: 'N', updated: 2_000 })));
    feed(s, sessionEvent('session.updated', sessionInfo({ id: 'O', title: 'Other needle', updated: 2_000 })));
    assert.deepEqual(shown(s, 'needle', false), ['G', 'H', 'N', 'O', 'P', 'U']);
  });
});

describe('normalizeQuery', () => {
  test('trims, and blank means no filter', () => {
    assert.deepEqual([' a b ', '', '   ', undefined].map(normalizeQuery), ['a b', undefined, undefined, undefined]);
  });
});
