// A re-list (a reconnect's snapshot, its staged slices, a tree read again) names every session again: only those
// whose listed record differs from the held one are changed, so views and the search index hear of those alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { SnapshotStage } from '../../../src/store/snapshotStage';
import { record, sessionInfo, tokens, usage } from '../helpers/factories';

/** A listed session with every kind of field, nested ones included. */
function full(id: string, parentID?: string): SessionInfo {
  return {
    ...sessionInfo({ id, parentID, tokens: tokens(100, 10, 1, 50, 5), cost: 0.5, updated: 2_000 }),
    projectID: 'project',
    agent: 'build',
    summary: { additions: 3, deletions: 1, files: 2 },
    revert: { messageID: 'msg_1' },
    model: { id: 'model', providerID: 'provider' },
  };
}

/** The server's next answer: equal records, new objects (as a listing read again makes them). */
function again(infos: readonly SessionInfo[]): SessionInfo[] {
  return infos.map((info) => structuredClone(info));
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('a re-list changes only the sessions whose record differs', () => {
  const listing = [full('a'), full('b'), full('c', 'a')];

  test('the same listing again changes nothing', () => {
    const store = new SessionStore();
    store.loadSnapshot(listing, { b: { type: 'busy' } });
    const change = store.loadSnapshot(again(listing), { b: { type: 'busy' } });
    assert.deepEqual(sorted(change.changed), []);
    assert.deepEqual([...change.structure], []);
    assert.deepEqual([...change.removed], []);
    assert.deepEqual(record(store, 'a').own, usage(100, 10, 1, 50, 5, 0.5), 'the totals stay');
  });

  test('a field that differs, at any depth, changes that session (and its row above, whose total moved)', () => {
    const store = new SessionStore();
    store.loadSnapshot(listing);
    const next = again(listing);
    next[1].title = 'renamed';
    next[2].tokens!.cache!.read = 60;
    const change = store.loadSnapshot(next);
    assert.deepEqual(sorted(change.changed), ['a', 'b', 'c'], 'b renamed, c its cache reads, a the parent whose Σ moved');
    assert.equal(record(store, 'b').info.title, 'renamed');
    assert.deepEqual(record(store, 'c').own, usage(100, 10, 1, 60, 5, 0.5));
  });

  test('a field only one side has changes the session', () => {
    const store = new SessionStore();
    store.loadSnapshot(listing);
    const next = again(listing);
    delete next[0].revert;
    next[1].time.archived = 3_000;
    const change = store.loadSnapshot(next);
    assert.deepEqual(sorted(change.changed), ['a', 'b']);
    assert.equal(record(store, 'a').info.revert, undefined);
  });

  test('a status that moved still changes its session', () => {
    const store = new SessionStore();
    store.loadSnapshot(listing, { b: { type: 'busy' } });
    const change = store.loadSnapshot(again(listing), {});
    assert.deepEqual(sorted(change.changed), ['b']);
  });

  test('a record the live stream changed since differs from the listing, which is the truth', () => {
    const store = new SessionStore();
    store.loadSnapshot(listing);
    store.apply({ type: 'session.totals', sessionID: 'b', cost: 1, tokens: tokens(200) });
    const change = store.loadSnapshot(again(listing));
    assert.deepEqual(sorted(change.changed), ['b']);
    assert.deepEqual(record(store, 'b').own, usage(100, 10, 1, 50, 5, 0.5));
  });

  test('a staged listing taken in slices, then its snapshot: nothing changed either', () => {
    const store = new SessionStore();
    store.loadSnapshot(listing);
    const stage = new SnapshotStage();
    stage.add(again(listing));
    const sliced = store.takeStagedPart(stage.records.values());
    const snapshot = store.loadSnapshot(stage);
    assert.deepEqual([...sliced.changed, ...snapshot.changed], []);
  });

  test('a tree read again: only the children that differ', () => {
    const store = new SessionStore();
    const children = [full('c1', 'a'), full('c2', 'a')];
    store.loadSnapshot([full('a')]);
    store.childrenRead('a', children);
    const next = again(children);
    next[0].title = 'renamed';
    const change = store.childrenRead('a', next);
    assert.deepEqual(sorted(change.changed), ['c1']);
  });

  test('the live stream is not a listing: an upsert event still changes its session', () => {
    const store = new SessionStore();
    store.loadSnapshot(listing);
    const change = store.apply({ type: 'session.upsert', info: again(listing)[0] });
    assert.deepEqual(sorted(change.changed), ['a']);
  });
});
