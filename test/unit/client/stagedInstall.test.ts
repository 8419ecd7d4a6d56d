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

test('on a reconnect the slices only add and update; the snapshot removes what is no longer listed', async () => {
  const store = new SessionStore();
  store.loadSnapshot([...listing(), session(99_999)]);
  const stage = staged(listing(0.02));
  await takeInSlices(store, stage, () => undefined);
  assert.ok(store.get('ses_99999'), 'kept until the snapshot');
  assert.equal(store.inclusive('ses_0').cost.toFixed(6), '0.200000', 'updated by the slices');
  const change = store.loadSnapshot(stage);
  assert.equal(store.get('ses_99999'), undefined);
  assert.ok(change.removed.has('ses_99999'));
  assert.equal(store.size, 12_000);
});

test('a short listing is left to the snapshot’s one step', async () => {
  const store = new SessionStore();
  const stage = staged(listing().slice(0, 4_000));
  let emitted = 0;
  await takeInSlices(store, stage, () => emitted++);
  assert.equal(emitted, 0);
  assert.equal(store.size, 0);
});
