// The sessions view's request rows as nodes kept per session (RequestNodes, behind RequestRows): a redraw gives the
// same nodes, an answered request's node goes, and forgetting one session leaves the others'.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { parsePermissionRequest } from '../../../src/client/wire/requests';
import { RequestNodes } from '../../../src/features/inbox/requestNodes';
import { compareRequests } from '../../../src/store/pendingRequest';
import { SessionStore } from '../../../src/store/sessionStore';
import { feed, sessionEvent, sessionInfo } from '../helpers/factories';

const asked = (id: string, sessionID: string) => ({
  type: 'request.asked' as const,
  request: parsePermissionRequest({ id, sessionID, permission: 'bash', patterns: ['ls'], always: [], metadata: {} })!,
});

function server(): { connection: ServerConnection; store: SessionStore } {
  const store = new SessionStore();
  feed(
    store,
    sessionEvent('session.created', sessionInfo({ id: 'root' })),
    sessionEvent('session.created', sessionInfo({ id: 'a', parentID: 'root' })),
  );
  feed(store, sessionEvent('session.created', sessionInfo({ id: 'b', parentID: 'root' })));
  for (const event of [asked('per_2', 'a'), asked('per_1', 'a'), asked('per_3', 'b')]) store.apply(event);
  return { connection: { config: { id: 'srv' }, sessions: store } as unknown as ServerConnection, store };
}

describe('RequestNodes', () => {
  test('one node per waiting request, in order, the same on a redraw; none for a session that waits on nothing', () => {
    const { connection, store } = server();
    const nodes = new RequestNodes();
    const a = nodes.underSession(connection, 'a');
    const order = [...store.get('a')!.requests.values()].sort(compareRequests).map((r) => r.id);
    assert.deepEqual(order.slice().sort(), ['per_1', 'per_2']);
    assert.deepEqual(
      a.map((n) => n.requestId),
      order,
    );
    assert.deepEqual(a[0], { kind: 'request', serverId: 'srv', sessionId: 'a', requestId: a[0].requestId });
    assert.deepEqual(nodes.underSession(connection, 'a'), a);
    assert.ok(
      nodes.underSession(connection, 'a').every((n, i) => n === a[i]),
      'the same objects',
    );
    assert.deepEqual(nodes.underSession(connection, 'root'), []);
    assert.deepEqual(nodes.underSession(connection, 'gone'), []);
    assert.equal(nodes.size, 2);
  });

  test('an answered request’s node goes; the others stay', () => {
    const { connection, store } = server();
    const nodes = new RequestNodes();
    const [first, second] = nodes.underSession(connection, 'a');
    const [b] = nodes.underSession(connection, 'b');
    store.apply({ type: 'request.closed', sessionID: 'a', id: first.requestId });
    assert.deepEqual(nodes.underSession(connection, 'a'), [second]);
    assert.ok(nodes.underSession(connection, 'a')[0] === second);
    // One answered and one asked: as many as drawn last, not the same ones.
    store.apply(asked('per_0', 'a'));
    store.apply({ type: 'request.closed', sessionID: 'a', id: second.requestId });
    store.apply(asked('per_9', 'a'));
    const now = nodes.underSession(connection, 'a');
    assert.deepEqual(
      now.map((n) => n.requestId),
      ['per_0', 'per_9'],
    );
    store.apply({ type: 'request.closed', sessionID: 'a', id: 'per_0' });
    store.apply({ type: 'request.closed', sessionID: 'a', id: 'per_9' });
    store.apply(asked('per_5', 'a'));
    assert.deepEqual(
      nodes.underSession(connection, 'a').map((n) => n.requestId),
      ['per_5'],
    );
    store.apply({ type: 'request.closed', sessionID: 'a', id: 'per_5' });
    assert.deepEqual(nodes.underSession(connection, 'a'), []);
    assert.ok(nodes.underSession(connection, 'b')[0] === b);
    assert.equal(nodes.size, 1);
  });

  test('forget: one session’s nodes, or all the server’s', () => {
    const { connection } = server();
    const nodes = new RequestNodes();
    const a = nodes.underSession(connection, 'a');
    const [b] = nodes.underSession(connection, 'b');
    nodes.forget('srv', 'a');
    assert.equal(nodes.size, 1);
    assert.ok(nodes.underSession(connection, 'b')[0] === b, 'b kept');
    assert.ok(nodes.underSession(connection, 'a')[0] !== a[0], 'a’s made anew');
    nodes.forget('srv');
    assert.equal(nodes.size, 0);
    nodes.forget('other', 'a');
  });
});
