// Where a server's content index is kept. A found server (the probed port, the OpenCode 2 service) is known by its
// oldest session: created sessions must not move it (OpenCode's session ids sort newest first, so the smallest id
// is the newest session), another store must not share it, and nothing is kept on disk until one is listed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oldestSession, storageKey } from '../../../src/features/search/node/indexKey';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';

/** Ids as OpenCode makes them for sessions: a later session has a smaller id. */
const info = (id: string, created: number): SessionInfo => ({ id, title: id, directory: '/w', time: { created, updated: created } });

function found(by: 'service' | 'probe', sessions: SessionInfo[], online = true) {
  const store = new SessionStore();
  store.loadSnapshot(sessions);
  return {
    config: { id: 'local', name: 'local', url: 'http://127.0.0.1:1', found: { by, where: 'OpenCode 2 service (service.json)' } },
    state: { kind: online ? 'online' : 'connecting' },
    sessions: store,
  } as unknown as Parameters<typeof storageKey>[0];
}

const first = info('ses_ffff00000000aaaa', 1_000);
const second = info('ses_eeee00000000bbbb', 2_000);
const third = info('ses_dddd00000000cccc', 3_000);

test('the oldest session is the one created first, not the smallest id', () => {
  assert.equal(oldestSession(found('service', [third, first, second])), first.id);
});

test('a session created later keeps the key; another store (another oldest session) gets another', () => {
  for (const by of ['service', 'probe'] as const) {
    const before = storageKey(found(by, [first, second]));
    assert.ok(before);
    assert.equal(storageKey(found(by, [first, second, third])), before, `${by}: a new session changes nothing`);
    assert.notEqual(storageKey(found(by, [second, third])), before, `${by}: another store`);
  }
  assert.notEqual(storageKey(found('service', [first])), storageKey(found('probe', [first])), 'the service and the port apart');
});

test('nothing on disk until the server is online and lists a session', () => {
  assert.equal(storageKey(found('service', [])), undefined);
  assert.equal(storageKey(found('service', [first], false)), undefined);
});
