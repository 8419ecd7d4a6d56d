// A long listing taken into the store a slice at a time ends as the one-step snapshot does: the same sessions,
// trees and totals, sessions no longer listed removed only by the snapshot, and a turn of the event loop between
// slices.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takeInSlices } from '../../../src/client/sessions/stagedInstall';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { SnapshotStage } from '../../../src/store/snapshotStage';
import type { StoreChange } from '../../../src/store/storeChange';

const TOKENS = { input: 10, output: 2, reasoning: 0, cache: { read: 0, write: 0 } };
const session = (i: number, parentID?: string, cost = 0.01): SessionInfo => ({
  id: `ses_${i}`,
  ...(parentID && { parentID }),
  title: `session ${i}`,
  directory: '/w',
  cost,
  tokens: TOKENS,
  time: { created: i, updated: i },
});

/** 12 000 sessions: every tenth a root, the rest children of the root before them, listed children first. */
function listing(cost = 0.01): SessionInfo[] {
  const all = Array.from({ length: 12_000 }, (_, i) => session(i, i % 10 ? `ses_${i - (i % 10)}` : undefined, cost));
  return all.reverse();
}

function staged(infos: SessionInfo[]): SnapshotStage {
  const stage = new SnapshotStage();
  for (let i = 0; i < infos.length; i += 1000) stage.add(infos.slice(i, i + 1000));
  return stage;
}

const picture = (store: SessionStore) =>
  ['ses_0', 'ses_5000', 'ses_11990'].map((id) => ({
    id,
    cost: store.inclusive(id).cost.toFixed(6),
    below: store.descendantsOf(id).length,
  }));

test('slices then the snapshot give what the one-step snapshot gives, with turns between slices', async () => {
  const once = new SessionStore();
  once.loadSnapshot(staged(listing()));
  const sliced = new SessionStore();
  const stage = staged(listing());
  const changes: StoreChange[] = [];
  // A callback queued at the first slice runs before the last: the slices give the event loop its turns.
  let slicesWhenTurned: number | undefined;
  await takeInSlices(sliced, stage, (change) => {
    if (!changes.length) setImmediate(() => (slicesWhenTurned = changes.length));
    changes.push(change);
  });
  assert.ok(changes.length >= 6, `${changes.length} slices`);
  assert.ok(slicesWhenTurned !== undefined && slicesWhenTurned < changes.length, `turned after ${slicesWhenTurned} of ${changes.length}`);
  assert.equal(sliced.size, 12_000, 'every session held before the snapshot');
  sliced.loadSnapshot(stage);
  assert.deepEqual(picture(sliced), picture(once));
  assert.deepEqual(picture(sliced)[0], { id: 'ses_0', cost: '0.100000', below: 9 });
});

test('on a reconnect the slices add, update and remove what is no longer listed; the snapshot redoes none of it', async () => {
  const store = new SessionStore();
  store.loadSnapshot([...listing(), session(99_999)]);
  const stage = staged(listing(0.02));
  const removed = new Set<string>();
  await takeInSlices(store, stage, (change) => change.removed.forEach((id) => removed.add(id)));
  assert.equal(store.get('ses_99999'), undefined);
  assert.deepEqual([...removed], ['ses_99999'], 'removed by a slice');
  assert.equal(store.inclusive('ses_0').cost.toFixed(6), '0.200000', 'updated by the slices');
  const change = store.loadSnapshot(stage);
  // The slices upserted every listed session into the store's own records: the snapshot's one step must not again.
  assert.equal(change.changed.size, 0, `${change.changed.size} sessions touched again in the snapshot's step`);
  assert.equal(change.removed.size, 0);
  assert.equal(store.size, 12_000);
  assert.equal(store.inclusive('ses_0').cost.toFixed(6), '0.200000');
});

test('a reconnect to a server whose sessions are all others: the old ones go in slices, not in the snapshot’s step', async () => {
  const store = new SessionStore();
  store.loadSnapshot(listing());
  const others = listing().map((info) => ({ ...info, id: `new_${info.id}`, ...(info.parentID && { parentID: `new_${info.parentID}` }) }));
  const stage = staged(others);
  let largestRemoval = 0;
  await takeInSlices(store, stage, (change) => (largestRemoval = Math.max(largestRemoval, change.removed.size)));
  assert.ok(largestRemoval > 0 && largestRemoval <= 2_000, `${largestRemoval} removed in one slice`);
  const change = store.loadSnapshot(stage);
  assert.equal(change.removed.size, 0, `${change.removed.size} removed in the snapshot's step`);
  assert.equal(store.size, 12_000);
  assert.equal(store.get('ses_0'), undefined);
  assert.equal(store.inclusive('new_ses_0').cost.toFixed(6), '0.100000');
});

test('a reconnect to a server that lists only a few sessions now: the many old ones go in slices too', async () => {
  const store = new SessionStore();
  store.loadSnapshot(listing());
  const stage = staged([session(50_000)]);
  let slices = 0;
  await takeInSlices(store, stage, () => slices++);
  assert.ok(slices >= 6, `${slices} slices`);
  const change = store.loadSnapshot(stage);
  assert.equal(change.removed.size, 0);
  assert.deepEqual(
    [...store.all()].map((r) => r.info.id),
    ['ses_50000'],
  );
});

test('a short listing is left to the snapshot’s one step', async () => {
  const store = new SessionStore();
  const stage = staged(listing().slice(0, 4_000));
  let emitted = 0;
  await takeInSlices(store, stage, () => emitted++);
  assert.equal(emitted, 0);
  assert.equal(store.size, 0);
});
