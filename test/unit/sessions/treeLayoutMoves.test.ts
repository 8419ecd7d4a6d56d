// The sessions view keeps its sorted root lists across frames and moves only the roots whose figures changed
// (treeLayout.ts): after any sequence of store changes, every list it shows must equal a view made afresh. Seeded
// random changes of every kind the view reads: figures, times, titles, folders, archiving, parents, new and deleted
// sessions, under each sort, with and without a title filter and archived sessions shown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { NodeCache, type TreeNode } from '../../../src/features/sessions/tree/nodes';
import { TreeLayout, type ViewOptions } from '../../../src/features/sessions/tree/treeLayout';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import { SORT_ORDERS } from '../../../src/store/sessionOrder';
import { SessionStore } from '../../../src/store/sessionStore';
import { emptyChange, mergeStoreChange } from '../../../src/store/storeChange';
import { prng } from '../helpers/fuzzEvents';

const NOW = 1_700_000_000_000;
const FOLDERS = ['/w/a', '/w/b', '/w/c'];

function listIds(layout: TreeLayout, nodes: NodeCache, connection: ServerConnection): string[] {
  const out: string[] = [];
  const walk = (node: Exclude<TreeNode, { kind: 'more' }>, depth: number) => {
    for (const child of layout.children(node)) {
      out.push(`${'.'.repeat(depth)}${child.kind === 'session' ? child.sessionId : child.kind === 'group' ? child.directory : child.kind}`);
      if (child.kind !== 'more') walk(child, depth + 1);
    }
  };
  walk(nodes.server(connection), 0);
  return out;
}

/** `readChance`: how often VS Code reads between changes; rarely, and a frame gathers more than 64 changes. */
function run(seed: number, options: ViewOptions, readChance = 0.6): void {
  const next = prng(seed); // seeded: a failure names its seed and step, so it replays
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const store = new SessionStore(() => NOW);
  const infos = new Map<string, SessionInfo>();
  let clock = NOW;
  let made = 0;
  const make = (parentID?: string): SessionInfo => {
    const id = `ses_${String(made++).padStart(4, '0')}`;
    return {
      id,
      title: pick(['Fix login', 'Add checkout', 'Review a11y', 'Write tests']),
      directory: pick(FOLDERS),
      time: { created: clock, updated: clock - Math.floor(next() * 1000) },
      ...(parentID !== undefined && { parentID }),
    };
  };
  const first: SessionInfo[] = [];
  for (let i = 0; i < 40; i++) first.push(make(i > 25 && next() < 0.7 ? pick(first).id : undefined));
  for (const info of first) infos.set(info.id, info);
  store.loadSnapshot(first, {});
  const connection = { config: { id: 'srv' }, sessions: store } as unknown as ServerConnection;
  const nodes = new NodeCache();
  const kept = new TreeLayout(nodes, () => connection);
  kept.options = options;
  listIds(kept, nodes, connection);

  let frame = emptyChange();
  for (let step = 0; step < 400; step++) {
    const ids = [...infos.keys()];
    const id = pick(ids);
    const info = infos.get(id)!;
    const roll = next();
    let event: StoreEvent;
    if (roll < 0.45) {
      // A session at work: its time moves on, or the tie of two roots at the same time.
      event = { type: 'session.upsert', info: { ...info, time: { ...info.time, updated: next() < 0.2 ? NOW : (clock += 7) } } };
    } else if (roll < 0.75) {
      event = {
        type: 'session.totals',
        sessionID: id,
        cost: Math.round(next() * 300) / 100,
        tokens: { input: Math.floor(next() * 50_000), output: Math.floor(next() * 5_000) },
      };
    } else if (roll < 0.8) {
      event = { type: 'session.upsert', info: { ...info, title: pick(['Fix login', 'Add checkout', 'needle']) } };
    } else if (roll < 0.84) {
      event = { type: 'session.upsert', info: { ...info, directory: pick(FOLDERS) } };
    } else if (roll < 0.88) {
      const archived = info.time.archived === undefined ? clock : undefined;
      event = { type: 'session.upsert', info: { ...info, time: { ...info.time, archived } } };
    } else if (roll < 0.93) {
      event = { type: 'session.upsert', info: make(next() < 0.5 ? id : undefined), created: true };
    } else if (roll < 0.96) {
      event = { type: 'session.deleted', sessionID: id };
    } else {
      event = { type: 'session.upsert', info: { ...info, parentID: next() < 0.5 ? undefined : pick(ids) } };
    }
    if (event.type === 'session.upsert') infos.set(event.info.id, event.info);
    if (event.type === 'session.deleted') infos.delete(event.sessionID);
    // Changes gather into one per frame, as SessionsModel hands them on.
    mergeStoreChange(frame, store.apply(event));
    // VS Code may read between frames (a reveal, a row expanded): the lists as of the last frame, checked at the next.
    if (next() < 0.3) listIds(kept, nodes, connection);
    // Read now and then, as VS Code does.
    if (next() < readChance) {
      kept.invalidate(connection, frame);
      frame = emptyChange();
      const freshNodes = new NodeCache();
      const afresh = new TreeLayout(freshNodes, () => connection);
      afresh.options = options;
      assert.deepEqual(listIds(kept, nodes, connection), listIds(afresh, freshNodes, connection), `seed ${seed}, step ${step}`);
    }
  }
}

describe('TreeLayout keeps its sorted lists across changes', () => {
  for (const sortBy of SORT_ORDERS)
    for (const [name, more] of [
      ['', {}],
      [', a title filter', { filter: 'e' }],
      [', archived shown', { showArchived: true }],
    ] as const)
      test(`by ${sortBy}${name}: every list equals a view made afresh`, () => {
        for (const seed of [1, 2, 3, 4, 5]) run(seed * 97 + sortBy.length, { sortBy, showArchived: false, ...more });
        // Frames of ~100 changes: past the one-by-one moves, the lists are sorted again whole.
        for (const seed of [6, 7]) run(seed * 97 + sortBy.length, { sortBy, showArchived: false, ...more }, 0.01);
      });

  test('a list read between frames keeps its order for the next frame’s moves (the attacker review of 249edb14)', () => {
    const at = (updated: number) => ({ created: NOW, updated: NOW + updated });
    const roots: Array<[string, number]> = [
      ['x', 100],
      ['y', 90],
      ['b', 80],
      ['z', 70],
      ['w', 60],
      ['a', 10],
    ];
    const store = new SessionStore(() => NOW);
    store.loadSnapshot(
      roots.map(([id, updated]) => ({ id, title: id, directory: '/w/a', time: at(updated) })),
      {},
    );
    const connection = { config: { id: 'srv' }, sessions: store } as unknown as ServerConnection;
    const nodes = new NodeCache();
    const layout = new TreeLayout(nodes, () => connection);
    assert.deepEqual(listIds(layout, nodes, connection), ['x', 'y', 'b', 'z', 'w', 'a']);
    const touch = (id: string, updated: number) =>
      store.apply({ type: 'session.upsert', info: { id, title: id, directory: '/w/a', time: at(updated) } });
    layout.invalidate(connection, touch('a', 95)); // a frame told, its list not read
    const bMoved = touch('b', 200); // the next frame not told yet when VS Code reads
    listIds(layout, nodes, connection);
    layout.invalidate(connection, bMoved);
    assert.deepEqual(listIds(layout, nodes, connection), ['b', 'x', 'a', 'y', 'z', 'w']);
  });

  test('a server replaced under the same id (renamed, taken over) shows its own sessions, not the old one’s', () => {
    const infos = (ids: string[]): SessionInfo[] =>
      ids.map((id, i) => ({ id, title: id, directory: '/w/a', time: { created: NOW, updated: NOW - i } }));
    const old = new SessionStore(() => NOW);
    old.loadSnapshot(infos(['ses_a', 'ses_b']), {});
    let connection = { config: { id: 'srv' }, sessions: old } as unknown as ServerConnection;
    const nodes = new NodeCache();
    const layout = new TreeLayout(nodes, () => connection);
    assert.deepEqual(listIds(layout, nodes, connection), ['ses_a', 'ses_b']);
    const replaced = new SessionStore(() => NOW);
    connection = { config: { id: 'srv' }, sessions: replaced } as unknown as ServerConnection;
    nodes.forget(connection);
    assert.deepEqual(listIds(layout, nodes, connection), [], 'nothing listed yet');
    replaced.loadSnapshot(infos(['ses_c']), {});
    layout.invalidate(connection);
    assert.deepEqual(listIds(layout, nodes, connection), ['ses_c']);
  });
});
