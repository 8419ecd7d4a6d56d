// The OpenCode Go usage client against a loopback stand-in with the endpoint's documented shapes and every
// error status, and the per-window forecast.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fetchGoUsage, goBaseUrlProblem, GoUsageError } from '../../../src/client/go/goUsageClient';
import { forecastGoWindow, parseGoUsage } from '../../../src/store/goPlan';
import { GO_STAND_IN_KEY, startGoStandIn, type GoStandIn } from '../../harness/goStandIn';

describe('fetchGoUsage', () => {
  let standIn: GoStandIn;
  before(async () => {
    standIn = await startGoStandIn({ percents: [62, 30, 10] });
  });
  after(() => standIn.close());

  const failure = async (key = GO_STAND_IN_KEY): Promise<GoUsageError> => {
    const err = await fetchGoUsage(standIn.baseUrl, key).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof GoUsageError, `expected a GoUsageError, got ${String(err)}`);
    assert.ok(!err.message.includes(GO_STAND_IN_KEY), 'the key never appears in a message');
    return err;
  };

  test('reads the three windows with their reset times, sending the key as Bearer', async () => {
    const resets: [number, number, number] = [Date.UTC(2026, 10, 25, 16, 40), Date.UTC(2026, 10, 30), Date.UTC(2026, 11, 20)];
    standIn.answer = { percents: [62, 30, 10], resets };
    const usage = await fetchGoUsage(`${standIn.baseUrl}/`, GO_STAND_IN_KEY);
    assert.deepEqual(usage.windows, {
      rolling: { status: 'ok', percent: 62, resetsAt: resets[0] },
      weekly: { status: 'ok', percent: 30, resetsAt: resets[1] },
      monthly: { status: 'ok', percent: 10, resetsAt: resets[2] },
    });
    assert.equal(usage.workspaceID, 'wrk_test');
    assert.equal(standIn.asked.at(-1), `Bearer ${GO_STAND_IN_KEY}`);
  });

  test('the key goes only to https: or to this machine: a plain http: base elsewhere is refused before anything is sent', async () => {
    const asked = standIn.asked.length;
    // 0.0.0.0 reaches this machine's stand-in on Linux, yet is not a loopback name: sent, the stand-in would hear the key.
    const port = new URL(standIn.baseUrl).port;
    for (const base of [`http://0.0.0.0:${port}`, 'http://go.example.com/zen/go/v1', 'ftp://go.example.com', 'not a url']) {
      const err = await fetchGoUsage(base, GO_STAND_IN_KEY).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof GoUsageError && err.kind === 'insecure', `${base}: ${String(err)}`);
      assert.match(err.message, /opencodeSessions\.go\.baseUrl/);
      assert.ok(!err.message.includes(GO_STAND_IN_KEY));
    }
    assert.equal(standIn.asked.length, asked, 'the stand-in heard no key');
    for (const base of ['https://opencode.ai/zen/go/v1', 'http://127.0.0.1:1/x', 'http://localhost:1', 'http://[::1]:1'])
      assert.equal(goBaseUrlProblem(base), undefined, base);
  });

  test('a rate-limited window is read as such', async () => {
    standIn.answer = { percents: [100, 40, 20], rateLimited: true };
    const usage = await fetchGoUsage(standIn.baseUrl, GO_STAND_IN_KEY);
    assert.equal(usage.windows.rolling.status, 'rate-limited');
    assert.equal(usage.windows.weekly.status, 'ok');
  });

  test('401: the key is not accepted, set it again', async () => {
    standIn.answer = { percents: [1, 1, 1] };
    const err = await failure('wrong-key');
    assert.equal(err.kind, 'unauthorized');
    assert.match(err.message, /401.*Set OpenCode Go Key/);
  });

  test('403: no Go subscription', async () => {
    standIn.answer = { status: 403 };
    const err = await failure();
    assert.equal(err.kind, 'noSubscription');
    assert.match(err.message, /no Go subscription \(403\)/);
  });

  test('429: asked to wait, with Retry-After kept', async () => {
    standIn.answer = { status: 429, retryAfter: '120', body: { error: 'slow down' } };
    const before = Date.now();
    const err = await failure();
    assert.equal(err.kind, 'rateLimited');
    assert.ok(err.retryAt! >= before + 120_000);
    assert.match(err.message, /429/);
  });

  test('5xx: the service failed, read again later', async () => {
    for (const status of [500, 502, 503]) {
      standIn.answer = { status, body: 'upstream' };
      const err = await failure();
      assert.equal(err.kind, 'server');
      assert.match(err.message, new RegExp(`failed \\(${status}\\)`));
    }
  });

  test('a dropped connection and a closed port read as offline', async () => {
    standIn.answer = { close: true };
    assert.equal((await failure()).kind, 'offline');
    const err = await fetchGoUsage('http://127.0.0.1:1/zen/go/v1', GO_STAND_IN_KEY).catch((e: unknown) => e);
    assert.ok(err instanceof GoUsageError && err.kind === 'offline' && /Could not reach OpenCode Go/.test(err.message));
  });

  test('an answer of another shape says what is missing', async () => {
    standIn.answer = { status: 200, body: { usage: { rolling: { percent: 5 } } } };
    const err = await failure();
    assert.equal(err.kind, 'malformed');
    assert.match(err.message, /"rolling" window lacks/);
  });
});

describe('forecastGoWindow', () => {
  const now = Date.UTC(2026, 10, 25, 12, 0);
  const window = { status: 'ok' as const, percent: 62, resetsAt: now + 3 * 3_600_000 };

  test('from the rise between readings: 52 % → 62 % in 30 min reaches 100 % 1 h 54 min after the last', () => {
    const readings = [
      { at: now - 30 * 60_000, percent: 52 },
      { at: now - 10 * 60_000, percent: 58 },
      { at: now, percent: 62 },
    ];
    const f = forecastGoWindow(window, readings, 0, 'rolling', now);
    assert.equal(f.state, 'reached');
    assert.equal(f.from, 'readings');
    assert.equal(f.percentPerHour, 20);
    assert.equal(f.reachedAt, now + 114 * 60_000);
  });

  test('without a rise, from the local spend on Go models: $2.40/h of the $12 window is 20 %/h', () => {
    const f = forecastGoWindow(window, [{ at: now, percent: 62 }], 2.4, 'rolling', now);
    assert.equal(f.from, 'localSpend');
    assert.equal(f.percentPerHour, 20);
    assert.equal(f.reachedAt, now + 114 * 60_000);
  });

  test('after the reset, quiet, over, and a fall (the window moved on) is no rise', () => {
    assert.equal(forecastGoWindow({ ...window, resetsAt: now + 60 * 60_000 }, [], 2.4, 'rolling', now).state, 'afterReset');
    assert.equal(forecastGoWindow(window, [], 0, 'rolling', now).state, 'quiet');
    assert.equal(forecastGoWindow({ ...window, percent: 100 }, [], 5, 'rolling', now).state, 'over');
    const fell = [
      { at: now - 20 * 60_000, percent: 90 },
      { at: now - 10 * 60_000, percent: 2 },
      { at: now, percent: 62 },
    ];
    assert.equal(forecastGoWindow(window, fell, 0, 'rolling', now).state, 'quiet');
  });

  test('parseGoUsage refuses a body without usage', () => {
    assert.throws(() => parseGoUsage({ type: 'error' }), /no "usage" object/);
  });
});

describe('the Go key OpenCode keeps (auth.json)', () => {
  test('read from $XDG_DATA_HOME/opencode/auth.json when it has an opencode-go API key; nothing otherwise', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const join = (...parts: string[]) => path.join(...parts);
    const { openCodeAuthPath, openCodeGoKey } = await import('../../../src/features/plan/openCodeGoCredential');
    const data = mkdtempSync(join(tmpdir(), 'ocs-go-'));
    const file = openCodeAuthPath({ XDG_DATA_HOME: data });
    assert.equal(file, join(data, 'opencode', 'auth.json'));
    assert.equal(await openCodeGoKey(file), undefined, 'no file');
    mkdirSync(join(data, 'opencode'));
    writeFileSync(file, JSON.stringify({ anthropic: { type: 'api', key: 'sk-other' }, 'opencode-go': { type: 'api', key: ' go-key ' } }));
    assert.equal(await openCodeGoKey(file), 'go-key');
    writeFileSync(file, JSON.stringify({ 'opencode-go': { type: 'oauth', refresh: 'r', access: 'a', expires: 0 } }));
    assert.equal(await openCodeGoKey(file), undefined, 'only an API key');
    writeFileSync(file, '{not json');
    assert.equal(await openCodeGoKey(file), undefined, 'unreadable');
  });
});
