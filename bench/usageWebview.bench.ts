// The usage webview in headless Chromium: the real bundle (dist/webview.js) and stylesheet in a page shaped
// like the panel's, sent the real messages the host builds for a 5 000-step session (the same code path:
// sessionSteps, buildSummary, firstDifference). Measured inside the page: from the message event to the
// handler's return (DOM, tables, chart.js updates) and to the next painted frame; first render on a fresh
// page, then one live update (one step more). A 500-step session in the same run is the baseline.
// What stands in for VS Code: `acquireVsCodeApi` (a no-op postMessage/setState) and the page's HTML (the
// panel's own markup, without the CSP's webview URIs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { firstDifference } from '../src/panel/stepDelta';
import { buildSummary } from '../src/present/usageSummary';
import { sessionSteps } from '../src/present/usageSteps';
import { usageByDay } from '../src/store/usageByDay';
import { repoRoot } from '../test/harness/paths';
import { longSession, storedSession } from '../test/unit/helpers/usageMessages';
import { launchBrowser } from '../test/vscode-server/browser';
import type { HostToWebview } from '../webview/protocol';
import { median } from './stats';

const FRESH_PAGES = 5;
const UPDATES = 7;

interface Timing {
  handledMs: number;
  paintedMs: number;
}

export interface UsageWebviewResult {
  steps: number;
  first: Timing;
  update: Timing;
}

function messages(steps: number): { report: HostToWebview; update: HostToWebview } {
  const build = (n: number) => {
    const record = storedSession(longSession(n));
    const { steps: rows, compactions } = sessionSteps(record, () => 200_000);
    const summary = buildSummary({ record, server: 'bench', inclusive: record.own, descendants: [], trend: usageByDay([record], () => true), steps: rows, compactions, contextLimit: 200_000, threshold: 0.9, loading: false });
    return { rows, summary };
  };
  const before = build(steps);
  const after = build(steps + 1);
  const from = firstDifference(before.rows, after.rows);
  return {
    report: { type: 'report', summary: before.summary, steps: before.rows, state: { serverId: 'bench', sessionId: 'S' } },
    update: { type: 'update', summary: after.summary, from, steps: after.rows.slice(from) },
  };
}

async function freshPage(page: Page): Promise<void> {
  const root = repoRoot();
  const css = readFileSync(join(root, 'media', 'usage.css'), 'utf8');
  await page.setContent(`<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><style>${css}</style></head><body><div id="app"></div></body></html>`);
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).acquireVsCodeApi = () => ({ postMessage: () => undefined, setState: () => undefined });
  });
  await page.addScriptTag({ content: readFileSync(join(root, 'dist', 'webview.js'), 'utf8') });
}

/** What these page functions use of the browser (this project's Node typings have no DOM). */
interface PageGlobals {
  acquireVsCodeApi?: () => unknown;
  benchMessage?: unknown;
  dispatchEvent(event: unknown): boolean;
  requestAnimationFrame(callback: () => void): number;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
}

/** Sends one message inside the page; the message is handed over first so its transfer is not timed. */
async function timed(page: Page, message: HostToWebview): Promise<Timing> {
  await page.evaluate((m) => ((globalThis as unknown as PageGlobals).benchMessage = m), message);
  return page.evaluate(async () => {
    const page = globalThis as unknown as PageGlobals;
    const started = performance.now();
    page.dispatchEvent(new page.MessageEvent('message', { data: page.benchMessage }));
    const handledMs = performance.now() - started;
    await new Promise<void>((resolve) => page.requestAnimationFrame(() => setTimeout(resolve, 0)));
    return { handledMs, paintedMs: performance.now() - started };
  });
}

async function benchSteps(page: Page, steps: number): Promise<UsageWebviewResult> {
  const { report, update } = messages(steps);
  const firsts: Timing[] = [];
  const updates: Timing[] = [];
  for (let i = 0; i < FRESH_PAGES; i++) {
    await freshPage(page);
    firsts.push(await timed(page, report));
  }
  for (let i = 0; i < UPDATES; i++) updates.push(await timed(page, update));
  const med = (xs: Timing[]): Timing => ({ handledMs: median(xs.map((x) => x.handledMs)), paintedMs: median(xs.map((x) => x.paintedMs)) });
  return { steps, first: med(firsts), update: med(updates) };
}

export async function runUsageWebviewBench(): Promise<UsageWebviewResult[]> {
  const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  try {
    await benchSteps(browser.page, 500); // warm-up
    const base = await benchSteps(browser.page, 500);
    const big = await benchSteps(browser.page, 5000);
    const line = (r: UsageWebviewResult) =>
      `${String(r.steps).padStart(5)} steps: first render ${r.first.handledMs.toFixed(0)} ms (painted ${r.first.paintedMs.toFixed(0)} ms) · live update ${r.update.handledMs.toFixed(1)} ms (painted ${r.update.paintedMs.toFixed(0)} ms)`;
    console.log(`usage webview (headless Chromium, dist/webview.js, medians of ${FRESH_PAGES} first renders and ${UPDATES} updates)`);
    console.log(`  ${line(base)}`);
    console.log(`  ${line(big)}`);
    console.log(`  ratios 5000/500: first render ×${(big.first.paintedMs / base.first.paintedMs).toFixed(1)}, live update ×${(big.update.paintedMs / base.update.paintedMs).toFixed(1)}`);
    return [base, big];
  } finally {
    await browser.close();
  }
}
