// What a newcomer could trip over in the demo's first twenty minutes, in Chromium against what `npm run demo`
// starts (its sessions, its changed files, the session waiting for permission, its stand-in cluster with a second
// real OpenCode server), VS Code started as the demo starts it (toasts shown). One workbench for the file; each test
// is one thing a person saw, so a regression of each fails its own test.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { Session } from '@opencode-ai/sdk/v2/client';
import { formatCost, formatExactCost, tokensWord } from '../../../src/present/format';
import { ROW_SEPARATOR, rowMoney } from '../../../src/present/sessionRow';
import { addUsage, totalTokens, usageOf, type Usage } from '../../../src/store/usage';
import { startDemoData, WAITING_TITLE, type DemoData } from '../../harness/demoData';
import { DEMO_EDITS } from '../../harness/demoEdits';
import { BUSY_TITLE } from '../../harness/demoSessions';
import { flakyTarget, startDemoTicker } from '../../harness/demoTicker';
import { isDescendant } from '../../harness/expectedRow';
import { allSessions } from '../../harness/scenario';
import { waitFor } from '../../harness/waitFor';
import { expandRow, selectRow, taskTreeRow, treeRows } from '../../vscode-server/treeRows';
import {
  escapeRegExp,
  openOpenCodeView,
  openWorkbench,
  runCommand,
  runCommandWithInput,
  runPalette,
  screenshot,
  useHover,
  webviewFrame,
  type Workbench,
} from '../../vscode-server/workbench';

const FLAKY = 'Investigate flaky CI job';
const CHECKOUT = 'Add checkout flow';
/** Enough steps that the Table's steps do not fit the panel (the issue saw steps 12–27 of 31 and not the newest). */
const FLAKY_TURNS = 40;
const VIEWPORT = { width: 1280, height: 900 };

let data: DemoData;
let wb: Workbench;
let page: Page;
let pane: Locator;

describe('the demo’s first twenty minutes', { timeout: 900_000 }, () => {
  before(async () => {
    data = await startDemoData({ cluster: true });
    // The demo's ticker has run a while: the flaky session has many steps (the Table then has more than fit).
    const ticker = startDemoTicker(
      [flakyTarget(data.h, data.demo.flaky, data.h.server.projectDir('cli-tool'))],
      5,
      (e) => {
        throw e;
      },
      'at once',
    );
    await waitFor(
      `${FLAKY_TURNS} turns of the ticker`,
      () => ticker.finished,
      (n) => n >= FLAKY_TURNS,
    );
    await ticker.stopAndSettle();
    wb = await openWorkbench({
      workspace: data.webshop,
      machineSettings: data.machineSettings,
      env: data.env,
      toasts: true,
      viewport: VIEWPORT,
    });
    page = wb.page;
    pane = await openOpenCodeView(page);
    await treeRows(pane, FLAKY).first().waitFor({ timeout: 90_000 });
  });

  after(async () => {
    await wb?.close();
    await data?.stop();
  });

  test('the server row leads with its total; each folder row with its own, and the two read differently', async () =>
    shot('first-minutes-rows', async () => {
      const sessions = await allSessions(data.h);
      const server = exactRow('demo');
      const total = formatCost(sessions.reduce((sum, s) => sum + (s.cost ?? 0), 0));
      await waitFor(
        'the server row’s total',
        () => description(server),
        (d) => d.startsWith(`${total} · `),
      );
      const folders: string[] = [];
      for (const folder of ['webshop', 'cli-tool']) {
        const directory = data.h.server.projectDir(folder);
        const cost = formatCost(sessions.filter((s) => s.directory === directory).reduce((sum, s) => sum + (s.cost ?? 0), 0));
        const roots = sessions.filter((s) => s.directory === directory && !s.parentID).length;
        const row = exactRow(folder);
        const expected = `${cost} · ${roots} sessions`;
        folders.push(
          await waitFor(
            `the ${folder} folder’s figures`,
            () => description(row),
            (d) => d === expected,
          ),
        );
      }
      assert.notEqual(folders[0], folders[1], 'two folder rows that read differently');
    }));

  test('a Task’s session is named by its Task; the running Task shows its session’s money and a clock that ticks', async () =>
    shot('first-minutes-task', async () => {
      const cluster = data.cluster!;
      const agentSessions = await allSessions(cluster.agentServer);
      const live = agentSessions.find((s) => s.id === cluster.liveSessionId)!;
      // The session row under the Agent: "Task fix-login-redirect", not kubeopencode's machine path.
      const sessionRow = treeRows(pane).filter({
        has: page.locator('.label-name', { hasText: new RegExp(`${escapeRegExp(`${ROW_SEPARATOR}Task fix-login-redirect`)}\\s*$`) }),
      });
      await sessionRow.first().waitFor({ timeout: 60_000 });
      assert.equal(await treeRows(pane, 'kubeopencode/').count(), 0, 'no row is titled with kubeopencode’s path');
      // The Task's row leads with what its session has cost so far, the same figures as the session's row.
      const { own, inclusive, hasChildren } = figures(agentSessions, live);
      // Its money leads its label, as the session row's does (issue 77); its tokens, then its state and clock follow.
      const money = rowMoney(own, inclusive, hasChildren);
      const tokens = tokensWord(totalTokens(own));
      const task = taskTreeRow(pane, 'fix-login-redirect');
      await waitFor(
        'the running Task’s money',
        async () => ((await task.locator('.label-name').textContent()) ?? '').trim(),
        (label) => label === `${money}${ROW_SEPARATOR}fix-login-redirect`,
      );
      const first = await waitFor(
        'the running Task’s figures',
        () => description(task),
        (d) => d.startsWith(`${tokens} · Running · `),
      );
      // Nothing else changes meanwhile (no prompt, no snapshot): only its clock moves it.
      const later = await waitFor(
        'the running Task’s clock to tick',
        () => description(task),
        (d) => d !== first,
      );
      assert.ok(later.startsWith(`${tokens} · Running · `), later);
      assert.notEqual(duration(later), duration(first), `${first} → ${later}`);
    }));

  test('a finished Task whose session is on no connected server promises no click, and says why', async () =>
    shot('first-minutes-finished-task', async () => {
      const text = await useHover(
        page,
        taskTreeRow(pane, 'nightly-audit'),
        'nightly-audit',
        async (hover) => (await hover.textContent()) ?? '',
      );
      assert.doesNotMatch(text, /Click\s+to\s+show/, 'no promise of a click that cannot work');
      // (Markdown text: its spaces are non-breaking.)
      assert.match(text, /Its\s+session\s+\(ses_from_an_earlier_pod\)\s+is\s+on\s+no\s+connected\s+server/);
      // The running Task's session is there: its hover offers the click (which works, tested in cluster.test).
      const running = await useHover(
        page,
        taskTreeRow(pane, 'fix-login-redirect'),
        'fix-login-redirect',
        async (h) => (await h.textContent()) ?? '',
      );
      assert.match(running, /Click\s+to\s+show\s+its\s+session\s+on\s+the\s+Agent\./);
    }));

  test('Switch Session shows what each session is doing', async () =>
    shot('first-minutes-switch', async () => {
      const input = await runCommandWithInput(page, 'OpenCode: Switch Session', 'Switch OpenCode Session');
      try {
        await screenshot(page, 'first-minutes-switch-session');
        // It opens on the most recent session, in view and focused (not scrolled to the session followed).
        const first = page.locator('.quick-input-list .monaco-list-row[data-index="0"]');
        await first.waitFor({ timeout: 10_000 });
        assert.match((await first.getAttribute('class')) ?? '', /\bfocused\b/, 'the first row (the most recent session) has the focus');
        for (const [title, icon, words] of [
          [BUSY_TITLE, 'loading', /working/],
          [WAITING_TITLE, 'bell-dot', /waiting for you/],
          [CHECKOUT, 'comment-discussion', /^(?!.*(working|waiting)).*$/],
        ] as const) {
          // Filtered to the one session: the list shows a page of rows only.
          await input.fill(title);
          const pick = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
          await pick.waitFor({ timeout: 10_000 });
          assert.equal(await pick.locator(`.codicon-${icon}`).count(), 1, `${title}: its state's icon (${icon})`);
          assert.match((await pick.locator('.quick-input-list-description, .label-description').first().textContent()) ?? '', words);
        }
      } finally {
        await page.keyboard.press('Escape');
      }
    }));

  test('a session’s Changes: one more file reads as one; an added file opens as added, not as a diff with a deleted line', async () =>
    shot('first-minutes-changes', async () => {
      await expandRow(treeRows(pane, DEMO_EDITS.title).first());
      const changes = treeRows(pane, /^Changes/)
        .filter({ hasText: '2 files' })
        .first();
      await changes.waitFor({ timeout: 60_000 });
      const tooltip = await useHover(page, changes, 'changed while its turns ran', async (hover) => (await hover.textContent()) ?? '');
      assert.match(tooltip, /One more file changed while its turns ran/);
      assert.doesNotMatch(tooltip, /\(s\)/);
      await expandRow(changes);
      const added = treeRows(pane, 'checkout.test.ts').first();
      await added.waitFor({ timeout: 30_000 });
      await selectRow(added);
      const tab = page.locator('.tabs-container .tab.active', { hasText: 'checkout.test.ts' });
      await tab.waitFor({ timeout: 30_000 });
      assert.match((await tab.textContent()) ?? '', /Rename the checkout button: added\)/);
      const editor = page.locator('.editor-group-container.active');
      await editor.locator('.view-lines', { hasText: 'the button says what it does' }).first().waitFor({ timeout: 30_000 });
      assert.equal(await editor.locator('.monaco-diff-editor').count(), 0, 'the added file alone, no diff against an empty text');
      await runPalette(page, 'View: Close All Editors');
    }));

  test('a session that has not finished a step reads $0.00, not six zeros', async () =>
    shot('first-minutes-zero-cost', async () => {
      const text = await useHover(page, treeRows(pane, WAITING_TITLE).first(), 'Cost', async (hover) => (await hover.textContent()) ?? '');
      assert.match(text, /Cost:?\s*\$0\.00(?!\d)/);
      assert.doesNotMatch(text, /0\.000000/);
    }));

  describe('the usage panel', () => {
    let frame: FrameLocator;

    before(async () => {
      frame = await showUsage(FLAKY, data.demo.flaky);
    });

    test('its charts stay within the window after the Table tab, even when the window changes size there', async () =>
      shot('first-minutes-charts-height', async () => {
        await frame.locator('#tab-0').click();
        const first = await chartFits(frame, 0);
        await frame.locator('#tab-3').click();
        await frame.locator('#steps .vgrid-viewport').waitFor({ state: 'visible' });
        // The window changes while the Table is shown (the issue saw it without: the header changed size there).
        await page.setViewportSize({ width: VIEWPORT.width, height: VIEWPORT.height - 60 });
        await page.setViewportSize(VIEWPORT);
        await frame.locator('#tab-0').click();
        const again = await chartFits(frame, 0);
        assert.ok(Math.abs(again.bottom - first.bottom) <= 1, `the chart ends where it did: ${first.bottom} → ${again.bottom} px`);
        await frame.locator('#tab-1').click();
        await chartFits(frame, 1);
      }));

    test('its header says what the pace covers, apart from the session’s figures; no Σ without sub-agents', async () =>
      shot('first-minutes-header', async () => {
        const meta = (await frame.locator('.meta').textContent()) ?? '';
        assert.doesNotMatch(meta, /Σ/, `a session without sub-agents: ${meta}`);
        assert.doesNotMatch(meta, /Pace|spending/, `the session’s line has no pace: ${meta}`);
        // A pace is of the last minutes' replies and stops a minute after the last one: the ticker's turns before VS
        // Code opened may be over by now, so two more turns spend now, as a demo left running does.
        const ticker = startDemoTicker(
          [flakyTarget(data.h, data.demo.flaky, data.h.server.projectDir('cli-tool'))],
          5,
          (e) => {
            throw e;
          },
          'at once',
        );
        await waitFor(
          'two more turns of the ticker',
          () => ticker.finished,
          (n) => n >= 2,
        );
        await ticker.stopAndSettle();
        await waitFor(
          'the pace line',
          async () => (await frame.locator('.pace').textContent()) ?? '',
          (pace) => /^All servers are spending \$[\d.]+\/h \(last 15 min\)/.test(pace),
        );
        const checkout = await showUsage(CHECKOUT, data.demo.checkout);
        assert.match((await checkout.locator('.meta').textContent()) ?? '', /Σ with sub-agents \$/, 'with sub-agents, Σ shows');
        frame = await showUsage(FLAKY, data.demo.flaky);
      }));

    test('over the session, cost and context each on an axis of its own; the cost drawn at full strength', async () =>
      shot('first-minutes-over-the-session', async () => {
        await frame.locator('#tab-1').click();
        const figures = frame.locator('#view-1 figure');
        await waitFor(
          'two charts',
          () => figures.count(),
          (n) => n === 2,
        );
        const legends = await waitFor(
          'both legends',
          async () =>
            Promise.all([0, 1].map(async (i) => JSON.parse((await figures.nth(i).getAttribute('data-legend')) || '[]') as string[][])),
          (l) => l.every((entries) => entries.length > 0),
        );
        const [cost, context] = legends.map((entries) => entries.map(([text]) => text));
        assert.deepEqual(cost, ['Cumulative cost ($)'], 'the cost chart draws the cost alone');
        assert.ok(context.includes('Context %') && context.some((t) => t.startsWith('Compaction threshold')), context.join(', '));
        assert.ok(!context.includes('Cumulative cost ($)'), 'no cost on the context axis');
        const [[, costColor]] = legends[0];
        assert.equal(alphaOf(costColor), 1, `the cost line’s colour ${costColor} is opaque (a translucent orange read dark brown)`);
        await screenshot(page, 'first-minutes-over-the-session');
      }));

    test('the steps chart’s hover gives the step’s cost with its tokens', async () =>
      shot('first-minutes-steps-hover', async () => {
        await frame.locator('#tab-0').click();
        const figure = frame.locator('#view-0 figure').first();
        const steps = await stepCosts(data.demo.flaky);
        const n = steps.length;
        const lines = await waitFor(
          `the hover of step ${n}`,
          async () => {
            const box = await figure.locator('canvas').boundingBox();
            const x = Number(await figure.getAttribute('data-last-x'));
            if (box && x > 0) await page.mouse.move(box.x + x, box.y + box.height * 0.8 + (Date.now() % 2));
            return JSON.parse((await figure.getAttribute('data-tooltip')) || '[]') as string[];
          },
          (l) => l[0] === `Step ${n}`,
        );
        assert.equal(lines.at(-1), `Cost: ${formatExactCost(steps[n - 1])}`, lines.join(' | '));
        await page.mouse.move(0, 0);
      }));

    test('the Table: one scroller that shows the newest step; shares a figure of their own; names cut only where nothing gives', async () =>
      shot('first-minutes-table', async () => {
        const checkout = await showUsage(CHECKOUT, data.demo.checkout);
        await checkout.locator('#tab-3').click();
        await checkout.locator('#totals [data-row="child-0"]').waitFor();
        for (const width of [1000, 790, 400]) {
          await setPanelWidth(width);
          const table = await waitFor(
            `the Table at ${width} px`,
            () => tableLayout(checkout),
            (t) => t.panel === width && t.names.length >= 4,
          );
          assert.match(table.shareHeader, /^Share/, 'the shares have a column of their own');
          const shares = table.shares.filter((s) => s.text);
          // Each child's share of the cost with sub-agents, a figure column of its own (a narrow panel may drop it).
          if (width >= 790) assert.ok(shares.length >= 4, `shares shown at ${width} px: ${JSON.stringify(table.shares)}`);
          assert.deepEqual(
            shares.filter((s) => s.cut),
            [],
            `a share cut at ${width} px`,
          );
          assert.ok(
            shares.every((s) => /^\d+(\.\d)?%$/.test(s.text)),
            JSON.stringify(shares),
          );
          for (const name of table.names)
            assert.ok(name.lines <= 2, `"${name.text}" shows ${name.lines} lines at ${width} px (at most two)`);
          const cutNames = table.names.filter((n) => n.cut);
          if (cutNames.length)
            assert.deepEqual(
              table.spare.filter((s) => s > 8),
              [],
              `at ${width} px "${cutNames[0].text}" is cut while figure columns have room: ${table.spare.join(', ')} px`,
            );
          if (width === 790) await screenshot(page, 'first-minutes-table-790');
        }
        await setPanelWidth(1000);
        // The flaky session's many steps: the page does not scroll, the steps do, and the newest is on screen.
        const flaky = await showUsage(FLAKY, data.demo.flaky);
        await flaky.locator('#tab-3').click();
        const n = (await stepCosts(data.demo.flaky)).length;
        const newest = flaky.locator(`#steps [data-row="${n}"]`);
        await newest.waitFor({ state: 'visible', timeout: 30_000 });
        const layout = await pageLayout(flaky, n);
        assert.ok(layout.pageScroll <= 1, `the page itself scrolls by ${layout.pageScroll} px: one scroller, the steps’`);
        assert.ok(layout.viewportBottom <= layout.windowHeight + 0.5, `the steps end below the window: ${JSON.stringify(layout)}`);
        assert.ok(layout.viewportScrolls, 'the steps scroll (more than fit)');
        assert.ok(
          layout.newest && layout.newest.bottom <= layout.viewportBottom + 0.5,
          `the newest step on screen: ${JSON.stringify(layout)}`,
        );
        await screenshot(page, 'first-minutes-table-steps');
      }));
  });
});

/** Runs `fn`; on failure first saves `<name>-failure.png` (the workbench is shared, so withWorkbench is not used). */
async function shot(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    await screenshot(page, `${name}-failure`).catch(() => undefined);
    throw error;
  }
}

/** The row whose label is exactly `label`. */
function exactRow(label: string): Locator {
  return treeRows(pane)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
    .first();
}

async function description(row: Locator): Promise<string> {
  return (
    (await row
      .locator('.label-description')
      .textContent()
      .catch(() => '')) ?? ''
  ).trim();
}

/** "2m 40s" from a Task row's description. */
const duration = (text: string) => text.split(' · ').at(-1);

function figures(all: Session[], session: Session): { own: Usage; inclusive: Usage; hasChildren: boolean } {
  const own = usageOf(session.tokens, session.cost);
  const inclusive = all
    .filter((s) => isDescendant(all, s, session.id))
    .reduce<Usage>((sum, s) => addUsage(sum, usageOf(s.tokens, s.cost)), own);
  return { own, inclusive, hasChildren: all.some((s) => s.parentID === session.id) };
}

/** The session's step costs, in order, from the server. */
async function stepCosts(sessionID: string): Promise<number[]> {
  const result = await data.h.server.client(data.h.server.projectDir('cli-tool')).session.messages({ sessionID });
  return (result.data ?? [])
    .slice()
    .sort((a, b) => a.info.time.created - b.info.time.created)
    .flatMap((m) => m.parts.flatMap((p) => (p.type === 'step-finish' ? [p.cost] : [])));
}

async function showUsage(title: string, id: string): Promise<FrameLocator> {
  await page.keyboard.press('Escape');
  pane = await openOpenCodeView(page); // the side bar may have been closed for a panel's width
  const row = treeRows(pane, title).first();
  await selectRow(row);
  await runCommand(page, 'OpenCode: Show Usage');
  const frame = webviewFrame(page);
  await frame.locator(`.meta[data-session-id="${id}"]`).waitFor({ timeout: 60_000 });
  return frame;
}

/** Resizes the window so the usage panel (side bar closed) is `width` px wide. */
async function setPanelWidth(width: number): Promise<void> {
  if (await page.locator('.part.sidebar').isVisible()) await runPalette(page, 'View: Close Primary Side Bar');
  const panel = async () => (await page.locator('iframe.webview.ready').first().boundingBox())?.width ?? 0;
  await waitFor('the panel laid out', panel, (w) => w > 0);
  const extra = page.viewportSize()!.width - (await panel());
  await page.setViewportSize({ width: Math.round(width + extra), height: VIEWPORT.height });
}

/** Tab `tab`'s first chart, once laid out: its canvas ends inside the window and the page does not scroll. */
async function chartFits(frame: FrameLocator, tab: number): Promise<{ bottom: number }> {
  const figure = frame.locator(`#view-${tab} figure`).last();
  return waitFor(
    `the charts of tab ${tab} within the window`,
    () =>
      figure.locator('canvas').evaluate((el) => {
        const canvas = el as unknown as DomElement;
        const doc = canvas.ownerDocument;
        const win = doc.defaultView!;
        return {
          bottom: Math.round(canvas.getBoundingClientRect().bottom),
          height: Math.round(canvas.getBoundingClientRect().height),
          window: win.innerHeight,
          scroll: doc.documentElement.scrollHeight - win.innerHeight,
        };
      }),
    (c) => c.height > 100 && c.bottom <= c.window && c.scroll <= 1,
  );
}

interface TableLayout {
  panel: number;
  /** Each totals name: its text, how many of its lines show, whether some of it is cut off. */
  names: Array<{ text: string; lines: number; cut: boolean }>;
  shares: Array<{ text: string; cut: boolean }>;
  /** The header of the column the shares are in. */
  shareHeader: string;
  /** What each shown figure column has beyond its widest text, in px. */
  spare: number[];
}

async function tableLayout(frame: FrameLocator): Promise<TableLayout> {
  const panel = Math.round((await page.locator('iframe.webview.ready').first().boundingBox())?.width ?? 0);
  const measured = await frame.locator('#totals').evaluate((el) => {
    const grid = el as unknown as DomElement;
    const doc = grid.ownerDocument;
    const win = doc.defaultView!;
    /** The visible part of a box: every clipping ancestor (overflow other than visible) cuts it. */
    const clipped = (box: Rect, from: DomElement) => {
      let { top, bottom, left, right } = box;
      for (let a: DomElement | null = from; a && a !== grid.parentElement; a = a.parentElement) {
        const style = win.getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const c = a.getBoundingClientRect();
        top = Math.max(top, c.top);
        bottom = Math.min(bottom, c.bottom);
        left = Math.max(left, c.left);
        right = Math.min(right, c.right);
      }
      return { top, bottom, left, right };
    };
    const textBox = (cell: DomElement) => {
      const range = doc.createRange();
      range.selectNodeContents(cell);
      return range;
    };
    const rows = [...grid.querySelectorAll('vscode-data-grid-row:not([row-type="header"])')];
    const names = rows.map((row) => {
      const cell = row.querySelector('vscode-data-grid-cell[grid-column="1"]')!;
      // One box per line of its text (its text nodes' boxes only: an element's own box is not a line).
      const rects: Rect[] = [];
      const walker = doc.createTreeWalker(cell, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = doc.createRange();
        range.selectNodeContents(node);
        rects.push(...range.getClientRects());
      }
      // The text's own element first (the name, where it has one), then every ancestor up to the table.
      const holder = cell.querySelector('.name') ?? cell;
      let lines = 0;
      let cut = false;
      for (const r of rects) {
        const v = clipped(r, holder);
        const shown = Math.max(0, v.bottom - v.top);
        if (shown > 0.5) lines += 1;
        if (shown < r.height - 0.5) cut = true;
      }
      return { text: cell.textContent ?? '', lines, cut };
    });
    const shares = rows.map((row) => {
      const cell = row.querySelector('vscode-data-grid-cell[grid-column="9"]')!;
      const range = textBox(cell);
      const r = range.getBoundingClientRect();
      const v = clipped(r, cell);
      // A figure reads on one line, whole ("52.9" above "%" is as cut as an ellipsis).
      const lines = new Set([...range.getClientRects()].map((b) => Math.round(b.top))).size;
      return {
        text: cell.classList.contains('out-of-room') ? '' : (cell.textContent ?? ''),
        cut: r.width > 0 && (v.right - v.left < r.width - 0.5 || lines > 1),
      };
    });
    // Spare room in each figure column: its cell's inner width beyond the widest text in that column.
    const spare: number[] = [];
    for (let col = 2; col <= 10; col++) {
      const cells = [...grid.querySelectorAll(`vscode-data-grid-cell[grid-column="${col}"]`)].filter(
        (c) => !c.classList.contains('out-of-room') && c.getBoundingClientRect().width > 0,
      );
      if (!cells.length) continue;
      const inner = Math.min(...cells.map((c) => c.clientWidth - 12));
      const widest = Math.max(...cells.map((c) => textBox(c).getBoundingClientRect().width));
      spare.push(Math.round(inner - widest));
    }
    const shareHeader =
      grid.querySelector('vscode-data-grid-row[row-type="header"] vscode-data-grid-cell[grid-column="9"]')?.textContent ?? '';
    return { names, shares, shareHeader, spare };
  });
  return { panel, ...measured };
}

async function pageLayout(
  frame: FrameLocator,
  n: number,
): Promise<{
  pageScroll: number;
  windowHeight: number;
  viewportBottom: number;
  viewportScrolls: boolean;
  newest?: { top: number; bottom: number };
}> {
  return frame.locator('#steps').evaluate((el, step) => {
    const grid = el as unknown as DomElement;
    const doc = grid.ownerDocument;
    const win = doc.defaultView!;
    const viewport = grid.querySelector('.vgrid-viewport')!;
    const row = grid.querySelector(`[data-row="${step}"]`);
    const box = row?.getBoundingClientRect();
    return {
      pageScroll: doc.documentElement.scrollHeight - win.innerHeight,
      windowHeight: win.innerHeight,
      viewportBottom: viewport.getBoundingClientRect().bottom,
      viewportScrolls: viewport.scrollHeight > viewport.clientHeight,
      newest: box && { top: box.top, bottom: box.bottom },
    };
  }, n);
}

/** A CSS colour's alpha (1 for one without). */
function alphaOf(color: string): number {
  const hex = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{1,2})?$/i.exec(color);
  if (hex) return hex[1] ? parseInt(hex[1].length === 1 ? hex[1] + hex[1] : hex[1], 16) / 255 : 1;
  const fn = /^rgba?\([^)]*?[,/]\s*([\d.]+)(%?)\s*\)$/i.exec(color);
  if (fn && color.split(/[,\s/]+/).length > 4) return Number(fn[1]) / (fn[2] ? 100 : 1);
  return 1;
}

/** What these page functions use of the DOM (this project's Node typings have none). */
interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
  height: number;
}
interface DomElement {
  readonly textContent: string | null;
  readonly clientWidth: number;
  readonly clientHeight: number;
  readonly scrollHeight: number;
  readonly parentElement: DomElement | null;
  readonly classList: { contains(name: string): boolean };
  readonly ownerDocument: {
    defaultView: { innerHeight: number; getComputedStyle(el: DomElement): { overflowX: string; overflowY: string } } | null;
    documentElement: { scrollHeight: number };
    createRange(): { selectNodeContents(node: unknown): void; getClientRects(): Iterable<Rect>; getBoundingClientRect(): Rect };
    createTreeWalker(root: DomElement, show: number): { nextNode(): unknown };
  };
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getBoundingClientRect(): Rect;
}
