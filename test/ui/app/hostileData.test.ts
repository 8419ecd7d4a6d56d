// Hostile server data in every surface, in Chromium against a real server: a session title, a sub-agent's
// title, a project folder, a model id and error messages carry HTML, markdown links, `command:` URIs, codicon
// syntax, bidi overrides and zero-width characters. The tree, its tooltips, the folder row, Switch Session, the
// status bar and its tooltip, a notification, the usage panel (tables and chart) and the rendered transcript (the
// Markdown preview) must show them as plain text: nothing loads (a loopback beacon counts any request), no dialog
// opens, no command runs (the links point at "close the side bar"), and no bidi or zero-width character reaches
// the screen. A share link the server answers with a command link in it is refused in a notification that shows it
// as text. Every surface that shows server text belongs here (notifications are safe by construction:
// src/app/host/notify.ts, enforced by ESLint).
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { HOVER_COMMANDS } from '../../../src/features/sessions/tree/sessionHover';
import { formatCost } from '../../../src/present/format';
import { visibleText } from '../../../src/present/plainText';
import { sessionTitle } from '../../../src/present/sessionTitle';
import { FaultProxy } from '../../harness/faultProxy';
import { waitFor } from '../../harness/waitFor';
import { DEFAULT_MODELS } from '../../harness/opencodeServer';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, getSession, prompt, spawnChild } from '../../harness/scenario';
import { failure, text } from '../../harness/scriptedModel';
import {
  notification,
  openOpenCodeView,
  runCommand,
  chooseFromCommand,
  runPalette,
  screenshot,
  statusBarItem,
  webviewFrame,
  withWorkbench,
  useHover,
} from '../../vscode-server/workbench';
import { expandRow, treeRows } from '../../vscode-server/treeRows';

// Bidi controls must never reach the screen. Zero-width spaces may, where this extension puts them on purpose
// to break `$(icon)` and `[x](link)` syntax; the server's own ("ze\u200bro") must not.
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CLOSE_SIDEBAR = 'command:workbench.action.closeSidebar';
let beacon: Server;
let beaconUrl = '';
const hits: string[] = [];
let h: RunningHarness;
/** In front of the server: passes everything through, but for the share link a hostile server answers. */
let proxy: FaultProxy;
let hostileId = '';
let title = '';
let modelId = '';
let folder = '';

/** HTML that would fetch the beacon if it ever ran or loaded, a command link, an icon, bidi and zero-width characters. */
const payload = (tag: string) =>
  `${tag} <img src=x onerror="fetch('${beaconUrl}/${tag}')"><script>fetch('${beaconUrl}/${tag}s')</script> [o](${CLOSE_SIDEBAR}) $(zap) photo\u202egpj.exe ze\u200bro`;

before(async () => {
  beacon = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end();
  });
  await new Promise<void>((resolve) => beacon.listen(0, '127.0.0.1', resolve));
  beaconUrl = `http://127.0.0.1:${(beacon.address() as { port: number }).port}`;
  // No "/" in a model id or a folder name: one is a provider separator, the other a path separator.
  modelId = `m<img src=x onerror=alert(1)>$(zap)[x](${CLOSE_SIDEBAR})\u202eevil\u200b`;
  h = await startHarness({
    models: [...DEFAULT_MODELS, { ...DEFAULT_MODELS[0], id: modelId, name: modelId }],
    config: { permission: { bash: 'allow' } },
  });
  folder = h.server.projectDir(`proj <img src=x onerror=alert(1)> $(zap) \u202eevil [l](${CLOSE_SIDEBAR}) ze\u200bro`);
  title = payload('title');
  hostileId = (await createSession(h, { title, directory: folder })).id;
  await prompt(h, hostileId, 'Work', [text('Worked.', { prompt: 3_000, completion: 300 })], { directory: folder, modelID: modelId });
  await spawnChild(h, hostileId, { description: payload('child').replace(/\//g, ' '), child: { prompt: 1_000, completion: 100 } }, folder);
  // Another session elsewhere, so folders are shown and there is something to switch from.
  const plain = (await createSession(h, { title: 'Plain session' })).id;
  await prompt(h, plain, 'Hi', [text('Hi.', { prompt: 500, completion: 10 })]);
  proxy = await new FaultProxy(h.server.url).start();
});

after(async () => {
  await proxy?.stop();
  await h?.dispose();
  beacon?.close();
});

/** What a surface shows, read in one go in the page: a hover that closes cannot leave half of it unread (or pass unread). */
interface Surface {
  text: string;
  /** Images, scripts (but the panel's own, with its nonce), frames and theme icons the server's text could have made. */
  active: number;
  /** Every command link's target. */
  links: string[];
}

async function readSurface(scope: Locator, timeout?: number): Promise<Surface> {
  return scope.evaluate(
    (element) => {
      const el = element as unknown as SurfaceElement;
      return {
        text: el.textContent ?? '',
        active: el.querySelectorAll('img, script:not([nonce]), iframe, .codicon-zap').length,
        links: [...el.querySelectorAll('a[href^="command:"], a[data-href^="command:"]')].map(
          (a) => a.getAttribute('data-href') ?? a.getAttribute('href') ?? '',
        ),
      };
    },
    undefined,
    { timeout },
  );
}

/** What readSurface uses of the DOM (this project's Node typings have none). */
interface SurfaceElement {
  readonly textContent: string | null;
  querySelectorAll(selector: string): ArrayLike<SurfaceElement> & Iterable<SurfaceElement>;
  getAttribute(name: string): string | null;
}

/**
 * The first tree row holding `marker`, read whole: the list reuses a row's element for another row as the tree
 * redraws, so it is read until the read is of this row.
 */
async function readRow(pane: Locator, marker: string, what: string): Promise<Surface> {
  const row = treeRows(pane, marker).first();
  await row.waitFor({ timeout: 60_000 });
  return waitFor(
    `the ${what} read whole`,
    () => readSurface(row),
    (seen) => seen.text.includes(marker),
  );
}

/** `ours`: the commands the surface itself links to (a session hover's actions); no text from the server links anywhere. */
async function assertInert(scope: Locator | Surface, where: string, ours: readonly string[] = []): Promise<string> {
  const seen = 'evaluate' in scope ? await readSurface(scope) : scope;
  assert.equal(seen.active, 0, `${where}: no image, script (but the panel's own, with its nonce) or icon`);
  const commands = seen.links.map((href) => /^command:([^?]*)/.exec(href)![1]);
  assert.deepEqual(commands, [...ours], `${where}: command links only to its own actions: ${seen.links.join(' ')}`);
  assert.doesNotMatch(seen.text, BIDI, `${where}: no bidi control`);
  assert.ok(!seen.text.includes('ze\u200bro'), `${where}: the server's zero-width space is gone`);
  return seen.text;
}

test('hostile titles, folders, models and errors stay inert in every surface', { timeout: 600_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'hostile', url: proxy.url }] };
  await withWorkbench('hostile-data', { machineSettings: settings, viewport: { width: 1400, height: 900 } }, async ({ page }) => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const pane = await openOpenCodeView(page);
    const sidebar = page.locator('.part.sidebar');

    // The folder row and the session row: the text as it is, minus the invisible characters.
    // Its folder's row, not the plain session's folder ("project"), which may be listed first.
    const folderName = 'proj <img src=x onerror=alert(1)> $(zap) evil';
    const folderText = await assertInert(await readRow(pane, 'proj <img', 'folder row'), 'folder row');
    assert.ok(folderText.includes(folderName), `the folder row reads the whole name as text: ${folderText}`);
    const row = treeRows(pane, 'title <img').first();
    const rowText = await assertInert(await readRow(pane, 'title <img', 'session row'), 'session row');
    assert.ok(
      rowText.includes(sessionTitle({ title })) && sessionTitle({ title }) === visibleText(title),
      `the row reads the whole title as text: ${rowText}`,
    );

    // Its tooltip: title, model, folder (error messages are checked in a notification below).
    const tooltip = await useHover(page, row, 'Cost', (hover) => readSurface(hover, 5_000));
    // Markdown hovers show spaces as non-breaking ones.
    const tip = (await assertInert(tooltip, 'session tooltip', HOVER_COMMANDS)).replace(/\u00a0/g, ' ');
    for (const expected of [visibleText(title), `scripted/${visibleText(modelId)}`, visibleText(folder)])
      assert.ok(tip.includes(expected), `tooltip shows ${expected}: ${tip}`);
    await screenshot(page, 'hostile-tree-tooltip', { keepHover: true });

    // The sub-agent's row (expand the parent).
    await expandRow(row);
    await assertInert(await readRow(pane, 'child <img', 'sub-agent row'), 'sub-agent row');

    // Switch Session: the pick reads as text; picking it moves the status bar to its cost.
    await chooseFromCommand(page, 'OpenCode: Switch Session', 'Switch OpenCode Session', hostileId, async () => {
      const pick = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'title <img' }).first();
      await pick.waitFor();
      const pickText = ((await pick.textContent()) ?? '').replace(/\u200b/g, '');
      assert.equal(await pick.locator('img, .codicon-zap').count(), 0, 'quick pick: no image or icon');
      assert.ok(pickText.includes(visibleText(title)), pickText);
      assert.doesNotMatch(pickText, /[\u202a-\u202e\u2066-\u2069]/);
    });
    const session = await getSession(h, hostileId);
    const item = statusBarItem(page, formatCost(session.cost ?? 0));
    await item.waitFor({ timeout: 30_000 });
    assert.ok(!((await item.textContent()) ?? '').includes('img'), 'the status bar shows money, not the title');
    const statusTip = await useHover(page, item, 'title <img', (hover) => readSurface(hover, 5_000));
    await assertInert(statusTip, 'status bar tooltip');

    // A notification carrying the error text: a compaction the model refuses with the payload.
    const fallback = h.model.fallback;
    h.model.fallback = () => failure(400, payload('notice'));
    try {
      await runPalette(page, 'OpenCode: Compact Session');
      await notification(page, /notice <img/, 180_000);
      const toast = page.locator('.notification-list-item').filter({ hasText: 'notice <img' }).first();
      await assertInert(toast, 'notification');
    } finally {
      h.model.fallback = fallback;
    }

    // The usage panel: header, tables and chart, with the model and the sub-agent as labels.
    await runCommand(page, 'OpenCode: Show Usage');
    const frame = webviewFrame(page);
    const body = frame.locator('body');
    await frame.locator('#totals [data-row="own"]').waitFor({ state: 'attached', timeout: 60_000 });
    const panelText = await assertInert(body, 'usage panel');
    assert.ok(panelText.includes('m<img src=x onerror=alert(1)>$(zap)'), 'the model label reads as text');
    for (const canvas of await frame.locator('canvas').all()) {
      if (!(await canvas.isVisible())) continue;
      const box = await canvas.boundingBox();
      if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2); // the chart's own tooltip
    }
    await screenshot(page, 'hostile-usage-panel', { keepHover: true });

    // The transcript, rendered (VS Code's Markdown preview of it): the title a heading of plain text, no fence showing
    // around the prompt, the sub-agent a link named by its title, nothing of the server's live.
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'OpenCode: Open Transcript');
    const preview = webviewFrame(page);
    const heading = preview.locator('h1').first();
    await heading.waitFor({ timeout: 60_000 });
    const previewText = await assertInert(preview.locator('body'), 'transcript preview');
    const h1 = (await heading.textContent()) ?? '';
    assert.ok(h1.includes('<img src=x onerror=') && h1.includes(`[o](${CLOSE_SIDEBAR})`), `the title reads as text: ${h1}`);
    assert.ok(previewText.includes('Work') && !previewText.includes('```'), 'the prompt is a paragraph, no fence shows');
    const subagent = preview.locator('a', { hasText: 'child <img' }).first();
    await subagent.waitFor({ timeout: 30_000 });
    await screenshot(page, 'hostile-transcript-preview');

    // Its link clicked in the preview: the sub-agent's transcript, rendered in place, read whole, its title text.
    await subagent.click();
    const childHeading = preview.locator('h1', { hasText: 'child <img' });
    await childHeading.waitFor({ timeout: 60_000 });
    const childText = await waitFor(
      "the sub-agent's transcript read whole",
      () => preview.locator('body').innerText(),
      (t) => t.includes(': done.') && !t.includes('being read'),
      60_000,
    );
    assert.ok(!childText.includes('Worked.'), "the preview shows the sub-agent's transcript, not its parent's");
    await assertInert(preview.locator('body'), 'sub-agent transcript preview');
    await screenshot(page, 'hostile-subagent-transcript');

    assert.deepEqual(hits, [], 'nothing loaded or ran: the beacon heard nothing');
    assert.equal(dialogs, 0, 'no alert() ran');
    assert.ok(await sidebar.isVisible(), 'no command link ran (the side bar is still open)');
    assert.ok(await page.locator('.monaco-workbench').isVisible());
  });
});
