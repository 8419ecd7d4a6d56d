// What follows the servers' stores frame by frame (src/store): the active session (ActiveFollow, RecentSession) and
// whether a frame moved what anything spent (SpendWatch), each from the sessions a frame reports changed; a fork's
// copied history summed (copiedUsage); the sessions another window's pause book changed (changedPauses); and OpenCode
// Go's pace from its readings (forecastGoWindow). Sessions, changes, books and readings are the servers' and other
// windows', of any number.
import assert from 'node:assert/strict';
import { ActiveFollow, type FollowedServer } from '../../../src/store/activeFollow';
import { PauseBook } from '../../../src/store/pauseBook';
import { changedPauses } from '../../../src/store/storedPauseBook';
import { copiedUsage } from '../../../src/store/copiedHistory';
import type { SessionInfo, SessionStatus } from '../../../src/store/events';
import { forecastGoWindow, type GoReading } from '../../../src/store/goPlan';
import { SpendWatch } from '../../../src/store/spendMoved';
import type { StoreChange } from '../../../src/store/storeChange';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';

const T0 = 1_700_000_000_000;
const TOKENS = { input: 100, output: 20, reasoning: 0, cache: { read: 0, write: 0 } };

const info = (id: string, created = T0): SessionInfo => ({ id, title: id, directory: '/w', time: { created, updated: created } });

interface Frame {
  server: FollowedServer;
  follow: ActiveFollow<FollowedServer>;
  watch: SpendWatch<FollowedServer>;
  change: StoreChange;
  servers: boolean;
}

const changeOf = (ids: string[]): StoreChange => ({ changed: new Set(ids), structure: new Set(), removed: new Set(), requests: false });

/** A server of n sessions (each with a reply), followed since before the clock; a frame changing `changed` of them. */
function frame(n: number, changed: (n: number) => string[], servers: boolean): Frame {
  const store = new SessionStore(() => 0);
  const statuses: Record<string, SessionStatus> = {};
  store.loadSnapshot(
    Array.from({ length: n }, (_, i) => info(`s${i}`)),
    statuses,
  );
  for (let i = 0; i < n; i++)
    store.apply({
      type: 'message.assistant',
      info: {
        id: `m${i}`,
        sessionID: `s${i}`,
        role: 'assistant',
        cost: 0.01,
        tokens: TOKENS,
        time: { created: T0 + i, completed: T0 + i + 1 },
      },
    });
  const server = { config: { id: 'srv' }, sessions: store };
  const follow = new ActiveFollow<FollowedServer>(() => [server], undefined);
  follow.frame({ sessions: new Map(), states: new Set(), servers: true });
  const watch = new SpendWatch<FollowedServer>([server]);
  // What the frame reports: a reply more on each changed session.
  const ids = changed(n);
  for (const id of ids)
    store.apply({
      type: 'message.assistant',
      info: {
        id: `${id}_next`,
        sessionID: id,
        role: 'assistant',
        cost: 0.01,
        tokens: TOKENS,
        time: { created: T0 + 2 * n, completed: T0 + 2 * n + 1 },
      },
    });
  return { server, follow, watch, change: changeOf(ids), servers };
}

const followers = reader<Frame>({
  name: 'A frame of the stores followed: the active session and whether spend moved (ActiveFollow, RecentSession, SpendWatch)',
  covers: ['src/store/activeFollow.ts#ActiveFollow', 'src/store/recentSession.ts#RecentSession', 'src/store/spendMoved.ts#SpendWatch'],
  // 10n is 10 000 sessions.
  n: 1_000,
  read: ({ server, follow, watch, change, servers }) => {
    const sessions = new Map([[server, change]]);
    const told = follow.frame({ sessions, states: new Set(), servers });
    return { active: told?.target?.record.info.id ?? follow.get()?.record.info.id, moved: watch.moved(sessions) };
  },
  shapes: [
    { name: 'n sessions, a frame changing one', make: (n) => frame(n, (k) => [`s${k >> 1}`], false) },
    { name: 'n sessions, a frame changing every one', make: (n) => frame(n, (k) => Array.from({ length: k }, (_, i) => `s${i}`), false) },
    // Servers came or went: every session is looked at again, once.
    { name: 'n sessions, a frame where servers changed', make: (n) => frame(n, (k) => [`s${k >> 1}`], true), worst: true },
  ],
  check: (answer, n, shape) => {
    const a = answer as { active?: string; moved: boolean };
    assert.equal(a.moved, true);
    // The newest activity: the session changed last (of several at one time, the last one offered).
    if (!shape.includes('every')) assert.equal(a.active, `s${n >> 1}`);
    else assert.ok(a.active?.startsWith('s'), String(a.active));
  },
});

/** A fork made after n replies of its original: all of them copies. */
function fork(n: number) {
  const store = new SessionStore(() => 0);
  store.loadSnapshot([{ ...info('f', T0 + n + 10), fork: { from: 'orig' } }], {});
  for (let i = 0; i < n; i++)
    store.apply({
      type: 'message.assistant',
      info: {
        id: `m${i}`,
        sessionID: 'f',
        role: 'assistant',
        cost: 0.01,
        tokens: TOKENS,
        time: { created: T0 + i, completed: T0 + i + 1 },
      },
    });
  return store.get('f')!;
}

const copies = reader<ReturnType<typeof fork>>({
  name: "A fork's copied history summed (copiedUsage)",
  covers: ['src/store/copiedHistory.ts#copiedUsage'],
  n: 10_000,
  read: (record) => copiedUsage(record).cost,
  shapes: [{ name: 'a fork of n copied replies', make: fork }],
  check: (answer, n) => assert.ok(Math.abs((answer as number) - n * 0.01) < 1e-6, String(answer)),
});

const CAUSE = { budget: 'hour' as const, limit: 1, spent: 1.5 };

/** Two readings of another window's book: n pauses, then the same with every other one's spend moved. */
function books(n: number): { before: PauseBook; after: PauseBook } {
  const stored = (moved: boolean) => ({
    v: 1,
    seq: n,
    pauses: Array.from({ length: n }, (_, i) => ({
      serverId: 's',
      sessionId: `ses_${i}`,
      rootId: `ses_${i}`,
      ...CAUSE,
      spent: moved && i % 2 ? 2 : 1.5,
      at: i,
      seq: i,
      phase: 'paused',
    })),
    exempt: [],
  });
  return { before: PauseBook.restore(stored(false)), after: PauseBook.restore(stored(true)) };
}

const pauseBooks = reader<{ before: PauseBook; after: PauseBook }>({
  name: "The sessions another window's pause book changed (changedPauses)",
  covers: ['src/store/storedPauseBook.ts#changedPauses'],
  // A book holds at most MAX_PAUSES (500): 10n is past it.
  n: 300,
  read: ({ before, after }) => changedPauses(before, after).length,
  shapes: [{ name: 'two readings of a book of n pauses, every other one moved', make: books }],
  check: (answer) => assert.ok((answer as number) > 0, String(answer)),
});

/** n readings of the last hour, rising (the pace is theirs), or falling and rising in turn (a new period each time). */
function readings(n: number, rising: boolean): GoReading[] {
  return Array.from({ length: n }, (_, i) => ({
    at: T0 - 3_600_000 + (i * 3_600_000) / n,
    percent: rising ? (i * 50) / n : i % 2 ? 30 : 10,
  }));
}

const goPace = reader<GoReading[]>({
  name: "OpenCode Go's pace from its readings (forecastGoWindow)",
  covers: ['src/store/goPlan.ts#forecastGoWindow'],
  n: 10_000,
  read: (list) => forecastGoWindow({ status: 'ok', percent: 50, resetsAt: T0 + 86_400_000 }, list, 0.5, 'rolling', T0).state,
  shapes: [
    { name: 'n readings rising over the hour', make: (n) => readings(n, true) },
    { name: 'n readings falling and rising in turn', make: (n) => readings(n, false), worst: true },
  ],
  check: (answer) => assert.equal(answer, 'reached'),
});

export const framesReaders: Array<Reader<unknown, unknown>> = [followers, copies, pauseBooks, goPace];
