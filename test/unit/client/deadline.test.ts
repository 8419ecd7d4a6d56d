// Request limits that always fire, on the Node that runs the tests (20 here, as some VS Code extension hosts):
// a server that accepts a connection and never answers, with garbage collection forced while waiting.
// On Node 20, AbortSignal.any([…, AbortSignal.timeout(ms)]) never fires once GC has run; deadline() must.
import assert from 'node:assert/strict';
import { getEventListeners, setMaxListeners } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deadline, release } from '../../../src/client/transport/deadline';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe(`deadline on Node ${process.version}`, () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let url = '';

  before(async () => {
    // Accepts, reads, never answers.
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/`;
  });
  after(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });

  /**
   * What happened, in order: the fetch to the silent server giving up (its error's name) among marks set on the same
   * timers at `marks` ms, with GC forced every 20 ms. Timers fire in the order they are due however late a loaded
   * machine runs them all, so the order says "not before 250 ms, before 2 s" where a stopwatch would measure the load.
   */
  async function eventsOf(signal: AbortSignal, marks: Record<string, number>): Promise<string[]> {
    const events: string[] = [];
    const collect = setInterval(gc, 20);
    const timers = Object.entries(marks).map(([name, ms]) => setTimeout(() => events.push(name), ms));
    try {
      await Promise.race([
        fetch(url, { signal }).then(
          () => events.push('answered'),
          (err: Error) => events.push(err.name),
        ),
        // The last mark ends the wait: a limit that never fires is seen in the events, not waited for.
        new Promise<void>((resolve) => setTimeout(resolve, Math.max(...Object.values(marks)))),
      ]);
      return events;
    } finally {
      clearInterval(collect);
      for (const timer of timers) clearTimeout(timer);
    }
  }

  test('fires on time with a parent signal that never aborts, GC or not', async () => {
    const parent = new AbortController();
    const events = await eventsOf(deadline(300, parent.signal), { 'at 250 ms': 250, 'at 2 s': 2_000 });
    assert.deepEqual(events, ['at 250 ms', 'TimeoutError']);
  });

  test('fires on time alone', async () => {
    const events = await eventsOf(deadline(300), { 'at 250 ms': 250, 'at 2 s': 2_000 });
    assert.deepEqual(events, ['at 250 ms', 'TimeoutError']);
  });

  test("follows the parent: its abort comes first, with the parent's reason", async () => {
    const parent = new AbortController();
    setTimeout(() => parent.abort(new DOMException('stopped', 'AbortError')), 100);
    const events = await eventsOf(deadline(10_000, parent.signal), { 'at 50 ms': 50, 'at 2 s': 2_000 });
    assert.deepEqual(events, ['at 50 ms', 'AbortError']);
  });

  test('an already aborted parent aborts at once', () => {
    const parent = new AbortController();
    parent.abort();
    assert.equal(deadline(10_000, parent.signal).aborted, true);
  });

  test("release() takes a finished request's listener off the parent, so a long-lived signal does not gather them", () => {
    const parent = new AbortController();
    // 50 at once on purpose: without this Node warns of a leak the test is about to show is not one.
    setMaxListeners(50, parent.signal);
    const limits = Array.from({ length: 50 }, () => deadline(10_000, parent.signal));
    assert.equal(getEventListeners(parent.signal, 'abort').length, 50);
    for (const limit of limits) release(limit);
    assert.equal(getEventListeners(parent.signal, 'abort').length, 0);
    parent.abort();
    assert.equal(limits[0].aborted, false, 'a released limit no longer follows the parent');
  });
});
