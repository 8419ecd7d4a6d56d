// Share and Stop Sharing on a real OpenCode 1.18.33, which still shares (1.19.1 discontinued it: a unit test holds
// that a later version is not offered). The server publishes to OpenCode's share service, stood in for on loopback
// (test/harness/shareService.ts): the link the server made is copied and shown in the row's hover, and taken down.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { RunningHarness } from '../../harness/harness';
import { createSession, getSession } from '../../harness/scenario';
import { FaultProxy } from '../../harness/faultProxy';
import { ShareService } from '../../harness/shareService';
import { configureServers, connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';

describe('Session sharing (OpenCode 1.18 shares)', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const shareService = new ShareService();
  // Read when the suite's server starts (after this hook): its share service is the stand-in.
  const options = { config: {} as Record<string, unknown> };
  before(async () => {
    await shareService.start();
    options.config.enterprise = { url: shareService.url };
  });
  const suite = serverForSuite('share', options);
  before(() => ({ h, api } = suite));
  after(() => shareService.stop());

  const connection = () => connectionFor(api, h.server.url)!;

  it('shares: the server makes the link, the row offers it, and Stop Sharing takes it down', async () => {
    const id = (await createSession(h, { title: 'Share me' })).id;
    await waitFor(
      'the session in the store',
      () => connection().sessions.get(id),
      (r) => r !== undefined,
    );
    const node = api.tree.sessionNode(connection(), id);
    assert.doesNotMatch(String(api.tree.getTreeItem(node).contextValue), /\bno-share\b/, '1.18.33 is offered Share');

    const url = await vscode.commands.executeCommand<string>('opencodeSessions.shareSession', node);
    const made = [...shareService.links.values()];
    assert.deepEqual(made, [url], 'the link is the one the server had the share service make');
    assert.ok(shareService.calls.some((c) => c.method === 'POST' && c.path === '/api/share' && c.sessionID === id));
    assert.equal((await getSession(h, id)).share?.url, url, 'the server keeps it');
    assert.equal(await vscode.env.clipboard.readText(), url, 'copied');
    const shared = await waitFor(
      'the row to know it is shared',
      () => api.tree.getTreeItem(api.tree.sessionNode(connection(), id)),
      (item) => /\bshared\b/.test(String(item.contextValue)),
    );
    const resolved = await api.tree.resolveTreeItem(
      shared,
      api.tree.sessionNode(connection(), id),
      new vscode.CancellationTokenSource().token,
    );
    // As read: markdown escapes, VS Code non-breaking spaces and the colon kept from linking undone.
    const hover = (resolved.tooltip as vscode.MarkdownString).value
      .replace(/&nbsp;/g, ' ')
      .replace(/&#58;/g, ':')
      .replace(/\\(.)/g, '$1');
    assert.ok(hover.includes(`Shared at: ${url}`), hover);

    await vscode.commands.executeCommand('opencodeSessions.unshareSession', api.tree.sessionNode(connection(), id));
    // 1.18.33 takes the share down at the share service; its session record still names the link afterwards.
    const shareId = [...shareService.links.keys()][0];
    assert.ok(
      shareService.calls.some((c) => c.method === 'DELETE' && c.path === `/api/share/${shareId}`),
      'the server took the share down',
    );
  });

  it('a server that says it is 1.19.1 (sharing discontinued) is not offered Share, on the connection the extension opens', async () => {
    // The same server behind a proxy that answers its health check as 1.19.1 would: the version the connection's
    // own health check read decides, not a unit's.
    assert.equal(connection().api.offers('share'), true, '1.18.33 itself is offered it (a positive control)');
    const proxy = await new FaultProxy(h.server.url).start();
    proxy.setFaults([
      { path: /^\/global\/health$/, fault: { kind: 'rewrite', edit: (body) => body.replace(/"version":"[^"]*"/, '"version":"1.19.1"') } },
    ]);
    try {
      await configureServers([{ name: 'later', url: proxy.url }]);
      const later = await waitFor(
        'online as 1.19.1',
        () => connectionFor(api, proxy.url),
        (c) => c?.state.kind === 'online',
      );
      assert.equal(later!.version, '1.19.1', 'the health answer was rewritten');
      assert.equal(later!.api.offers('share'), false, 'Share is not offered');
    } finally {
      await configureServers([{ name: 'share', url: h.server.url }]);
      await proxy.stop();
    }
  });
});
