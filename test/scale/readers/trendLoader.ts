// The usage panel's trend (TrendLoader): every session of a server queued newest first and read a few at a time, the
// panel told as it goes. A server decides how many sessions there are, and a live one changes them all the time.
import assert from 'node:assert/strict';
import { Emitter } from '../../../src/base/emitter';
import type { SessionInfo } from '../../../src/store/events';
import type { SessionRecord } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import { emptyChange, type StoreChange } from '../../../src/store/storeChange';
import { TrendLoader } from '../../../src/features/usage/trendLoader';
import { reader, type Reader } from '../reader';

const NOW = 1_700_000_000_000;

interface Scene {
  store: SessionStore;
  /** Sessions changed one at a time while the trend reads (a live server's replies), by id. */
  live: string[];
}

const trend = reader<Scene>({
  name: "The usage panel's trend: every session read, newest first (TrendLoader)",
  covers: ['src/features/usage/trendLoader.ts#TrendLoader', 'src/base/heap.ts#Heap'],
  read: async ({ store, live }) => {
    const complete = new WeakSet<SessionRecord>();
    const changes = new Emitter<StoreChange>();
    let reads = 0;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const total = [...store.all()].length;
    const history = {
      isComplete: (record: SessionRecord) => complete.has(record),
      ensure: async (record: SessionRecord) => {
        complete.add(record);
        // A live server: a session changes after each read (its store change reaches the loader, as the model's does).
        const id = live[reads % Math.max(1, live.length)];
        if (id) changes.fire({ ...emptyChange(), changed: new Set([id]) });
        if (++reads >= total) done();
        // Answered in a later turn, as a response is.
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
    };
    const loader = new TrendLoader({ sessions: store, history }, changes.event, () => undefined, { throttleMs: 500 });
    loader.start();
    await finished;
    const progress = loader.progress();
    loader.dispose();
    return { sessions: progress.sessions, read: progress.read };
  },
  shapes: [
    { name: 'n sessions, none read', make: (n) => ({ store: storeOf(n), live: [] }) },
    {
      name: 'n sessions, one changing after every read (a live server)',
      make: (n) => ({ store: storeOf(n), live: Array.from({ length: 8 }, (_, i) => `s${i}`) }),
      worst: true,
    },
  ],
  check: (answer, n) => assert.deepEqual(answer, { sessions: n, read: n }),
});

function storeOf(n: number): SessionStore {
  const store = new SessionStore(() => NOW);
  const infos: SessionInfo[] = Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    title: `s${i}`,
    directory: '/w',
    // Updated in no order: the queue sorts them.
    time: { created: NOW - 1_000, updated: NOW - ((i * 7919) % n) },
  }));
  store.loadSnapshot(infos);
  return store;
}

export const trendLoaderReaders: Array<Reader<unknown, unknown>> = [trend];
