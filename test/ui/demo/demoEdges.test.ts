// What a newcomer sees in the demo, in Chromium against a real server with the demo's sessions and
// VS Code started as the demo starts it (toasts shown): a working spinner on the busy session, a status bar that
// stays on the session it follows for 60 s while another session takes turns at the demo ticker's pace, Compact's result as a visible notification,
// and the usage Table at 790 px (and at 400 px) with every cost whole, and neither table scrolling sideways.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { formatCost } from '../../../src/present/format';
import { BUSY_TITLE, seedDemoSessions, type DemoSessions } from '../../harness/demoSessions';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { getSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { chooseFromCommand, openOpenCodeView, runPalette, screenshot, webviewFrame, withWorkbench } from '../../vscode-server/workbench';
import { treeRows } from '../../vscode-server/treeRows';

/** How long the status bar is watched (the acceptance's 60 s), at the demo ticker's pace of one turn each 20 s. */
const WATCH_MS = 60_000;
const TICK_MS = 20_000;
const MIN_ROUNDS = 3;

let h: RunningHarness;
let demo: DemoSessions;

before(async () => {
  h = await startHarness();
  demo = await seedDemoSessions(h);
});

after(async () => {
  demo?.releaseBusy();
  await h?.dispose();
});

test('the demo shows a spinner, a steady status bar, Compact in a toast and whole costs at 790 px', { timeout: 480_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'demo', url: h.server.url }] };
  await withWorkbench(
    'demo-edges',
    { machineSettings: settings, viewport: { width: 1280, height: 720 }, toasts: true },
    async ({ page }) => {
      const pane = await openOpenCodeView(page);
      const busyRow = treeRows(pane, BUSY_TITLE).first();
      await busyRow.waitFor({ timeout: 60_000 });

      // Nothing picked: the status bar follows the most recently active session, the busy one, with a spinner.
      const status = page.locator('.statusbar-item[aria-label^="OpenCode session cost"]').first();
      await status.locator('.codicon-loading').waitFor({ timeout: 60_000 });
      assert.equal(await busyRow.locator('.codicon-loading').count(), 1, 'the busy session spins in the tree');
      const followed = await status.getAttribute('aria-label');

      // Another session takes turns at the demo ticker's pace, for at least the acceptance's 60 s: every label the
      // status bar shows meanwhile is recorded in the page (a switch to another session and back is caught too),
      // and each turn is waited for until its live update has reached the tree.
      await page.evaluate(watchStatusLabels);
      const flakyRow = treeRows(pane, 'Investigate flaky CI job').first();
      const watchedFrom = Date.now();
      for (let round = 1; round <= MIN_ROUNDS || Date.now() - watchedFrom < WATCH_MS; round++) {
        const due = watchedFrom + (round - 1) * TICK_MS;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now())); // the ticker's pace
        await prompt(h, demo.flaky, `Follow-up ${round}`, [text(`Checked ${round}.`, { prompt: 16_000 + 900 * round, completion: 700 })], {
          directory: h.server.projectDir('cli-tool'),
        });
        const cost = formatCost((await getSession(h, demo.flaky, h.server.projectDir('cli-tool'))).cost ?? 0);
        await waitFor(
          `the flaky session's row at ${cost} (turn ${round})`,
          () => flakyRow.textContent(),
          (t) => !!t?.includes(cost),
        );
      }
      const watched = Date.now() - watchedFrom;
      const shown = await page.evaluate(() => (globalThis as unknown as { statusLabels: string[] }).statusLabels);
      console.log(`      status bar watched ${Math.round(watched / 1000)} s while another session took turns: ${shown.length} label(s)`);
      assert.ok(watched >= WATCH_MS, 'watched for the whole window');
      assert.deepEqual(shown, [followed], 'the status bar stayed on the session it followed');
      assert.equal(await status.locator('.codicon-loading').count(), 1, 'and it still spins: the busy session is still working');
      await screenshot(page, 'demo-busy-spinner');

      // Compact: its before → after shows as a toast, not only in the Notifications center.
      await chooseFromCommand(page, 'OpenCode: Switch Session', 'Switch OpenCode Session', 'Investigate flaky CI job');
      // Focus follows the switch: the picked session's row is selected and has the keyboard focus.
      await flakyRow.and(page.locator('.monaco-list-row.selected.focused')).waitFor({ timeout: 30_000 });
      await page.locator('.monaco-list:focus-within .monaco-list-row.focused').filter({ hasText: 'Investigate flaky CI job' }).waitFor();
      h.model.enqueue(text('Summary: a race in the port allocation.', { prompt: 3_000, completion: 200 }));
      await runPalette(page, 'OpenCode: Compact Session');
      const toast = page.locator('.notifications-toasts .notification-toast-container').filter({ hasText: /Compacted/ });
      await toast.waitFor({ timeout: 90_000 });
      assert.match((await toast.textContent()) ?? '', /\d+(\.\d)?% → \d+(\.\d)?%/);
      await screenshot(page, 'demo-compact-toast', { keepNotifications: true });

      // The usage Table in a 790 px panel (side bar closed), then in a 400 px one.
      await runPalette(page, 'View: Close Primary Side Bar');
      await runPalette(page, 'OpenCode: Show Usage');
      const frame = webviewFrame(page);
      await frame.locator('#totals [data-row="own"]').waitFor({ state: 'attached', timeout: 60_000 });
      await frame.locator('#tab-3').click();
      for (const width of [790, 400]) {
        await setPanelWidth(page, width);
        const costs = await waitFor(
          `the Table laid out at ${width} px`,
          () => costCells(page),
          (c) => c.panel === width && c.cells.length >= 3 && c.cells.every((cell) => cell.width > 0),
        );
        const cut = costs.cells.filter((c) => c.cut || !/^\$\d+\.\d{6}/.test(c.text));
        assert.deepEqual(cut, [], `costs cut at ${width} px`);
        console.log(`      ${costs.cells.length} costs whole at ${width} px (tables scroll sideways: ${costs.scrolls.join(', ')})`);
        // Both tables fit the panel: the lesser columns give way (their figures in the row's tooltip), no sideways scroll.
        assert.deepEqual(costs.scrolls, [false, false], `at ${width} px the totals and the steps table scroll sideways`);
        assert.deepEqual(costs.outside, [false, false], `at ${width} px a table runs past the panel's edge`);
        if (width === 790) await screenshot(page, 'demo-table-790');
        else await assertOutOfRoomReadable(frame);
      }
    },
  );
});

/**
 * The columns a narrow panel has no room for draw nothing, yet each of their cells is still in the accessibility
 * tree: a screen reader reads every figure of a row (a sighted user finds them in the row's tooltip).
 */
async function assertOutOfRoomReadable(frame: ReturnType<typeof webviewFrame>): Promise<void> {
  for (const table of ['#totals', '#steps']) {
    const row = frame.locator(`${table} [role="row"]`).nth(1);
    const cells = await row.locator('[role="gridcell"]').count();
    const out = await row.locator('[role="gridcell"].out-of-room').count();
    assert.ok(out > 0, `${table}: at 400 px some columns give way`);
    assert.equal(
      await row.getByRole('gridcell').count(),
      cells,
      `${table}: all ${cells} cells reach a screen reader, ${out} of them out of room`,
    );
    console.log(`      ${table}: ${out} of ${cells} cells out of room, all ${cells} in the accessibility tree`);
  }
}

/** Runs in the page: records every distinct accessible name the session cost item takes, from now on. */
function watchStatusLabels(): void {
  const doc = (globalThis as unknown as { document: WatchedDocument }).document;
  const labels: string[] = [];
  (globalThis as unknown as { statusLabels: string[] }).statusLabels = labels;
  const read = () => {
    const label = doc.querySelector('.statusbar-item[aria-label^="OpenCode session cost"]')?.getAttribute('aria-label') ?? '(none)';
    if (labels.at(-1) !== label) labels.push(label);
  };
  read();
  const MutationObserverClass = (globalThis as unknown as { MutationObserver: WatchedObserverClass }).MutationObserver;
  new MutationObserverClass(read).observe(doc.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
}

/** What watchStatusLabels uses of the DOM (this project's Node typings have none). */
interface WatchedDocument {
  body: unknown;
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
}
type WatchedObserverClass = new (callback: () => void) => { observe(target: unknown, options: Record<string, unknown>): void };

/** Resizes the window so the usage panel (the only editor, side bar closed) is `width` px wide. */
async function setPanelWidth(page: Page, width: number): Promise<void> {
  const panel = async () => (await page.locator('iframe.webview.ready').first().boundingBox())?.width ?? 0;
  const viewport = page.viewportSize()!;
  const extra = viewport.width - (await panel());
  await page.setViewportSize({ width: Math.round(width + extra), height: viewport.height });
}

interface CostCells {
  panel: number;
  cells: Array<{ text: string; cut: boolean; width: number }>;
  /** Whether the totals and the steps table scroll sideways. */
  scrolls: boolean[];
  /** Whether each runs past the right edge of the page (the panel). */
  outside: boolean[];
}

/** Every cost cell of the Table tab (the totals' and the shown steps'), and whether its text is cut. */
async function costCells(page: Page): Promise<CostCells> {
  const panel = Math.round((await page.locator('iframe.webview.ready').first().boundingBox())?.width ?? 0);
  const frame = webviewFrame(page);
  const evaluated = await frame.locator('body').evaluate((element) => {
    const body = element as unknown as DomElement;
    const cells = [
      ...body.querySelectorAll('#totals vscode-data-grid-row:not([row-type="header"]) vscode-data-grid-cell[grid-column="8"]'),
      ...body.querySelectorAll('#steps .vgrid-viewport .vgrid-row > :nth-child(8)'),
    ].map((cell) => {
      const range = cell.ownerDocument.createRange();
      range.selectNodeContents(cell);
      const text = range.getBoundingClientRect();
      const box = cell.getBoundingClientRect();
      // Cut: the text is wider than its cell, or runs past its cell's right edge.
      return { text: cell.textContent ?? '', cut: cell.scrollWidth > cell.clientWidth || text.right > box.right + 0.5, width: box.width };
    });
    const tables = [...body.querySelectorAll('.table-scroll')];
    const scrolls = tables.map((s) => s.scrollWidth > s.clientWidth);
    const outside = tables.map((s) => s.getBoundingClientRect().right > s.ownerDocument.documentElement.clientWidth + 0.5);
    return { cells, scrolls, outside };
  });
  return { panel, ...evaluated };
}

/** What the page function uses of the DOM (this project's Node typings have none). */
interface Rect {
  right: number;
  width: number;
}
interface DomElement {
  readonly textContent: string | null;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly ownerDocument: {
    createRange(): { selectNodeContents(node: DomElement): void; getBoundingClientRect(): Rect };
    documentElement: { clientWidth: number };
  };
  querySelectorAll(selector: string): Iterable<DomElement>;
  getBoundingClientRect(): Rect;
}
