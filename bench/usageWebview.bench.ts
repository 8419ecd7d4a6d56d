// The usage webview in headless Chromium: the real bundle (dist/webview.js) and stylesheet in a page shaped
// like the panel's, sent the real messages the host builds (the same code path: StepList, buildSummary) for sessions of 500, 5 000 and 20 000 steps, in one run. Measured inside the page, from
// the message event: first render on a fresh page to the first painted chart (the page's `ocs:first-paint`
// mark, set by its first task after the frame with the header and the shown tab's chart) and to everything (`ocs:complete`, then the next frame), and one live
// update (one step more) to the next painted frame. Ratios are against the 500-step session of the same run.
// `OCS_BENCH_WEBVIEW=/path/to/webview.js` measures another bundle (e.g. main's, for a before/after); for a
// bundle without the `ocs:first-paint` mark both first-render figures are the next painted frame (an older
// one that filled in the background mostly did so before that frame).
// What stands in for VS Code: `acquireVsCodeApi` (a no-op postMessage/setState) and the page's HTML (the
// panel's own markup, without the CSP's webview URIs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildSummary } from '../src/present/usageSummary';
import { runNow } from '../src/base/slices';
import { StepList } from '../src/present/usageStepList';
import { usageByDay } from '../src/store/usageByDay';
import { repoRoot } from '../test/harness/paths';
import { longSession, storedSession } from '../test/unit/helpers/usageMessages';
import { launchBrowser } from '../test/vscode-server/browser';
import type { HostToWebview } from '../src/features/usage/protocol';
import { median } from './stats';

const FRESH_PAGES = 5;
const UPDATES = 7;
const SIZES = [500, 5000, 20_000];

interface Timing {
  /** The message handler's return. */
  handledMs: number;
  /** The next painted frame after the visible part (the first chart) was drawn. */
  paintedMs: number;
  /** The next painted frame after everything was drawn. */
  completeMs: number;
  /** Step rows in the DOM then. */
  domRows: number;
}

export interface UsageWebviewResult {
  steps: number;
  first: Timing;
  /** One live step with the Steps tab shown (the panel's first tab). */
  update: Timing;
  /** The same with the Session tab shown, and with the Table tab shown (scrolled to the end). */
  updateOver: Timing;
  updateTable: Timing;
  /** The report as the host sends it: its JSON size and a JSON.parse of it in the page (outside the handler). */
  reportKiB: number;
  parseMs: number;
}

function bundlePath(): string {
  return process.env.OCS_BENCH_WEBVIEW || join(repoRoot(), 'dist', 'webview.js');
}

function messages(steps: number): { report: HostToWebview; update: HostToWebview } {
  const summaryOf = (record: ReturnType<typeof storedSession>, list: StepList) =>
    buildSummary({
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
  const before = storedSession(longSession(steps));
  const list = new StepList();
  list.rebuild(before, () => 200_000);
  const report: HostToWebview = {
    type: 'report',
    summary: summaryOf(before, list),
    steps: [...list.rows],
    state: { serverId: 'bench', sessionId: 'S' },
  };
  // One step more, as a live change reaches the host: its message is the one the store says changed.
  const after = storedSession(longSession(steps + 1));
  const newest = [...after.messages.keys()].at(-1)!;
  const from = list.update(after, new Set([newest]), () => 200_000);
  return { report, update: { type: 'update', summary: summaryOf(after, list), from, steps: list.rows.slice(from) } };
}

async function freshPage(page: Page): Promise<void> {
  const root = repoRoot();
  const css = readFileSync(join(root, 'media', 'usage.css'), 'utf8');
  await page.setContent(
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><style>${css}</style></head><body><div id="app"></div></body></html>`,
  );
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).acquireVsCodeApi = () => ({ postMessage: () => undefined, setState: () => undefined });
  });
  await page.addScriptTag({ content: readFileSync(bundlePath(), 'utf8') });
}

/** What these page functions use of the browser (this project's Node typings have no DOM). */
interface PageGlobals {
  acquireVsCodeApi?: () => unknown;
  benchMessage?: unknown;
  dispatchEvent(event: unknown): boolean;
  requestAnimationFrame(callback: () => void): number;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  document: { querySelectorAll(selector: string): { length: number } };
}

/** Sends one message inside the page; the message is handed over first so its transfer is not timed. */
async function timed(page: Page, message: HostToWebview, marked: boolean): Promise<Timing> {
  await page.evaluate((m) => ((globalThis as unknown as PageGlobals).benchMessage = m), message);
  return page.evaluate(async (marked) => {
    const page = globalThis as unknown as PageGlobals;
    const painted = () => new Promise<void>((resolve) => page.requestAnimationFrame(() => setTimeout(resolve, 0)));
    const has = (name: string) => performance.getEntriesByName(name, 'mark').length > 0;
    performance.clearMarks();
    const started = performance.now();
    page.dispatchEvent(new page.MessageEvent('message', { data: page.benchMessage }));
    const handledMs = performance.now() - started;
    await painted();
    let paintedMs = performance.now() - started;
    // A page that never completes fails the bench rather than hanging it (and the machine's shared lock).
    if (marked && page.benchMessage && (page.benchMessage as { type: string }).type === 'report') {
      const wait = async (name: string) => {
        while (!has(name)) {
          if (performance.now() - started > 60_000) throw new Error(`the page did not mark ${name} within 60 s`);
          await painted();
        }
      };
      // The page marks the first task after the frame with its first chart: the rest of the fill may run
      // before this function's own task after that frame.
      await wait('ocs:first-paint');
      paintedMs = performance.getEntriesByName('ocs:first-paint', 'mark')[0].startTime - started;
      await wait('ocs:complete');
      await painted();
    }
    const completeMs = marked ? performance.now() - started : paintedMs;
    return { handledMs, paintedMs, completeMs, domRows: page.document.querySelectorAll('#steps [data-row]').length };
  }, marked);
}

async function benchSteps(page: Page, steps: number, marked: boolean): Promise<UsageWebviewResult> {
  const { report, update } = messages(steps);
  const firsts: Timing[] = [];
  const updates: Timing[] = [];
  for (let i = 0; i < FRESH_PAGES; i++) {
    await freshPage(page);
    firsts.push(await timed(page, report, marked));
  }
  for (let i = 0; i < UPDATES; i++) updates.push(await timed(page, update, marked));
  const onTab = async (tab: number): Promise<Timing[]> => {
    await page.locator(`#tab-${tab}`).click();
    await page.evaluate(
      () => new Promise<void>((resolve) => (globalThis as unknown as PageGlobals).requestAnimationFrame(() => setTimeout(resolve, 0))),
    );
    const timings: Timing[] = [];
    for (let i = 0; i < UPDATES; i++) timings.push(await timed(page, update, marked));
    return timings;
  };
  const updatesOver = await onTab(1);
  const updatesTable = await onTab(3);
  // What was timed must have shown the new step: its row in the table (followed to the end).
  const shown = await page.evaluate(
    (key) => (globalThis as unknown as PageGlobals).document.querySelectorAll(`#steps [data-row="${key}"]`).length,
    String(steps + 1),
  );
  if (shown !== 1) throw new Error(`after the live update the steps table does not show step ${steps + 1}`);
  const json = JSON.stringify(report);
  const parses: number[] = [];
  for (let i = 0; i < FRESH_PAGES; i++) {
    parses.push(
      await page.evaluate((text) => {
        const started = performance.now();
        JSON.parse(text);
        return performance.now() - started;
      }, json),
    );
  }
  const med = (xs: Timing[]): Timing => ({
    handledMs: median(xs.map((x) => x.handledMs)),
    paintedMs: median(xs.map((x) => x.paintedMs)),
    completeMs: median(xs.map((x) => x.completeMs)),
    domRows: Math.max(...xs.map((x) => x.domRows)),
  });
  return {
    steps,
    first: med(firsts),
    update: med(updates),
    updateOver: med(updatesOver),
    updateTable: med(updatesTable),
    reportKiB: Buffer.byteLength(json) / 1024,
    parseMs: median(parses),
  };
}

export async function runUsageWebviewBench(): Promise<UsageWebviewResult[]> {
  const bundle = bundlePath();
  // A bundle that marks its first painted chart and its completion fills in the background after the handler.
  const marked = readFileSync(bundle, 'utf8').includes('ocs:first-paint');
  const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  browser.page.on('pageerror', (err) => console.error(`usage webview page error: ${err.stack ?? err.message}`));
  try {
    await benchSteps(browser.page, 500, marked); // warm-up
    const results: UsageWebviewResult[] = [];
    for (const n of SIZES) results.push(await benchSteps(browser.page, n, marked));
    const [base] = results;
    const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
    const line = (r: UsageWebviewResult) =>
      `${String(r.steps).padStart(6)} steps: first chart ${ms(r.first.paintedMs)} ms, everything ${ms(r.first.completeMs)} ms (handler ${ms(r.first.handledMs)} ms) · live update ${ms(r.update.paintedMs)} ms (handler ${ms(r.update.handledMs)} ms; Session tab ${ms(r.updateOver.paintedMs)} ms, Table tab ${ms(r.updateTable.paintedMs)} ms) · ${r.updateTable.domRows} step rows in the DOM · report ${Math.round(r.reportKiB)} KiB, JSON.parse ${ms(r.parseMs)} ms`;
    console.log(`usage webview (headless Chromium, ${bundle}, medians of ${FRESH_PAGES} first renders and ${UPDATES} updates)`);
    for (const r of results) console.log(`  ${line(r)}`);
    for (const r of results.slice(1)) {
      console.log(
        `  ratios ${r.steps}/${base.steps}: first chart ×${(r.first.paintedMs / base.first.paintedMs).toFixed(2)}, everything ×${(r.first.completeMs / base.first.completeMs).toFixed(2)}, live update ×${(r.update.paintedMs / base.update.paintedMs).toFixed(2)}`,
      );
    }
    // The panel's goals, against this run's figures.
    const at = (n: number) => results.find((r) => r.steps === n)!;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const goals: Array<[string, number, number, string]> = [
      ['live update at 5 000 steps, to the next painted frame', at(5000).update.paintedMs, 16, 'ms'],
      ['live update at 20 000 steps against 500', at(20_000).update.paintedMs / base.update.paintedMs, 1.5, '×'],
      ['first render of 5 000 steps, to the first painted chart', at(5000).first.paintedMs, 300, 'ms'],
      ['first render of 5 000 steps, to everything', at(5000).first.completeMs, 1000, 'ms'],
    ];
    for (const [what, value, goal, unit] of goals)
      console.log(`  goal: ${what} ≤ ${goal} ${unit}: ${unit === '×' ? value.toFixed(2) : ms(value)} ${unit} ${verdict(value <= goal)}`);
    return results;
  } finally {
    await browser.close();
  }
}
