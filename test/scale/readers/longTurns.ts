// The long-turn check (LongTurns, which LongTurnNotifier words): each frame's changed sessions taken to their roots,
// and each root's tree asked whether anything in it still runs. A server decides how many sessions a frame changes
// and how they hang (a listing changes all of them at once).
import assert from 'node:assert/strict';
import { LongTurns } from '../../../src/features/attention/longTurns';
import type { SessionStatus } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';
import { NOW, sessionInfos } from './sessionShapes';

interface Frames {
  /** The server's sessions every one busy, then every one idle (two stores: the store's own work is not measured). */
  busy: SessionStore;
  idle: SessionStore;
  ids: string[];
}

/** n sessions, session i the child of `parentOf(i)`. */
function frames(n: number, parentOf: (i: number) => number | undefined): Frames {
  const infos = sessionInfos(n, parentOf);
  const ids = infos.map(({ id }) => id);
  const storeOf = (status: SessionStatus) => {
    const store = new SessionStore(() => NOW);
    store.loadSnapshot(infos, Object.fromEntries(ids.map((id) => [id, status])));
    return store;
  };
  return { busy: storeOf({ type: 'busy' }), idle: storeOf({ type: 'idle' }), ids };
}

const longTurns = reader<Frames>({
  name: 'The long-turn check: a frame of n changed sessions taken to their roots, each tree asked once (LongTurns)',
  covers: ['src/features/attention/longTurns.ts#LongTurns'],
  // 10n is a frame of 10 000 changed sessions (a listing's).
  n: 1_000,
  read: ({ busy, idle, ids }) => {
    const turns = new LongTurns();
    // A frame where every session runs, then one where each went idle three minutes later.
    const began = turns.check('srv', busy, ids, NOW).length;
    const ended = turns.check('srv', idle, ids, NOW + 180_000);
    return { began, ended: ended.length, roots: idle.roots().length, ms: new Set(ended.map((t) => t.ms)).size };
  },
  shapes: [
    { name: 'n roots, each its own turn', make: (n) => frames(n, () => undefined) },
    { name: 'a root of n sub-agents, every one changed', make: (n) => frames(n, (i) => (i ? 0 : undefined)), worst: true },
    {
      name: 'chains of sub-agents as deep as the store links, every one changed',
      make: (n) => frames(n, (i) => (i ? i - 1 : undefined)),
      worst: true,
    },
  ],
  check: (answer) => {
    const a = answer as { began: number; ended: number; roots: number; ms: number };
    assert.equal(a.began, 0);
    assert.equal(a.ended, a.roots, 'every root’s turn ends once');
    assert.equal(a.ms, 1);
  },
});

export const longTurnsReaders: Array<Reader<unknown, unknown>> = [longTurns];
