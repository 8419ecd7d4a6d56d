// The store as events and listings reach it (src/store/sessionStore.ts): not a wire reader itself, but the real code
// path every reader hands its sessions and events to, so a listing's shape (siblings, depth) and a burst's size
// reach it whole.
import assert from 'node:assert/strict';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import { takeInSlices } from '../../../src/client/sessions/stagedInstall';
import { SessionStore } from '../../../src/store/sessionStore';
import { MAX_DEPTH } from '../../../src/store/sessionTree';
import { SnapshotStage } from '../../../src/store/snapshotStage';
import { reader, type Reader, type Shape } from '../reader';
import { costOverTime } from '../../../src/store/timeline/costOverTime';
import { pastParents } from '../../../src/store/timeline/pastParent';
import type { TimelineLane } from '../../../src/store/timeline/timelineTypes';
import { LaneCache } from '../../../src/store/timeline/laneCache';
import { TimelineFeed } from '../../../src/features/usage/timelineFeed';
import { TimelinePoster } from '../../../src/features/usage/timelinePoster';
import { MAX_LANES, treeTimeline, treeTimelineStatus } from '../../../src/store/timeline/treeTimeline';

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

/** A session tree for the timeline: a store, and its root. */
interface TreeScene {
  store: SessionStore;
  root: string;
  steps: number;
}

/** Steps' times from here on (a time ≤ 0 is none: timelineLanes.ts#barStart). */
const EPOCH = 1_000;

/** A store fed a tree as a server feeds it: each session's steps (start, end, cost) and what it waited for. */
function timelineTree(sessions: Array<{ id: string; parentID?: string; steps: Array<[number, number]>; waits?: number }>): TreeScene {
  let clock = 0;
  const store = new SessionStore(() => clock);
  store.loadSnapshot(
    sessions.map((s, i) => ({ ...session(i, s.parentID), id: s.id, time: { created: EPOCH + (s.steps[0]?.[0] ?? 0), updated: 0 } })),
    {},
  );
  let steps = 0;
  for (const s of sessions) {
    for (const [i, [created, completed]] of s.steps.entries()) {
      store.apply({
        type: 'message.assistant',
        info: {
          id: `${s.id}_m${i}`,
          sessionID: s.id,
          role: 'assistant',
          cost: 0.001,
          tokens: TOKENS,
          time: { created: EPOCH + created, completed: EPOCH + completed },
        },
      });
      steps += 1;
    }
    for (let w = 0; w < (s.waits ?? 0); w++) {
      clock = w * 10;
      const id = `per_${s.id}_${w}`;
      store.apply({
        type: 'request.asked',
        request: { kind: 'permission', id, sessionID: s.id, permission: 'bash', patterns: [], always: [], metadata: {} },
      });
      clock = w * 10 + 5;
      store.apply({ type: 'request.closed', sessionID: s.id, id });
    }
  }
  return { store, root: sessions[0].id, steps };
}

/** Trees as the timeline meets them: one long session, many sub-agents side by side, a deep chain, many waits. */
const TREE_SHAPES: Array<Shape<TreeScene, unknown>> = [
  {
    name: 'one session of n steps',
    make: (n) => timelineTree([{ id: 'R', steps: Array.from({ length: n }, (_, i): [number, number] => [i * 10, i * 10 + 5]) }]),
  },
  {
    name: 'n sub-agents side by side under one parent',
    make: (n) =>
      timelineTree([
        { id: 'R', steps: [[0, n * 10]] },
        ...Array.from({ length: n }, (_, i) => ({ id: `c${i}`, parentID: 'R', steps: [[i, n * 10 - i] as [number, number]] })),
      ]),
    worst: true,
  },
  {
    name: 'a chain of sub-agents n deep, each waited on',
    make: (n) =>
      timelineTree(
        Array.from({ length: n }, (_, i) => ({
          id: `c${i}`,
          parentID: i ? `c${i - 1}` : undefined,
          steps: [[i, 2 * n - i] as [number, number]],
        })),
      ),
    worst: true,
  },
  {
    name: 'n permission waits on one session (the store keeps its newest)',
    make: (n) => timelineTree([{ id: 'R', steps: [[0, 10 * n]], waits: n }]),
    worst: true,
  },
];

/** A session of n steps whose lane is kept (the usage panel's host), and the next live step, ready to apply. */
interface LiveScene {
  store: SessionStore;
  cache: LaneCache;
  step: StoreEvent;
}

function liveLane(n: number): LiveScene {
  const { store, root } = timelineTree([{ id: 'R', steps: Array.from({ length: n }, (_, i): [number, number] => [i * 10, i * 10 + 5]) }]);
  const cache = new LaneCache();
  cache.update(store.get(root)!, 'all');
  cache.lane({ now: 1e9 });
  const step: StoreEvent = {
    type: 'message.assistant',
    info: { id: 'R_next', sessionID: 'R', role: 'assistant', cost: 0.001, tokens: TOKENS, time: { created: EPOCH + n * 10 } },
  };
  return { store, cache, step };
}

/** n lanes, each a sub-agent of the one before, each recorded running past its parent's end (or siblings of one). */
function pastLanes(n: number, siblings: boolean): Array<{ lane: TimelineLane }> {
  return Array.from({ length: n }, (_, i) => {
    const bar = { messageID: `m${i}`, start: i * 10, end: i * 10 + 15, running: false, model: 'p/m', tools: [] };
    const parentId = i === 0 ? undefined : siblings ? 'l0' : `l${i - 1}`;
    return {
      lane: { id: `l${i}`, parentId, title: `lane ${i}`, created: i * 10, bars: [bar], marks: [], cost: 0 } as unknown as TimelineLane,
    };
  });
}

export const storeReaders: Array<Reader<unknown, unknown>> = [
  reader<Array<{ lane: TimelineLane }>>({
    name: "Timeline lanes run past their parent's end (pastParents)",
    covers: ['src/store/timeline/pastParent.ts#pastParents'],
    // A timeline holds at most MAX_LANES lanes (treeTimeline.ts): n is that many, 10n past any real one (quadratic
    // work would show there), and small enough that the collections of the input do not swamp the ratio.
    n: MAX_LANES,
    read: (lanes) => pastParents(lanes),
    shapes: [
      { name: 'a chain of n lanes, each past its parent', make: (n) => pastLanes(n, false) },
      { name: 'n siblings past their parent', make: (n) => pastLanes(n, true), worst: true },
    ],
    check: (answer, n) => assert.equal((answer as Map<string, unknown>).size, n - 1),
  }),
  reader<TreeScene>({
    name: 'Timeline of a session tree (treeTimeline, costOverTime)',
    covers: [
      'src/store/timeline/treeTimeline.ts#treeTimeline',
      'src/store/timeline/treeTimeline.ts#laneDescendants',
      'src/store/timeline/treeTimeline.ts#treeTimelineSteps',
      'src/store/timeline/costOverTime.ts#costOverTime',
      'src/store/timeline/timelineFigures.ts#buildTimeline',
      'src/store/timeline/subagentWaits.ts#subagentWaits',
      'src/store/timeline/subagentWaits.ts#coveringBar',
      'src/store/timeline/timelineFigures.ts#endOf',
      'src/store/timeline/timelineFigures.ts#firstTime',
      'src/store/timeline/timelineFigures.ts#startOf',
      'src/store/timeline/timelineLanes.ts#barStart',
      'src/store/timeline/timelineLanes.ts#byMarkStart',
      'src/store/timeline/timelineLanes.ts#byStart',
      'src/store/timeline/timelineLanes.ts#cutByPauses',
      'src/store/timeline/timelineLanes.ts#laneBar',
      'src/store/timeline/timelineLanes.ts#laneHeader',
      'src/store/timeline/timelineLanes.ts#laneSteps',
      'src/store/timeline/timelineLanes.ts#pushPauseMarks',
      'src/store/timeline/timelineLanes.ts#pushSessionMarks',
      'src/store/timeline/laneLineage.ts#lineageOf',
      'src/base/sortSteps.ts#sortSteps',
      'src/store/recordSteps.ts#messageSteps',
      'src/store/timelineRecord.ts#addMark',
      'src/store/timelineRecord.ts#closeMarks',
      'src/store/timelineRecord.ts#requestDetail',
      'src/store/copiedHistory.ts#isCopied',
      'src/store/copiedHistory.ts#isCopiedMessage',
      'src/store/copiedHistory.ts#noteMessage',
    ],
    n: 5000,
    read: ({ store, root }) => {
      const timeline = treeTimeline(store, root, { now: 1e9 })!;
      const money = costOverTime(timeline.lanes, { start: 0, end: 1e9 }, 240);
      const bars = timeline.lanes.reduce((n, { lane }) => n + lane.bars.length, 0);
      return {
        bars,
        lanes: timeline.lanes.length,
        path: timeline.figures.criticalPath.length,
        series: money.series.length,
        omitted: timeline.omitted ?? 0,
      };
    },
    shapes: TREE_SHAPES,
    check: (answer, n, shape) => {
      const { bars, lanes, path, omitted } = answer as { bars: number; lanes: number; path: number; omitted: number };
      if (shape.startsWith('one session')) assert.deepEqual([bars, lanes, path], [n, 1, 1]);
      // At most MAX_LANES lanes; the rest counted as left out.
      if (shape.startsWith('n sub-agents'))
        assert.deepEqual([bars, lanes, omitted], [Math.min(n + 1, MAX_LANES), Math.min(n + 1, MAX_LANES), Math.max(0, n + 1 - MAX_LANES)]);
      // Linked at most MAX_DEPTH deep: the rest show at the root, outside its tree.
      if (shape.startsWith('a chain')) assert.ok(lanes <= MAX_DEPTH + 1 && path === lanes, `${lanes} lanes, path ${path}`);
      if (shape.startsWith('n permission')) assert.deepEqual([bars, lanes], [1, 1]);
    },
  }),
  reader<TreeScene>({
    name: "session_status's timeline of a session tree, in slices (treeTimelineStatus)",
    covers: [
      'src/store/timeline/treeTimeline.ts#treeTimelineStatus',
      'src/store/timeline/timelineTypes.ts#timelineStatus',
      'src/base/slices.ts#runSliced',
    ],
    n: 5000,
    read: async ({ store, root }) => (await treeTimelineStatus(store, root, 1e9))?.criticalPath.length,
    shapes: TREE_SHAPES,
    check: (answer) => assert.ok(typeof answer === 'number' && answer >= 1, String(answer)),
  }),
  reader<TreeScene>({
    name: "The usage panel's first take of a tree's lanes, built in slices and posted in pieces (TimelineFeed, TimelinePoster)",
    covers: [
      'src/features/usage/timelineFeed.ts#TimelineFeed',
      'src/features/usage/timelinePoster.ts#TimelinePoster',
      'src/features/usage/timelinePoster.ts#takePieces',
      'src/features/usage/timelinePoster.ts#barBytes',
      'src/features/usage/timelinePoster.ts#laneBytes',
      'src/present/modelName.ts#modelName',
      'src/present/plainText.ts#visibleText',
      'src/present/sessionTitle.ts#sessionTitle',
      'src/present/sessionTitle.ts#shortened',
    ],
    n: 5000,
    read: async ({ store, root }) => {
      const feed = new TimelineFeed(
        { sessions: store, loadAllMessages: () => Promise.resolve() },
        root,
        () => ({ dispose() {} }),
        () => {},
      );
      feed.start();
      await feed.warm();
      const cold = feed.cold(true);
      // Posted as the panel posts it: in pieces of about 1 MB, one per turn.
      const lanes = new Set<string>();
      let bars = 0;
      const poster = new TimelinePoster(
        feed,
        (post) => {
          for (const lane of post.lanes) {
            lanes.add(lane.id);
            bars += lane.bars.length;
          }
        },
        (message) => {
          throw new Error(message);
        },
        undefined,
        () => 1e9,
      );
      poster.post(true);
      while ((poster as unknown as { busy: boolean }).busy) await new Promise((resolve) => setImmediate(resolve));
      poster.dispose();
      feed.dispose();
      return { cold, lanes: lanes.size, bars };
    },
    shapes: TREE_SHAPES,
    check: (answer, n, shape) => {
      const { cold, lanes, bars } = answer as { cold: boolean; lanes: number; bars: number };
      // Every lane was built in the slices: the take built none whole.
      assert.equal(cold, false);
      if (shape.startsWith('one session')) assert.deepEqual([bars, lanes], [n, 1]);
      if (shape.startsWith('n sub-agents')) assert.deepEqual([bars, lanes], [Math.min(n + 1, MAX_LANES), Math.min(n + 1, MAX_LANES)]);
    },
  }),
  reader<LiveScene>({
    name: 'A live step on a kept lane of n steps (LaneCache)',
    covers: ['src/store/timeline/laneCache.ts#LaneCache', 'src/base/slices.ts#runNow'],
    read: ({ store, cache, step }) => {
      const change = store.apply(step);
      cache.update(store.get('R')!, change.messages?.get('R') ?? 'all');
      const { lane, from } = cache.patch({ now: 1e9 });
      return { from, sent: lane.bars.length };
    },
    shapes: [{ name: 'one session of n steps, then one more', make: liveLane }],
    // The new step and the one before it go, not the session.
    check: (answer, n) => assert.deepEqual(answer, { from: n - 1, sent: 2 }),
  }),
  reader<Scene>({
    name: 'Session store: a listing, then its events (SessionStore, takeInSlices)',
    covers: [
      'src/client/sessions/stagedInstall.ts#takeInSlices',
      'src/store/sessionStore.ts#SessionStore',
      // SessionStore's layers: what a listing and its events change goes through them.
      'src/store/sessionTree.ts#SessionTree',
      'src/store/unreadTrees.ts#UnreadTrees',
      'src/store/waitingRequests.ts#WaitingRequests',
      'src/store/snapshotStage.ts#SnapshotStage',
      'src/store/sessionRecord.ts#hasServerTotals',
      'src/store/sessionRecord.ts#newRecord',
      'src/store/sessionRecord.ts#requestCount',
      'src/store/sessionRecord.ts#runningToolCount',
      'src/store/storeChange.ts#emptyChange',
      'src/store/storeChange.ts#markMessage',
      'src/store/usage.ts#addUsage',
      'src/store/usage.ts#addUsageInto',
      'src/store/usage.ts#sameUsage',
      'src/store/usage.ts#usageDelta',
      'src/store/usage.ts#usageOf',
      'src/store/usage.ts#totalTokens',
      'src/store/copiedHistory.ts#ownUsage',
      'src/base/parse.ts#amount',
    ],
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
