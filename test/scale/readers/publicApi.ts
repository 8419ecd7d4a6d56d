// The public API's listSessions() (sessionList): every session of every server for another extension, with its
// waiting requests, attention, pause and usage. A server decides how many sessions, sub-agents and requests there are.
import assert from 'node:assert/strict';
import { sessionList } from '../../../src/api/sessionList';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';
import { NOW, sessionInfos } from './sessionShapes';

const TOKENS = { input: 100, output: 20, reasoning: 0, cache: { read: 0, write: 0 } };

/** A server of `count` sessions (i the child of parentOf(i)), each with one reply and `asks(i)` permission requests. */
function serverOf(count: number, parentOf: (i: number) => number | undefined, asks: (i: number) => number): ServerConnection {
  const store = new SessionStore(() => NOW);
  store.loadSnapshot(sessionInfos(count, parentOf), {});
  for (let i = 0; i < count; i++) {
    store.apply({
      type: 'message.assistant',
      info: { id: `msg_${i}`, sessionID: `s${i}`, role: 'assistant', cost: 0.01, tokens: TOKENS, time: { created: NOW, completed: NOW } },
    });
    // Asked in no order: each session's are sorted.
    for (let a = asks(i); a > 0; a--)
      store.apply({
        type: 'request.asked',
        request: {
          kind: 'permission',
          id: `per_${(a * 7_919) % 100_003}`,
          sessionID: `s${i}`,
          permission: 'bash',
          patterns: [],
          always: [],
          metadata: {},
        },
      });
  }
  return { sessions: store, label: 'srv', config: { id: 'srv' }, state: { kind: 'online' } } as unknown as ServerConnection;
}

const listSessions = reader<ServerConnection>({
  name: "The public API's list of every session (sessionList, getAPI(1).listSessions)",
  covers: ['src/api/sessionList.ts#sessionList'],
  // 10n is 20 000 sessions. The call is synchronous by the API's published type (another extension awaits nothing):
  // 100 000 sessions are one step of about 240 ms here, over the suite's 200 ms; a paged or async list is an API change.
  n: 2_000,
  read: (server) => {
    const list = sessionList([server], { attention: () => 'unread', pauseOf: () => undefined });
    const root = list.find((s) => s.id === 's0');
    return { sessions: list.length, waiting: list.reduce((sum, s) => sum + s.waiting.length, 0), rootCost: root?.inclusive.cost };
  },
  shapes: [
    {
      name: 'n root sessions',
      make: (n) =>
        serverOf(
          n,
          () => undefined,
          () => 0,
        ),
    },
    {
      name: 'a root of n sub-agents',
      make: (n) =>
        serverOf(
          n,
          (i) => (i ? 0 : undefined),
          () => 0,
        ),
      worst: true,
    },
    {
      name: 'a chain of n sub-agents',
      make: (n) =>
        serverOf(
          n,
          (i) => (i ? i - 1 : undefined),
          () => 0,
        ),
      worst: true,
    },
    {
      name: 'one session of n waiting requests',
      make: (n) =>
        serverOf(
          1,
          () => undefined,
          () => n,
        ),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { sessions: number; waiting: number; rootCost: number };
    if (shape.startsWith('one session')) return assert.deepEqual(a, { sessions: 1, waiting: n, rootCost: 0.01 });
    assert.equal(a.sessions, n);
    assert.equal(a.waiting, 0);
    if (shape.startsWith('a root')) assert.ok(Math.abs(a.rootCost - n * 0.01) < 1e-6, `${a.rootCost}`);
  },
});

export const publicApiReaders: Array<Reader<unknown, unknown>> = [listSessions];
