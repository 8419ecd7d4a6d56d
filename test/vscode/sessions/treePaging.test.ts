// A long root list in a real VS Code against a real `opencode serve`: a server with more than 100 root sessions
// hands VS Code the first 100 and a "Show 100 more" row; that row's command shows the next page; a session
// beyond the shown pages, revealed (Switch Session with a session, as a budget notification does), grows the
// page to include it and is selected; the sort and the title filter still work over every session.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ViewNode } from '../../../src/features';
import { createManySessions } from '../../harness/manySessions';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { configureServers, connectionFor, extensionApi, framesTold, serverRowFor, shownTree, waitFor } from '../helpers/extensionApi';

const ROOTS = 230;

describe('Paging a long root list', function () {
  this.timeout(240_000);
  let h: RunningHarness;
  let api: ExtensionApi;

  before(async () => {
    h = await startHarness();
    await createManySessions(h, ROOTS, { title: (i) => `Paged ${String(i + 1).padStart(3, '0')}` });
    api = await extensionApi();
    await configureServers([{ name: 'paging', url: h.server.url }]);
    await waitFor(
      `the server to be online with its ${ROOTS} sessions`,
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === ROOTS,
    );
    // The tree shows the store a frame later.
    await framesTold(api);
  });

  after(async () => {
    await vscode.commands.executeCommand('opencodeSessions.clearFilter');
    await configureServers([]);
    await h?.dispose();
  });

  const server = (): ViewNode => serverRowFor(api, h.server.url)!;
  const label = (node: ViewNode) => {
    const item = api.tree.getTreeItem(node);
    return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  };
  const sessionsShown = () => api.tree.getChildren(server()).filter((n) => n.kind === 'session');
  const moreRow = () => api.tree.getChildren(server()).find((n) => n.kind === 'more');

  it('shows the first 100 root sessions and a "Show 100 more" row that says how many are not shown', () => {
    const children = api.tree.getChildren(server());
    assert.equal(children.length, 101, `${children.length} rows under the server`);
    assert.equal(children.filter((n) => n.kind === 'session').length, 100);
    const more = children[100];
    assert.equal(more.kind, 'more', 'the last row continues the list');
    const item = api.tree.getTreeItem(more);
    assert.equal(label(more), 'Show 100 more');
    assert.equal(item.description, '130 not shown');
    assert.equal(item.command?.command, 'opencodeSessions.showMoreSessions', 'Enter or a click runs the command');
    assert.ok(item.iconPath instanceof vscode.ThemeIcon, 'a theme icon');
    assert.match(item.accessibilityInformation?.label ?? '', /Show 100 more sessions, 130 not shown/);
    // Most recent first over every session: the 100 newest are shown, the oldest wait.
    const newest = [...connectionFor(api, h.server.url)!.sessions.roots()]
      .sort((a, b) => b.info.time.updated - a.info.time.updated)
      .slice(0, 100)
      .map((r) => r.info.id);
    assert.deepEqual(
      children.slice(0, 100).map((n) => n.kind === 'session' && n.sessionId),
      newest,
    );
  });

  it('its command shows the next page, and the last page shows what is left', async () => {
    await vscode.commands.executeCommand('opencodeSessions.showMoreSessions', moreRow());
    assert.equal(sessionsShown().length, 200);
    assert.equal(label(moreRow()!), 'Show 30 more');
    assert.equal(api.tree.getTreeItem(moreRow()!).description, '30 not shown');
  });

  it('revealing a session beyond the shown pages grows the page to include it and selects it', async () => {
    const connection = connectionFor(api, h.server.url)!;
    const shownIds = new Set(sessionsShown().map((n) => n.kind === 'session' && n.sessionId));
    const oldest = [...connection.sessions.roots()].sort((a, b) => a.info.time.updated - b.info.time.updated)[0];
    assert.ok(!shownIds.has(oldest.info.id), 'the oldest session is not shown yet');
    await vscode.commands.executeCommand('opencodeSessions.switchSession', { serverId: connection.config.id, sessionId: oldest.info.id });
    assert.ok(
      sessionsShown().some((n) => n.kind === 'session' && n.sessionId === oldest.info.id),
      'the revealed session is among the rows handed to VS Code',
    );
    assert.equal(moreRow(), undefined, 'every session is shown now');
    await waitFor(
      'the revealed session selected in the view',
      () => api.sessionsView.selection as ViewNode[],
      (selection) => selection.some((n) => n.kind === 'session' && n.sessionId === oldest.info.id),
    );
    assert.equal(api.active.get()?.record.info.id, oldest.info.id);
  });

  it('the title filter searches every session, then pages', async () => {
    await vscode.commands.executeCommand('opencodeSessions.filter', 'Paged 00');
    const rows = (await shownTree(api, server())).filter((r) => r.sessionId);
    assert.deepEqual(rows.map((r) => r.title).sort(), [
      'Paged 001',
      'Paged 002',
      'Paged 003',
      'Paged 004',
      'Paged 005',
      'Paged 006',
      'Paged 007',
      'Paged 008',
      'Paged 009',
    ]);
    assert.equal(
      api.tree.getChildren(server()).find((n) => n.kind === 'more'),
      undefined,
      'nine matches: no "Show more" row',
    );
    await vscode.commands.executeCommand('opencodeSessions.clearFilter');
  });
});
