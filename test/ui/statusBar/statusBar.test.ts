// The status bar in Chromium: the active session's cost, and the budget colours as a real session's
// cost crosses 80 % and then 100 % of `opencodeSessions.budget.perSession`.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { openOpenCodeView, screenshot, statusBarItem, withWorkbench, useHover } from '../../vscode-server/workbench';
import { treeRows, selectRow } from '../../vscode-server/treeRows';

let h: RunningHarness;
let id: string;

before(async () => {
  h = await startHarness();
  id = (await createSession(h, { title: 'Budgeted session' })).id;
  // 1 000 + 100 tokens cost $0.0045: 90 % of a $0.005 budget.
  await prompt(h, id, 'First', [text('One.', { prompt: 1_000, completion: 100 })]);
});

after(async () => {
  await h?.dispose();
});

test('the status bar turns to the warning, then the error colour as the session budget is crossed', { timeout: 240_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'budget', url: h.server.url }], 'opencodeSessions.budget.perSession': 0.005 };
  await withWorkbench('status-bar', { machineSettings: settings, viewport: { width: 1280, height: 720 } }, async ({ page }) => {
    const pane = await openOpenCodeView(page);
    await selectRow(treeRows(pane, 'Budgeted session').first());
    const item = statusBarItem(page, '$0.0045');
    await item.waitFor({ timeout: 60_000 });
    assert.match((await item.getAttribute('class')) ?? '', /warning-kind/);
    await screenshot(page, 'status-bar-warning');
    // Its tooltip breaks the figures down, with the budget it is measured against.
    const shown = await useHover(page, item, 'Session budget', async (tooltip) => (await tooltip.textContent({ timeout: 5_000 })) ?? '');
    // Values are rendered with non-breaking spaces: \s matches both.
    assert.match(shown, /Budgeted\ssession[\s\S]*Own:\s\$0\.0045\s·\s1\.1k\stokens[\s\S]*Session budget:\s\$0\.0045\sof\s\$0\.0050/);
    await screenshot(page, 'status-bar-tooltip', { keepHover: true });
    await page.mouse.move(0, 0);
    await prompt(h, id, 'Second', [text('Two.', { prompt: 1_000, completion: 100 })]);
    const over = statusBarItem(page, '$0.0090');
    await over.waitFor({ timeout: 60_000 });
    await page.locator('.statusbar-item.error-kind').first().waitFor({ timeout: 30_000 });
    assert.match((await over.getAttribute('class')) ?? '', /error-kind/);
    await screenshot(page, 'status-bar-error', { keepNotifications: true });
  });
});
