// Which sessions the tree shows (src/store/sessionFilter.ts): archived ones only on request, under a title filter the
// matches and their ancestors. Run on every keystroke of the filter over every session a server lists, as the store
// links them (trees at most MAX_DEPTH deep).
import assert from 'node:assert/strict';
import type { SessionInfo } from '../../../src/store/events';
import { visibleSessionIds } from '../../../src/store/sessionFilter';
import { SessionStore } from '../../../src/store/sessionStore';
import { MAX_DEPTH } from '../../../src/store/sessionTree';
import { reader, type Reader } from '../reader';

interface Scene {
  store: SessionStore;
  query?: string;
}

/** n sessions in chains `depth` deep (each the child of the one before); every chain's root archived when `archived`. */
function chains(n: number, depth: number, archived: boolean, query?: string): Scene {
  const store = new SessionStore(() => 0);
  const sessions: SessionInfo[] = Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    ...(i % depth !== 0 && { parentID: `s${i - 1}` }),
    title: `session ${i}`,
    directory: '/w',
    time: { created: i, updated: i, ...(archived && i % depth === 0 && { archived: 1 }) },
  }));
  store.loadSnapshot(sessions, {});
  return { store, query };
}

export const sessionFilterReaders: Array<Reader<unknown, unknown>> = [
  reader<Scene>({
    name: 'The sessions a filter shows (visibleSessionIds)',
    covers: ['src/store/sessionFilter.ts#visibleSessionIds'],
    // 10n is 10 000 sessions: a large server's (the function is one synchronous pass, as the tree's layout calls it).
    n: 1_000,
    read: ({ store, query }) => visibleSessionIds(store, { query, showArchived: false })?.size,
    shapes: [
      { name: 'n flat sessions, a filter every one matches', make: (n) => chains(n, 1, false, 'session') },
      {
        // Every session walks to its root to learn whether an ancestor is archived, and adds its ancestors when it matches.
        name: `n sessions in chains ${MAX_DEPTH} deep, every one matching the filter`,
        make: (n) => chains(n, MAX_DEPTH, false, 'session'),
        worst: true,
      },
      { name: `n sessions in chains ${MAX_DEPTH} deep under archived roots`, make: (n) => chains(n, MAX_DEPTH, true), worst: true },
    ],
    check: (answer, n, shape) => assert.equal(answer, shape.includes('archived') ? 0 : n),
  }),
];
