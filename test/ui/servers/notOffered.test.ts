// What a server does not offer, as a person meets it, in Chromium against a real 1.18.33 spoken to
// through its V2 API (a proxy answers every non-/api path with the web page, as OpenCode 2 does, so the extension
// finds V2 by itself): sharing, which no server is offered (OpenCode's share service is gone), is neither on the
// session's context menu nor in the palette; Rename is enabled; Show Server Details lists every feature, the
// missing ones marked (a TUI that follows over HTTP), and says why sharing is offered nowhere.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { treeRows, selectRow } from '../../vscode-server/treeRows';
import { openOpenCodeView, runCommand, withWorkbench } from '../../vscode-server/workbench';

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
  'what the server does not offer is listed in Show Server Details, and Share is offered on no server: not on the menu nor in the palette',
  { timeout: 300_000 },
  async () => {
    const settings = { 'opencodeSessions.servers': [{ name: 'v2-only', url: proxy.url }] };
    await withWorkbench('not-offered', { machineSettings: settings, viewport: { width: 1280, height: 800 } }, async ({ page }) => {
      const pane = await openOpenCodeView(page);
      const row = treeRows(pane, 'Offered or not').first();
      await row.waitFor({ timeout: 90_000 });
      await selectRow(row);

      // The context menu: Rename enabled, no Share of any kind.
      await row.click({ button: 'right' });
      const menu = page.locator('.monaco-menu .action-item');
      const rename = menu.filter({ hasText: 'Rename Session' }).first();
      await rename.waitFor({ timeout: 10_000 });
      assert.doesNotMatch((await rename.getAttribute('class')) ?? '', /\bdisabled\b/);
      const items = await menu.allTextContents();
      assert.ok(!items.some((t) => /shar/i.test(t)), `no Share on the menu: ${items.join(' | ')}`);
      await page.keyboard.press('Escape');

      // Nor in the palette.
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.fill('>OpenCode: Shar');
      await page.locator('.quick-input-list').waitFor({ timeout: 10_000 });
      const offered = await page.locator('.quick-input-list .monaco-list-row').allTextContents();
      assert.ok(!offered.some((t) => /OpenCode.*Shar/i.test(t)), `no Share command: ${offered.join(' | ')}`);
      await page.keyboard.press('Escape');

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
      assert.match(details, /✗ selecting a session in an attached TUI — not offered by this server/);
      assert.match(details, /✗ sharing sessions — not offered on any server: OpenCode’s share service is discontinued/);
      assert.match(details, /✓ renaming sessions — PATCH \/api\/session\/\{sessionID\}/);
      await page.keyboard.press('Escape');
    });
  },
);
