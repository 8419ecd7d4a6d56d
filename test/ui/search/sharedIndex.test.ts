// Two windows of one VS Code (two pages of one VS Code server: one user's storage, an extension host each) against a
// real OpenCode server behind the recording proxy. The first window builds the content index; the second answers a
// search from it at once and reads no message page of the indexed session. Once the first window closes, the second
// takes the index over from what was saved (the indexed session is not read again) and a new tool output becomes
// searchable there.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { importedSession } from '../../harness/importedSession';
import { createSession, prompt } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { openOpenCodeView, runCommandWithInput, screenshot, withWorkbench } from '../../vscode-server/workbench';
import { treeRows } from '../../vscode-server/treeRows';

/** Said in the old session's prompts only. */
const OLD_PHRASE = 'quokkafjord';
/** Written by a tool after the first window closed. */
const NEW_PHRASE = 'wombatquay';

let h: RunningHarness;
let proxy: FaultProxy;

before(async () => {
  h = await startHarness();
  proxy = await new FaultProxy(h.server.url).start();
});

after(async () => {
  await proxy?.stop();
  await h?.dispose();
});

test(
  'two windows share one index: the second reads no message page, and takes it over when the first closes',
  { timeout: 600_000 },
  async () => {
    // Older than a week: no other feature reads its messages (the Changes rows read the last week's sessions).
    const old = await importedSession(h, {
      steps: 30,
      title: 'Harbour audit',
      end: Date.now() - 10 * 86_400_000,
      prompt: (i) => (i === 3 ? `Step ${i + 1}: count the ${OLD_PHRASE} boats` : `Step ${i + 1}, please`),
    });
    const messages = `/session/${old.id}/message`;
    // The index's reads of the session's pages; not the newest 20 messages every window reads of the session it
    // follows, for its context (the status bar's), which is no search's.
    const indexReads = () => proxy.requests.filter((r) => r.path === messages && !/(^|[?&])limit=20(&|$)/.test(r.search.slice(1)));
    await withWorkbench(
      'shared-index',
      { machineSettings: { 'opencodeSessions.servers': [{ name: 'shared', url: proxy.url }] } },
      async (first) => {
        const pane = await openOpenCodeView(first.page);
        await treeRows(pane, 'Harbour audit').first().waitFor({ timeout: 120_000 });
        await searchFor(first.page, OLD_PHRASE, 'Harbour audit');

        proxy.record();
        const second = await first.browser.context.newPage();
        await second.goto(first.server.workbenchUrl());
        await second.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await treeRows(await openOpenCodeView(second), 'Harbour audit')
          .first()
          .waitFor({ timeout: 120_000 });
        // It says whose index it searches, with how many sessions that holds.
        await searchFor(
          second,
          OLD_PHRASE,
          'Harbour audit',
          /another VS Code window keeps \(1 session indexed\)/,
          'shared-index-second-window',
        );
        assert.deepEqual(
          indexReads().map((r) => `${r.path}${r.search}`),
          [],
          'the second window read no message page of the indexed session',
        );

        // The first window closes as a browser tab does: its extension host saves, stops serving and lets go.
        await first.page.close({ runBeforeUnload: true });
        const session = await createSession(h, { title: 'Dock inventory' });
        await prompt(h, session.id, 'Label the crates', [
          toolCall('bash', { command: `echo ${NEW_PHRASE.split('').reverse().join('')} | rev`, description: 'Reverse the label' }),
          text('Labelled.'),
        ]);
        const started = Date.now();
        await searchFor(second, NEW_PHRASE, 'Dock inventory');
        console.log(`      the new tool output found in the second window ${Date.now() - started} ms after the turn ended`);
        assert.deepEqual(
          indexReads().map((r) => `${r.path}${r.search}`),
          [],
          'taking the index over read the indexed session again',
        );
      },
    );
  },
);

/**
 * Searches in `page` until a result of the session titled `title` shows for `phrase` (the index may still be
 * catching up: the pick is opened again until it does) and, if asked, a row saying `also`; keeps a screenshot if
 * named; then closes the pick.
 */
async function searchFor(page: Page, phrase: string, title: string, also?: RegExp, shot?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const input = await runCommandWithInput(page, 'OpenCode: Search Session Contents', 'Search Session Contents');
    await input.fill(phrase);
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
    try {
      await row.waitFor({ timeout: 15_000 });
      if (also) await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: also }).first().waitFor({ timeout: 15_000 });
      if (shot) await screenshot(page, shot);
      await page.keyboard.press('Escape');
      return;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (attempt >= 8) throw err;
    }
  }
}
