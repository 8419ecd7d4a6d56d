// Two things a newcomer tripped over in the demo (issue 77), in Chromium against what `npm run demo` starts (its
// sessions and the one waiting for permission; the stand-in cluster is not needed here), VS Code started as the
// demo starts it: a remote window (code-server), the extension on the remote host, toasts shown.
// - #10 the view's title buttons jumped: the bell (Show Pending Requests) went once nothing waited. It stays, in
//   its place, greyed out, and every other title button stays where it was.
// - #5 budget settings seemed missing: Open Settings opened the User tab, which in a remote window listed none of
//   the then machine-scoped settings (budgets, servers, …). They are window-scoped now (issue 74): the User tab
//   lists all of them, and their descriptions say a remote window's Remote settings count too.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { SETTING } from '../../../src/app/settings/settingKeys';
import { startDemoData, WAITING_TITLE, type DemoData } from '../../harness/demoData';
import { isOpencode2 } from '../../harness/opencode2';
import { pendingPermissions, replyPermission } from '../../harness/scenario';
import { waitFor } from '../../harness/waitFor';
import { treeRows } from '../../vscode-server/treeRows';
import { openOpenCodeView, openWorkbench, runCommand, screenshot, statusBarItem, type Workbench } from '../../vscode-server/workbench';

let data: DemoData;
let wb: Workbench;
let page: Page;
let pane: Locator;

/** The side bar's title actions (a container with one view shows the view's actions there), in order. */
async function titleButtons(): Promise<Array<{ label: string; x: number; disabled: boolean }>> {
  return page.locator('.part.sidebar .composite.title .title-actions .action-item').evaluateAll((items) =>
    items.map((item) => {
      const element = item as unknown as TitleItem;
      const label = element.querySelector('.action-label');
      return {
        label: label?.getAttribute('aria-label') ?? '',
        x: Math.round(element.getBoundingClientRect().x),
        disabled: element.classList.contains('disabled') || label?.getAttribute('aria-disabled') === 'true',
      };
    }),
  );
}

describe('the demo’s title bar and settings (issue 77)', { timeout: 600_000 }, () => {
  before(async () => {
    data = await startDemoData({ cluster: false });
    wb = await openWorkbench({
      workspace: data.webshop,
      machineSettings: data.machineSettings,
      env: data.env,
      toasts: true,
      viewport: { width: 1280, height: 800 },
    });
    page = wb.page;
    pane = await openOpenCodeView(page);
    await treeRows(pane, WAITING_TITLE).filter({ hasText: 'waiting' }).first().waitFor({ timeout: 90_000 });
  });

  after(async () => {
    await wb?.close();
    await data?.stop();
  });

  test('the bell stays in the title bar once nothing waits, greyed out, and no button moves', async () => {
    await statusBarItem(page, '1 waiting').waitFor({ timeout: 60_000 });
    const waiting = await waitFor('the bell enabled while a request waits', titleButtons, (buttons) =>
      buttons.some((b) => b.label.startsWith('Show Pending Requests') && !b.disabled),
    );
    // Answered elsewhere (as from the TUI): nothing waits any more.
    const [request] = await pendingPermissions(data.h, data.webshop);
    if (isOpencode2()) await replyPermission(data.h, request, 'reject');
    // 1.x: the request is known to its folder's instance only.
    else assert.ok((await data.h.server.client(data.webshop).permission.reply({ requestID: request.id, reply: 'reject' })).response.ok);
    await statusBarItem(page, 'waiting').waitFor({ state: 'detached', timeout: 60_000 });
    const settled = await waitFor(
      'the bell greyed out',
      titleButtons,
      (buttons) => !buttons.some((b) => b.label.startsWith('Show Pending Requests') && !b.disabled),
      undefined,
      (buttons) => JSON.stringify(buttons),
    );
    await screenshot(page, 'title-bar-nothing-waits');
    const bell = settled.find((b) => b.label.startsWith('Show Pending Requests'));
    assert.ok(bell, `the bell is still in the title bar: ${JSON.stringify(settled)}`);
    assert.equal(bell.disabled, true, 'greyed out');
    assert.deepEqual(
      settled.map(({ label, x }) => ({ label, x })),
      waiting.map(({ label, x }) => ({ label, x })),
      'every title button where it was',
    );
  });

  test('Open Settings lists every setting of ours, the budgets among them, and says where a remote window reads them', async () => {
    await runCommand(page, 'OpenCode: Open Settings');
    const editor = page.locator('.settings-editor');
    const count = editor.locator('.settings-count-widget');
    const all = Object.keys(SETTING).length;
    const found = await waitFor(
      'the settings found',
      () => count.textContent(),
      (text) => /\d+ Settings? Found/.test(text ?? ''),
    );
    const tab = (await editor.locator('.settings-tabs-widget .action-label.checked').textContent())?.trim() ?? '';
    console.log(`      Open Settings: "${found}" in the tab "${tab}"`);
    await screenshot(page, 'open-settings-user');
    assert.equal(found, `${all} Settings Found`, `all ${all} settings of ours (a remote window's User tab lists no machine-scoped one)`);
    assert.match(tab, /^User\b/, 'the tab users set them in');

    // A budget setting, found by narrowing the same tab's filter: its row says where it is read.
    await editor.locator('.settings-header .suggest-input-container .view-lines').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' budget.perSession');
    const row = editor.locator('.setting-item-contents').filter({ hasText: 'Per Session' }).first();
    await row.waitFor({ timeout: 30_000 });
    const description = (await row.locator('.setting-item-description').textContent()) ?? '';
    assert.match(description, /in a remote window, Remote settings too/);
    assert.doesNotMatch(description, /User settings only/);
  });
});

/** The little of the DOM titleButtons uses in the page (the tests compile without the DOM library). */
interface TitleItem {
  classList: { contains(name: string): boolean };
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  getBoundingClientRect(): { x: number };
}
