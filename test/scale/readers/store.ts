// The store as events and listings reach it (src/store/sessionStore.ts): not a wire reader itself, but the real code
// path every reader hands its sessions and events to, so a listing's shape (siblings, depth) and a burst's size
// reach it whole.
import assert from 'node:assert/strict';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import { takeInSlices } from '../../../src/client/sessions/stagedInstall';
import { MAX_DEPTH, SessionStore } from '../../../src/store/sessionStore';
import { SnapshotStage } from '../../../src/store/snapshotStage';
import { reader, type Reader } from '../reader';

const TOKENS = { input: 10, output: 2, reasoning: 0, cache: { read: 0, write: 0 } };

function session(i: number, parentID?: string): SessionInfo {
  return {
    id: `ses_${i}`,
    ...(parentID && { parentID }),
    title: `session ${i}`,
    directory: '/w',
    cost: 0.01,
    tokens: TOKENS,
    time: { created: i, updated: i },
  };
}

interface Scene {
  /** A listing the store holds from an earlier connect (a reconnect then installs `snapshot`). */
  before?: SessionInfo[];
  snapshot: SessionInfo[];
  events: StoreEvent[];
  root: string;
}

/** n sessions under one parent, then a step and new totals for each. */
function siblings(n: number): Scene {
  const snapshot = [session(0), ...Array.from({ length: n }, (_, i) => session(i + 1, 'ses_0'))];
  return { snapshot, events: live(snapshot.slice(1)), root: 'ses_0' };
}

/** A chain n deep (each session the child of the one before), listed leaf first, then events on every one. */
function chain(n: number): Scene {
  const snapshot = Array.from({ length: n }, (_, i) => session(i, i ? `ses_${i - 1}` : undefined)).reverse();
  return { snapshot, events: live(snapshot), root: 'ses_0' };
}

/** n flat sessions and their events: what a large server is. */
function flat(n: number): Scene {
  const snapshot = Array.from({ length: n }, (_, i) => session(i));
  return { snapshot, events: live(snapshot), root: 'ses_0' };
}

/** A reconnect to a server whose n sessions are all others now (restarted on a fresh database, another server). */
function otherOnReconnect(n: number): Scene {
  const before = Array.from({ length: n }, (_, i) => ({ ...session(i), id: `old_${i}` }));
  return { ...flat(n), before };
}

/** A reconnect to the same n sessions: every one upserted into the store's own record. */
function sameOnReconnect(n: number): Scene {
  const scene = flat(n);
  return { ...scene, before: scene.snapshot };
}

function live(sessions: SessionInfo[]): StoreEvent[] {
  return sessions.flatMap((s, i): StoreEvent[] => [
    {
      type: 'step.finished',
      sessionID: s.id,
      messageID: `msg_${i}`,
      partID: `prt_${i}`,
      usage: { input: 10, output: 2, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0.01 },
    },
    { type: 'session.totals', sessionID: s.id, cost: 0.02, tokens: TOKENS },
  ]);
}

export const storeReaders: Array<Reader<unknown, unknown>> = [
  reader<Scene>({
    name: 'Session store: a listing, then its events (SessionStore, takeInSlices)',
    covers: ['src/client/sessions/stagedInstall.ts#takeInSlices'],
    read: async ({ before, snapshot, events, root }) => {
      const store = new SessionStore();
      // As a connection installs a listing (serverConnection.ts): its pages staged as they arrive, a long one taken
      // a slice at a time, then the snapshot.
      const install = async (listing: SessionInfo[]) => {
        const stage = new SnapshotStage();
        for (let i = 0; i < listing.length; i += 1000) {
          await new Promise((resolve) => setImmediate(resolve));
          stage.add(listing.slice(i, i + 1000));
        }
        await takeInSlices(store, stage, () => undefined);
        store.loadSnapshot(stage);
      };
      if (before) await install(before);
      await install(snapshot);
      // Events arrive a stream chunk at a time (a 64 KB chunk holds a few hundred): a turn of the event loop per
      // 500 events. The tree reads the root's inclusive totals once a frame (SessionsModel's 50 ms).
      let frame = performance.now();
      for (let i = 0; i < events.length; i += 500) {
        await new Promise((resolve) => setImmediate(resolve));
        for (const event of events.slice(i, i + 500)) store.apply(event);
        if (performance.now() - frame < 50) continue;
        store.inclusive(root);
        frame = performance.now();
      }
      return { size: store.size, total: store.inclusive(root).cost, descendants: store.descendantsOf(root).length };
    },
    shapes: [
      { name: 'n flat sessions', make: flat },
      { name: 'n siblings under one parent', make: siblings, worst: true },
      { name: 'a chain n deep, leaf first', make: chain, worst: true },
      { name: 'n flat sessions, on a reconnect that lists them again', make: sameOnReconnect, worst: true },
      { name: 'n flat sessions, on a reconnect to n others', make: otherOnReconnect, worst: true },
    ],
    check: (answer, n, shape) => {
      const { size, total, descendants } = answer as { size: number; total: number; descendants: number };
      const sessions = shape.startsWith('n siblings') ? n + 1 : n;
      assert.equal(size, sessions);
      if (shape.startsWith('n flat')) return;
      if (shape.startsWith('a chain')) {
        // Linked at most MAX_DEPTH deep (deeper sessions show at the root), every linked one counted once.
        assert.ok(descendants <= MAX_DEPTH, `${descendants} below the root`);
        assert.ok(Math.abs(total - 0.02 * (descendants + 1)) < 1e-9 * n, `inclusive ${total} for ${descendants + 1} sessions`);
        return;
      }
      assert.equal(descendants, sessions - 1);
      // Every session's totals moved to 0.02 but the siblings' parent's, which got no event.
      const expected = shape.startsWith('n siblings') ? 0.01 + 0.02 * n : 0.02 * n;
      assert.ok(Math.abs(total - expected) < 1e-6 * sessions, `inclusive ${total}, not ${expected}`);
    },
  }),
];
