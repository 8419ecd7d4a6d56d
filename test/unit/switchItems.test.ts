// The Switch Session picker's rows: order, nesting, figures, and hostile titles made inert.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { switchItems } from '../../src/present/switchItems';
import { iconSafe, messageSafe } from '../../src/present/plainText';
import { relativeTime } from '../../src/present/relativeTime';
import { SessionStore } from '../../src/store/sessionStore';
import { feed, sessionEvent, sessionInfo } from './helpers/factories';

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
    assert.equal(parent.label, 'Parent');
    assert.equal(parent.description, '2 minutes ago · alpha · $0.50 · Σ $0.88 · 2 child sessions');
    assert.equal(parent.detail, 'P');
    assert.equal(items[2].label, '↳ Child two');
    assert.equal(items[4].label, '\u2003↳ Grandchild');
    assert.equal(items[0].description, '1 minute ago · beta · $0.00');
  });

  test('a hostile title renders no icon', () => {
    const store = new SessionStore();
    const title = '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) $(zap)';
    feed(store, sessionEvent('session.created', sessionInfo({ id: 'H', title, updated: NOW })));
    const [item] = switchItems([{ serverId: 's', serverLabel: '$(bug) srv', sessions: store }], NOW);
    assert.ok(!item.label.includes('$('));
    assert.ok(!item.description.includes('$('));
    assert.equal(item.label.replace(/\u200b/g, ''), title, 'still reads the same');
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
