// The usage panel as a person uses it: a real session with children and a compaction on a real server,
// opened with "Show Usage"; the webview's totals and per-step rows must equal the server's own data, a
// new prompt must add a row live, the CSV export must hold the same steps, and a reload restores it. Its charts
// fit their data: a session with no step says so in words, one model is named rather than drawn as a
// doughnut, and the legend names a compaction only in a session that had one.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { formatCost, formatExactCost } from '../../../src/present/format';
import { addUsage, usageOf, type Usage } from '../../../src/store/usage';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { allSessions, compact, createSession, getSession, prompt, spawnChild } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { waitFor as sharedWaitFor } from '../../harness/waitFor';
import {
  openOpenCodeView,
  pickCommand,
  runCommand,
  screenshot,
  sideBarTitle,
  webviewFrame,
  withWorkbench,
} from '../../vscode-server/workbench';
import { treeRows, selectRow } from '../../vscode-server/treeRows';

const TITLE = 'Usage panel session';
const EMPTY_TITLE = 'Usage: nothing asked yet';
const TWO_MODELS_TITLE = 'Usage: two models, no compaction';
let h: RunningHarness;
let sessionID: string;
let emptyID: string;
let twoModelsID: string;

before(async () => {
  h = await startHarness();
  const dir = h.server.directory;
  sessionID = (await createSession(h, { title: TITLE, directory: dir })).id;
  await prompt(h, sessionID, 'Plan the work', [text('Planned.', { prompt: 12_000, cached: 4_000, completion: 1_500, reasoning: 300 })], {
    directory: dir,
  });
  await spawnChild(
    h,
    sessionID,
    {
      description: 'Write the tests',
      parentCall: { prompt: 16_000, cached: 12_000, completion: 400 },
      child: { prompt: 8_000, completion: 2_000 },
      parentAfter: { prompt: 18_000, cached: 15_000, completion: 600 },
    },
    dir,
  );
  await compact(h, sessionID, { prompt: 20_000, completion: 900 }, undefined, dir);
  await prompt(h, sessionID, 'Carry on', [text('Carried on.', { prompt: 6_000, cached: 2_000, completion: 700 })], { directory: dir });
  emptyID = (await createSession(h, { title: EMPTY_TITLE, directory: dir })).id;
  twoModelsID = (await createSession(h, { title: TWO_MODELS_TITLE, directory: dir })).id;
  await prompt(h, twoModelsID, 'Sketch it', [text('Sketched.', { prompt: 9_000, completion: 800 })], { directory: dir, modelID: 'alpha' });
  await prompt(h, twoModelsID, 'Review it', [text('Reviewed.', { prompt: 11_000, cached: 6_000, completion: 500 })], {
    directory: dir,
    modelID: 'beta',
  });
});

after(async () => {
  await h?.dispose();
});

test('the usage panel shows the server numbers, updates live, exports CSV and survives a reload', { timeout: 420_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'demo', url: h.server.url }] };
  await withWorkbench(
    'usage-dark',
    { theme: 'dark', machineSettings: settings, viewport: { width: 1400, height: 900 } },
    async ({ page }) => {
      const frame = await openPanel(page);
      await assertMatchesServer(frame);
      await screenshotPanel(page, frame, 'usage-dark');
      await assertHeadersReadable(frame);
      // In a narrow window the totals' headers still stand over their own figures.
      await page.setViewportSize({ width: 900, height: 900 });
      await sharedWaitFor(
        'the totals columns aligned at 900 px',
        () => columnOffsets(frame),
        (o) => o.aligned,
      );
      await page.setViewportSize({ width: 1400, height: 900 });

      // A new prompt adds a step to the open panel.
      const before = (await serverSteps()).length;
      await prompt(h, sessionID, 'One more thing', [text('Done again.', { prompt: 7_000, cached: 5_000, completion: 800 })], {
        directory: h.server.directory,
      });
      await waitFor(async () => (await stepRows(frame)).length === before + 1, 'the new step in the panel');
      await assertMatchesServer(frame);

      // CSV export through the save dialog (VS Code's own quick-input dialog in the browser).
      await frame.locator('#export-csv').click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15_000 });
      // Accept the suggested file (in the workspace), once the dialog suggests it; the panel then says where the host wrote it.
      await waitFor(async () => (await input.inputValue()).endsWith('.csv'), 'the save dialog suggests a .csv file');
      await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
      const notice = frame.locator('.notice', { hasText: 'Exported to ' });
      await notice.waitFor({ timeout: 30_000 });
      const target = ((await notice.textContent()) ?? '').replace('Exported to ', '').trim();
      assert.ok(target.endsWith('.csv') && existsSync(target), `exported file ${target}`);
      const lines = readFileSync(target, 'utf8').trimEnd().split('\r\n');
      // The steps' table ends at the empty line before the tree's timeline (measure,value).
      const stepsEnd = lines.indexOf('');
      assert.ok(
        stepsEnd > 0 && lines[stepsEnd + 1] === 'measure,value' && lines.some((l) => l.startsWith('criticalPath,')),
        lines.slice(stepsEnd).join('\n'),
      );
      assert.equal(
        lines[0],
        'step,time,messageID,model,input,output,reasoning,cacheRead,cacheWrite,cost,listCost,context,source,copiedCost',
      );
      const expected = await serverSteps();
      assert.deepEqual(
        lines
          .slice(1, stepsEnd)
          .map((l) => l.split(','))
          .map((c) => [c[2], ...c.slice(4, 10).map(Number)]),
        expected.map((s) => [s.messageID, s.input, s.output, s.reasoning, s.cacheRead, s.cacheWrite, s.cost]),
      );

      // A window reload brings the panel back through the serializer, on the same session. Reloaded the way a
      // person does (Developer: Reload Window), so the workbench saves its open editors first: a bare
      // page.reload() can cut that short, and then there is no panel to restore (seen once in CI).
      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      // Keys typed while the webview has focus go to its frame first; the side bar's title takes it back.
      await sideBarTitle(page).click();
      await pickCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      const restored = webviewFrame(page);
      await restored.locator('#totals [data-row="own"]').waitFor({ state: 'attached', timeout: 90_000 });
      assert.equal(await restored.locator('.meta').getAttribute('data-session-id'), sessionID);
    },
  );

  await withWorkbench(
    'usage-light',
    { theme: 'light', machineSettings: settings, viewport: { width: 1400, height: 900 } },
    async ({ page }) => {
      const frame = await openPanel(page);
      await assertMatchesServer(frame);
      await screenshotPanel(page, frame, 'usage-light');

      // Charts that fit their data. This session: one model (named in words, no doughnut), a compaction (in the legend).
      const models = await chartShown(frame, 2, 'Cost by model', (c) => c.shown === 'words');
      assert.match(models.words, /^One model: \S+, \$\d+\.\d+ for [\d,]+ tokens\.$/);
      assert.equal(models.canvasShown, false, 'no doughnut for one model');
      const timeline = await chartShown(frame, 1, 'Context over the session', (c) => c.legend.length > 0);
      assert.ok(timeline.legend.includes('Compaction'), `the compaction in the legend: ${timeline.legend.join(', ')}`);
      // An axis of percents says so on its ticks.
      const contextTicks = timeline.ticks.y ?? [];
      assert.ok(
        contextTicks.length > 1 && contextTicks.every((t) => t.endsWith(' %')),
        `the context axis in %: ${contextTicks.join(', ')}`,
      );

      // A session that has not called a model yet: sentences, not empty axes.
      const empty = await showSession(page, EMPTY_TITLE, emptyID);
      for (const [tab, caption] of [
        [0, 'Tokens per step'],
        [1, 'Cost over the session'],
        [1, 'Context over the session'],
      ] as const) {
        const chart = await chartShown(empty, tab, caption, (c) => c.shown === 'words');
        assert.equal(chart.words, 'No finished step yet: OpenCode records a step’s tokens and cost when the step ends.');
        assert.equal(chart.canvasShown, false, `no empty axes: ${caption}`);
      }
      await empty.locator('#tab-3').click();
      await empty.locator('.steps-count', { hasText: 'No finished step yet' }).waitFor();

      // Two models and no compaction: a doughnut of the two, and no "Compaction" in the legend.
      const two = await showSession(page, TWO_MODELS_TITLE, twoModelsID);
      const doughnut = await chartShown(two, 2, 'Cost by model', (c) => c.shown === 'chart' && c.legend.length === 2);
      assert.equal(doughnut.canvasShown, true, 'two models are drawn');
      const plain = await chartShown(two, 1, 'Context over the session', (c) => c.legend.includes('Context %'));
      assert.ok(!plain.legend.includes('Compaction'), `no compaction in the legend: ${plain.legend.join(', ')}`);
      console.log(`screenshot: ${await screenshot(page, 'usage-two-models-split')}`);
    },
  );
});

/** Picks a session in the tree and shows its usage; the panel's frame, once it shows that session. */
async function showSession(page: Page, title: string, id: string): Promise<FrameLocator> {
  const pane = await openOpenCodeView(page);
  await selectRow(treeRows(pane, title).first());
  await runCommand(page, 'OpenCode: Show Usage');
  const frame = webviewFrame(page);
  await frame.locator(`.meta[data-session-id="${id}"]`).waitFor({ timeout: 60_000 });
  return frame;
}

interface ChartState {
  /** 'words' or 'chart' (the figure's data-shown). */
  shown: string;
  words: string;
  /** Whether the chart's canvas is laid out (not hidden). */
  canvasShown: boolean;
  /** The legend's entries as drawn. */
  legend: string[];
  /** Each axis's tick labels as drawn, by axis id. */
  ticks: Record<string, string[]>;
}

/** The chart captioned `caption` on tab `tab` (shown first), once `ready` holds of it. */
async function chartShown(frame: FrameLocator, tab: number, caption: string, ready: (c: ChartState) => boolean): Promise<ChartState> {
  await frame.locator(`#tab-${tab}`).click();
  const figure = frame.locator(`#view-${tab} figure`, { has: frame.locator('figcaption', { hasText: caption }) });
  return sharedWaitFor(
    `the chart "${caption}"`,
    async () => ({
      shown: (await figure.getAttribute('data-shown')) ?? '',
      words: (await figure.locator('.chart-words').textContent()) ?? '',
      canvasShown: await figure.locator('canvas').isVisible(),
      legend: (JSON.parse((await figure.getAttribute('data-legend')) || '[]') as Array<[string]>).map(([text]) => text),
      ticks: JSON.parse((await figure.getAttribute('data-ticks')) || '{}') as Record<string, string[]>,
    }),
    ready,
  );
}

async function openPanel(page: Page): Promise<FrameLocator> {
  const pane = await openOpenCodeView(page);
  const row = treeRows(pane, TITLE).first();
  await row.waitFor({ timeout: 60_000 });
  await selectRow(row);
  await runCommand(page, 'OpenCode: Show Usage');
  const frame = webviewFrame(page);
  await frame.locator('#totals [data-row="own"]').waitFor({ state: 'attached', timeout: 60_000 });
  // The panel is on the session clicked (not a row that moved under the pointer).
  assert.equal(await frame.locator('.meta').getAttribute('data-session-id'), sessionID, 'the panel shows the clicked session');
  return frame;
}

async function screenshotPanel(page: Page, frame: FrameLocator, name: string): Promise<void> {
  await frame.locator('#tab-0').click();
  await page.waitForTimeout(500);
  console.log(`screenshot: ${await screenshot(page, name)}`);
  await frame.locator('#tab-3').click();
  await page.waitForTimeout(300);
  console.log(`screenshot: ${await screenshot(page, `${name}-table`)}`);
}

/**
 * On the Table tab at this window size, every column header reads whole: none cut off with an ellipsis, and
 * none broken inside a word (a header takes at most one line per word).
 */
async function assertHeadersReadable(frame: FrameLocator): Promise<void> {
  const headers = await frame.locator('#steps .vgrid-header .vgrid-cell, #totals [cell-type="columnheader"]').evaluateAll((cells) =>
    cells.map((element) => {
      const cell = element as unknown as CellElement;
      const range = cell.ownerDocument.createRange();
      range.selectNodeContents(cell);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      const text = cell.textContent ?? '';
      return { text, cut: cell.scrollWidth > cell.clientWidth, lines, words: text.split(' ').length };
    }),
  );
  // Laid out (a hidden tab's cells have no lines, and would pass below without being looked at).
  assert.ok(headers.length >= 18 && headers.every((h) => !h.text || h.lines >= 1), JSON.stringify(headers));
  const unreadable = headers.filter((h) => h.text && (h.cut || h.lines > h.words));
  assert.deepEqual(unreadable, [], 'headers cut off or broken inside a word');
}

/** The left edge of each totals column in the header and in each row, and whether they agree. */
async function columnOffsets(frame: FrameLocator): Promise<{ aligned: boolean; rows: number[][] }> {
  const rows = await frame
    .locator('#totals vscode-data-grid-row')
    .evaluateAll((els) =>
      els.map((row) => [...(row as unknown as CellElement).children].map((cell) => Math.round(cell.getBoundingClientRect().left))),
    );
  const header = rows[0] ?? [];
  const aligned = rows.length > 1 && header.length > 1 && rows.every((r) => r.slice(0, header.length).every((x, i) => x === header[i]));
  return { aligned, rows };
}

/** What these page functions use of the DOM (this project's Node typings have none). */
interface CellElement {
  readonly textContent: string | null;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly children: Iterable<CellElement>;
  readonly ownerDocument: { createRange(): { selectNodeContents(node: CellElement): void; getClientRects(): Iterable<{ top: number }> } };
  getBoundingClientRect(): { left: number };
}

/** Totals and per-step rows read from the webview must equal what the server itself reports. */
async function assertMatchesServer(frame: FrameLocator): Promise<void> {
  const steps = await serverSteps();
  await waitFor(async () => (await stepRows(frame)).length === steps.length, `${steps.length} step rows`);
  const session = await getSession(h, sessionID, h.server.directory);
  const own = usageOf(session.tokens, session.cost);
  const children = (await allSessions(h)).filter((s) => s.parentID === sessionID);
  assert.ok(children.length > 0, 'the session has a child');
  const inclusive = children.reduce<Usage>((sum, s) => addUsage(sum, usageOf(s.tokens, s.cost)), own);
  await waitFor(async () => sameFigures(await rowCells(frame, '#totals', 'own'), own), 'own totals equal the server session');
  assert.deepEqual(figures(await rowCells(frame, '#totals', 'own')), expectedFigures(own));
  assert.deepEqual(figures(await rowCells(frame, '#totals', 'inclusive')), expectedFigures(inclusive));
  // The header rounds like the status bar; the exact figure is on hover.
  for (const [which, u] of [
    ['own', own],
    ['inclusive', inclusive],
  ] as const) {
    const shown = frame.locator(`.meta [data-cost="${which}"]`);
    assert.equal(await shown.textContent(), formatCost(u.cost), `${which} cost in the header`);
    assert.equal(await shown.getAttribute('title'), formatExactCost(u.cost), `${which} cost on hover`);
  }
  const rows = await stepRows(frame);
  assert.deepEqual(
    rows.map((c) => [Number(c[0]), ...c.slice(2, 7).map(num), Number(c[7].slice(1))]),
    steps.map((s, i) => [i + 1, s.input, s.output, s.reasoning, s.cacheRead, s.cacheWrite, Number(s.cost.toFixed(6))]),
  );
}

/** The session's step-finish parts, in order, straight from the server. */
async function serverSteps(): Promise<Array<Usage & { messageID: string }>> {
  const result = await h.server.client(h.server.directory).session.messages({ sessionID });
  const messages = (result.data ?? []).slice().sort((a, b) => a.info.time.created - b.info.time.created);
  return messages.flatMap((m) =>
    m.parts.flatMap((p) => (p.type === 'step-finish' ? [{ messageID: m.info.id, ...usageOf(p.tokens, p.cost) }] : [])),
  );
}

async function stepRows(frame: FrameLocator): Promise<string[][]> {
  // The steps table is virtualised (only rows near the viewport are in the DOM); this session's few all are.
  const rows = frame.locator('#steps [role="row"][data-row]');
  const out: string[][] = [];
  for (let i = 0, n = await rows.count(); i < n; i++) out.push(await rows.nth(i).locator('[role="gridcell"]').allTextContents());
  return out;
}

async function rowCells(frame: FrameLocator, grid: string, key: string): Promise<string[]> {
  return frame.locator(`${grid} vscode-data-grid-row[data-row="${key}"] vscode-data-grid-cell`).allTextContents();
}

const num = (s: string) => Number(s.replace(/,/g, ''));
/** input, output, reasoning, cache read, cache write, total, cost (to the micro-dollar). */
const figures = (cells: string[]) => [...cells.slice(1, 7).map(num), Number(cells[7].slice(1))];
const expectedFigures = (u: Usage) => [
  u.input,
  u.output,
  u.reasoning,
  u.cacheRead,
  u.cacheWrite,
  u.input + u.output + u.reasoning + u.cacheRead + u.cacheWrite,
  Number(u.cost.toFixed(6)),
];
const sameFigures = (cells: string[], u: Usage) =>
  cells.length > 7 && JSON.stringify(figures(cells)) === JSON.stringify(expectedFigures(u));

/** The shared wait (test/harness/waitFor.ts), in this file's argument order. */
async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  await sharedWaitFor(
    what,
    () => check().catch(() => false),
    (ok) => ok,
  );
}
