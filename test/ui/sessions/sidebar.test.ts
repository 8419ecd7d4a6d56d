// A person's view: VS Code in Chromium, a real OpenCode server with the demo's sessions, click the
// OpenCode activity-bar tab, and read the rows: every session, nested, with the server's numbers.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Session } from '@opencode-ai/sdk/v2/client';
import { expectedRow, rowLabelTitle } from '../../harness/expectedRow';
import { ROW_SEPARATOR } from '../../../src/present/sessionRow';
import { BUSY_TITLE, seedDemoSessions, type DemoSessions } from '../../harness/demoSessions';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { allSessions } from '../../harness/scenario';
import {
  openOpenCodeView,
  runCommandWithInput,
  screenshot,
  visibleWidthOf,
  widenSideBar,
  withWorkbench,
} from '../../vscode-server/workbench';
import { treeRows } from '../../vscode-server/treeRows';

let h: RunningHarness;
let demo: DemoSessions;

before(async () => {
  h = await startHarness();
  demo = await seedDemoSessions(h);
});

after(async () => {
  demo?.releaseBusy();
  await h?.dispose();
});

test('the sidebar shows every session nested, with the server numbers', { timeout: 240_000 }, async () => {
  const sessions = await allSessions(h);
  const settings = { 'opencodeSessions.servers': [{ name: 'demo', url: h.server.url }] };
  await withWorkbench('sidebar', { machineSettings: settings, viewport: { width: 1280, height: 720 } }, async ({ page, server }) => {
    console.log(`VS Code ${server.vscodeVersion}, OpenCode ${h.server.version}`);
    const pane = await openOpenCodeView(page);
    await treeRows(pane, 'Mock the payment gateway').waitFor({ timeout: 60_000 });
    assert.equal(await treeRows(pane, /^webshop/).getAttribute('aria-level'), '2');
    assert.equal(await treeRows(pane, /^cli-tool/).getAttribute('aria-level'), '2');

    // At the default side bar width (not widened), every session row's cost (and Σ) reads in full: the row leads with it.
    const width = (await page.locator('.part.sidebar').boundingBox())!.width;
    for (const session of sessions) {
      const label = treeRows(pane, session.title).first().locator('.label-name');
      // The label's money before its title: the session's own cost, and with sub-agents its Σ.
      const { label: expected } = expectedRow(sessions, session);
      const cost = expected.slice(0, expected.length - rowLabelTitle(expected).length - ROW_SEPARATOR.length);
      const { found, visible, width: full } = await visibleWidthOf(label, cost);
      assert.ok(found, `the row of ${session.title} starts with ${cost}: "${await label.textContent()}"`);
      assert.ok(
        visible >= full - 0.5,
        `${cost} of ${session.title} is cut at ${Math.round(width)} px: ${visible.toFixed(1)} of ${full.toFixed(1)} px visible`,
      );
    }
    console.log(`every cost and Σ reads in full at the default side bar width (${Math.round(width)} px)`);
    console.log(`screenshot: ${await screenshot(page, 'sidebar-default-width')}`);

    await widenSideBar(page, 600);
    for (const session of sessions) {
      const row = treeRows(pane, session.title).first();
      // server (1) → project folder (2, the demo has two) → root session (3) → children.
      assert.equal(await row.getAttribute('aria-level'), String(depth(sessions, session) + 3), `nesting of ${session.title}`);
      const expected = expectedRow(sessions, session);
      assert.equal(await row.locator('.label-name').textContent(), expected.label, `label of ${session.title}`);
      assert.equal((await row.locator('.label-description').textContent())?.trim(), expected.description, `tokens of ${session.title}`);
    }
    // The busy session spins; the others do not.
    assert.equal(await treeRows(pane, BUSY_TITLE).locator('.codicon-loading').count(), 1);
    assert.equal(await treeRows(pane, 'Refactor argument parser').locator('.codicon-loading').count(), 0);
    // (The README's picture of the side bar is taken at its default width: test/ui/demo/defaultWidth.)
    console.log(`screenshot: ${await screenshot(page, 'sidebar-wide')}`);

    // Switch Session lists every session, most recent first, children under their parent.
    await runCommandWithInput(page, 'OpenCode: Switch Session', 'Switch OpenCode Session');
    const picks = page.locator('.quick-input-list .monaco-list-row');
    await picks.filter({ hasText: 'Mock the payment gateway' }).first().waitFor({ timeout: 10_000 });
    assert.ok((await picks.count()) >= sessions.length, `${await picks.count()} picks for ${sessions.length} sessions`);
    console.log(`screenshot: ${await screenshot(page, 'switch-session-picker')}`);
    await page.keyboard.press('Escape');
  });
});

function depth(all: Session[], session: Session): number {
  let d = 0;
  for (let cur = session; cur.parentID; d++) cur = all.find((s) => s.id === cur.parentID)!;
  return d;
}
