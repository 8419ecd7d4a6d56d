// A server list in the User settings, as a person sets it, in a remote window (code-server's, which the demo and the
// UI tests use), against a real 1.18.33 (issue 74). While the settings a workspace must not decide were
// machine-scoped, a remote window read them from its Remote settings alone: the User tab of the Settings editor
// listed none of them and VS Code applied a User value only by a race as the window started. They are
// window-scoped now (a workspace's value is ignored by the extension itself): the User value shows the server's
// sessions in the tree, and Open Settings lists every setting of ours in the User tab.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SETTING } from '../../../src/app/settings/settingKeys';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession } from '../../harness/scenario';
import { waitFor } from '../../harness/waitFor';
import { treeRows } from '../../vscode-server/treeRows';
import { openOpenCodeView, runCommand, withWorkbench } from '../../vscode-server/workbench';

let h: RunningHarness;

before(async () => {
  h = await startHarness();
  await createSession(h, { title: 'Set in user settings' });
});

after(async () => {
  await h?.dispose();
});

test(
  'a server list in the User settings shows its sessions in a remote window, and the User tab lists every setting of ours',
  { timeout: 300_000 },
  async () => {
    const settings = { 'opencodeSessions.servers': [{ name: 'mine', url: h.server.url }] };
    await withWorkbench('user-settings', { settings }, async ({ page }) => {
      const pane = await openOpenCodeView(page);
      await treeRows(pane, 'Set in user settings').first().waitFor({ timeout: 120_000 });

      await runCommand(page, 'OpenCode: Open Settings');
      const editor = page.locator('.settings-editor');
      const found = await waitFor(
        'the settings found',
        () => editor.locator('.settings-count-widget').textContent(),
        (text) => /\d+ Settings? Found/.test(text ?? ''),
      );
      const tab = (await editor.locator('.settings-tabs-widget .action-label.checked').textContent())?.trim() ?? '';
      assert.match(tab, /^User\b/, 'Open Settings opens the User tab');
      const all = Object.keys(SETTING).length;
      assert.equal(found, `${all} Settings Found`, `all ${all} settings of ours in the User tab, the servers among them`);
    });
  },
);
