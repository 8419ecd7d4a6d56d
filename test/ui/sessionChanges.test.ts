// A person reviewing what an agent changed, in Chromium against a real server: the session's Changes row,
// its files with their counts, and a file's diff opened from the tree in VS Code's diff editor.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type RunningHarness } from '../harness/harness';
import { changingTurn, gitProject, NUMBERED } from '../harness/gitProject';
import { openOpenCodeView, screenshot, treeRows, withWorkbench } from '../vscode-server/workbench';

let h: RunningHarness;

before(async () => {
  h = await startHarness();
  const project = gitProject(h, 'reviewed', { 'existing.txt': NUMBERED });
  await changingTurn(h, 'Agent edits two files', project);
});

after(async () => {
  await h?.dispose();
});

test('the Changes of a session, and a file’s diff opened from the tree', { timeout: 300_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'review', url: h.server.url }] };
  await withWorkbench('session-changes', { workspaceSettings: settings, viewport: { width: 1280, height: 720 } }, async ({ page }) => {
    const pane = await openOpenCodeView(page);
    // A session with only Changes below it starts collapsed.
    // It becomes expandable once its turns are read.
    const session = pane.locator('.monaco-list-row[role="treeitem"][aria-expanded="false"]', { hasText: 'Agent edits two files' }).first();
    await session.waitFor({ timeout: 60_000 });
    await session.locator('.monaco-tl-twistie').click();
    const changes = treeRows(pane, /^Changes/).first();
    await changes.waitFor({ timeout: 60_000 });
    await treeRows(pane, '2 files · +3 −1').first().waitFor({ timeout: 60_000 });
    await changes.click(); // expands it
    const edited = treeRows(pane, 'existing.txt').first();
    await edited.waitFor({ timeout: 30_000 });
    assert.match((await edited.locator('.label-description').textContent()) ?? '', /\+1 −1/);
    assert.match((await treeRows(pane, 'new.txt').first().locator('.label-description').textContent()) ?? '', /\+2 −0/);
    await edited.click();
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 30_000 });
    await page.locator('.tab.active', { hasText: 'existing.txt' }).waitFor({ timeout: 10_000 });
    await diff.locator('.editor.modified .view-lines', { hasText: 'line fifteen' }).waitFor({ timeout: 10_000 });
    await diff.locator('.editor.original .view-lines', { hasText: 'line 15' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'session-changes-diff');
  });
});
