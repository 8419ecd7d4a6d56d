// MessageHistory shares one read per session between callers: a caller that aborts stops waiting, and the read
// itself stops only once no caller wants it (a closed usage panel's reads end; one the status bar waits for too goes
// on, and is not read twice).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MessageHistory } from '../../../src/client/sessions/messageHistory';
import type { SessionRecord } from '../../../src/store/sessionRecord';

const record = { info: { id: 'ses_a', time: { created: 1, updated: 2 } } } as unknown as SessionRecord;

/** Reads the test ends by hand; each rejects at once when its signal aborts, as fetch does. */
function heldReads() {
  const calls: Array<{ signal: AbortSignal; finish: () => void; fail: (message: string) => void }> = [];
  const read = (_record: SessionRecord, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
      calls.push({ signal: signal!, finish: resolve, fail: (message) => reject(new Error(message)) });
    });
  return { calls, read };
}

describe('MessageHistory', () => {
  test('a caller that aborts stops waiting at once; the read goes on for another caller still waiting', async () => {
    const reads = heldReads();
    const history = new MessageHistory(reads.read);
    const owner = new AbortController();
    const first = history.ensure(record, owner.signal);
    const second = history.ensure(record, new AbortController().signal);
    assert.equal(reads.calls.length, 1, 'one read at a time');
    owner.abort();
    await assert.rejects(first, { name: 'AbortError' });
    assert.equal(reads.calls[0].signal.aborted, false, 'the other caller still wants it: its requests go on');
    assert.equal(history.reading(record), true);
    reads.calls[0].finish();
    await second;
    assert.equal(reads.calls.length, 1, 'not read again');
    assert.equal(history.isComplete(record), true);
  });

  test('the read stops, down to its requests, once every caller that wanted it aborted; the next caller reads anew', async () => {
    const reads = heldReads();
    const history = new MessageHistory(reads.read);
    const panel = new AbortController();
    const timeline = new AbortController();
    const first = history.ensure(record, panel.signal);
    const second = history.ensure(record, timeline.signal);
    panel.abort();
    assert.equal(reads.calls[0].signal.aborted, false, 'one caller still waits');
    timeline.abort();
    assert.equal(reads.calls[0].signal.aborted, true, 'nobody waits: the read is aborted');
    assert.equal(history.reading(record), false);
    await assert.rejects(first, { name: 'AbortError' });
    await assert.rejects(second, { name: 'AbortError' });
    const third = history.ensure(record);
    assert.equal(reads.calls.length, 2, 'a new read, not the aborted one');
    reads.calls[1].finish();
    await third;
    assert.equal(history.isComplete(record), true);
    assert.equal(history.wholeReads, 2);
  });

  test('a caller without a signal keeps the read going when the callers with one abort', async () => {
    const reads = heldReads();
    const history = new MessageHistory(reads.read);
    const panel = new AbortController();
    const statusBar = history.ensure(record);
    const trend = history.ensure(record, panel.signal);
    panel.abort();
    await assert.rejects(trend, { name: 'AbortError' });
    assert.equal(reads.calls[0].signal.aborted, false);
    reads.calls[0].finish();
    await statusBar;
    assert.equal(history.isComplete(record), true);
  });

  test('an aborted signal starts no read; a read that fails fails every caller waiting', async () => {
    const reads = heldReads();
    const history = new MessageHistory(reads.read);
    const gone = new AbortController();
    gone.abort();
    await assert.rejects(history.ensure(record, gone.signal), { name: 'AbortError' });
    assert.equal(reads.calls.length, 0);
    const first = history.ensure(record, new AbortController().signal);
    const second = history.ensure(record);
    reads.calls[0].fail('disk on fire');
    await assert.rejects(first, /disk on fire/);
    await assert.rejects(second, /disk on fire/);
    assert.equal(history.isComplete(record), false);
    assert.equal(history.reading(record), false);
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
