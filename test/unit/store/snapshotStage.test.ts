// A snapshot staged page by page (records made while the listing loads) must load exactly like the same
// sessions given at once: same sessions, tree, totals, statuses, requests and reported change, also when a
// child comes before its parent, a held session is updated, or a session is gone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionInfo } from '../../../src/store/events';
import type { PendingRequest } from '../../../src/store/pendingRequest';
import { newRecord, sessionState } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import { SnapshotStage } from '../../../src/store/snapshotStage';
import { ids, sessionInfo, sorted, tokens } from '../helpers/factories';
import { waitingIn } from '../helpers/waitingIn';

const info = (id: string, parentID?: string, input = 0, updated = 2_000): SessionInfo =>
  sessionInfo({ id, parentID, tokens: tokens(input), cost: input / 1000, updated });
const permission = (id: string, sessionID: string) =>
  ({ kind: 'permission', id, sessionID, permission: 'bash', patterns: [], always: [], time: 1 }) as unknown as PendingRequest;

function staged(pages: SessionInfo[][]): SnapshotStage {
  const stage = new SnapshotStage();
  for (const page of pages) stage.add(page);
  return stage;
}

function view(s: SessionStore) {
  return [...s.all()]
    .map((r) => ({
      id: r.info.id,
      parent: s.parentOf(r.info.id),
      inclusive: s.inclusive(r.info.id),
      state: sessionState(r),
      waiting: waitingIn(s, r.info.id),
      title: r.info.title,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('a staged snapshot', () => {
  // Children before their parents, across pages; a grandchild; a busy session with a request waiting.
  const pages = [
    [info('child', 'root', 20), info('grandchild', 'child', 300)],
    [info('root', undefined, 1), info('other', undefined, 4000)],
  ];
  const statuses = { grandchild: { type: 'busy' as const } };
  const requests = [permission('per_1', 'grandchild')];

  test('loads into an empty store exactly as the same sessions given at once', () => {
    const byArray = new SessionStore();
    const changeA = byArray.loadSnapshot(pages.flat(), statuses, requests);
    const byStage = new SessionStore();
    const changeS = byStage.loadSnapshot(staged(pages), statuses, requests);
    assert.deepEqual(view(byStage), view(byArray));
    assert.deepEqual(ids(byStage.roots()), ['other', 'root']);
    assert.equal(byStage.inclusive('root').input, 321);
    assert.deepEqual(sorted(changeS.changed as Set<string | undefined>), sorted(changeA.changed as Set<string | undefined>));
    assert.deepEqual(sorted(changeS.structure), sorted(changeA.structure));
    assert.equal(changeS.requests, changeA.requests);
  });

  test('shown after its first page (the preview of a long listing), then loaded whole: ends exactly as a one-step load', () => {
    const byArray = new SessionStore();
    byArray.loadSnapshot(pages.flat(), statuses, requests);
    const stage = staged(pages.slice(0, 1));
    const previewed = new SessionStore();
    const preview = previewed.loadSnapshot(stage);
    // The first page alone: its sessions, idle, nothing waiting yet; the child's parent is not listed yet.
    assert.deepEqual(sorted(preview.structure), ['<root>', 'child']);
    assert.equal(previewed.size, 2);
    assert.equal(waitingIn(previewed, 'grandchild'), 0);
    stage.add(pages[1]);
    const whole = previewed.loadSnapshot(stage, statuses, requests);
    assert.deepEqual(view(previewed), view(byArray));
    assert.equal(previewed.inclusive('root').input, 321, 'every descendant counted once');
    assert.deepEqual(whole.removed.size, 0);
    assert.ok(whole.structure.has(undefined), 'the roots list changed: the tree re-reads it');
    assert.equal(whole.requests, true);
  });

  test('over a held store: updates what it holds, adds what is new and removes what is gone, as an array does', () => {
    const before = [info('root', undefined, 1, 1_000), info('child', 'root', 20, 1_000), info('gone', undefined, 7, 1_000)];
    const next = [[info('root', undefined, 5, 3_000)], [info('child', 'root', 20, 1_000), info('fresh', 'root', 9)]];
    const byArray = new SessionStore();
    byArray.loadSnapshot(before, { root: { type: 'busy' } }, [permission('per_1', 'root')]);
    const byStage = new SessionStore();
    byStage.loadSnapshot(before, { root: { type: 'busy' } }, [permission('per_1', 'root')]);
    const held = byStage.get('root');
    const changeA = byArray.loadSnapshot(next.flat(), {}, []);
    const changeS = byStage.loadSnapshot(staged(next), {}, []);
    assert.deepEqual(view(byStage), view(byArray));
    assert.equal(byStage.get('root'), held, 'a held session keeps its record (messages read so far stay)');
    assert.equal(byStage.inclusive('root').input, 34);
    assert.deepEqual([...changeS.removed], ['gone']);
    assert.deepEqual(sorted(changeS.changed as Set<string | undefined>), sorted(changeA.changed as Set<string | undefined>));
    assert.equal(changeS.requests, true);
  });
});

describe('a new record', () => {
  test('makes its maps on first use and keeps what is put in them', () => {
    const r = newRecord(info('a'));
    assert.equal(r.requests.size, 0);
    r.messages.set('m', { id: 'm', usage: r.own, created: 1, summary: false });
    r.runningTools.set('p', 'bash');
    assert.equal(r.messages.get('m')?.id, 'm');
    assert.equal(r.runningTools.get('p'), 'bash');
    const replaced = new Map([['per_1', permission('per_1', 'a')]]);
    r.requests = replaced;
    assert.equal(r.requests, replaced);
    assert.equal(sessionState(r), 'waiting');
  });
});
