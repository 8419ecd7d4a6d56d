// What the status bar and the marks read of a frame (statusMarks.ts, heldRuns.ts): the other task trees waiting for
// you, counted at each update; the shown session's pause; the budget pauses' rows and which of a frame's changed
// sessions a pause holds. A server decides how many roots wait and how many sessions a frame changes; the pauses held
// are at most MAX_PAUSES.
import assert from 'node:assert/strict';
import { heldOf, pausedRoots } from '../../../src/app/budgets/heldRuns';
import type { ActiveTarget } from '../../../src/app/sessions/activeSession';
import { SessionDecorations, type SessionDecoration } from '../../../src/app/sessions/sessionDecorations';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { shownPause, waitingElsewhere } from '../../../src/features/statusBar/statusMarks';
import { Emitter } from '../../../src/base/emitter';
import { PauseBook } from '../../../src/store/pauseBook';
import { MAX_PAUSES } from '../../../src/store/pausedSession';
import { SessionStore } from '../../../src/store/sessionStore';
import { emptyChange, type StoreChange } from '../../../src/store/storeChange';
import { reader, type Reader } from '../reader';
import { NOW, sessionInfos } from './sessionShapes';

const CAUSE = { budget: 'hour' as const, limit: 1, spent: 1.5 };

interface Scene {
  connection: ServerConnection;
  decorations: SessionDecorations;
  /** The session the status bar shows. */
  shown: string;
  book: PauseBook;
  /** A frame that changed every session. */
  change: StoreChange;
}

/** n sessions (i the child of parentOf(i)), every root waiting for an answer, the first MAX_PAUSES paused by a budget. */
function sceneOf(n: number, parentOf: (i: number) => number | undefined, shown: (n: number) => number): Scene {
  const store = new SessionStore(() => NOW);
  const infos = sessionInfos(n, parentOf);
  store.loadSnapshot(infos, {});
  const connection = { config: { id: 'srv' }, sessions: store } as unknown as ServerConnection;
  const book = new PauseBook();
  book.begin(
    infos.slice(0, MAX_PAUSES).map(({ id }) => ({ serverId: 'srv', sessionId: id, rootId: store.parentOf(id) ? 's0' : id })),
    CAUSE,
    NOW,
  );
  const decorations = new SessionDecorations();
  const mark = (group: SessionDecoration['group']): SessionDecoration => ({ group, words: group, described: true });
  decorations.register({
    onDidChange: new Emitter<never>().event,
    decorate: (_c, id) => (book.get('srv', id) ? mark('paused') : undefined),
    roots: () => pausedRoots(book.all(), () => connection),
  });
  decorations.register({
    onDidChange: new Emitter<never>().event,
    decorate: (_c, id) => (store.parentOf(id) ? undefined : mark('waiting')),
    roots: () => store.roots().map((r) => ({ connection, sessionId: r.info.id, group: 'waiting' as const })),
  });
  const change = emptyChange();
  for (const { id } of infos) change.changed.add(id);
  return { connection, decorations, shown: `s${shown(n)}`, book, change };
}

const marks = reader<Scene>({
  name: 'The status bar’s marks and the pauses’ rows of a frame (waitingElsewhere, shownPause, pausedRoots, heldOf)',
  covers: [
    'src/features/statusBar/statusMarks.ts#waitingElsewhere',
    'src/features/statusBar/statusMarks.ts#shownPause',
    'src/app/budgets/heldRuns.ts#pausedRoots',
    'src/app/budgets/heldRuns.ts#heldOf',
  ],
  // 10n is 10 000 sessions, every one changed in the frame.
  n: 1_000,
  read: ({ connection, decorations, shown, book, change }) => {
    const record = connection.sessions.get(shown);
    assert.ok(record);
    const target = { connection, record, picked: true } as ActiveTarget;
    return {
      others: waitingElsewhere(decorations, target),
      paused: shownPause(decorations, target)?.group,
      pausedRoots: decorations.roots('paused').length,
      held: heldOf(book, 'srv', change).length,
    };
  },
  shapes: [
    {
      name: 'n roots waiting, the last shown',
      make: (n) =>
        sceneOf(
          n,
          () => undefined,
          (count) => count - 1,
        ),
      worst: true,
    },
    {
      name: 'a root of n sub-agents, the last shown',
      make: (n) =>
        sceneOf(
          n,
          (i) => (i ? 0 : undefined),
          (count) => count - 1,
        ),
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { others: number; paused?: string; pausedRoots: number; held: number };
    const oneTree = shape.startsWith('a root');
    assert.equal(a.held, Math.min(n, MAX_PAUSES));
    assert.equal(a.pausedRoots, oneTree ? 1 : Math.min(n, MAX_PAUSES));
    assert.equal(a.others, oneTree ? 0 : n - 1);
    // The tree's root is paused; of n roots, the last is paused only if it is among the first MAX_PAUSES.
    assert.equal(a.paused, oneTree || n <= MAX_PAUSES ? 'paused' : undefined);
  },
});

export const sessionMarksReaders: Array<Reader<unknown, unknown>> = [marks];
