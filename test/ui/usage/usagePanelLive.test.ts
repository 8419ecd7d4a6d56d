// The usage panel on a long session of a real server. A 10 000-step session streams new steps (real prompts
// through the scripted model) while the test switches tabs and scrolls the steps table: the table must not move
// while scrolled away, and every new step must be in it (at its end) and be both charts' last point, exact. Then
// every step must be shown exactly as the server records it, in the table and in the CSV export.
// The long session is made with `opencode import` from a real exported turn (importedSession.ts): 5 000 real
// prompts take well over half an hour here, an import of 5 000 steps ~15 s.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { formatCount, formatExactCost } from '../../../src/present/format';
import { usageOf, type Usage } from '../../../src/store/usage';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { importedSession } from '../../harness/importedSession';
import { prompt } from '../../harness/scenario';
import { text, type Usage as ModelUsage } from '../../harness/scriptedModel';
import { waitFor as sharedWaitFor } from '../../harness/waitFor';
import { openOpenCodeView, runCommand, screenshot, webviewFrame, withWorkbench } from '../../vscode-server/workbench';
import { selectRow, treeRows } from '../../vscode-server/treeRows';

let h: RunningHarness;
const LIVE_STEPS = 3;

before(async () => {
  h = await startHarness();
});

after(async () => {
  await h?.dispose();
});

test(
  'a 10 000-step session streaming new steps: tabs and scrolling keep up, each new step is in the table and ends both charts; the table and the CSV export equal the server’s steps',
  { timeout: 1_200_000 },
  async () => {
    const STEPS = 10_000;
    const title = 'Ten thousand steps';
    const started = Date.now();
    // 10 000 steps: 20 000 took six minutes of a CI run bounded at 90 (an import of 73 s, the panel's read of 164 s);
    // the same checks hold at half the size. A second session of 5 000 steps streamed the live steps on its own
    // (145 s of that run); they stream into this one.
    const session = await importedSession(h, { steps: STEPS, title });
    console.log(`      (${STEPS} steps imported in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const settings = { 'opencodeSessions.servers': [{ name: 'demo', url: h.server.url }] };
    await withWorkbench(
      'usage-live',
      { theme: 'dark', machineSettings: settings, viewport: { width: 1400, height: 900 } },
      async ({ page }) => {
        const frame = await openPanel(page, title, session.id);
        const opened = Date.now();
        // Read a page of messages at a time from the server (20 000 steps took 67–164 s here): a limit for a read that never ends.
        await waitFor(async () => (await rowCount(frame)) === STEPS, `the panel shows ${STEPS} steps`, 600_000);
        console.log(`      (the panel showed all ${STEPS} steps ${((Date.now() - opened) / 1000).toFixed(1)} s after its first report)`);

        // Three live steps, each with the table scrolled further from its end (there were six: the other three cost
        // over a minute of a CI run bounded at 90, each repeating the same checks).
        for (let k = 1; k <= LIVE_STEPS; k++) {
          const turn = prompt(h, session.id, `Live step ${k}`, [text(`Live ${k}.`, liveUsage(k))], { directory: h.server.directory });
          // While it runs (and its step reaches the panel): every tab, and the table scrolled away from its end.
          for (const tab of [1, 2, 4, 0, 3]) await showTab(frame, tab);
          await scrollTable(page, frame, -(700 * k));
          const firstShown = await firstVisibleRow(frame);
          await turn;

          const steps = await serverSteps(session.id);
          const n = steps.length;
          assert.equal(n, STEPS + k, 'the server has the new step');
          await waitFor(async () => (await rowCount(frame)) === n, `the panel counts step ${n}`);
          assert.equal(await firstVisibleRow(frame), firstShown, 'a live step does not move a table scrolled away from its end');

          // To the end, from the keyboard: the new step is the last row, exactly as the server has it.
          await frame.locator(`#steps [data-row="${firstShown}"] [role="gridcell"]`).first().click();
          await page.keyboard.press('End');
          const row = frame.locator(`#steps [data-row="${n}"]`);
          await row.waitFor({ state: 'visible', timeout: 15_000 });
          assert.deepEqual(rowFigures(await row.locator('[role="gridcell"]').allTextContents()), expectedRow(n, steps[n - 1]));

          // Both charts end on it: the steps chart with its exact tokens, the timeline with the exact cumulative cost.
          // Their tooltips there say the same, as text.
          await showTab(frame, 0);
          const bar = await chartEnd(frame, 0, n);
          assert.deepEqual(bar, { step: n, ...tokensOf(steps[n - 1]) });
          assertStepsTooltip(await hoverLastPoint(page, frame, 0, n), n, steps[n - 1]);
          await showTab(frame, 1);
          const line = await chartEnd(frame, 1, n);
          assert.equal(line.cost, cumulativeCost(steps), `the cumulative cost at step ${n}`);
          assertTimelineTooltip(await hoverLastPoint(page, frame, 1, n), n, steps);
        }

        // Decimated, not every step drawn: at most one bar per two CSS pixels (and the newest step's own bar).
        const n = STEPS + LIVE_STEPS;
        const steps = await serverSteps(session.id);
        await showTab(frame, 0);
        const points = Number(await frame.locator('#view-0 figure').getAttribute('data-points'));
        assert.ok(points > 100 && points <= 1400 / 2 + 1, `${points} bars for ${n} steps`);
        assertStepsTooltip(await hoverLastPoint(page, frame, 0, n), n, steps[n - 1]);
        console.log(`screenshot: ${await screenshot(page, 'usage-live-steps', { keepHover: true })}`);
        await showTab(frame, 3);
        console.log(`screenshot: ${await screenshot(page, 'usage-live-table')}`);
        await assertTableMatchesServer(frame, session.id);

        // The CSV export (through VS Code's save dialog) holds the same steps.
        await frame.locator('#export-csv').click();
        await acceptSuggestedFile(page, '.csv');
        const notice = frame.locator('.notice', { hasText: 'Exported to ' });
        await notice.waitFor({ timeout: 60_000 });
        const target = ((await notice.textContent()) ?? '').replace('Exported to ', '').trim();
        assert.ok(target.endsWith('.csv') && existsSync(target), `exported file ${target}`);
        const lines = readFileSync(target, 'utf8').trimEnd().split('\r\n');
        // The steps' table ends at the empty line before the tree's timeline (measure,value).
        const stepsEnd = lines.indexOf('');
        assert.ok(
          stepsEnd > 0 && lines[stepsEnd + 1] === 'measure,value' && lines.some((l) => l.startsWith('criticalPath,')),
          lines.slice(stepsEnd).join('\n'),
        );
        assert.deepEqual(
          lines
            .slice(1, stepsEnd)
            .map((l) => l.split(','))
            .map((c) => [Number(c[0]), c[2], ...c.slice(4, 10).map(Number)]),
          steps.map((s, i) => [i + 1, s.messageID, s.input, s.output, s.reasoning, s.cacheRead, s.cacheWrite, s.cost]),
        );
      },
    );
  },
);

/** The steps table's row height in CSS pixels (webview/virtualGrid.ts). */
const ROW_HEIGHT = 28;

/** Accepts the file VS Code's save dialog (its quick input, in the browser) suggests, once it suggests one. */
async function acceptSuggestedFile(page: Page, extension: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await waitFor(async () => (await input.inputValue()).endsWith(extension), `the save dialog suggests a ${extension} file`);
  await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
}

/** Each live step its own figures, so a step shown in the wrong place cannot pass. */
function liveUsage(k: number): ModelUsage {
  return { prompt: 9_000 + 111 * k, cached: 4_000 + 7 * k, completion: 300 + 13 * k, reasoning: k % 2 ? 40 + k : 0 };
}

async function openPanel(page: Page, title: string, sessionID: string): Promise<FrameLocator> {
  const pane = await openOpenCodeView(page);
  const row = treeRows(pane, title).first();
  await row.waitFor({ timeout: 120_000 });
  await selectRow(row);
  const started = Date.now();
  await runCommand(page, 'OpenCode: Show Usage');
  const frame = webviewFrame(page);
  await frame.locator('#totals [data-row="own"]').waitFor({ state: 'attached', timeout: 180_000 });
  console.log(
    `      (the panel's first report ${((Date.now() - started) / 1000).toFixed(1)} s after Show Usage, ${await rowCount(frame)} steps)`,
  );
  assert.equal(await frame.locator('.meta').getAttribute('data-session-id'), sessionID, 'the panel shows the clicked session');
  return frame;
}

async function showTab(frame: FrameLocator, tab: number): Promise<void> {
  await frame.locator(`#tab-${tab}`).click();
  await frame.locator(`#view-${tab}`).waitFor({ state: 'visible', timeout: 10_000 });
}

/** Steps the table counts (its aria-rowcount less the header row). */
async function rowCount(frame: FrameLocator): Promise<number> {
  return Number(await frame.locator('#steps').getAttribute('aria-rowcount')) - 1;
}

/** Scrolls the steps table with the mouse wheel (negative: up), on the Table tab, and waits until the scroll
 * has ended (`scrollend`) and the rows where it stopped are drawn. */
async function scrollTable(page: Page, frame: FrameLocator, dy: number): Promise<void> {
  const viewport = frame.locator('#steps .vgrid-viewport');
  const box = await viewport.boundingBox();
  if (!box) throw new Error('the steps table is not on screen');
  await viewport.evaluate((v) => {
    const e = v as unknown as PageElement;
    e.setAttribute('data-scroll-ended', '');
    e.addEventListener('scrollend', () => e.setAttribute('data-scroll-ended', 'yes'), { once: true });
  });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, dy);
  await waitFor(
    () =>
      viewport.evaluate((v, rowHeight) => {
        const e = v as unknown as PageElement;
        const first = Math.floor(e.scrollTop / rowHeight);
        return e.getAttribute('data-scroll-ended') === 'yes' && e.querySelector(`[data-index="${first}"]`) !== null;
      }, ROW_HEIGHT),
    'the steps table scrolled, its rows drawn',
  );
}

/** The step number of the first row whose top is in the table's viewport. */
async function firstVisibleRow(frame: FrameLocator): Promise<string> {
  return frame.locator('#steps .vgrid-viewport').evaluate((viewport) => {
    const v = viewport as unknown as PageElement;
    const top = v.getBoundingClientRect().top;
    const rows = [...v.querySelectorAll('[role="row"][data-row]')].map((r) => ({
      key: r.getAttribute('data-row') ?? '',
      top: r.getBoundingClientRect().top,
    }));
    return rows.filter((r) => r.top >= top - 1).sort((a, b) => a.top - b.top)[0]?.key ?? '';
  });
}

/** A chart's last point as it writes it on its figure, once it is at step `n`. */
async function chartEnd(frame: FrameLocator, tab: number, n: number): Promise<Record<string, number>> {
  const figure = frame.locator(`#view-${tab} figure`).first();
  let last: Record<string, number> = {};
  await waitFor(async () => {
    last = JSON.parse((await figure.getAttribute('data-last')) || '{}') as Record<string, number>;
    return last.step === n;
  }, `chart ${tab} ends on step ${n}`);
  return last;
}

/**
 * Puts the mouse on a chart's last point and returns its tooltip's text (title, then body lines), once the
 * tooltip is that of step `n` (its title names it). Where the point is is read again on each try, since a
 * chart just shown may still be taking its size; the mouse moves by a pixel up or down on each try (the
 * point is found by x alone), so that the chart hears a move even where the mouse already was.
 */
async function hoverLastPoint(page: Page, frame: FrameLocator, tab: number, n: number): Promise<string[]> {
  const figure = frame.locator(`#view-${tab} figure`).first();
  let lines: string[] = [];
  let nudge = 1;
  await waitFor(async () => {
    lines = JSON.parse((await figure.getAttribute('data-tooltip')) || '[]') as string[];
    if (new RegExp(`^Step ${n}\\b`).test(lines[0] ?? '')) return true;
    const box = await figure.locator('canvas').boundingBox();
    const x = Number(await figure.getAttribute('data-last-x'));
    if (box && Number.isFinite(x) && x > 0) await page.mouse.move(box.x + x, box.y + box.height / 2 + (nudge = -nudge));
    return false;
  }, `the tooltip of chart ${tab} at step ${n}`);
  return lines;
}

/** The steps chart's tooltip of step `n`: its exact tokens per kind, and its cost. */
function assertStepsTooltip(lines: string[], n: number, step: Usage): void {
  assert.match(lines[0], new RegExp(`^Step ${n}( \\(the largest of steps \\d+–${n}\\))?$`));
  assert.deepEqual(lines.slice(1), [
    `Input: ${formatCount(step.input)}`,
    `Output: ${formatCount(step.output)}`,
    `Reasoning: ${formatCount(step.reasoning)}`,
    `Cache read: ${formatCount(step.cacheRead)}`,
    `Cache write: ${formatCount(step.cacheWrite)}`,
    `Cost: ${formatExactCost(step.cost)}`,
  ]);
}

/** The cost chart's tooltip of its last step: the exact cumulative cost of the server's steps, and that step's. */
function assertTimelineTooltip(lines: string[], n: number, steps: readonly Usage[]): void {
  assert.equal(lines[0], `Step ${n}`);
  assert.equal(lines[1], `Cumulative cost: ${formatExactCost(cumulativeCost(steps))}`);
  assert.equal(lines[2], `This step: ${formatExactCost(steps[n - 1].cost)}`);
}

/** Every row of the (virtualised) steps table, read by scrolling it from top to bottom, must equal the server's steps. */
async function assertTableMatchesServer(frame: FrameLocator, sessionID: string): Promise<void> {
  const steps = await serverSteps(sessionID);
  await waitFor(async () => (await rowCount(frame)) === steps.length, `${steps.length} steps in the table`);
  const rows = await frame.locator('#steps').evaluate(
    async (grid, [rowHeight, rowCount]) => {
      const g = grid as unknown as PageElement;
      const viewport = g.querySelector('.vgrid-viewport')!;
      const frame = () =>
        new Promise<void>((resolve) =>
          (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => resolve()),
        );
      const seen = new Map<number, string[]>();
      for (let top = 0; ; top += viewport.clientHeight) {
        viewport.scrollTop = top;
        // Until the rows of this window are drawn: its first and last (or the table's last) row.
        const first = Math.floor(viewport.scrollTop / rowHeight);
        const last = Math.min(rowCount - 1, Math.floor((viewport.scrollTop + viewport.clientHeight - 1) / rowHeight));
        for (let i = 0; i < 600 && !(g.querySelector(`[data-index="${first}"]`) && g.querySelector(`[data-index="${last}"]`)); i++)
          await frame();
        for (const row of g.querySelectorAll('[role="row"][data-index]'))
          seen.set(
            Number(row.getAttribute('data-index')),
            [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent ?? ''),
          );
        if (top + viewport.clientHeight >= viewport.scrollHeight) break;
      }
      return Array.from({ length: rowCount }, (_, i) => seen.get(i) ?? []);
    },
    [ROW_HEIGHT, steps.length],
  );
  assert.equal(rows.length, steps.length);
  const wrong = rows.flatMap((cells, i) =>
    JSON.stringify(rowFigures(cells)) === JSON.stringify(expectedRow(i + 1, steps[i])) ? [] : [`step ${i + 1}: ${cells.join(' | ')}`],
  );
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of ${steps.length} rows differ from the server`);
}

/** What a page function uses of the DOM (this project's Node typings have none). */
interface PageElement {
  textContent: string | null;
  scrollTop: number;
  readonly clientHeight: number;
  readonly scrollHeight: number;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
  getBoundingClientRect(): { top: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

type ServerStep = Usage & { messageID: string };

/** The session's step-finish parts, in order, straight from the server. */
async function serverSteps(sessionID: string): Promise<ServerStep[]> {
  const result = await h.server.client(h.server.directory).session.messages({ sessionID });
  const messages = (result.data ?? []).slice().sort((a, b) => a.info.time.created - b.info.time.created);
  return messages.flatMap((m) =>
    m.parts.flatMap((p) => (p.type === 'step-finish' ? [{ messageID: m.info.id, ...usageOf(p.tokens, p.cost) }] : [])),
  );
}

const tokensOf = (s: Usage) => ({
  input: s.input,
  output: s.output,
  reasoning: s.reasoning,
  cacheRead: s.cacheRead,
  cacheWrite: s.cacheWrite,
});

/** The steps' costs summed in step order, as the panel's timeline sums them. */
function cumulativeCost(steps: readonly Usage[]): number {
  let sum = 0;
  for (const s of steps) sum += s.cost;
  return sum;
}

const num = (s: string) => Number(s.replace(/,/g, ''));
/** Step, input, output, reasoning, cache read, cache write, cost (to the micro-dollar) of a table row. */
const rowFigures = (cells: string[]) => [Number(cells[0]), ...cells.slice(2, 7).map(num), Number((cells[7] ?? '').slice(1))];
const expectedRow = (n: number, s: Usage) => [n, s.input, s.output, s.reasoning, s.cacheRead, s.cacheWrite, Number(s.cost.toFixed(6))];

/** The shared wait (test/harness/waitFor.ts), in this file's argument order. */
async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs?: number): Promise<void> {
  await sharedWaitFor(
    what,
    () => check().catch(() => false),
    (ok) => ok,
    timeoutMs,
  );
}
