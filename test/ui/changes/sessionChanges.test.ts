// A person reviewing what an agent changed, in Chromium against a real server: the session's Changes row,
// its files with their counts, and a file's diff opened from the tree in VS Code's diff editor; and the demo's
// session whose turn also recorded a file something else wrote, listed apart as such.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_EDITS, demoWebshop, seedDemoEdits } from '../../harness/demoEdits';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { changingTurn, gitProject, NUMBERED } from '../../harness/gitProject';
import { openOpenCodeView, screenshot, widenSideBar, withWorkbench } from '../../vscode-server/workbench';
import { expandRow, treeRows } from '../../vscode-server/treeRows';

let h: RunningHarness;

before(async () => {
  h = await startHarness();
  const project = gitProject(h, 'reviewed', { 'existing.txt': NUMBERED });
  await changingTurn(h, 'Agent edits two files', project);
  await seedDemoEdits(h, demoWebshop(h));
});

after(async () => {
  await h?.dispose();
});

test('the Changes of a session, and a file’s diff opened from the tree', { timeout: 300_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'review', url: h.server.url }] };
  await withWorkbench('session-changes', { machineSettings: settings, viewport: { width: 1280, height: 720 } }, async ({ page }) => {
    const pane = await openOpenCodeView(page);
    // A session with only Changes below it starts collapsed.
    // It becomes expandable once its turns are read.
    const session = pane.locator('.monaco-list-row[role="treeitem"][aria-expanded="false"]', { hasText: 'Agent edits two files' }).first();
    await session.waitFor({ timeout: 60_000 });
    await expandRow(treeRows(pane, 'Agent edits two files').first());
    const changes = treeRows(pane, /^Changes/).first();
    await changes.waitFor({ timeout: 60_000 });
    await treeRows(pane, '2 files · +3 −1').first().waitFor({ timeout: 60_000 });
    await expandRow(changes);
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

test(
  'the demo’s Changes list only the files its own tools changed, and the one written meanwhile apart',
  { timeout: 300_000 },
  async () => {
    const settings = { 'opencodeSessions.servers': [{ name: 'demo', url: h.server.url }] };
    await withWorkbench('demo-changes', { machineSettings: settings, viewport: { width: 1280, height: 720 } }, async ({ page }) => {
      const pane = await openOpenCodeView(page);
      const session = pane.locator('.monaco-list-row[role="treeitem"][aria-expanded="false"]', { hasText: DEMO_EDITS.title }).first();
      await session.waitFor({ timeout: 60_000 });
      await expandRow(treeRows(pane, DEMO_EDITS.title).first());
      // The row counts the session's own two files; the one written meanwhile is not among them.
      const changes = treeRows(pane, /^Changes/)
        .filter({ hasText: '2 files' })
        .first();
      await changes.waitFor({ timeout: 60_000 });
      await expandRow(changes);
      const level = async (name: string) => Number(await treeRows(pane, name).first().getAttribute('aria-level'));
      for (const path of DEMO_EDITS.own) await treeRows(pane, path.split('/').pop()).first().waitFor({ timeout: 30_000 });
      const group = treeRows(pane, 'Changed meanwhile, not by this session').first();
      await group.waitFor({ timeout: 30_000 });
      assert.equal(
        await level('Changed meanwhile, not by this session'),
        await level('checkout.ts'),
        'the group sits beside the own files',
      );
      assert.equal(await treeRows(pane, DEMO_EDITS.meanwhile).count(), 0, 'the file written meanwhile is not among the own files');
      await expandRow(group);
      await treeRows(pane, DEMO_EDITS.meanwhile).first().waitFor({ timeout: 30_000 });
      await widenSideBar(page, 520); // the README's picture: every label whole
      assert.equal(await level(DEMO_EDITS.meanwhile), (await level('checkout.ts')) + 1, 'the file written meanwhile is inside the group');
      await screenshot(page, 'demo-changes-meanwhile');
    });
  },
);
