// MessageHistory shares one read per session between callers; a read whose owner aborts it must not leave
// another caller, still waiting, with a history that was never read (the usage panel then showed no steps).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MessageHistory } from '../../../src/client/sessions/messageHistory';
import type { SessionRecord } from '../../../src/store/sessionRecord';

const record = { info: { id: 'ses_a', time: { created: 1, updated: 2 } } } as unknown as SessionRecord;

describe('MessageHistory', () => {
  test('a read aborted by its owner is read again for a caller still waiting', async () => {
    const reads: Array<{ signal?: AbortSignal; finish: () => void }> = [];
    const history = new MessageHistory(
      (_record, signal) =>
        new Promise<void>((resolve) => {
          reads.push({ signal, finish: resolve });
        }),
    );
    const owner = new AbortController();
    const first = history.ensure(record, owner.signal);
    const second = history.ensure(record, new AbortController().signal);
    assert.equal(reads.length, 1, 'one read at a time');
    owner.abort();
    reads[0].finish();
    await first;
    // The second caller's own read starts once the first one ended incomplete.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reads.length, 2, 'read again for the caller still waiting');
    assert.equal(history.isComplete(record), false);
    reads[1].finish();
    await second;
    assert.equal(history.isComplete(record), true);
  });

  test("a read that rejects because its owner aborted it (fetch's AbortError) does not fail a caller still waiting", async () => {
    const reads: Array<{ signal?: AbortSignal; finish: () => void }> = [];
    const history = new MessageHistory(
      (_record, signal) =>
        new Promise<void>((resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
          reads.push({ signal, finish: resolve });
        }),
    );
    const owner = new AbortController();
    const first = history.ensure(record, owner.signal);
    const second = history.ensure(record, new AbortController().signal);
    owner.abort();
    await assert.rejects(first);
    for (let turn = 0; turn < 100 && reads.length < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reads.length, 2, 'the waiting caller reads again');
    reads[1].finish();
    await second;
    assert.equal(history.isComplete(record), true);
  });

  test('a completed shared read is not repeated', async () => {
    let count = 0;
    const history = new MessageHistory(() => {
      count += 1;
      return Promise.resolve();
    });
    await Promise.all([history.ensure(record), history.ensure(record)]);
    assert.equal(count, 1);
    assert.equal(history.isComplete(record), true);
  });

  test('a session caught up after a gap counts as read under the new stream; another reconnect makes it incomplete again', () => {
    let reads = 0;
    const history = new MessageHistory(() => Promise.resolve(void (reads += 1)));
    const changed = { info: { id: 'ses_b', time: { created: 1, updated: 5 } } } as unknown as SessionRecord;
    history.reconnected();
    assert.equal(history.isComplete(changed), false);
    history.caughtUp(changed);
    assert.equal(history.isComplete(changed), true);
    changed.info.time.updated = 9;
    assert.equal(history.isComplete(changed), true, 'live events keep it current while the stream is open');
    history.reconnected();
    assert.equal(history.isComplete(changed), false);
    assert.equal(reads, 0, 'nothing read whole');
  });
});
