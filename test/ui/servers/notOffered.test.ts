// What a server does not offer, as a person meets it, in Chromium against a real 1.18.33 spoken to
// through its V2 API (a proxy answers every non-/api path with the web page, as OpenCode 2 does, so the extension
// finds V2 by itself): sharing, which no V2 route offers, shows disabled in the session's context menu; asked for
// from the palette it says "… does not offer sharing sessions" as information, not an error; Rename stays enabled;
// Show Server Details lists every feature, the missing ones marked.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { treeRows, selectRow } from '../../vscode-server/treeRows';
import { notification, openOpenCodeView, runCommand, withWorkbench } from '../../vscode-server/workbench';

let h: RunningHarness;
let proxy: FaultProxy;

before(async () => {
  h = await startHarness();
  proxy = await new FaultProxy(h.server.url).start();
  proxy.setFaults([{ fault: { kind: 'html' }, path: /^\/(?!api\/)/ }]);
  const id = (await createSession(h, { title: 'Offered or not' })).id;
  await prompt(h, id, 'Hello', [text('Hi.')]);
});

after(async () => {
  await proxy?.stop();
  await h?.dispose();
});

test(
  'an action the server does not offer: disabled in the menu, said plainly when asked, listed in Show Server Details',
  { timeout: 300_000 },
  async () => {
    const settings = { 'opencodeSessions.servers': [{ name: 'v2-only', url: proxy.url }] };
    await withWorkbench('not-offered', { machineSettings: settings, viewport: { width: 1280, height: 800 } }, async ({ page }) => {
      const pane = await openOpenCodeView(page);
      const row = treeRows(pane, 'Offered or not').first();
      await row.waitFor({ timeout: 90_000 });
      await selectRow(row);

      // The context menu: Share shown disabled, Rename enabled.
      await row.click({ button: 'right' });
      const menu = page.locator('.monaco-menu .action-item');
      const share = menu.filter({ hasText: 'Share Session (Copy Link)' }).first();
      await share.waitFor({ timeout: 10_000 });
      assert.match((await share.getAttribute('class')) ?? '', /\bdisabled\b/, 'Share is shown disabled');
      assert.doesNotMatch((await menu.filter({ hasText: 'Rename Session' }).first().getAttribute('class')) ?? '', /\bdisabled\b/);
      await page.keyboard.press('Escape');

      // From the palette (where no row context applies): said as a fact about the server, nothing sent.
      await runCommand(page, 'OpenCode: Share Session (Copy Link)');
      const said = await notification(page, /does not offer sharing sessions/, 30_000);
      assert.match(said, /^OpenCode .*on this server does not offer sharing sessions\.$/);

      // Show Server Details: in the server row's context menu, and (run from the palette, the one server being
      // this one) a dialog listing every feature.
      const server = treeRows(pane, 'v2-only').first();
      await server.click({ button: 'right' });
      await menu.filter({ hasText: 'Show Server Details' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Escape');
      await runCommand(page, 'OpenCode: Show Server Details');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 10_000 });
      const details = (await dialog.textContent()) ?? '';
      assert.match(details, /API: OpenCode’s V2 API \(\/api\/\*\)/);
      assert.match(details, /✗ sharing sessions — not offered by this server/);
      assert.match(details, /✓ renaming sessions — PATCH \/api\/session\/\{sessionID\}/);
      await page.keyboard.press('Escape');
    });
  },
);
