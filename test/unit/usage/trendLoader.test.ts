// The trend's loader on a real SessionStore and a real MessageHistory, with reads the test
// finishes by hand: newest sessions first, never more than TREND_CONCURRENCY reads at once, dispose aborts the
// reads in flight and starts none, a new loader reads only the rest, and failed reads are counted until Retry.
// Tests wait for states (a bounded number of turns of the event loop), never for time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Emitter } from '../../../src/base/emitter';
import { MessageHistory } from '../../../src/client/sessions/messageHistory';
import { TREND_CONCURRENCY, TrendLoader, type TrendProgress } from '../../../src/features/usage/trendLoader';
import type { SessionRecord } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import type { StoreChange } from '../../../src/store/storeChange';
import { feed, sessionEvent, sessionInfo } from '../helpers/factories';

interface Read {
  id: string;
  signal?: AbortSignal;
  settled: boolean;
  finish(): void;
  fail(message: string): void;
}

/** The history's read: each call waits for the test; it ends at once when its signal aborts, as fetch does. */
class Reads {
  readonly calls: Read[] = [];
  inFlight = 0;
  max = 0;

  readonly read = (record: SessionRecord, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      this.inFlight += 1;
      this.max = Math.max(this.max, this.inFlight);
      const call: Read = {
        id: record.info.id,
        signal,
        settled: false,
        finish: () => settle(() => resolve()),
        fail: (message) => settle(() => reject(new Error(message))),
      };
      const settle = (how: () => void) => {
        if (call.settled) return;
        call.settled = true;
        this.inFlight -= 1;
        // As the real read does (deadline's release()): a finished read leaves nothing on the loader's signal.
        signal?.removeEventListener('abort', aborted);
        how();
      };
      const aborted = () => settle(() => reject(new DOMException('aborted', 'AbortError')));
      signal?.addEventListener('abort', aborted, { once: true });
      this.calls.push(call);
    });

  open(): Read[] {
    return this.calls.filter((c) => !c.settled);
  }

  ids(): string[] {
    return this.calls.map((c) => c.id);
  }
}

/** `count` sessions, ses_00 … updated at 1 000 + i × 10 (so ses_<count-1> is the newest), listed in a shuffled order. */
function storeOf(count: number): SessionStore {
  const store = new SessionStore();
  const order = Array.from({ length: count }, (_, i) => (i * 7) % count);
  for (const i of order) feed(store, sessionEvent('session.created', sessionInfo({ id: sid(i), created: 500, updated: 1_000 + i * 10 })));
  return store;
}

const sid = (i: number) => `ses_${String(i).padStart(2, '0')}`;
/** Newest first: ses_<count-1> … ses_00. */
const newestFirst = (count: number) => Array.from({ length: count }, (_, i) => sid(count - 1 - i));

/** Turns the event loop until `done()` holds; fails (naming `what` and what was seen) after many turns. */
async function until(what: string, done: () => boolean, seen: () => unknown = () => undefined): Promise<void> {
  for (let turn = 0; turn < 10_000; turn++) {
    if (done()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail(`${what}: never happened; last seen ${JSON.stringify(seen())}`);
}

function setup(count: number, options: { concurrency?: number } = {}) {
  const store = storeOf(count);
  const reads = new Reads();
  const history = new MessageHistory(reads.read);
  const changes = new Emitter<StoreChange>();
  const reports: TrendProgress[] = [];
  const source = { sessions: store, history };
  const loader = (): TrendLoader => {
    const made: TrendLoader = new TrendLoader(source, changes.event, () => reports.push(made.progress()), {
      throttleMs: 0,
      ...options,
    });
    return made;
  };
  return { store, reads, history, changes, reports, loader };
}

/** Finishes open reads one at a time, oldest request first, until none is open and the loader is idle. */
async function finishAll(reads: Reads, loader: TrendLoader, check: () => void = () => undefined): Promise<void> {
  for (;;) {
    check();
    const open = reads.open();
    if (!open.length) {
      if (!loader.progress().reading) return;
      await until('the next read', () => reads.open().length > 0 || !loader.progress().reading);
      continue;
    }
    open[0].finish();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('TrendLoader', () => {
  test('reads the newest sessions (by time.updated) first', async () => {
    const { reads, loader } = setup(12, { concurrency: 1 });
    const l = loader();
    l.start();
    await finishAll(reads, l);
    assert.deepEqual(reads.ids(), newestFirst(12));
    l.dispose();
  });

  test(`never has more than ${TREND_CONCURRENCY} reads in flight, and keeps that many while sessions wait`, async () => {
    const { reads, loader } = setup(30, { concurrency: 50 });
    const l = loader();
    l.start();
    await until(
      'the first reads',
      () => reads.inFlight === TREND_CONCURRENCY,
      () => reads.inFlight,
    );
    assert.deepEqual(reads.ids(), newestFirst(30).slice(0, TREND_CONCURRENCY), 'the newest ones go first');
    await finishAll(reads, l, () => {
      assert.ok(reads.inFlight <= TREND_CONCURRENCY, `in flight ${reads.inFlight}`);
    });
    assert.equal(reads.max, TREND_CONCURRENCY);
    assert.equal(reads.calls.length, 30, 'each session read once');
    assert.deepEqual(new Set(reads.ids()).size, 30);
    // Start order stays newest first with several workers too.
    assert.deepEqual(reads.ids(), newestFirst(30));
    l.dispose();
  });

  test('dispose aborts the reads in flight, starts no new one, and leaves them unread', async () => {
    const { reads, history, store, loader } = setup(10);
    const l = loader();
    l.start();
    await until('reads in flight', () => reads.inFlight === TREND_CONCURRENCY);
    reads.open()[0].finish();
    await until('the next read', () => reads.calls.length === TREND_CONCURRENCY + 1);
    const inFlight = reads.open();
    assert.equal(inFlight.length, TREND_CONCURRENCY);
    l.dispose();
    for (const read of inFlight) assert.equal(read.signal?.aborted, true, `${read.id}'s request aborted`);
    await until('aborted reads ended', () => reads.inFlight === 0);
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reads.calls.length, TREND_CONCURRENCY + 1, 'no read started after dispose');
    for (const read of inFlight) assert.equal(history.isComplete(store.get(read.id)!), false, `${read.id} not taken as read`);
    assert.equal(history.isComplete(store.get(reads.calls[0].id)!), true);
  });

  test('a new loader (the panel reopened) reads only the sessions not read yet, newest first', async () => {
    const { reads, loader } = setup(12);
    const first = loader();
    first.start();
    await until('reads in flight', () => reads.inFlight === TREND_CONCURRENCY);
    for (const read of reads.open().slice(0, 3)) read.finish();
    await until('three read, more started', () => reads.calls.length === TREND_CONCURRENCY + 3);
    const done = reads.calls.filter((c) => c.settled).map((c) => c.id);
    assert.deepEqual(done, newestFirst(12).slice(0, 3));
    assert.equal(first.progress().read, 3);
    first.dispose();
    await until('aborted reads ended', () => reads.inFlight === 0);

    const before = reads.calls.length;
    const second = loader();
    second.start();
    await finishAll(reads, second);
    const again = reads.ids().slice(before);
    assert.deepEqual(again, newestFirst(12).slice(3), 'only the rest, newest first');
    assert.deepEqual(second.progress(), { sessions: 12, read: 12, failed: 0, reading: false });
    second.dispose();
  });

  test('counts progress and failed reads, and Retry reads the failed ones again', async () => {
    const { reads, reports, loader } = setup(8);
    const l = loader();
    l.start();
    const failing = new Set([sid(6), sid(1)]);
    for (;;) {
      const open = reads.open();
      if (!open.length && !l.progress().reading) break;
      if (!open.length) {
        await until('a read', () => reads.open().length > 0 || !l.progress().reading);
        continue;
      }
      const next = open[0];
      if (failing.has(next.id)) next.fail('500 Internal Server Error');
      else next.finish();
      await until('the read settled', () => next.settled);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(l.progress(), { sessions: 8, read: 6, failed: 2, reading: false });
    assert.deepEqual(reports.at(-1), { sessions: 8, read: 6, failed: 2, reading: false }, 'the last report says where it ended');
    // Reports only ever count up while reading.
    const readCounts = reports.map((r) => r.read);
    assert.deepEqual(
      readCounts,
      [...readCounts].sort((a, b) => a - b),
    );
    assert.equal(reads.calls.length, 8, 'a failed read is not repeated by itself');

    l.retry();
    await until('the failed ones read again', () => reads.open().length === 2);
    assert.deepEqual(
      reads.open().map((r) => r.id),
      [sid(6), sid(1)],
    );
    assert.equal(l.progress().reading, true);
    await finishAll(reads, l);
    assert.deepEqual(l.progress(), { sessions: 8, read: 8, failed: 0, reading: false });
    assert.deepEqual(reports.at(-1), { sessions: 8, read: 8, failed: 0, reading: false });
    l.dispose();
  });

  test('a session that arrives while loading is read too', async () => {
    const { store, reads, changes, loader } = setup(3);
    const l = loader();
    l.start();
    await finishAll(reads, l);
    const change = feed(store, sessionEvent('session.created', sessionInfo({ id: 'ses_new', created: 5_000, updated: 5_000 })));
    changes.fire(change);
    await until('the new session read', () => reads.open().some((r) => r.id === 'ses_new'));
    await finishAll(reads, l);
    assert.deepEqual(l.progress(), { sessions: 4, read: 4, failed: 0, reading: false });
    l.dispose();
  });
});
