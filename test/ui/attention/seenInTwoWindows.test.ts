// Two windows of one VS Code (one VS Code server, two pages, one user's global state), a real server in the Remote
// settings. A run ends while both are open: its session reads "unread" in both. You look at it in the first window;
// the second reads it as read too within a few seconds (the windows share the seen marks), as VS Code's own views
// agree between windows.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { selectRow, treeRows } from '../../vscode-server/treeRows';
import { activityTab, openOpenCodeView, screenshot, withWorkbench } from '../../vscode-server/workbench';

const TITLE = 'Looked at in one window';

let h: RunningHarness;

before(async () => {
  h = await startHarness();
});

after(async () => {
  await h?.dispose();
});

/** Whether the row says "unread" to a screen reader (its icon's words, sessionMarks.ts). */
async function unread(row: Locator): Promise<boolean> {
  return /(^|, )unread(,|$)/.test((await row.getAttribute('aria-label').catch(() => null)) ?? '');
}

test('a session you looked at in one window reads as read in the other', { timeout: 600_000 }, async () => {
  const session = await createSession(h, { title: TITLE });
  await withWorkbench(
    'seen-two-windows',
    // Listed as installed (toasts), as users have it: each window's extension host loads it.
    { machineSettings: { 'opencodeSessions.servers': [{ name: 'shared', url: h.server.url }] }, toasts: true },
    async (first) => {
      const rowIn = (pane: Locator) => treeRows(pane, TITLE).first();
      const firstPane = await openOpenCodeView(first.page);
      await rowIn(firstPane).waitFor({ timeout: 120_000 });
      const folder = join(first.server.workDir, 'other-folder');
      mkdirSync(folder, { recursive: true });
      const second = await first.browser.context.newPage();
      await second.goto(`${first.server.url}?folder=${encodeURIComponent(folder)}`);
      await second.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await activityTab(second).waitFor({ timeout: 120_000 });
      const secondPane = await openOpenCodeView(second);
      await rowIn(secondPane).waitFor({ timeout: 120_000 });

      // The run ends while both windows watch: unread in both.
      await prompt(h, session.id, 'Tidy the imports', [text('Tidied.')]);
      for (const [name, pane] of [
        ['first', firstPane],
        ['second', secondPane],
      ] as const)
        await waitFor(`the ${name} window to show the session unread`, () => unread(rowIn(pane)), Boolean, 60_000);

      await selectRow(rowIn(firstPane));
      await waitFor(
        'the first window to show the session read',
        () => unread(rowIn(firstPane)),
        (u) => !u,
        30_000,
      );
      const looked = Date.now();
      try {
        await waitFor(
          'the second window to show the session read',
          () => unread(rowIn(secondPane)),
          (u) => !u,
          60_000,
        );
      } catch (error) {
        await screenshot(second, 'seen-two-windows-second');
        throw error;
      }
      console.log(`      the second window read it as read ${Date.now() - looked} ms after the look in the first`);
      assert.equal(await unread(rowIn(secondPane)), false);
    },
  );
});
