// One budget check as BudgetEnforcer makes it (budgetCheck, pauseGroups): every busy session of the servers the
// window acts for gathered with its tree's spend, the guard's decision, and in pause mode the groups stopped
// together, each told whether its tree's or window's news was said before. A server decides how many sessions are
// busy and how many trees cross their budget at once.
import assert from 'node:assert/strict';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { budgetCheck, pauseGroups, unionByServer } from '../../../src/features/budget/budgetCheck';
import { BudgetGuard } from '../../../src/store/budgetGuard';
import type { SessionStatus } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';
import { NOW, sessionInfos } from './sessionShapes';

const TOKENS = { input: 100, output: 20, reasoning: 0, cache: { read: 0, write: 0 } };

interface Scene {
  connection: ServerConnection;
  /** Sessions whose run ended since the check before (pause mode judges them too). */
  ended: Map<string, Set<string>>;
  limits: { session: number; hour: number; day: number; week: number };
  hourSpent: number;
}

/** `count` busy sessions (i the child of parentOf(i)), each of one reply of $1. */
function sceneOf(count: number, parentOf: (i: number) => number | undefined, limits: Scene['limits'], hourSpent = 0): Scene {
  const store = new SessionStore(() => NOW);
  const infos = sessionInfos(count, parentOf);
  const statuses: Record<string, SessionStatus> = Object.fromEntries(infos.map(({ id }) => [id, { type: 'busy' }]));
  store.loadSnapshot(infos, statuses);
  for (let i = 0; i < count; i++)
    store.apply({
      type: 'message.assistant',
      info: { id: `msg_${i}`, sessionID: `s${i}`, role: 'assistant', cost: 1, tokens: TOKENS, time: { created: NOW, completed: NOW } },
    });
  const connection = { config: { id: 'srv' }, sessions: store } as unknown as ServerConnection;
  const ended = new Map([['srv', new Set(Array.from({ length: count }, (_, i) => `s${i}`).filter((_, i) => i % 2))]]);
  return { connection, ended, limits, hourSpent };
}

const SESSION = { session: 0.5, hour: 0, day: 0, week: 0 };
const HOUR = { session: 0, hour: 1, day: 0, week: 0 };

const check = reader<Scene>({
  name: 'A budget check gathered and grouped for a pause (budgetCheck, pauseGroups)',
  covers: [
    'src/features/budget/budgetCheck.ts#budgetCheck',
    'src/features/budget/budgetCheck.ts#pauseGroups',
    'src/features/budget/budgetCheck.ts#unionByServer',
  ],
  // 10n is 10 000 busy sessions, every one stopped.
  n: 1_000,
  read: ({ connection, ended, limits, hourSpent }) => {
    const guard = new BudgetGuard();
    const { decision, rootOf } = budgetCheck(guard, {
      connections: [connection],
      ended: unionByServer(ended, new Map()),
      mode: 'pause',
      limits,
      windows: { hour: hourSpent, day: hourSpent, week: hourSpent },
      windowsLoading: false,
    });
    const groups = pauseGroups(decision, rootOf, () => false);
    return {
      stopped: decision.abort.length,
      groups: groups.length,
      again: groups.filter((g) => g.again).length,
      keys: groups.reduce((sum, g) => sum + g.keys.length, 0),
    };
  },
  shapes: [
    { name: 'n busy roots, each over its session budget', make: (n) => sceneOf(n, () => undefined, SESSION), worst: true },
    { name: 'a busy root of n busy sub-agents over its session budget', make: (n) => sceneOf(n, (i) => (i ? 0 : undefined), SESSION) },
    { name: 'n busy roots as the hour crosses', make: (n) => sceneOf(n, () => undefined, HOUR, 2) },
  ],
  check: (answer, n, shape) => {
    const a = answer as { stopped: number; groups: number; again: number; keys: number };
    assert.equal(a.stopped, n);
    assert.equal(a.keys, n);
    assert.equal(a.again, 0, 'each group’s news is new');
    assert.equal(a.groups, shape.startsWith('n busy roots, each') ? n : 1);
  },
});

export const budgetCheckReaders: Array<Reader<unknown, unknown>> = [check];
