// The usage panel's Timeline tab in headless Chromium, with the real bundle (dist/webview.js) and the messages the
// panel's feed posts (TimelineFeed on a store fed as a server feeds it): trees of 500 and 5 000 steps over 50
// sessions, in one run. Measured inside the page from the message event (copied as postMessage copies it, at the
// start of a frame: the page's work to its painted frame, without the wait for the display's next frame, which no
// tree changes): the first painted timeline (every lane, with the tab shown), one live step (a sub-agent's step: its
// lane's new bars and its parent's lane, whose totals moved), and the JS heap the tab holds after a collection
// against the Steps tab's for a session of as many steps (both over an empty page's). Goals: first paint ≤ 300 ms
// at 5 000 steps; a live step ≤ 16 ms and ≤ ×1.5 of the 500-step figure; the tab's memory ≤ ×1.5 of the Steps tab's.
// The host's side (`usageTimelineHost`): the feed's work per live step on one session of 500, 10 000 and 50 000
// messages (the step into the store, the lanes taken, the message serialized as postMessage does), against the
// whole lane built and serialized as before; goal: ≤ ×2 of the 500-message figure at 10 000 and 50 000. And the
// first take of each: the longest step of building the lane in slices, the take, the longest of its posts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HostToWebview } from '../src/features/usage/protocol';
import { buildSummary } from '../src/present/usageSummary';
import { StepList } from '../src/present/usageStepList';
import { SessionStore } from '../src/store/sessionStore';
import { laneSteps } from '../src/store/timeline/timelineLanes';
import { runNow } from '../src/base/slices';
import { usageByDay } from '../src/store/usageByDay';
import { repoRoot } from '../test/harness/paths';
import { longSession, storedSession } from '../test/unit/helpers/usageMessages';
import { launchBrowser } from '../test/vscode-server/browser';
import { median } from './stats';
import { Emitter } from '../src/base/emitter';
import { TimelineFeed, type TimelineDelta } from '../src/features/usage/timelineFeed';
import { takePieces } from '../src/features/usage/timelinePoster';
import type { StoreChange } from '../src/store/storeChange';

const SESSIONS = 50;
const SIZES = [500, 5000];
const FIRSTS = 5;
const UPDATES = 9;
const T0 = 1_700_000_000_000;

/** A tree of `steps` steps over SESSIONS sessions: the root, and sub-agents one after another under it. */
function tree(steps: number, extra = 0): SessionStore {
  const store = new SessionStore(() => T0);
  const per = Math.ceil(steps / SESSIONS);
  for (let s = 0; s < SESSIONS; s++) {
    const id = s === 0 ? 'R' : `C${s}`;
    const start = T0 + s * per * 3000;
    store.apply({
      type: 'session.upsert',
      info: { id, title: `Session ${s}`, directory: '/w', ...(s > 0 && { parentID: 'R' }), time: { created: start, updated: start } },
    });
    const count = per + (s === SESSIONS - 1 ? extra : 0);
    for (let i = 0; i < count; i++) {
      const created = start + i * 3000;
      const messageID = `m${s}_${String(i).padStart(5, '0')}`;
      store.apply({
        type: 'message.assistant',
        info: {
          id: messageID,
          sessionID: id,
          role: 'assistant',
          cost: 0.01,
          tokens: { input: 1000, output: 100 },
          modelID: i % 2 ? 'alpha' : 'beta',
          providerID: 'p',
          agent: s ? 'explore' : 'build',
          time: { created, completed: created + 2000 },
        },
      });
      store.apply({ type: 'tool.running', sessionID: id, partID: `${messageID}:t`, tool: 'bash', running: false, messageID });
    }
  }
  return store;
}

function report(steps: number): HostToWebview {
  const record = storedSession(longSession(steps));
  const list = new StepList();
  list.rebuild(record, () => 200_000);
  const summary = buildSummary({
    record,
    server: 'bench',
    inclusive: record.own,
    descendants: [],
    trend: usageByDay([record], () => true),
    ...runNow(list.shares()),
    compactions: list.compactions,
    contextLimit: 200_000,
    threshold: 0.9,
    loading: false,
  });
  return { type: 'report', summary, steps: [...list.rows], state: { serverId: 'bench', sessionId: 'S' } };
}

interface PageGlobals {
  acquireVsCodeApi?: () => unknown;
  benchMessage?: unknown;
  dispatchEvent(event: unknown): boolean;
  requestAnimationFrame(callback: () => void): number;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  structuredClone<T>(value: T): T;
}

async function freshPage(page: Page): Promise<void> {
  const css = readFileSync(join(repoRoot(), 'media', 'usage.css'), 'utf8');
  await page.setContent(
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><style>${css}</style></head><body><div id="app"></div></body></html>`,
  );
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).acquireVsCodeApi = () => ({ postMessage: () => undefined, setState: () => undefined });
  });
  await page.addScriptTag({ content: readFileSync(join(repoRoot(), 'dist', 'webview.js'), 'utf8') });
}

/**
 * Sends one message inside the page, ms to its painted frame. Handed over first (its transfer is not timed), then
 * copied as postMessage copies it (structuredClone: the page gets fresh objects, as from the host) at the start of
 * a frame, so the figure is the page's own work up to the painted frame; the wait for the display's next frame
 * (0–16.7 ms at 60 Hz wherever the message lands between frames, the same for any tree) is left out.
 */
async function timed(page: Page, message: HostToWebview): Promise<number> {
  await page.evaluate((m) => ((globalThis as unknown as PageGlobals).benchMessage = m), message);
  return page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    let started = 0;
    await new Promise<void>((resolve) =>
      g.requestAnimationFrame(() => {
        started = performance.now();
        const data = g.structuredClone(g.benchMessage);
        // Not kept past its copy: the heap figures count what the page holds.
        g.benchMessage = undefined;
        g.dispatchEvent(new g.MessageEvent('message', { data }));
        // Rendering follows this frame's callbacks in the same task: a timeout set now runs once it is painted.
        setTimeout(resolve, 0);
      }),
    );
    return performance.now() - started;
  });
}

/** The page's JS heap after a collection (bytes). */
async function heap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize;
}

interface Result {
  steps: number;
  firstMs: number;
  liveMs: number;
  timelineHeap: number;
  stepsHeap: number;
}

async function benchSize(page: Page, steps: number): Promise<Result> {
  // The messages the panel's feed posts: every lane first, then a step of the last sub-agent (its lane and its
  // ancestor's, whose totals moved) and back (the step removed, so the next one is a step again).
  const store = tree(steps);
  const changes = new Emitter<StoreChange>();
  const feed = new TimelineFeed({ sessions: store, loadAllMessages: () => Promise.resolve() }, 'R', changes.event, () => undefined);
  feed.start();
  const now = T0 + 1e9;
  const posted = (delta: TimelineDelta): HostToWebview => ({
    type: 'timeline',
    rootId: 'R',
    now,
    budgets: { session: 5, hour: 20 },
    ...delta,
  });
  const full = posted(feed.take(true, now));
  const last = `C${SESSIONS - 1}`;
  const next = `${last}_next`;
  const step = (): HostToWebview => {
    changes.fire(
      store.apply({
        type: 'message.assistant',
        info: {
          id: next,
          sessionID: last,
          role: 'assistant',
          cost: 0.01,
          tokens: { input: 1000, output: 100 },
          modelID: 'alpha',
          providerID: 'p',
          agent: 'explore',
          time: { created: now - 5000, completed: now - 3000 },
        },
      }),
    );
    return posted(feed.take(false, now));
  };
  const back = (): HostToWebview => {
    changes.fire(store.apply({ type: 'message.removed', sessionID: last, messageID: next }));
    return posted(feed.take(false, now));
  };
  const small = report(10);
  const firsts: number[] = [];
  let timelineHeap = 0;
  for (let i = 0; i < FIRSTS; i++) {
    await freshPage(page);
    const empty = await heap(page);
    await timed(page, small);
    await page.locator('#tab-5').click();
    firsts.push(await timed(page, full));
    if (i === 0) timelineHeap = (await heap(page)) - empty;
  }
  const lives: number[] = [];
  for (let i = 0; i < UPDATES; i++) lives.push(await timed(page, i % 2 ? back() : step()));
  feed.dispose();
  const drawn = await page.locator('.timeline-lanes').getAttribute('data-bar-count');
  if (Number(drawn) < steps) throw new Error(`the timeline drew ${drawn} bars of ${steps}`);
  // The Steps tab for one session of as many steps, on a fresh page.
  await freshPage(page);
  const empty = await heap(page);
  await timed(page, report(steps));
  const stepsHeap = (await heap(page)) - empty;
  return { steps, firstMs: median(firsts), liveMs: median(lives), timelineHeap, stepsHeap };
}

export async function runUsageTimelineBench(): Promise<Result[]> {
  const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  browser.page.on('pageerror', (err) => console.error(`usage timeline page error: ${err.stack ?? err.message}`));
  try {
    await benchSize(browser.page, 500); // warm-up
    const results: Result[] = [];
    for (const n of SIZES) results.push(await benchSize(browser.page, n));
    const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
    const mb = (x: number) => (x / 1e6).toFixed(1);
    console.log(`usage timeline (headless Chromium, ${SESSIONS} sessions, medians of ${FIRSTS} first paints and ${UPDATES} live steps)`);
    for (const r of results)
      console.log(
        `  ${String(r.steps).padStart(5)} steps: first painted timeline ${ms(r.firstMs)} ms · live step ${ms(r.liveMs)} ms · heap: Timeline tab ${mb(r.timelineHeap)} MB, Steps tab ${mb(r.stepsHeap)} MB`,
      );
    const [base, big] = results;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const goals: Array<[string, number, number, string]> = [
      ['first painted timeline at 5 000 steps', big.firstMs, 300, 'ms'],
      ['live step to the next painted frame at 5 000 steps', big.liveMs, 16, 'ms'],
      ['live step at 5 000 steps against 500', big.liveMs / base.liveMs, 1.5, '×'],
      ['the Timeline tab’s heap against the Steps tab’s at 5 000 steps', big.timelineHeap / big.stepsHeap, 1.5, '×'],
    ];
    for (const [what, value, goal, unit] of goals)
      console.log(`  goal: ${what} ≤ ${goal} ${unit}: ${unit === '×' ? value.toFixed(2) : ms(value)} ${unit} ${verdict(value <= goal)}`);
    return results;
  } finally {
    await browser.close();
  }
}

const HOST_SIZES = [500, 10_000, 50_000];
const HOST_STEPS = 41;

/** One session of n steps and its running tool calls, as a server feeds it. */
function oneSession(n: number): SessionStore {
  const store = new SessionStore(() => T0);
  // With the server's totals, as servers since 1.15 send them (before, the store sums a session's messages itself).
  const tokens = { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } };
  store.apply({
    type: 'session.upsert',
    info: { id: 'R', title: 'Long', directory: '/w', cost: 0, tokens, time: { created: T0, updated: T0 } },
  });
  for (let i = 0; i < n; i++) liveStep(store, i);
  return store;
}

/** Step i of the session: its message, its tool call and its finished step, as a frame brings them. */
function liveStep(store: SessionStore, i: number): StoreChange[] {
  const messageID = `m${String(i).padStart(6, '0')}`;
  const created = T0 + i * 3000;
  const info = {
    id: messageID,
    sessionID: 'R',
    role: 'assistant' as const,
    cost: 0.01,
    tokens: { input: 1000, output: 100 },
    modelID: 'alpha',
    providerID: 'p',
  };
  return [
    store.apply({ type: 'message.assistant', info: { ...info, time: { created } } }),
    store.apply({ type: 'tool.running', sessionID: 'R', partID: `${messageID}:t`, tool: 'bash', running: true, messageID }),
    store.apply({
      type: 'step.finished',
      sessionID: 'R',
      messageID,
      partID: `${messageID}:s`,
      usage: { input: 1000, output: 100, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0.01 },
    }),
    store.apply({ type: 'message.assistant', info: { ...info, time: { created, completed: created + 2000 } } }),
  ];
}

interface HostResult {
  messages: number;
  /** The feed's work per live step (ms). */
  stepMs: number;
  /** The bytes it posts per step. */
  bytes: number;
  /** The whole lane built and serialized, as every live step did before (ms, bytes). */
  wholeMs: number;
  wholeBytes: number;
  /** The first take: the longest step of building the lane in slices, the take after it, its longest post serialized (ms). */
  firstStepMs: number;
  firstTakeMs: number;
  firstPostMs: number;
}

function hostSize(n: number): HostResult {
  const store = oneSession(n);
  const changes = new Emitter<StoreChange>();
  const feed = new TimelineFeed({ sessions: store, loadAllMessages: () => Promise.resolve() }, 'R', changes.event, () => undefined);
  feed.start();
  // The first take, as the panel makes it: the lane built in slices (the longest step between two yields), then
  // taken.
  let firstStepMs = 0;
  for (const warm = feed.warmSteps(T0 + n * 3000); ;) {
    const started = performance.now();
    const done = warm.next().done;
    firstStepMs = Math.max(firstStepMs, performance.now() - started);
    if (done) break;
  }
  let started = performance.now();
  const first = feed.take(true, T0 + n * 3000);
  const firstTakeMs = performance.now() - started;
  // Posted as the poster posts it: in pieces of at most MAX_POST_BARS bars, one per turn (the longest one's figure).
  let firstPostMs = 0;
  for (const piece of takePieces(first)) {
    started = performance.now();
    JSON.stringify({ type: 'timeline', ...piece });
    firstPostMs = Math.max(firstPostMs, performance.now() - started);
  }
  const steps: number[] = [];
  const wholes: number[] = [];
  let bytes = 0;
  let wholeBytes = 0;
  for (let k = 0; k < HOST_STEPS; k++) {
    const i = n + k;
    const now = T0 + i * 3000 + 2500;
    started = performance.now();
    for (const change of liveStep(store, i)) changes.fire(change);
    const delta = feed.take(false, now);
    bytes = JSON.stringify({ type: 'timeline', rootId: 'R', now, ...delta }).length;
    steps.push(performance.now() - started);
  }
  // Apart, so the garbage of building whole lanes does not land in the steps' figures.
  for (let k = 0; k < 9; k++) {
    started = performance.now();
    wholeBytes = JSON.stringify({
      type: 'timeline',
      lanes: [runNow(laneSteps(store.get('R')!, { now: T0 + (n + HOST_STEPS) * 3000 }))],
    }).length;
    wholes.push(performance.now() - started);
  }
  feed.dispose();
  return { messages: n, stepMs: median(steps), bytes, wholeMs: median(wholes), wholeBytes, firstStepMs, firstTakeMs, firstPostMs };
}

export function runUsageTimelineHostBench(): HostResult[] {
  hostSize(500); // warm-up
  const results = HOST_SIZES.map(hostSize);
  const ms = (x: number) => (x < 1 ? x.toFixed(3) : x.toFixed(1));
  console.log(`usage timeline, the host per live step (one session; medians of ${HOST_STEPS} steps)`);
  for (const r of results)
    console.log(
      `  ${String(r.messages).padStart(6)} messages: ${ms(r.stepMs)} ms, ${r.bytes} bytes posted · the whole lane as before: ${ms(r.wholeMs)} ms, ${r.wholeBytes} bytes`,
    );
  console.log('  the first take (the lane built in slices; then taken; the longest of its posts serialized for postMessage):');
  for (const r of results)
    console.log(
      `  ${String(r.messages).padStart(6)} messages: longest step ${ms(r.firstStepMs)} ms, take ${ms(r.firstTakeMs)} ms, serialized ${ms(r.firstPostMs)} ms`,
    );
  const [base] = results;
  for (const r of results.slice(1)) {
    const ratio = r.stepMs / base.stepMs;
    console.log(`  goal: a live step at ${r.messages} messages against 500 ≤ 2 ×: ${ratio.toFixed(2)} × ${ratio <= 2 ? 'met' : 'MISSED'}`);
  }
  return results;
}
