// A person answering what blocks their sessions, in Chromium against a real server that asks before bash
// runs: the waiting rows with their inline actions, the notification, the status bar item, Show Pending
// Requests and a question's quick pick; a hostile command stays plain text and nothing executes.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, promptAsync } from '../../harness/scenario';
import { toolCall, modelSaw as modelSawIn } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import {
  notification,
  openOpenCodeView,
  runCommandWithInput,
  screenshot,
  statusBarItem,
  withWorkbench,
} from '../../vscode-server/workbench';
import { clickInlineAction, treeRows } from '../../vscode-server/treeRows';

const HOSTILE = '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) $(zap)';
let h: RunningHarness;

async function waitForServerRequests(count: number): Promise<void> {
  const listed = async () =>
    [...((await h.server.client().permission.list({})).data ?? []), ...((await h.server.client().question.list({})).data ?? [])].map(
      (r) => r.id,
    );
  await waitFor(`the server to list ${count} requests`, listed, (ids) => ids.length >= count);
}

/** Whether a tool result the model was sent so far holds `fragment`. */
const modelRead = (fragment: string) => h.model.requests.some((r) => r.toolResults.some((t) => t.includes(fragment)));

const modelSaw = (fragment: string) => modelSawIn(h.model, fragment);

before(async () => {
  h = await startHarness({ config: { permission: { bash: 'ask' } }, env: { OPENCODE_ENABLE_QUESTION_TOOL: 'true' } });
  // All three wait before VS Code opens, so the snapshot is what shows them. Only the tool calls are queued
  // (the queue is shared): each turn's closing reply is the model's default once its request is answered.
  const shell = (await createSession(h, { title: 'Needs a shell' })).id;
  await promptAsync(h, shell, 'Say hello', [toolCall('bash', { command: 'printf hello-ui', description: 'Say hello' })]);
  await waitForServerRequests(1);
  const asks = (await createSession(h, { title: 'Asks a question' })).id;
  const questions = [
    {
      question: 'Which colour?',
      header: 'Colour',
      options: [
        { label: 'Red', description: 'warm' },
        { label: 'Blue', description: 'cool' },
      ],
    },
  ];
  await promptAsync(h, asks, 'Ask me', [toolCall('question', { questions })]);
  await waitForServerRequests(2);
  const hostile = (await createSession(h, { title: 'Hostile command' })).id;
  await promptAsync(h, hostile, 'Be nasty', [toolCall('bash', { command: `printf '${HOSTILE}'`, description: 'Nasty' })]);
  await waitForServerRequests(3);
});

after(async () => {
  await h?.dispose();
});

test(
  'waiting rows, inline Allow Once, the notification, the status bar item and a question answered from a quick pick',
  { timeout: 400_000 },
  async () => {
    // The browser window counts as focused, and the default (whenUnfocused) then leaves the notification out.
    const settings = { 'opencodeSessions.servers': [{ name: 'asks', url: h.server.url }], 'opencodeSessions.notifyOnRequest': 'always' };
    await withWorkbench('pending-requests', { machineSettings: settings, viewport: { width: 1280, height: 720 } }, async ({ page }) => {
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      const pane = await openOpenCodeView(page);
      const shellRow = treeRows(pane, 'Run: printf hello-ui').first();
      await shellRow.waitFor({ timeout: 60_000 });
      assert.match((await shellRow.locator('.label-description').textContent()) ?? '', /bash permission/);
      await treeRows(pane, 'Needs a shell').filter({ hasText: '1 waiting' }).first().waitFor();
      const hostileRow = treeRows(pane, 'onerror').filter({ hasText: 'bash permission' }).first();
      assert.equal(
        (await hostileRow.locator('.label-name').textContent())?.trim(),
        `Run: printf '${HOSTILE}'`,
        'the command reads as text',
      );
      assert.equal(await hostileRow.locator('.codicon-zap, img').count(), 0);
      await statusBarItem(page, '3 waiting').waitFor({ timeout: 30_000 });
      const notice = await notification(page, /asks for permission/);
      assert.match(notice, /Run: printf/);
      await screenshot(page, 'pending-requests', { keepNotifications: true });

      // Inline Allow Once on the row: the server runs the command and the row goes. VS Code hands an inline
      // action clicked while its tree refreshes no row (microsoft/vscode#144250, seen here in a rehearsal); the
      // command then asks which request, as from the palette, and a person picks it there.
      await page.keyboard.press('Escape');
      await clickInlineAction(shellRow, 'Allow Once');
      const picks = page.locator('.quick-input-list .monaco-list-row');
      const askedWhich = page.locator('.quick-input-widget .quick-input-title', { hasText: 'OpenCode: Pending Requests' });
      const outcome = await waitFor(
        'the command to run, or to ask which request',
        async () => ({ ran: modelRead('hello-ui'), asked: await askedWhich.isVisible() }),
        (o) => o.ran || o.asked,
      );
      if (!outcome.ran) {
        console.log('the inline action met a refreshing tree (microsoft/vscode#144250): picked from the list instead');
        await picks.filter({ hasText: 'hello-ui' }).first().click();
      }
      await modelSaw('hello-ui');
      await shellRow.waitFor({ state: 'detached', timeout: 60_000 });
      await statusBarItem(page, '2 waiting').waitFor({ timeout: 30_000 });

      // Show Pending Requests: everything that waits, the hostile command inert; pick the question.
      await runCommandWithInput(page, 'OpenCode: Show Pending Requests', 'OpenCode: Pending Requests');
      const hostilePick = picks.filter({ hasText: 'onerror' }).first();
      await hostilePick.waitFor();
      assert.equal(await hostilePick.locator('.codicon-zap, img').count(), 0, 'no icon or image in the picker');
      await picks.filter({ hasText: 'Which colour?' }).first().click();
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Colour' }).waitFor({ timeout: 10_000 });
      await picks.filter({ hasText: 'Type your own answer' }).first().waitFor();
      await screenshot(page, 'question-pick');
      await picks.filter({ hasText: 'Blue' }).first().click();
      await modelSaw('Blue');
      await statusBarItem(page, '1 waiting').waitFor({ timeout: 30_000 });

      // Reject the hostile one inline, with no message: the row and the status bar item go.
      await clickInlineAction(hostileRow, 'Reject…');
      const quickInputTitle = page.locator('.quick-input-widget .quick-input-title');
      const rejectInput = quickInputTitle.filter({ hasText: 'Reject the request' });
      // The closing reply to “Blue” re-sorts the list now or a moment later. VS Code hands an inline action
      // clicked while its tree refreshes no row (microsoft/vscode#144250); the command then asks which request,
      // as from the palette, and a person picks it there. Either way the same input box follows.
      await rejectInput.or(askedWhich).first().waitFor({ timeout: 10_000 });
      if (await askedWhich.isVisible()) {
        console.log('the inline action met a refreshing tree (microsoft/vscode#144250): picked from the list instead');
        assert.equal(await picks.count(), 1, 'only the hostile request still waits');
        await picks.filter({ hasText: 'onerror' }).first().click();
        await rejectInput.waitFor({ timeout: 10_000 });
      }
      await page.keyboard.press('Enter');
      await hostileRow.waitFor({ state: 'detached', timeout: 60_000 });
      await statusBarItem(page, 'waiting').waitFor({ state: 'detached', timeout: 30_000 });
      assert.equal(dialogs, 0, 'no alert() ran');
      assert.ok(await page.locator('.monaco-workbench').isVisible(), 'the window did not quit');
    });
  },
);
