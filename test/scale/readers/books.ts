// The budget books the store's figures feed (src/store): every check of the budgets reads the busy sessions of every
// server with their trees' spend (guardedSessions), the hour, day and week from every reply (spendByWindow), and
// decides (BudgetGuard); the trend sums replies by day (usageByDay). A message's tool calls are kept for its bar
// (recordToolCall). The sessions, replies, times and tool names are the servers', of any number.
import assert from 'node:assert/strict';
import { BudgetGuard } from '../../../src/store/budgetGuard';
import { repliesOf, spendByWindow } from '../../../src/store/budgetWindows';
import type { SessionInfo, SessionStatus, StoreEvent } from '../../../src/store/events';
import { guardedSessions } from '../../../src/store/guardedSessions';
import { SessionStore } from '../../../src/store/sessionStore';
import { usageByDay } from '../../../src/store/usageByDay';
import { reader, type Reader } from '../reader';

/** "Now" of the checks: a Wednesday noon, so the hour, the day and the week each hold part of the replies. */
const NOW = new Date(2026, 10, 25, 12, 0, 0).getTime();
const TOKENS = { input: 100, output: 20, reasoning: 0, cache: { read: 0, write: 0 } };

const info = (id: string, parentID?: string): SessionInfo => ({
  id,
  ...(parentID && { parentID }),
  title: id,
  directory: '/w',
  time: { created: NOW - 86_400_000 * 8, updated: NOW },
});

const reply = (sessionID: string, i: number, created: number): StoreEvent => ({
  type: 'message.assistant',
  info: {
    id: `msg_${sessionID}_${i}`,
    sessionID,
    role: 'assistant',
    cost: 0.01,
    tokens: TOKENS,
    time: { created, completed: created + 1 },
  },
});

/** `count` sessions, session i the child of `parentOf(i)`, each busy, with `replies(i)` replies spread over 8 days. */
function storeOf(count: number, parentOf: (i: number) => number | undefined, replies: (i: number) => number): SessionStore {
  const store = new SessionStore(() => 0);
  const statuses: Record<string, SessionStatus> = {};
  const infos = Array.from({ length: count }, (_, i) => {
    const parent = parentOf(i);
    statuses[`s${i}`] = { type: 'busy' };
    return info(`s${i}`, parent === undefined ? undefined : `s${parent}`);
  });
  store.loadSnapshot(infos, statuses);
  for (let i = 0; i < count; i++)
    for (let r = 0; r < replies(i); r++) store.apply(reply(`s${i}`, r, NOW - ((r * 7_919) % (86_400_000 * 8))));
  return store;
}

const LIMITS = { session: 0.5, hour: 1, day: 1, week: 1 };

const check = reader<SessionStore>({
  name: 'A budget check over a server’s busy sessions and every reply (guardedSessions, spendByWindow, BudgetGuard, usageByDay)',
  covers: [
    'src/store/guardedSessions.ts#guardedSessions',
    'src/store/budgetWindows.ts#spendByWindow',
    'src/store/budgetGuard.ts#BudgetGuard',
    'src/store/usageByDay.ts#usageByDay',
  ],
  // 10n is 10 000 busy sessions or replies.
  n: 1_000,
  read: (store) => {
    const guarded = guardedSessions([{ serverId: 'srv', sessions: store }]);
    const spend = spendByWindow(repliesOf(store.all()), NOW);
    const windows = { hour: spend.hour.used, day: spend.day.used, week: spend.week.used };
    const decision = new BudgetGuard().decide({
      mode: 'pause',
      limits: LIMITS,
      windows,
      treeCost: guarded.treeCost,
      sessions: guarded.sessions,
    });
    const days = usageByDay(store.all(), () => true);
    return { busy: guarded.sessions.length, trees: decision.trees.length, abort: decision.abort.length, days: days.days.length };
  },
  shapes: [
    {
      name: 'one busy session of n replies over 8 days',
      make: (n) =>
        storeOf(
          1,
          () => undefined,
          () => n,
        ),
    },
    {
      name: 'a busy root of n busy sub-agents of one reply each',
      make: (n) =>
        storeOf(
          n + 1,
          (i) => (i ? 0 : undefined),
          () => 1,
        ),
      worst: true,
    },
    {
      name: 'n busy roots of one reply each',
      make: (n) =>
        storeOf(
          n,
          () => undefined,
          () => 1,
        ),
      worst: true,
    },
    {
      name: 'a chain of n busy sessions of one reply each',
      make: (n) =>
        storeOf(
          n,
          (i) => (i ? i - 1 : undefined),
          () => 1,
        ),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { busy: number; trees: number; abort: number; days: number };
    const busy = shape.startsWith('one') ? 1 : shape.startsWith('a busy root') ? n + 1 : n;
    // Every busy session is stopped: the windows are over their $1 whatever the shape.
    assert.deepEqual([a.busy, a.abort], [busy, busy]);
    assert.ok(a.days >= 1 && a.days <= 9, `${a.days} days`);
  },
});

/** n tool calls of `messages` messages, each reported running then done, with names of `nameLength` characters. */
function toolEvents(n: number, messages: number, nameLength: number): { store: SessionStore; events: StoreEvent[] } {
  const store = new SessionStore(() => 0);
  store.loadSnapshot([info('s0')], { s0: { type: 'busy' } });
  const events: StoreEvent[] = [];
  for (let i = 0; i < n; i++) {
    const call = { type: 'tool.running' as const, sessionID: 's0', partID: `prt_${i}`, tool: `t${i % 7}`.padEnd(nameLength, 'x') };
    const messageID = `msg_${i % messages}`;
    events.push({ ...call, running: true, messageID }, { ...call, running: false, messageID });
  }
  return { store, events };
}

const toolCalls = reader<{ store: SessionStore; events: StoreEvent[] }>({
  name: "A session's tool calls as its events report them (SessionStore tool.running, recordToolCall)",
  covers: ['src/store/timelineRecord.ts#recordToolCall'],
  // 10n is 10 000 calls (each a running and a done event).
  n: 1_000,
  read: ({ store, events }) => {
    for (const event of events) store.apply(event);
    const calls = store.get('s0')!.toolCalls!;
    let kept = 0;
    let longest = 0;
    for (const ofMessage of calls.values())
      for (const tool of ofMessage.values()) {
        kept++;
        longest = Math.max(longest, tool.length);
      }
    return { messages: calls.size, kept, longest };
  },
  shapes: [
    { name: 'n calls in one message each', make: (n) => toolEvents(n, n, 8) },
    // At most 1 000 calls are kept per message.
    { name: 'n calls in one message, named by 10 KB each', make: (n) => toolEvents(n, 1, 10_000), worst: true },
  ],
  check: (answer, n, shape) => {
    const a = answer as { messages: number; kept: number; longest: number };
    if (shape.includes('one message each')) assert.deepEqual(a, { messages: n, kept: n, longest: 8 });
    else assert.deepEqual(a, { messages: 1, kept: Math.min(n, 1_000), longest: 120 });
  },
});

export const booksReaders: Array<Reader<unknown, unknown>> = [check, toolCalls];
