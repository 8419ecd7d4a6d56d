// Forecasts in Chromium against a real server, as a person with a day budget sees them: steps costing about
// $0.10 go out every 15 s (a timer between prompts sets the pace); hovering the status bar shows the day budget
// with "at this pace, reached at" the minute the recorded pace gives (±1), with the pace explained; the step
// that crosses 80 % brings a warning toast that says when at this pace the budget is reached.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { formatClock } from '../../../src/present/clock';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { openOpenCodeView, screenshot, statusBarItem, withWorkbench } from '../../vscode-server/workbench';
import { selectRow, treeRows } from '../../vscode-server/treeRows';

const TITLE = 'Paced spender';
/** The pace: a timer sends each prompt this long after the one before. */
const PACE_MS = 15_000;
/** 33,000 input tokens at $3/M + 67 output at $15/M: $0.100005 a step. */
const STEP_USAGE = { prompt: 33_000, completion: 67 };
/** Three steps are 62.5 % of it; the fourth crosses 80 % (83.3 %), short of 100 %. */
const DAY_BUDGET = 0.48;
const MINUTE = 60_000;

let h: RunningHarness;
let id: string;

before(async () => {
  h = await startHarness();
  id = (await createSession(h, { title: TITLE })).id;
});

after(async () => {
  await h?.dispose();
});

test('the status bar tooltip names the minute the day budget is reached; the 80 % toast says when', { timeout: 400_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'paced', url: h.server.url }], 'opencodeSessions.budget.perDay': DAY_BUDGET };
  // toasts: the test server otherwise runs with VS Code's smoke-test driver, which shows no toast at all.
  await withWorkbench('forecast', { machineSettings: settings, viewport: { width: 1280, height: 720 }, toasts: true }, async ({ page }) => {
    const pane = await openOpenCodeView(page);
    await selectRow(treeRows(pane, TITLE).first());
    let due = Date.now();
    const step = async (n: number) => {
      if (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      due = Date.now() + PACE_MS;
      await prompt(h, id, `Step ${n}`, [text('Spent.', STEP_USAGE)]);
    };
    for (let n = 1; n <= 3; n++) await step(n);

    // What the pace says, from the times and costs the server recorded.
    const replies = await recordedReplies();
    assert.equal(replies.length, 3);
    const last = replies[2].created;
    const used = replies.reduce((s, r) => s + r.cost, 0);
    const perMs = (replies[1].cost + replies[2].cost) / (last - replies[0].created);
    const expected = last + (DAY_BUDGET - used) / perMs;

    const item = statusBarItem(page, '$0.30');
    await item.waitFor({ timeout: 60_000 });
    // The budget windows are summed at most once a second: hover until the day's line counts the third step.
    const dayLine = /Daily budget: \$0\.30 of \$0\.48 · at this pace, reached at (.+?) \(\$[\d.]+\/h\)/;
    const shown = await hoverUntil(
      item,
      page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Daily budget' }).first(),
      dayLine,
    );
    const day = dayLine.exec(shown)!;
    const near = [-MINUTE, 0, MINUTE].map((d) => formatClock(expected + d));
    assert.ok(near.includes(day[1]), `the tooltip's ${day[1]} is the recorded pace's ${near[1]} ±1 minute`);
    assert.match(shown, /Pace: what was spent over the last 15 minutes, from its first reply to its last\./);
    assert.doesNotMatch(shown, /Pace: Pace/, 'the label once');
    await screenshot(page, 'forecast-tooltip', { keepHover: true });
    await page.mouse.move(0, 0);

    // The fourth step crosses 80 %: one warning, with when the budget is reached at this pace.
    await step(4);
    const toast = page
      .locator('.notifications-toasts .notification-toast-container')
      .filter({ hasText: /today, across all servers, has used/ })
      .first();
    await toast.waitFor({ timeout: 120_000 });
    const message = ((await toast.locator('.notification-list-item-message').textContent()) ?? '').replace(/\s/g, ' ');
    assert.match(message, /has used \$0\.40 of its \$0\.48 budget \(80 % or more\)\./);
    const at = /At this pace the day budget is reached in ~(\d+) min \(at (.+?)\)\./.exec(message);
    assert.ok(at, `the toast says when at this pace: ${message}`);
    // The $0.08 left at $0.10 per 15 s is seconds away: rounded up to the minute (a busy machine may add one).
    assert.ok(Number(at[1]) <= 2, message);
    await screenshot(page, 'forecast-warning', { keepNotifications: true });
  });
});

/** The session's costed replies as the server recorded them, oldest first. */
async function recordedReplies(): Promise<Array<{ created: number; cost: number }>> {
  const messages = (await h.server.client().session.messages({ sessionID: id })).data ?? [];
  return messages
    .map((m) => m.info)
    .flatMap((m) => (m.role === 'assistant' && m.cost > 0 ? [{ created: m.time.created, cost: m.cost }] : []))
    .sort((a, b) => a.created - b.created);
}

/** Hovers `item` until its hover's text (spaces normalised) matches `pattern`; moving away between tries redraws it. */
async function hoverUntil(item: Locator, hover: Locator, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    await item.page().mouse.move(0, 0);
    await item.hover();
    await hover.waitFor({ timeout: 15_000 });
    last = ((await hover.textContent()) ?? '').replace(/\s/g, ' ');
    if (pattern.test(last)) return last;
  }
  throw new Error(`the hover never matched ${pattern}; last: ${last}`);
}
