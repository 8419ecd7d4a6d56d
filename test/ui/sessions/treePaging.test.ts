// A long session list from the keyboard, in Chromium against a real server with 130 sessions: the tree shows
// 100 of them and a "Show 30 more" row; End reaches that row and Enter shows the rest, with no mouse.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createManySessions } from '../../harness/manySessions';
import { waitFor } from '../../harness/waitFor';
import { openOpenCodeView, screenshot, withWorkbench } from '../../vscode-server/workbench';
import { selectRow, treeRows } from '../../vscode-server/treeRows';

const COUNT = 130;
let h: RunningHarness;

before(async () => {
  h = await startHarness();
  await createManySessions(h, COUNT, { title: (i) => `Paged ${i + 1}` });
});

after(async () => {
  await h?.dispose();
});

test('End and Enter on "Show 30 more" show the rest of a long list', { timeout: 240_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'paged', url: h.server.url }] };
  await withWorkbench('treePaging', { machineSettings: settings, viewport: { width: 1280, height: 720 } }, async ({ page }) => {
    const pane = await openOpenCodeView(page);
    const sessionRows = treeRows(pane, /Paged \d+/);
    await sessionRows.first().waitFor({ timeout: 60_000 });
    // The list is virtualised: aria-setsize says how many rows the list holds, shown or scrolled away.
    const setSize = async () => Number(await sessionRows.first().getAttribute('aria-setsize'));
    await waitFor('a page of 100 sessions and the "Show more" row', setSize, (n) => n === 101);

    await selectRow(sessionRows.first());
    await page.keyboard.press('End');
    const more = treeRows(pane, /Show 30 more/);
    await more.and(page.locator('.monaco-list-row.focused')).waitFor({ timeout: 10_000 });
    assert.equal(await more.getAttribute('aria-label'), 'Show 30 more sessions, 30 not shown');
    console.log(`screenshot: ${await screenshot(page, 'tree-paging-more')}`);

    await page.keyboard.press('Enter');
    await waitFor('every session in the list', setSize, (n) => n === COUNT);
    assert.equal(await more.count(), 0, 'no "Show more" row once every session is shown');
    // The last row, from the keyboard again, is now a session.
    await page.keyboard.press('End');
    const last = pane.locator('.monaco-list-row.focused');
    await waitFor(
      'the last row focused',
      () => last.textContent(),
      (text) => /Paged \d+/.test(text ?? ''),
    );
  });
});
