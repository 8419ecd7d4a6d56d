// A held connection (a suspended Agent's) makes no attempt and schedules no retry, says why once, and tries
// again as soon as it is released; holding it ends an attempt under way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionLoop } from '../../../src/client/connection/connectionLoop';
import { DEFAULT_CONNECTION_OPTIONS } from '../../../src/client/connection/connectionState';
import { waitFor } from '../../harness/waitFor';

class CountingLoop extends ConnectionLoop {
  attempts = 0;
  readonly lines: string[] = [];
  constructor() {
    const lines: string[] = [];
    super({ info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) }, DEFAULT_CONNECTION_OPTIONS, {
      url: 'http://127.0.0.1:9',
    });
    this.lines = lines;
  }
  get label(): string {
    return 'sleeper';
  }
  /** Stays "connected" until aborted, like an event stream. */
  protected connectOnce(signal: AbortSignal): Promise<void> {
    this.attempts++;
    this.setState({ kind: 'online' });
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
}

const REASON = 'The Agent is suspended; it is connected once it resumes.';

test('held before it starts: no attempt, offline with the reason and no retry, one log line', async () => {
  const loop = new CountingLoop();
  loop.hold(REASON);
  loop.hold(REASON); // every cluster snapshot says it again
  loop.start();
  await waitFor(
    'offline',
    () => loop.state,
    (s) => s.kind === 'offline',
  );
  assert.deepEqual(loop.state, { kind: 'offline', reason: REASON });
  assert.equal(loop.attempts, 0);
  assert.deepEqual(loop.lines, [`sleeper: not connecting: ${REASON}`]);

  loop.hold(undefined);
  await waitFor(
    'online once released',
    () => loop.state.kind,
    (k) => k === 'online',
  );
  assert.equal(loop.attempts, 1);
  loop.dispose();
});

test('held while online: the attempt ends and none follows until released', async () => {
  const loop = new CountingLoop();
  loop.start();
  await waitFor(
    'online',
    () => loop.state.kind,
    (k) => k === 'online',
  );
  loop.hold(REASON);
  await waitFor(
    'offline',
    () => loop.state.kind,
    (k) => k === 'offline',
  );
  assert.equal(loop.attempts, 1);
  loop.hold(undefined);
  await waitFor(
    'online again',
    () => loop.state.kind,
    (k) => k === 'online',
  );
  assert.equal(loop.attempts, 2);
  loop.dispose();
});
