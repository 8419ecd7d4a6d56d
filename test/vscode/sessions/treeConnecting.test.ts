// A long listing in a real VS Code against a real `opencode serve`: its first page is shown while the rest
// loads. Those rows are not offline, their server is still connecting, and they say so (icon, words, tooltip);
// once the listing is in they show their own state; rows kept while it reconnects are the last known, offline.
// The proxy holds the listing's pages, so the connection stays in each moment for as long as the test looks.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ViewNode } from '../../../src/features';
import { FaultProxy } from '../../harness/faultProxy';
import { createManySessions } from '../../harness/manySessions';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { configureServers, connectionFor, extensionApi, serverRowFor, waitFor } from '../helpers/extensionApi';

const SESSIONS = 130;
/** The listing's first page (src/client/serverApi.ts FIRST_PAGE). */
const FIRST_PAGE = 100;

describe('A long listing shown while it loads', function () {
  this.timeout(240_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  let proxy: FaultProxy;

  before(async () => {
    h = await startHarness();
    await createManySessions(h, SESSIONS, { title: (i) => `Listed ${String(i + 1).padStart(3, '0')}` });
    api = await extensionApi();
    proxy = await new FaultProxy(h.server.url).start();
    // Pages after the first carry a cursor: held until the test lets them through.
    proxy.setFaults([{ fault: { kind: 'hold' }, path: /^\/experimental\/session$/, query: /[?&]cursor=/ }]);
  });

  after(async () => {
    await configureServers([]);
    await proxy?.stop();
    await h?.dispose();
  });

  const firstRow = (): { node: ViewNode; item: vscode.TreeItem } | undefined => {
    const server = serverRowFor(api, proxy.url);
    const node = server && api.tree.getChildren(server).find((n) => n.kind === 'session');
    return node && { node, item: api.tree.getTreeItem(node) };
  };
  const look = (item: vscode.TreeItem) =>
    `icon ${item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : 'not a theme icon'}; ${item.accessibilityInformation?.label}; ${item.contextValue}`;
  /** What the test reads at once: the connection, its first row's look, and the listing requests held. */
  const now = () => {
    const connection = connectionFor(api, proxy.url);
    const row = firstRow();
    return {
      state: connection?.state,
      size: connection?.sessions.size,
      held: proxy.held.get('/experimental/session') ?? 0,
      look: row && look(row.item),
    };
  };
  const atSessionList = (s: ReturnType<typeof now>) => s.state?.kind === 'connecting' && s.state.waitingFor === 'the session list';

  it('the first page reads "connecting", not offline, with the figures listed', async () => {
    await configureServers([{ name: 'listing', url: proxy.url }]);
    // The held page has the listing's page limit (15 s) before the attempt fails; the preview is read within
    // a poll (100 ms) of it.
    const seen = await waitFor(
      `the first ${FIRST_PAGE} sessions shown while the server lists the rest`,
      now,
      // The row too: the tree shows what the store holds a frame later.
      (s) => atSessionList(s) && s.size === FIRST_PAGE && s.held > 0 && s.look !== undefined,
    );
    // Nothing has run since the wait's last read (the state changes only on the server's answers).
    const { item, node } = firstRow()!;
    assert.equal(look(item), seen.look);
    assert.match(seen.look ?? '', /^icon ellipsis; Listed \d{3}, connecting, /);
    assert.match(item.contextValue ?? '', /\boffline\b/, 'actions that need the server wait for it');
    const resolved = await api.tree.resolveTreeItem(item, node, new vscode.CancellationTokenSource().token);
    const tooltip = resolved?.tooltip instanceof vscode.MarkdownString ? resolved.tooltip.value : String(resolved?.tooltip);
    assert.match(tooltip, /State[^\n]*connecting/);
  });

  it('a first attempt that fails leaves its rows as the last known: offline while it retries', async () => {
    // Every listing request held: the page held now fails at the listing's page limit (15 s), and the retry
    // waits at its first page.
    proxy.setFaults([{ fault: { kind: 'hold' }, path: /^\/experimental\/session$/ }]);
    await waitFor(
      'the first attempt to fail',
      () => connectionFor(api, proxy.url)?.state,
      (state) => state?.kind === 'offline',
    );
    const seen = await waitFor('the retry held at the session list', now, atSessionList);
    assert.match(seen.look ?? '', /^icon debug-disconnect; Listed \d{3}, offline, /);
  });

  it('once the listing is in, every session is listed and the rows show their own state', async () => {
    proxy.setFaults([]);
    const seen = await waitFor(`online with all ${SESSIONS} sessions`, now, (s) => s.state?.kind === 'online' && s.size === SESSIONS);
    assert.match(seen.look ?? '', /^icon comment-discussion; Listed \d{3}, idle, /);
    assert.match(seen.look ?? '', /\bonline\b/);
  });

  it('while it reconnects, the rows are the last known: offline, not connecting', async () => {
    proxy.setFaults([{ fault: { kind: 'hold' }, path: /^\/experimental\/session$/ }]);
    proxy.dropStreams();
    const seen = await waitFor('a reconnect held at the session list', now, atSessionList);
    assert.match(seen.look ?? '', /^icon debug-disconnect; Listed \d{3}, offline, .*\boffline\b/);
    proxy.setFaults([]);
    await waitFor(
      'online again',
      () => connectionFor(api, proxy.url)?.state.kind,
      (kind) => kind === 'online',
    );
  });
});
