// The Switch Session picker's rows: order, nesting, figures, and hostile titles made inert.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { switchItems } from '../../../src/present/switchItems';
import { iconSafe, messageSafe } from '../../../src/present/plainText';
import { relativeTime } from '../../../src/present/relativeTime';
import { SessionStore } from '../../../src/store/sessionStore';
import { busy, feed, permissionAskedEvent, sessionEvent, sessionInfo } from '../helpers/factories';

const NOW = 10_000_000;

describe('switchItems', () => {
  test('most recent first across servers, children under their parent', () => {
    const a = new SessionStore();
    const b = new SessionStore();
    feed(
      a,
      sessionEvent('session.created', sessionInfo({ id: 'P', title: 'Parent', cost: 0.5, updated: NOW - 120_000 })),
      sessionEvent('session.created', sessionInfo({ id: 'C1', parentID: 'P', title: 'Child one', cost: 0.25, updated: NOW - 300_000 })),
      sessionEvent('session.created', sessionInfo({ id: 'C2', parentID: 'P', title: 'Child two', cost: 0.125, updated: NOW - 200_000 })),
      sessionEvent('session.created', sessionInfo({ id: 'G', parentID: 'C1', title: 'Grandchild', updated: NOW - 400_000 })),
    );
    feed(b, sessionEvent('session.created', sessionInfo({ id: 'X', title: 'Elsewhere', updated: NOW - 60_000 })));
    const items = switchItems(
      [
        { serverId: 'a', serverLabel: 'alpha', sessions: a },
        { serverId: 'b', serverLabel: 'beta', sessions: b },
      ],
      NOW,
    );
    assert.deepEqual(
      items.map((i) => [i.sessionId, i.depth]),
      [
        ['X', 0],
        ['P', 0],
        ['C2', 1],
        ['C1', 1],
        ['G', 2],
      ],
    );
    const parent = items[1];
    assert.equal(parent.label, '$(comment-discussion) Parent');
    assert.equal(parent.description, '2 minutes ago · alpha · $0.50 · Σ $0.88 · 2 child sessions');
    assert.equal(parent.detail, 'P');
    assert.equal(items[2].label, '↳ $(comment-discussion) Child two');
    assert.equal(items[4].label, '\u2003↳ $(comment-discussion) Grandchild');
    assert.equal(items[0].description, '1 minute ago · beta · $0.00');
  });

  test('the session followed now says "current" where it stands; the order stays most recent first', () => {
    const store = new SessionStore();
    feed(
      store,
      sessionEvent('session.created', sessionInfo({ id: 'N', title: 'Newest', updated: NOW - 1_000 })),
      sessionEvent('session.created', sessionInfo({ id: 'O', title: 'Older', updated: NOW - 90_000 })),
    );
    const items = switchItems([{ serverId: 's', serverLabel: 'srv', sessions: store }], NOW, { serverId: 's', sessionId: 'O' });
    assert.deepEqual(
      items.map((i) => [i.sessionId, i.description]),
      [
        ['N', 'just now · srv · $0.00'],
        ['O', 'current · 1 minute ago · srv · $0.00'],
      ],
    );
    // The same id on another server is not the current one.
    const other = switchItems([{ serverId: 't', serverLabel: 'srv', sessions: store }], NOW, { serverId: 's', sessionId: 'O' });
    assert.ok(!other.some((i) => i.description.startsWith('current')));
  });

  test('each row shows what its session is doing, as the tree does: the icon, and the words unless idle', () => {
    const store = new SessionStore();
    feed(
      store,
      sessionEvent('session.created', sessionInfo({ id: 'I', title: 'Idle one', updated: NOW - 1_000 })),
      sessionEvent('session.created', sessionInfo({ id: 'B', title: 'Busy one', updated: NOW - 2_000 })),
      sessionEvent('session.created', sessionInfo({ id: 'W', title: 'Waiting one', updated: NOW - 3_000 })),
      busy('B'),
      permissionAskedEvent('W', 'per_1'),
    );
    const shown = (online: boolean) =>
      Object.fromEntries(
        switchItems([{ serverId: 's', serverLabel: 'srv', sessions: store, online }], NOW).map((i) => [
          i.sessionId,
          [i.label, i.description],
        ]),
      );
    const live = shown(true);
    assert.deepEqual(live.I, ['$(comment-discussion) Idle one', 'just now · srv · $0.00']);
    assert.deepEqual(live.B, ['$(loading~spin) Busy one', 'working · just now · srv · $0.00']);
    assert.deepEqual(live.W, ['$(bell-dot) Waiting one', 'waiting for you · just now · srv · $0.00']);
    // A server that is not connected: its states are not live, and say so.
    assert.deepEqual(shown(false).B, ['$(debug-disconnect) Busy one', 'offline · just now · srv · $0.00']);
  });

  test('the first mark leads, as on the tree row: its icon over the state one, its words first', () => {
    const store = new SessionStore();
    feed(
      store,
      sessionEvent('session.created', sessionInfo({ id: 'P', title: 'Paused one', updated: NOW - 1_000 })),
      sessionEvent('session.created', sessionInfo({ id: 'B', title: 'Busy one', updated: NOW - 2_000 })),
      busy('B'),
    );
    const marks: Record<string, { icon?: string; words: string }> = {
      P: { icon: 'debug-pause', words: 'paused by the $1.00 session budget' },
      B: { words: '1 waiting $(zap)' },
    };
    const items = switchItems([{ serverId: 's', serverLabel: 'srv', sessions: store, mark: (id) => marks[id] }], NOW);
    assert.deepEqual(
      items.map((i) => [i.label, i.description]),
      [
        ['$(debug-pause) Paused one', 'paused by the $1.00 session budget · just now · srv · $0.00'],
        ['$(loading~spin) Busy one', `1 waiting ${iconSafe('$(zap)')} · working · just now · srv · $0.00`],
      ],
    );
  });

  test('a hostile title renders no icon', () => {
    const store = new SessionStore();
    const title = '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) $(zap)';
    feed(store, sessionEvent('session.created', sessionInfo({ id: 'H', title, updated: NOW })));
    const [item] = switchItems([{ serverId: 's', serverLabel: '$(bug) srv', sessions: store }], NOW);
    // The state's icon is the only one: the title's own is broken.
    const [icon, ...rest] = item.label.split(' ');
    assert.equal(icon, '$(comment-discussion)');
    assert.ok(!rest.join(' ').includes('$('));
    assert.ok(!item.description.includes('$('));
    assert.equal(rest.join(' ').replace(/\u200b/g, ''), title, 'still reads the same');
  });
});

describe('plain text helpers', () => {
  test('iconSafe breaks $( and messageSafe also breaks ](', () => {
    assert.equal(iconSafe('a $(zap) b'), 'a $\u200b(zap) b');
    assert.equal(messageSafe('[x](command:y) $(zap)'), '[x]\u200b(command:y) $\u200b(zap)');
  });
  test('relativeTime', () => {
    assert.equal(relativeTime(NOW - 10_000, NOW), 'just now');
    assert.equal(relativeTime(NOW - 120_000, NOW), '2 minutes ago');
    assert.equal(relativeTime(NOW - 3_600_000, NOW), '1 hour ago');
    assert.equal(relativeTime(NOW - 3 * 86_400_000, NOW), '3 days ago');
  });
});
