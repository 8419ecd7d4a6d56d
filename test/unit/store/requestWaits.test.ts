// Waits for a person as the Timeline marks them (issue 73): a permission asked before this window connected (the
// demo's "Run the test suite" waits from before VS Code starts) is marked from when it was asked — its id's time —
// and counted as waiting once answered; one gone from a later listing ends then; the hover has what it asked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import type { PermissionRequest } from '../../../src/store/pendingRequest';
import { askedAt, idTime } from '../../../src/store/requestTime';
import { SessionStore } from '../../../src/store/sessionStore';
import { buildTimeline } from '../../../src/store/timeline/timelineFigures';
import { laneSteps } from '../../../src/store/timeline/timelineLanes';
import { runNow } from '../../../src/base/slices';

const T = Date.UTC(2026, 10, 28, 12, 0, 0);

/** An id as OpenCode makes one at `ms`: 12 hex digits of (ms × 0x1000 + counter) cut to 48 bits, then 14 random characters. */
function openCodeId(prefix: string, ms: number, counter = 1): string {
  const value = (BigInt(ms) * 0x1000n + BigInt(counter)) & ((1n << 48n) - 1n);
  return `${prefix}_${value.toString(16).padStart(12, '0')}AbCdEfGhIjKlMn`;
}

const info = (id: string, created: number): SessionInfo => ({ id, title: id, directory: '/w', time: { created, updated: created } });
const permission = (id: string, sessionID: string): PermissionRequest => ({
  kind: 'permission',
  id,
  sessionID,
  permission: 'bash',
  patterns: ['npm test'],
  always: ['npm *'],
  metadata: { command: 'npm test' },
});
const step = (sessionID: string, id: string, created: number, completed?: number): StoreEvent => ({
  type: 'message.assistant',
  info: { id, sessionID, role: 'assistant', cost: 0.01, tokens: { input: 1, output: 1 }, time: { created, completed } },
});

describe('request times', () => {
  test("an OpenCode id's time, the latest one it can be at or before now", () => {
    assert.equal(idTime(openCodeId('per', T), T + 5000), T);
    assert.equal(idTime(openCodeId('que', T - 3_600_000, 7), T), T - 3_600_000);
    // A server's clock a little ahead of ours: at our now, not later.
    assert.equal(idTime(openCodeId('per', T + 2000), T), T);
    assert.equal(idTime('per_nothex0000000abc', T), undefined);
    assert.equal(idTime('per_123', T), undefined);
    assert.equal(idTime('no-prefix', T), undefined);
  });

  test('an id that reads as no recent time is taken as seen now', () => {
    assert.equal(askedAt(openCodeId('per', T - 30 * 86_400_000), T), T);
    assert.equal(askedAt('per_1', T), T);
    assert.equal(askedAt(openCodeId('per', T - 120_000), T), T - 120_000);
  });
});

describe('waits first seen in a listing', () => {
  test('a permission asked before this window connected is marked from when it was asked, and counts as waiting', () => {
    const clock = { now: T + 50_000 };
    const store = new SessionStore(() => clock.now);
    const id = openCodeId('per', T + 2000);
    store.loadSnapshot([info('S', T)], { S: { type: 'busy' } }, [permission(id, 'S')]);
    store.apply(step('S', 'm1', T + 1000));
    clock.now = T + 122_000;
    store.apply({ type: 'request.closed', sessionID: 'S', id });
    store.apply(step('S', 'm1', T + 1000, T + 123_000));
    store.apply({ type: 'session.status', sessionID: 'S', status: { type: 'idle' } });
    const lane = runNow(laneSteps(store.get('S')!, { now: T + 130_000 }));
    assert.deepEqual(lane.marks, [
      { kind: 'permission', start: T + 2000, end: T + 122_000, open: false, ref: id, detail: 'bash: npm test' },
    ]);
    const { figures } = buildTimeline('S', [lane])!;
    assert.deepEqual([figures.busyMs, figures.waitingMs, figures.idleMs], [2000, 120_000, 0]);
    assert.deepEqual([figures.longestWait?.kind, figures.longestWait?.ms], ['permission', 120_000]);
  });

  test('a wait a later listing no longer has ends then (answered while the window was away)', () => {
    const clock = { now: T };
    const store = new SessionStore(() => clock.now);
    const id = openCodeId('per', T - 1000);
    store.loadSnapshot([info('S', T - 5000)], { S: { type: 'busy' } }, [permission(id, 'S')]);
    clock.now = T + 9000;
    store.loadSnapshot([info('S', T - 5000)], { S: { type: 'busy' } }, []);
    const lane = runNow(laneSteps(store.get('S')!, { now: T + 60_000 }));
    assert.deepEqual(
      lane.marks.map((m) => [m.kind, m.start - T, m.end - T, m.open]),
      [['permission', -1000, 9000, false]],
    );
  });

  test('a listing of thousands of requests for one session marks no more than a session keeps', () => {
    const store = new SessionStore(() => T);
    const requests = Array.from({ length: 5000 }, (_, i) => permission(openCodeId('per', T - 5000 + i), 'S'));
    store.loadSnapshot([info('S', T - 10_000)], { S: { type: 'busy' } }, requests);
    const marks = store.get('S')!.marks!;
    assert.equal(marks.length, 500);
    assert.equal(marks[marks.length - 1].start, T - 1);
  });

  test('a listing read before an answer came, applied after it, marks the request no second time', () => {
    const clock = { now: T };
    const store = new SessionStore(() => clock.now);
    const id = openCodeId('per', T - 1000);
    store.loadSnapshot([info('S', T - 5000)], { S: { type: 'busy' } }, [permission(id, 'S')]);
    clock.now = T + 4000;
    store.apply({ type: 'request.closed', sessionID: 'S', id });
    clock.now = T + 6000;
    store.replaceRequests([permission(id, 'S')]);
    const lane = runNow(laneSteps(store.get('S')!, { now: T + 60_000 }));
    assert.deepEqual(
      lane.marks.map((m) => [m.kind, m.start - T, m.end - T, m.open]),
      [['permission', -1000, 4000, false]],
    );
  });

  test('a request id that reads as a time before its session was made is marked from the session’s start', () => {
    const store = new SessionStore(() => T);
    store.loadSnapshot([info('S', T - 2000)], { S: { type: 'busy' } }, [permission(openCodeId('per', T - 3 * 86_400_000), 'S')]);
    assert.equal(store.get('S')!.marks![0].start, T - 2000);
  });

  test('thousands of requests gone from a listing at once end in one pass', () => {
    const clock = { now: T };
    const store = new SessionStore(() => clock.now);
    const requests = Array.from({ length: 3000 }, (_, i) => permission(openCodeId('per', T - 5000 + i), 'S'));
    store.loadSnapshot([info('S', T - 10_000)], { S: { type: 'busy' } }, requests);
    clock.now = T + 1000;
    store.loadSnapshot([info('S', T - 10_000)], { S: { type: 'busy' } }, []);
    const marks = store.get('S')!.marks!;
    assert.equal(marks.length, 500);
    assert.ok(marks.every((m) => m.end === T + 1000));
  });
});
