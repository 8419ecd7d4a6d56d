// A session idle when OpenCode 2's event stream dropped is not among those caught up on from their logs, yet it may
// have worked in the gap (another client prompted it): its `time.updated` in the snapshot after the reconnect is
// later than when the stream dropped. Such a session is read again (the messages after the last one held), and once
// read it holds every message again if it did at the drop — its history is not read whole for the trends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MessageSink, ServerApi, SessionAddress } from '../../../src/client/serverApi';
import { MAX_MOVED, SessionData } from '../../../src/client/sessions/sessionData';
import type { SessionInfo } from '../../../src/store/events';

const info = (id: string, updated: number): SessionInfo => ({ id, title: id, directory: '/w', time: { created: 1, updated } });

/** A server whose message reads are recorded: the whole history, or what came after the last message seen. */
function server() {
  const reads: string[] = [];
  const api = {
    generation: 'v2',
    loadEveryMessage: (s: SessionAddress, sink: MessageSink) => {
      reads.push(`every ${s.id}`);
      sink.apply({ type: 'message.user', sessionID: s.id, messageID: `msg_${s.id}_1`, created: 10 });
      return Promise.resolve();
    },
    loadMessagesSince: (s: SessionAddress, sink: MessageSink, last: string) => {
      reads.push(`since ${s.id} ${last}`);
      sink.apply({ type: 'message.user', sessionID: s.id, messageID: `msg_${s.id}_2`, created: 20 });
      return Promise.resolve();
    },
  } as unknown as ServerApi;
  return { api, reads };
}

test('sessions idle at the drop that changed meanwhile: read again after the last message held, and complete again if they were', async () => {
  const { api, reads } = server();
  const data = new SessionData(() => api);
  const ids = ['ses_read', 'ses_some', 'ses_none', 'ses_still', 'ses_busy'];
  data.loadSnapshot(
    ids.map((id) => info(id, 100)),
    { ses_busy: { type: 'busy' } },
    [],
  );
  // Read whole before the drop: ses_read and ses_busy; one message of ses_some; nothing of ses_none.
  await data.loadAllMessages('ses_read');
  await data.loadAllMessages('ses_busy');
  data.applyLive({ type: 'message.user', sessionID: 'ses_some', messageID: 'msg_ses_some_0', created: 5 });
  reads.length = 0;

  assert.deepEqual(data.behind(), ['ses_busy'], 'only the working one is caught up on from its log');
  data.reconnected();
  // The snapshot after the reconnect: all but ses_still moved.
  data.loadSnapshot(
    ids.map((id) => info(id, id === 'ses_still' ? 100 : 200)),
    {},
    [],
  );
  const read = data.reader.get('ses_read')!;
  assert.equal(data.history.isComplete(read), false, 'moved since it was read: no longer complete');
  assert.deepEqual(
    data.movedWhileIdle().sort(),
    ['ses_read', 'ses_some'],
    'the idle ones that moved and hold something to bring up to date (ses_none holds nothing: a view reads it whole)',
  );
  assert.deepEqual(data.movedWhileIdle(), [], 'asked once per gap');

  for (const id of ['ses_read', 'ses_some']) await data.rereadMessages(id);
  assert.deepEqual(
    reads.sort(),
    ['since ses_read msg_ses_read_1', 'since ses_some msg_ses_some_0'],
    'after the last message held, not whole',
  );
  assert.equal(data.history.isComplete(read), true, 'held every message at the drop: complete again without a whole read');
  assert.equal(data.history.isComplete(data.reader.get('ses_some')!), false, 'never read whole: still not complete');
});

test(`at most ${MAX_MOVED} sessions that moved while idle are read again after one gap, the most recently changed first`, () => {
  const { api } = server();
  const data = new SessionData(() => api);
  const n = MAX_MOVED + 20;
  const ids = Array.from({ length: n }, (_, i) => `ses_${String(i).padStart(4, '0')}`);
  data.loadSnapshot(
    ids.map((id) => info(id, 100)),
    {},
    [],
  );
  for (const id of ids) data.applyLive({ type: 'message.user', sessionID: id, messageID: `msg_${id}`, created: 5 });
  data.behind();
  data.loadSnapshot(
    ids.map((id, i) => info(id, 200 + i)),
    {},
    [],
  );
  const moved = data.movedWhileIdle();
  assert.equal(moved.length, MAX_MOVED);
  assert.deepEqual(moved.slice(0, 2), [ids[n - 1], ids[n - 2]]);
});

test('a first connection has no gap: nothing moved while idle', () => {
  const { api } = server();
  const data = new SessionData(() => api);
  data.behind();
  data.loadSnapshot([info('ses_a', 200)], {}, []);
  assert.deepEqual(data.movedWhileIdle(), []);
});

test('a whole read asked while the gap is read (the status bar, the trend) waits for it, and reads nothing whole once it is complete again', async () => {
  const reads: string[] = [];
  let finish!: () => void;
  const api = {
    generation: 'v2',
    loadEveryMessage: (s: SessionAddress, sink: MessageSink) => {
      reads.push(`every ${s.id}`);
      sink.apply({ type: 'message.user', sessionID: s.id, messageID: 'msg_1', created: 10 });
      return Promise.resolve();
    },
    loadMessagesSince: (s: SessionAddress) => {
      reads.push(`since ${s.id}`);
      return new Promise<void>((resolve) => (finish = resolve));
    },
  } as unknown as ServerApi;
  const data = new SessionData(() => api);
  data.loadSnapshot([info('ses_a', 100)], {}, []);
  await data.loadAllMessages('ses_a');
  data.behind();
  data.reconnected();
  data.loadSnapshot([info('ses_a', 200)], {}, []);
  assert.deepEqual(data.movedWhileIdle(), ['ses_a']);
  const gap = data.rereadMessages('ses_a');
  const whole = data.loadAllMessages('ses_a');
  const aborted = new AbortController();
  const leaving = data.history.ensure(data.reader.get('ses_a')!, aborted.signal);
  aborted.abort();
  await assert.rejects(leaving, { name: 'AbortError' }, 'a caller that leaves stops waiting at once');
  finish();
  await Promise.all([gap, whole]);
  assert.deepEqual(reads, ['every ses_a', 'since ses_a'], 'the whole read before the drop, then only the gap');
  assert.equal(data.history.isComplete(data.reader.get('ses_a')!), true);
});
