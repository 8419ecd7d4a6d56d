// The budget windows across every server (SpendWindows): each reply of every session summed into the hour, day and
// week, the sessions active in them not read yet queued and read one at a time, and the pace of the recent replies.
// A server decides how many sessions and replies there are and when they were recorded.
import assert from 'node:assert/strict';
import { SpendWindows } from '../../../src/app/budgets/spendWindows';
import { parsePriceCatalog } from '../../../src/client/v1/catalogs';
import { listPricer } from '../../../src/store/price/listPricer';
import type { ServerRegistry } from '../../../src/app/servers/serverRegistry';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import type { SessionRecord } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';

/** A Wednesday noon: the hour, the day and the week each hold part of the replies. */
const NOW = new Date(2026, 10, 25, 12, 0, 0).getTime();
const DAY = 86_400_000;
const TOKENS = { input: 100, output: 20, reasoning: 0, cache: { read: 0, write: 0 } };

interface Scene {
  registry: ServerRegistry;
  /** Replies in the week, as the windows must sum them. */
  week: number;
}

/** One server of `count` sessions, session i with `replies(i)` replies `age(i, r)` ms before now; none read whole. */
function sceneOf(count: number, replies: (i: number) => number, age: (i: number, r: number) => number): Scene {
  const store = new SessionStore(() => NOW);
  const infos: SessionInfo[] = Array.from({ length: count }, (_, i) => ({
    id: `s${i}`,
    title: `s${i}`,
    directory: '/w',
    time: { created: NOW - 30 * DAY, updated: NOW - 30 * DAY },
  }));
  store.loadSnapshot(infos, {});
  let week = 0;
  for (let i = 0; i < count; i++)
    for (let r = 0; r < replies(i); r++) {
      const created = NOW - age(i, r);
      if (created >= NOW - 3 * DAY) week += 1;
      const event: StoreEvent = {
        type: 'message.assistant',
        info: {
          id: `msg_${i}_${r}`,
          sessionID: `s${i}`,
          role: 'assistant',
          cost: 1,
          tokens: TOKENS,
          time: { created, completed: created },
        },
      };
      store.apply(event);
    }
  const complete = new WeakSet<SessionRecord>();
  const connection = {
    label: 'srv',
    config: { id: 'srv' },
    state: { kind: 'online' },
    readingRecentTrees: undefined,
    sessions: store,
    listPrices: { pricer: undefined },
    history: { isComplete: (record: SessionRecord) => complete.has(record) },
    // Each history read answered in a later turn, as a response is.
    loadAllMessages: async (id: string) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const record = store.get(id);
      if (record) complete.add(record);
    },
  };
  return { registry: { all: [connection] } as unknown as ServerRegistry, week };
}

const windows = reader<Scene>({
  name: 'The budget windows across every server: replies summed, active sessions read once (SpendWindows)',
  covers: ['src/app/budgets/spendWindows.ts#SpendWindows'],
  read: async ({ registry }) => {
    const spend = new SpendWindows(registry, () => false);
    spend.current(true, NOW);
    await spend.settled();
    const after = spend.current(true, NOW);
    const pace = spend.pace(NOW);
    return { week: after.week.used, queuedAgain: spend.loading, paceServers: pace.servers.length };
  },
  shapes: [
    {
      name: 'n sessions of one reply in the day, each read',
      make: (n) =>
        sceneOf(
          n,
          () => 1,
          (i) => (i * 7_919) % (DAY / 4),
        ),
    },
    {
      name: 'n sessions of one reply a month old, none read',
      make: (n) =>
        sceneOf(
          n,
          () => 1,
          () => 30 * DAY,
        ),
      worst: true,
    },
    {
      name: 'one session of n replies over the week',
      make: (n) =>
        sceneOf(
          1,
          () => n,
          (_, r) => (r * 7_919) % (3 * DAY),
        ),
    },
  ],
  check: (answer, _n, shape) => {
    const a = answer as { week: number; queuedAgain: boolean; paceServers: number };
    assert.equal(a.queuedAgain, false, 'nothing read twice');
    if (shape.includes('month old')) assert.equal(a.week, 0);
    else assert.ok(a.week > 0);
  },
});

const FRAMES = 20;
const REPLIES = 5;

/** n sessions of REPLIES replies each over the week, every one read whole: what a busy server's week holds. */
function weekOf(n: number): Scene & { store: SessionStore } {
  const scene = sceneOf(
    n,
    () => REPLIES,
    (i, r) => (((i * REPLIES + r) * 7_919) % (2 * DAY)) + 30 * 60_000,
  );
  const [connection] = (
    scene.registry as unknown as { all: Array<{ sessions: SessionStore; history: { isComplete(r: SessionRecord): boolean } }> }
  ).all;
  connection.history.isComplete = () => true;
  return { ...scene, store: connection.sessions };
}

const live = reader<Scene & { store: SessionStore }>({
  name: 'The budget windows read at each live frame of a busy week (SpendWindows.current, pace; the store’s SpendLedger)',
  covers: [
    'src/app/budgets/spendWindows.ts#SpendWindows',
    'src/store/spendLedger.ts#SpendLedger',
    'src/store/spendLedger.ts#replyCost',
    'src/store/budgetWindows.ts#ledgerWindows',
    'src/store/changeLog.ts#ChangeLog',
  ],
  // 10n is 100 000 sessions of 5 replies each. Each frame summed every reply of every session: a frame was one step
  // of ~300 ms here; the store now keeps them by minute (store/spendLedger.ts) and SpendWindows looks at the sessions
  // changed since its last look (the first look, and one after a listing, at every session: ~40 ms at 10n).
  read: async ({ registry, store }) => {
    const spend = new SpendWindows(registry, () => false);
    let week = 0;
    for (let f = 0; f < FRAMES; f++) {
      // A frame: a reply changed in place (its step streaming) and one new, then the windows and the pace read.
      const reply = (id: string, cost: number): StoreEvent => ({
        type: 'message.assistant',
        info: { id, sessionID: 's0', role: 'assistant', cost, tokens: TOKENS, time: { created: NOW - 60_000, completed: NOW } },
      });
      store.apply(reply('live', f + 1));
      store.apply(reply(`new${f}`, 1));
      week = spend.current(true, NOW).week.used;
      spend.pace(NOW);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { week, loading: spend.loading };
  },
  shapes: [{ name: 'n sessions of 5 replies over the week, a reply changed and one new each frame', make: weekOf, worst: true }],
  check: (answer, n) => {
    const a = answer as { week: number; loading: boolean };
    assert.equal(a.loading, false, 'nothing to read: every session is whole');
    assert.equal(a.week, n * REPLIES + FRAMES + FRAMES, 'every reply once, the changed one at its last cost');
  },
});

/** n sessions of REPLIES replies each over the week recorded at $0 (a subscription's model), every one read whole. */
function freeWeekOf(n: number): Scene {
  const store = new SessionStore(() => NOW);
  store.loadSnapshot(
    Array.from({ length: n }, (_, i) => ({
      id: `s${i}`,
      title: `s${i}`,
      directory: '/w',
      time: { created: NOW - DAY, updated: NOW - DAY },
    })),
    {},
  );
  for (let i = 0; i < n; i++)
    for (let r = 0; r < REPLIES; r++) {
      const created = NOW - (((i * REPLIES + r) * 7_919) % (2 * DAY)) - 30 * 60_000;
      store.apply({
        type: 'message.assistant',
        info: {
          id: `msg_${i}_${r}`,
          sessionID: `s${i}`,
          role: 'assistant',
          cost: 0,
          tokens: TOKENS,
          // Served by a provider at $0, listed at its origin.
          providerID: 'free',
          modelID: 'claude',
          time: { created, completed: created },
        },
      });
    }
  // The server's catalog (`GET /provider`), read once per server as the client reads it.
  const price = { input: 3, output: 15, cache: { read: 0.3, write: 3.75 } };
  const catalog = parsePriceCatalog({ all: [{ id: 'anthropic', name: 'Anthropic', models: { claude: { id: 'claude', cost: price } } }] });
  const connection = {
    label: 'srv',
    config: { id: 'srv' },
    state: { kind: 'online' },
    readingRecentTrees: undefined,
    sessions: store,
    listPrices: { pricer: listPricer(catalog) },
    history: { isComplete: () => true },
    loadAllMessages: () => Promise.resolve(),
  };
  return { registry: { all: [connection] } as unknown as ServerRegistry, week: n * REPLIES };
}

const firstRead = reader<Scene>({
  name: 'The budget windows’ first read of a week of $0 replies, list prices counted (SpendWindows.current, pace)',
  covers: [
    'src/app/budgets/spendWindows.ts#SpendWindows',
    'src/store/spendLedger.ts#SpendLedger',
    'src/store/budgetWindows.ts#ledgerWindows',
  ],
  // 10n is 100 000 sessions of 5 replies each, recorded at $0 with budget.countListPrice on: the first read prices
  // every reply of the week (each minute's sum is kept for the next read).
  read: async ({ registry }) => {
    const spend = new SpendWindows(registry, () => true);
    const first = spend.current(true, NOW);
    await spend.settled();
    const pace = spend.pace(NOW);
    return { week: first.week.used, day: first.day.used, paceServers: pace.servers.length };
  },
  shapes: [{ name: 'n sessions of 5 replies at $0 over the week, list prices counted', make: freeWeekOf, worst: true }],
  check: (answer) => {
    const a = answer as { week: number; day: number };
    assert.ok(a.week > 0 && a.week >= a.day, 'the week priced');
  },
});

export const spendWindowsReaders: Array<Reader<unknown, unknown>> = [windows, live, firstRead];
