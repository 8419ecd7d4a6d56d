// Budget toasts in Chromium against a real server, as a person who turns a session budget on sees them:
// opening VS Code on three finished sessions already over it shows no budget toast (budgets are quiet until
// something spends); a new session whose prompt crosses it is stopped, and exactly one toast names it, with
// its server and the Show Session action, which reveals it in the tree.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { formatCost } from '../../../src/present/format';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, getSession, prompt, promptAsync } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { openOpenCodeView, runPalette, screenshot, withWorkbench } from '../../vscode-server/workbench';
import { treeRows, selectRow } from '../../vscode-server/treeRows';

const SERVER = 'budget-server';
const OLD = ['Old one', 'Old two', 'Old three'];
let h: RunningHarness;
const oldCosts: Record<string, number> = {};

before(async () => {
  h = await startHarness();
  // Before VS Code opens: three finished sessions spending $0.045, $0.054 and $0.063 (alpha's $3 per million
  // input tokens), each over the $0.03 session budget the workspace sets.
  for (const [i, title] of OLD.entries()) {
    const { id } = await createSession(h, { title });
    await prompt(h, id, 'Spend', [text('Spent.', { prompt: 15_000 + 3_000 * i, completion: 10 })]);
    oldCosts[title] = (await getSession(h, id)).cost ?? 0;
    assert.ok(oldCosts[title] > 0.03, `${title} is over the budget: ${oldCosts[title]}`);
  }
});

after(async () => {
  await h?.dispose();
});

test(
  'budget toasts: none at startup over old over-budget sessions, one naming the session that crosses',
  { timeout: 400_000 },
  async () => {
    const settings = {
      'opencodeSessions.servers': [{ name: SERVER, url: h.server.url }],
      'opencodeSessions.budget.perSession': 0.03,
      'opencodeSessions.budget.onExceeded': 'abort',
    };
    let release: (() => void) | undefined;
    try {
      // toasts: the test server otherwise runs with VS Code's smoke-test driver, which shows no toast at all.
      await withWorkbench(
        'budget-toast',
        { machineSettings: settings, viewport: { width: 1280, height: 720 }, toasts: true },
        async ({ page }) => {
          const toasts = page.locator('.notifications-toasts .notification-toast-container');
          const budgetToasts = toasts.filter({ hasText: /session budget|hourly budget|daily budget|weekly budget/ });
          const pane = await openOpenCodeView(page);
          // Startup: each old session's row is shown with its cost, so the extension has them and their spend.
          for (const title of OLD)
            await treeRows(pane, title)
              .filter({ hasText: formatCost(oldCosts[title]) })
              .first()
              .waitFor({ timeout: 60_000 });
          const messages = (scope: Locator) => scope.locator('.notification-list-item-message').allTextContents();
          assert.deepEqual(await messages(budgetToasts), [], 'no budget toast for idle sessions over their budget');
          console.log(`      toasts at startup: ${JSON.stringify(await messages(toasts))}`);
          // Select an old session, so that Show Session below has something to move the selection from.
          await selectRow(treeRows(pane, 'Old one').first());

          // A new session's first step spends $0.06 while it runs (its second waits), crossing the $0.03 budget.
          const { id } = await createSession(h, { title: 'Budget crosser' });
          const hold = new Promise<void>((resolve) => (release = resolve));
          await promptAsync(h, id, 'Spend and keep going', [
            toolCall('glob', { pattern: 'no-such-file-*' }, { prompt: 20_000, completion: 10 }),
            text('Late.', { prompt: 10, completion: 1 }, { hold }),
          ]);
          const toast = budgetToasts.filter({ hasText: 'Budget crosser' }).first();
          await toast.waitFor({ timeout: 120_000 });
          const message = (await toast.locator('.notification-list-item-message').textContent()) ?? '';
          assert.match(message, new RegExp(`“Budget crosser” on ${SERVER} is over its session budget of \\$0\\.03`));
          assert.match(message, /Stopped 1 session\./, 'the server confirmed the abort');
          assert.deepEqual(await toast.locator('.notification-list-item-buttons-container .monaco-button').allTextContents(), [
            'Show Session',
            'Raise Budget…',
          ]);
          assert.equal((await messages(budgetToasts)).length, 1, 'one budget toast');
          await screenshot(page, 'budget-toast', { keepNotifications: true });

          // Every notification of the window, hidden toasts included: the crossing's is the only budget one, so no
          // startup notification was shown and gone (the crossing was announced after the startup check).
          await runPalette(page, 'Notifications: Show Notifications');
          const center = page.locator('.notifications-center.visible');
          const centered = center
            .locator('.notification-list-item')
            .filter({ hasText: /session budget|hourly budget|daily budget|weekly budget/ });
          await centered.first().waitFor({ timeout: 30_000 });
          assert.deepEqual(
            (await messages(centered)).map((m) => m.includes('“Budget crosser”')),
            [true],
          );

          // Show Session reveals the crosser in the tree.
          await centered.first().locator('.monaco-button', { hasText: 'Show Session' }).click();
          await treeRows(pane, 'Budget crosser').and(pane.locator('.monaco-list-row.selected')).waitFor({ timeout: 30_000 });
        },
      );
    } finally {
      release?.();
    }
  },
);
