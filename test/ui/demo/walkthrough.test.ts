// The getting-started walkthrough as a person meets it: opened from the palette, its steps done from the
// Sessions tree (a row's hover link, a row's inline action), not from the walkthrough's own buttons; each
// step gets its tick then, and only then. VS Code's page: button.getting-started-step holds a
// role=checkbox codicon (data-done-step-id) whose aria-checked turns "true" when the step is done.
// A step whose completionEvents are empty falls back to its buttons' commands, so removing an event hides
// nothing here; naming another command does (a planted onCommand:opencodeSessions.refresh failed this test).
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, hasCompactionSummary, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { openOpenCodeView, pickCommand, screenshot, withWorkbench, useHover } from '../../vscode-server/workbench';
import { clickInlineActionUntil, treeRows } from '../../vscode-server/treeRows';

const TITLE = 'Walkthrough session';
const WALKTHROUGH = 'Get Started with OpenCode Sessions';
// VS Code names an extension's steps <publisher>.<name>#<walkthrough id>#<step id>.
const STEP_PREFIX = 'opencode-sessions.opencode-sessions#opencodeSessions.gettingStarted#';
let h: RunningHarness;
let sessionId: string;

before(async () => {
  h = await startHarness();
  sessionId = (await createSession(h, { title: TITLE })).id;
  await prompt(h, sessionId, 'Say hi', [text('Hi.', { prompt: 1_000, completion: 100 })]);
});

after(async () => {
  await h?.dispose();
});

test('Compact from a row hover and Show Usage from a row tick their walkthrough steps', { timeout: 300_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'walk', url: h.server.url }] };
  await withWorkbench('walkthrough', { machineSettings: settings, viewport: { width: 1400, height: 900 } }, async ({ page }) => {
    const pane = await openOpenCodeView(page);
    const row = treeRows(pane, TITLE).first();
    await row.waitFor({ timeout: 60_000 });

    await openWalkthrough(page);
    await tick(page, 'usage').waitFor({ timeout: 30_000 });
    assert.equal(await tick(page, 'usage').getAttribute('aria-checked'), 'false', 'Show Usage not done yet');
    assert.equal(await tick(page, 'compact').getAttribute('aria-checked'), 'false', 'Compact not done yet');

    // Compact, from the link in the row's hover (the walkthrough stays in view).
    h.model.enqueue(text('Summary: said hi.', { prompt: 2_000, completion: 100 }));
    await useHover(page, row, 'Compact', (hover) => hover.locator('a', { hasText: /^Compact$/ }).click({ timeout: 5_000 }));
    await ticked(page, 'compact').waitFor({ timeout: 60_000 });
    assert.equal(await tick(page, 'usage').getAttribute('aria-checked'), 'false', 'only the step done got its tick');
    await waitFor('the compaction the hover link started', () => hasCompactionSummary(h, sessionId), Boolean);

    // Show Usage, from the row's inline action: the panel opens over the walkthrough, whose tab shows the tick.
    await clickInlineActionUntil(row, 'Show Usage', page.locator('.tabs-container .tab', { hasText: `Usage: ${TITLE}` }));
    await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).click();
    await ticked(page, 'usage').waitFor({ timeout: 60_000 });
    await screenshot(page, 'walkthrough-ticked');
  });
});

/** A step's checkbox in the walkthrough page. */
function tick(page: Page, step: string): Locator {
  return page.locator(`[role="checkbox"][data-done-step-id="${STEP_PREFIX}${step}"]`);
}

/** The same checkbox, once VS Code has marked the step done. */
function ticked(page: Page, step: string): Locator {
  return page.locator(`[role="checkbox"][aria-checked="true"][data-done-step-id="${STEP_PREFIX}${step}"]`);
}

/** Welcome: Open Walkthrough..., then this extension's walkthrough from its list, as a person picks it. */
async function openWalkthrough(page: Page): Promise<void> {
  await pickCommand(page, 'Welcome: Open Walkthrough...');
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: WALKTHROUGH }).first().click({ timeout: 30_000 });
}
