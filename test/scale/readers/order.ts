// The store's orders and comparisons of what a server lists (src/store/): the tree's roots and a session's
// sub-agents in order (sessionOrder.ts), the folders its roots are in (directoryGroups.ts), the waiting requests oldest first (pendingRequest.ts), whether a re-listed
// session changed (sameSessionInfo.ts) and the pace of the replies a budget forecasts from (forecast.ts). Ids,
// titles, times and counts are the server's: ties everywhere, ids of any length sharing a long prefix.
import assert from 'node:assert/strict';
import { directoryGroups, folderPlace } from '../../../src/store/directoryGroups';
import type { SessionInfo } from '../../../src/store/events';
import { paceOf, paceShares, PACE_WINDOW_MS, type Spend } from '../../../src/store/forecast';
import type { PendingRequest } from '../../../src/store/pendingRequest';
import { sameSessionInfo } from '../../../src/store/sameSessionInfo';
import { sortChildren, sortRoots, type SortBy } from '../../../src/store/sessionOrder';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';

const TOKENS = { input: 10, output: 2, reasoning: 0, cache: { read: 0, write: 0 } };
/** A shared head of 1 KB: two ids differ only past it, so every comparison of a tie reads it whole. */
const LONG_HEAD = 'x'.repeat(1_000);

function info(id: string, time: number, parentID?: string, cost = 0.01): SessionInfo {
  return {
    id,
    ...(parentID && { parentID }),
    title: `session ${id.length > 40 ? id.slice(-8) : id}`,
    directory: '/w',
    cost,
    tokens: TOKENS,
    time: { created: time, updated: time },
  };
}

interface Roots {
  store: SessionStore;
  by: SortBy;
}

/** n roots; `tied`: one time and one cost for all, ids of a long shared head (listed highest id first). */
function roots(n: number, by: SortBy, tied: boolean, withChildren = false): Roots {
  const store = new SessionStore(() => 0);
  const id = (i: number) => (tied ? `ses_${LONG_HEAD}${String(i).padStart(6, '0')}` : `ses_${i}`);
  const listed = Array.from({ length: n }, (_, k) => {
    const i = n - 1 - k;
    return info(id(i), tied ? 1 : i, undefined, tied ? 0.01 : 0.01 * (i + 1));
  });
  // A sub-agent per root: the cost and tokens orders sum each root's tree (store.inclusive).
  const children = withChildren ? listed.map((r, i) => info(`${r.id}_child`, i, r.id)) : [];
  store.loadSnapshot([...listed, ...children], {});
  return { store, by };
}

interface Siblings {
  store: SessionStore;
  parent: string;
}

/** n sub-agents of one parent, listed newest first; `tied`: all started at once, ids of a long shared head. */
function siblings(n: number, tied: boolean): Siblings {
  const store = new SessionStore(() => 0);
  const id = (i: number) => (tied ? `ses_${LONG_HEAD}${String(i).padStart(6, '0')}` : `ses_${i}`);
  const children = Array.from({ length: n }, (_, k) => info(id(n - 1 - k), tied ? 5 : n - k, 'root'));
  store.loadSnapshot([info('root', 0), ...children], {});
  return { store, parent: 'root' };
}

/** n requests waiting on n sessions; `head`: the part after `_` (OpenCode's time-ordered part) a long shared head. */
function requests(n: number, head: string, noPrefix = false): { store: SessionStore; first: string } {
  const store = new SessionStore(() => 0);
  const sessions = Array.from({ length: n }, (_, i) => info(`ses_${i}`, i));
  const id = (kind: string, i: number) =>
    noPrefix ? `${head}${String(i).padStart(6, '0')}` : `${kind}_${head}${String(i).padStart(6, '0')}`;
  // Listed newest first, questions and permissions interleaved: their order is by the part after `_` alone.
  const waiting: PendingRequest[] = Array.from({ length: n }, (_, k) => {
    const i = n - 1 - k;
    return i % 2
      ? { kind: 'permission', id: id('per', i), sessionID: `ses_${i}`, permission: 'bash', patterns: ['ls'], always: [], metadata: {} }
      : { kind: 'question', id: id('que', i), sessionID: `ses_${i}`, questions: [] };
  });
  // Busy: a session the listing finds idle waits on nothing.
  const busy = Object.fromEntries(sessions.map((s) => [s.id, { type: 'busy' as const }]));
  store.loadSnapshot(sessions, busy, waiting);
  // The oldest (0) is a question.
  return { store, first: id('que', 0) };
}

/** n pairs of a held session and its listing again. */
function relisted(n: number, change: (held: SessionInfo, i: number) => SessionInfo): Array<[SessionInfo, SessionInfo]> {
  return Array.from({ length: n }, (_, i) => {
    const held: SessionInfo = {
      ...info(`ses_${i}`, i, i % 3 ? `ses_${i - 1}` : undefined),
      projectID: 'prj',
      slug: 'brave-otter',
      agent: 'build',
      version: '1.18.33',
      summary: { additions: 3, deletions: 1, files: 2 },
      model: { id: 'claude', providerID: 'anthropic' },
      time: { created: i, updated: i, compacting: i },
    };
    return [held, change(structuredClone(held), i)];
  });
}

const DAY = 86_400_000;

export const orderReaders: Array<Reader<unknown, unknown>> = [
  reader<Roots>({
    name: "The tree's roots in order (sortRoots)",
    covers: ['src/store/sessionOrder.ts#sortRoots'],
    // 10n is 10 000 roots: a large server's root list, sorted at every layout of the tree (TreeLayout.children).
    n: 1_000,
    read: ({ store, by }) => sortRoots(store.roots(), by, (id) => store.inclusive(id))[0]?.info.id,
    shapes: [
      { name: 'n roots by recent', make: (n) => roots(n, 'recent', false) },
      { name: 'n roots each with a sub-agent, by cost', make: (n) => roots(n, 'cost', false, true) },
      { name: 'n roots each with a sub-agent, by tokens', make: (n) => roots(n, 'tokens', false, true) },
      // Every key ties, so every comparison falls to the ids, which differ only past a 1 KB head.
      { name: 'n roots of one cost and time, ids of a 1 KB shared head, by cost', make: (n) => roots(n, 'cost', true), worst: true },
    ],
    check: (answer, n, shape) => {
      // By cost or tokens the highest is the newest here too (each costs more than the one before); ties fall back to
      // recent, then the lower id.
      const expected = shape.includes('shared head') ? `ses_${LONG_HEAD}000000` : `ses_${n - 1}`;
      assert.equal(answer, expected);
    },
  }),
  reader<Siblings>({
    name: "A session's sub-agents, oldest first (sortChildren)",
    covers: ['src/store/sessionOrder.ts#sortChildren', 'src/store/sessionOrder.ts#compareChildren'],
    // 10n is 10 000 sub-agents of one session (the tree and a transcript's list sort them).
    n: 1_000,
    read: ({ store, parent }) => sortChildren(store.childrenOf(parent))[0]?.info.id,
    shapes: [
      { name: 'n sub-agents listed newest first', make: (n) => siblings(n, false) },
      { name: 'n sub-agents started at once, ids of a 1 KB shared head', make: (n) => siblings(n, true), worst: true },
    ],
    check: (answer, _n, shape) => assert.equal(answer, shape.includes('shared head') ? `ses_${LONG_HEAD}000000` : 'ses_0'),
  }),
  reader<{ store: SessionStore; first: string }>({
    name: 'The requests waiting on a server, oldest first (pendingRequests, compareRequests)',
    covers: ['src/store/pendingRequest.ts#compareRequests'],
    // 10n is 10 000 requests (the inbox, the status tool and the waiting count sort them on every change).
    n: 1_000,
    read: ({ store }) => {
      const waiting = store.pendingRequests();
      return { count: waiting.length, first: waiting[0]?.id };
    },
    shapes: [
      { name: 'n permissions and questions listed newest first', make: (n) => requests(n, '01JZ') },
      { name: 'n requests whose ids differ only past a 1 KB head', make: (n) => requests(n, LONG_HEAD), worst: true },
      { name: 'n requests of ids with no `_`, of a 1 KB shared head', make: (n) => requests(n, LONG_HEAD, true), worst: true },
    ],
    check: (answer, n, shape) => {
      const { count, first } = answer as { count: number; first: string };
      assert.equal(count, n);
      const head = shape.includes('1 KB') ? LONG_HEAD : '01JZ';
      assert.equal(first, shape.includes('no `_`') ? `${head}000000` : `que_${head}000000`);
    },
  }),
  reader<Array<[SessionInfo, SessionInfo]>>({
    name: 'A re-listed session against the held one (sameSessionInfo)',
    covers: ['src/store/sameSessionInfo.ts#sameSessionInfo'],
    // An item is one session of a listing read again (a reconnect, a tree read again): 10n is 10 000.
    n: 1_000,
    read: (pairs) => pairs.filter(([held, listed]) => sameSessionInfo(held, listed)).length,
    shapes: [
      { name: 'n sessions listed again unchanged', make: (n) => relisted(n, (s) => s) },
      { name: 'n sessions, each newer', make: (n) => relisted(n, (s) => ({ ...s, time: { ...s.time, updated: s.time.updated + 1 } })) },
      {
        // The titles are equal but for their last character: each comparison reads both whole.
        name: 'n sessions whose 4 KB titles differ in their last character',
        make: (n) =>
          relisted(n, (s) => s).map(([held, listed], i) => [
            { ...held, title: `${'t'.repeat(4_000)}${i}` },
            { ...listed, title: `${'t'.repeat(4_000)}${i}!` },
          ]),
        worst: true,
      },
    ],
    check: (answer, n, shape) => assert.equal(answer, shape.includes('unchanged') ? n : 0),
  }),
  reader<Spend[]>({
    name: "The pace of the recent replies and each server's share of it (paceOf, paceShares)",
    covers: ['src/store/forecast.ts#paceOf', 'src/store/forecast.ts#paceShares'],
    // An item is a costed reply of every server (the status bar's and a session's forecast read them each second),
    // here of two servers, every other reply each.
    n: 10_000,
    read: (replies) => {
      const pace = paceOf(replies, DAY);
      const shares = paceShares(pace, [replies.filter((_, i) => i % 2 === 0), replies.filter((_, i) => i % 2 === 1)], DAY);
      assert.ok(shares.every((share) => share >= 0));
      return pace?.replies;
    },
    shapes: [
      {
        name: 'n replies in the window, oldest first',
        make: (n) => Array.from({ length: n }, (_, i) => ({ created: DAY - n + i, cost: 0.01 })),
      },
      {
        name: 'n replies in the window, in no order',
        make: (n) => Array.from({ length: n }, (_, i) => ({ created: DAY - ((i * 7_919) % n), cost: 0.01 })),
        worst: true,
      },
      {
        name: 'n replies all at one instant',
        make: (n) => Array.from({ length: n }, () => ({ created: DAY - 1, cost: 0.01 })),
        worst: true,
      },
      {
        name: 'n replies all before the window',
        make: (n) => Array.from({ length: n }, (_, i) => ({ created: DAY - PACE_WINDOW_MS - 1 - i, cost: 0.01 })),
      },
    ],
    check: (answer, n, shape) => assert.equal(answer, shape.includes('before the window') ? undefined : n),
  }),
  reader<string[]>({
    name: "The folders a server's roots are in (directoryGroups, folderName, folderPlace)",
    covers: [
      'src/store/directoryGroups.ts#directoryGroups',
      'src/store/directoryGroups.ts#folderName',
      'src/store/directoryGroups.ts#folderPlace',
    ],
    // An item is a root's directory (the tree's layout groups them once per change of the store or the options).
    n: 1_000,
    read: (directories) => {
      const groups = directoryGroups(directories);
      // And each folder's place, as its row says it.
      return {
        groups: groups.length,
        first: groups[0]?.label,
        places: groups.reduce((sum, g) => sum + folderPlace(g.directory).length, 0),
      };
    },
    shapes: [
      {
        name: 'n roots in n/10 projects',
        make: (n) => Array.from({ length: n }, (_, i) => `/home/me/work/project-${i % Math.max(2, n / 10)}`),
      },
      {
        // Every label ties, so the sort falls to the paths, which differ only past a 1 KB head.
        name: 'n folders of one name, paths of a 1 KB shared head',
        make: (n) => Array.from({ length: n }, (_, i) => `/${LONG_HEAD}/${String(i).padStart(6, '0')}/repo`),
        worst: true,
      },
      {
        name: 'n folders, each a path of 200 slashes and backslashes',
        make: (n) => Array.from({ length: n }, (_, i) => `${'/\\'.repeat(100)}d${i}`),
        worst: true,
      },
    ],
    check: (answer, n, shape) => {
      const { groups, first } = answer as { groups: number; first: string };
      assert.equal(groups, shape.includes('projects') ? Math.max(2, n / 10) : n);
      assert.equal(first, shape.includes('projects') ? 'project-0' : shape.includes('one name') ? 'repo' : 'd0');
    },
  }),
];
