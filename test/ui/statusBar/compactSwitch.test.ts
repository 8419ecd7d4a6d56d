// A person's view of Switch Session and Compact Session, palette-driven in Chromium against a real server:
// switching moves the status bar to the picked session's cost; compaction reports before → after (and
// an error when the model fails); a hostile title stays plain text everywhere and nothing executes.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { formatCost } from '../../../src/present/format';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, getSession, prompt } from '../../harness/scenario';
import { failure, text } from '../../harness/scriptedModel';
import {
  escapeRegExp,
  notification,
  openOpenCodeView,
  chooseFromCommand,
  runPalette,
  screenshot,
  statusBarItem,
  withWorkbench,
} from '../../vscode-server/workbench';
import { treeRows } from '../../vscode-server/treeRows';

const HOSTILE = '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) $(zap)';
let h: RunningHarness;
const ids: Record<string, string> = {};

before(async () => {
  h = await startHarness();
  for (const [name, completion] of [
    ['Alpha work', 100],
    ['Beta work', 2_000],
  ] as const) {
    ids[name] = (await createSession(h, { title: name })).id;
    await prompt(h, ids[name], `Do ${name}`, [text('Done.', { prompt: 1_000, completion })]);
  }
  ids.hostile = (await createSession(h, { title: HOSTILE })).id;
  await prompt(h, ids.hostile, 'Hello', [text('Hi.', { prompt: 500, completion: 50 })]);
});

after(async () => {
  await h?.dispose();
});

test('Switch and Compact from the palette, with a hostile title kept inert', { timeout: 400_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'switch', url: h.server.url }] };
  await withWorkbench('compact-switch', { machineSettings: settings, viewport: { width: 1280, height: 720 } }, async ({ page }) => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const pane = await openOpenCodeView(page);
    const hostileRow = treeRows(pane, 'onerror').first();
    await hostileRow.waitFor({ timeout: 60_000 });
    // The row reads its money, then the title exactly as text.
    assert.match(
      (await hostileRow.locator('.label-name').textContent()) ?? '',
      new RegExp(`^\\$[\\d.]+ ${escapeRegExp(HOSTILE)}$`),
      'the tree shows the title as text',
    );
    assert.equal(await hostileRow.locator('.codicon-zap, img').count(), 0);

    // Switch to Beta: the status bar shows its cost.
    const beta = await getSession(h, ids['Beta work']);
    await chooseFromCommand(page, 'OpenCode: Switch Session', 'Switch OpenCode Session', 'Beta work', async () => {
      const hostilePick = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'onerror' }).first();
      await hostilePick.waitFor();
      assert.equal(await hostilePick.locator('.codicon-zap, img').count(), 0, 'no icon or image in the picker');
      assert.equal((await hostilePick.locator('.label-name').first().textContent())?.replace(/\u200b/g, '').trim(), HOSTILE);
    });
    await statusBarItem(page, formatCost(beta.cost ?? 0)).waitFor({ timeout: 30_000 });
    await screenshot(page, 'switch-session');

    // Compact the active session (Beta) from the palette.
    h.model.enqueue(text('Summary: beta work was done.', { prompt: 3_000, completion: 200 }));
    await runPalette(page, 'OpenCode: Compact Session');
    const done = await notification(page, /Compacted/, 60_000);
    assert.match(done, /context \d+(\.\d)?% → \d+(\.\d)?%/);
    const messages = (await h.server.client().session.messages({ sessionID: beta.id })).data ?? [];
    assert.ok(
      messages.some((m) => m.info.role === 'assistant' && m.info.summary === true),
      'the server holds a summary',
    );
    await screenshot(page, 'compact-success', { keepNotifications: true });

    // The hostile session: switch to it (status bar shows its cost, not its title), then a failing compaction.
    await chooseFromCommand(page, 'OpenCode: Switch Session', 'Switch OpenCode Session', ids.hostile);
    const hostile = await getSession(h, ids.hostile);
    const item = statusBarItem(page, formatCost(hostile.cost ?? 0));
    await item.waitFor({ timeout: 30_000 });
    assert.ok(!((await item.textContent()) ?? '').includes('onerror'));
    const fallback = h.model.fallback;
    h.model.fallback = () => failure(400, 'scripted compaction failure');
    try {
      await runPalette(page, 'OpenCode: Compact Session');
      const failed = await notification(page, /failed/, 180_000);
      assert.match(failed, /scripted compaction failure/);
      assert.equal(
        (await page
          .locator('.notifications-toasts .notification-list-item-message')
          .filter({ hasText: /^Compacted/ })
          .count()) <= 1,
        true,
      );
    } finally {
      h.model.fallback = fallback;
    }
    await screenshot(page, 'compact-failure', { keepNotifications: true });
    assert.equal(dialogs, 0, 'no alert() ran');
    assert.ok(await page.locator('.monaco-workbench').isVisible(), 'the window did not quit');
  });
});
