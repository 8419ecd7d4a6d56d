// The stuck-host watchdog fails a run only for a host whose own thread works: a profile mostly in our code fails it
// naming that code; a host idle behind a stalled connection is waited for (looked at again), and a line saying it
// answers again ends the wait. A run that broke off keeps the count of what passed before (stageResult.ts).
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CpuProfile } from '../../vscode-server/hostBusy';
import { hostVerdict, TOP_FRAMES } from '../../vscode-server/hostBusy';
import { QuietLimit, resultWithoutReport, progressLine } from '../../vscode-server/stageResult';
import { HUNG_MS, StuckHostWatch, type HostLook } from '../../vscode-server/stuckHost';

const UNRESPONSIVE = 'Extension host (Remote) is unresponsive.';
const RESPONSIVE = 'Extension host (Remote) is responsive.';

/** A profile of `samples` samples, `busy` of them in `settle` of eventStream.js, the rest idle. */
function profile(samples: number, busy: number): CpuProfile {
  const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 225, columnNumber: 4 });
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3] },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('settle', 'file:///ext/dist/eventStream.js') },
    ],
    samples: Array.from({ length: samples }, (_, i) => (i < busy ? 3 : 2)),
  };
}

/** The watch with its timers and looks in the test's hands. */
function watchWith(looks: CpuProfile[]) {
  const timers: Array<() => void> = [];
  const hung: Error[] = [];
  const waited: string[] = [];
  let looked = 0;
  const watch = new StuckHostWatch(
    {
      look: () => Promise.resolve<HostLook>({ profile: looks[Math.min(looked++, looks.length - 1)], summary: 'the profiler says' }),
      setTimer: (callback, ms) => {
        assert.equal(ms, HUNG_MS);
        timers.push(callback);
        return timers.length;
      },
      clearTimer: (timer) => {
        if (typeof timer === 'number') timers[timer - 1] = () => assert.fail('a cleared timer fired');
      },
      waiting: (text) => waited.push(text),
    },
    'test-results/x-host.cpuprofile',
    (error) => hung.push(error),
  );
  /** Fires the newest timer and lets the look it starts settle. */
  const expire = async () => {
    const fire = timers.at(-1);
    assert.ok(fire, 'a timer is armed');
    timers.length = 0;
    fire();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { watch, timers, hung, waited, expire, looks: () => looked };
}

describe('the stuck-host watchdog', () => {
  test('a profile mostly idle is idle; one mostly in our code is busy, naming it', () => {
    const idle = hostVerdict(profile(100, 13));
    assert.equal(idle.busy, false);
    assert.equal(idle.idle, 0.87);
    const busy = hostVerdict(profile(100, 90));
    assert.equal(busy.busy, true);
    assert.equal(busy.top, 'settle dist/eventStream.js:226:5 (90 %)');
    assert.equal(hostVerdict({ nodes: [], samples: [] }).busy, false, 'no samples say nothing worked');
  });

  test('a busy verdict names the hottest frames by own time, hottest first, at most TOP_FRAMES', () => {
    const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });
    const counts: Array<[number, number]> = [
      [2, 10], // idle
      [3, 40],
      [4, 25],
      [5, 15],
      [6, 10],
    ];
    const verdict = hostVerdict({
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 5, 6] },
        { id: 2, callFrame: frame('(idle)') },
        { id: 3, callFrame: frame('rowsOf', 'file:///ext/dist/clusterRows.js', 85) },
        { id: 4, callFrame: frame('(garbage collector)') },
        { id: 5, callFrame: frame('find', 'file:///ext/dist/clusterTree.js', 145) },
        { id: 6, callFrame: frame('tick', 'file:///ext/dist/clusterTree.js', 269) },
      ],
      samples: counts.flatMap(([id, n]) => Array<number>(n).fill(id)),
    });
    assert.equal(TOP_FRAMES, 3);
    assert.equal(verdict.busy, true);
    assert.equal(verdict.top, 'rowsOf dist/clusterRows.js:86:1 (40 %); (garbage collector) (25 %); find dist/clusterTree.js:146:1 (15 %)');
  });

  test('a busy host fails the run after HUNG_MS, naming the code', async () => {
    const w = watchWith([profile(100, 95)]);
    w.watch.line(UNRESPONSIVE);
    assert.equal(w.looks(), 1, 'profiled at the first line');
    await w.expire();
    assert.equal(w.hung.length, 1);
    assert.match(w.hung[0].message, /busy .*5 % idle.*in settle dist\/eventStream\.js:226:5 \(95 %\)/);
    assert.equal(w.timers.length, 0);
  });

  test('an idle host (87 % idle) is waited for and looked at again; a busy look later fails it', async () => {
    const w = watchWith([profile(100, 13), profile(100, 13), profile(100, 80)]);
    w.watch.line(UNRESPONSIVE);
    await w.expire();
    assert.equal(w.hung.length, 0, 'not failed');
    assert.match(w.waited[0], /87 % idle: waiting for the client to reconnect/);
    assert.equal(w.timers.length, 1, 'looked at again after HUNG_MS');
    await w.expire();
    assert.equal(w.hung.length, 1, 'busy now');
    assert.match(w.hung[0].message, /20 % idle/);
  });

  test('a host that cannot be profiled (blocked in native code) is failed at the second look without a profile, not at the stage’s timeout', async () => {
    const none = undefined as unknown as CpuProfile;
    const w = watchWith([none, none, none]);
    w.watch.line(UNRESPONSIVE);
    await w.expire();
    assert.equal(w.hung.length, 0, 'the first look without a profile waits');
    assert.match(w.waited[0], /not profiled: waiting for the client to reconnect/);
    await w.expire();
    assert.equal(w.hung.length, 1);
    assert.match(w.hung[0].message, /could not be profiled 2 times/);
  });

  test('a host that answers again is not judged', async () => {
    const w = watchWith([profile(100, 95)]);
    w.watch.line(UNRESPONSIVE);
    w.watch.line(RESPONSIVE);
    assert.equal(w.timers.length, 1);
    w.watch.line('ordinary line');
    w.watch.line(UNRESPONSIVE);
    await w.expire();
    assert.equal(w.hung.length, 1, 'unresponsive again, busy: failed once');
  });

  test('a look that outlives its spell decides nothing; the new spell is judged once', async () => {
    const timers: Array<() => void> = [];
    const hung: Error[] = [];
    const pendingLooks: Array<(look: HostLook) => void> = [];
    const watch = new StuckHostWatch(
      {
        look: () => new Promise<HostLook>((resolve) => pendingLooks.push(resolve)),
        setTimer: (callback) => timers.push(callback),
        clearTimer: () => undefined,
        waiting: () => undefined,
      },
      'x',
      (error) => hung.push(error),
    );
    const settle = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    watch.line(UNRESPONSIVE);
    pendingLooks.shift()!({ summary: 'first' });
    timers.shift()!();
    // The judge's look is in flight when the host answers and stops answering again.
    watch.line(RESPONSIVE);
    watch.line(UNRESPONSIVE);
    assert.equal(timers.length, 1, 'the new spell armed its own timer');
    pendingLooks.shift()!({ profile: profile(100, 95), summary: 'stale' });
    await settle();
    assert.equal(hung.length, 0, 'the stale look decided nothing');
    assert.equal(timers.length, 1, 'and armed no second timer');
    timers.shift()!();
    pendingLooks.shift()!({ profile: profile(100, 95), summary: 'fresh' });
    await settle();
    assert.equal(hung.length, 1);
    assert.match(hung[0].message, /fresh/);
  });

  test('a stage that broke off keeps the count of what passed before it', () => {
    const progress =
      progressLine('pass', 'a') + progressLine('pass', 'b\nsecond line') + progressLine('fail', 'c') + progressLine('pass', 'd');
    assert.deepEqual(resultWithoutReport(progress), { passed: 3, failed: 2, code: 1 });
    assert.deepEqual(resultWithoutReport(''), { passed: 0, failed: 1, code: 1 });
  });

  test('a stage ends when its tests have noted nothing for the quiet limit, however long it has run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocs-quiet-'));
    try {
      const progress = join(dir, 'progress');
      const minute = 60_000;
      const limit = new QuietLimit(progress, 15 * minute, 0);
      assert.equal(limit.check(14 * minute), undefined, 'no file yet, within the limit');
      // An hour of tests, one result every ten minutes: never quiet for 15.
      for (let t = 10; t <= 60; t += 10) {
        appendFileSync(progress, progressLine('pass', `test at ${t} min`));
        assert.equal(limit.check(t * minute), undefined, `at ${t} min`);
      }
      assert.equal(limit.check(74 * minute), undefined, '14 minutes after the last result');
      assert.match(String(limit.check(75 * minute)?.message), /^no test reported for 900 s$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
