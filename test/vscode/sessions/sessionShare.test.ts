// Share is offered on no server: OpenCode's hosted share service stores nothing now and answers 410 for every share
// page, also for the 1.x servers older than 1.19.1 that still call it (../shared/reference/opencode-server.md
// "Forks and share"). On a real OpenCode 1.18.33 (such a server) and, in the opencode2 stage, on OpenCode 2: no
// Share or Stop Sharing command, none on a session's menu, and Show Server Details says why.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { RunningHarness } from '../../harness/harness';
import { isOpencode2 } from '../../harness/opencode2';
import { createSession } from '../../harness/scenario';
import { repoRoot } from '../../harness/paths';
import { connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('Session sharing is offered on no server (the share service is gone)', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('share');
  before(() => ({ h, api } = suite));

  const connection = () => connectionFor(api, h.server.url)!;

  it('no Share command, none on the session menu, and Show Server Details says sharing is gone', async () => {
    const online = await waitFor(
      'the server online',
      () => connection(),
      (c) => c?.state.kind === 'online',
    );
    if (!isOpencode2()) {
      // A 1.x older than 1.19.1: it still calls the share service, whose links are dead.
      const [major, minor, patch] = (online.version ?? '').split('.').map(Number);
      assert.ok(major === 1 && (minor < 19 || (minor === 19 && patch < 1)), `a pre-1.19.1 server, not ${online.version}`);
    }
    const id = (await createSession(h, { title: 'Not shared' })).id;
    await waitFor(
      'the session in the store',
      () => connection().sessions.get(id),
      (r) => r !== undefined,
    );

    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('opencodeSessions.forkSession'), 'the extension registered its session commands');
    assert.deepEqual(
      commands.filter((c) => /^opencodeSessions\.(un)?share/i.test(c)),
      [],
      'no Share or Stop Sharing command',
    );
    const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { contributes: unknown };
    assert.doesNotMatch(JSON.stringify(manifest.contributes), /shareSession|unshareSession|\bno-share\b/, 'nothing contributes one');
    const row = api.tree.getTreeItem(api.tree.sessionNode(connection(), id));
    assert.doesNotMatch(String(row.contextValue), /\bshared\b|\bno-share\b/);

    const details = await vscode.commands.executeCommand<string[]>(
      'opencodeSessions.showServerDetails',
      api.tree.serverNode(connection()),
      {
        quiet: true,
      },
    );
    const sharing = details.filter((l) => /sharing/i.test(l));
    assert.equal(sharing.length, 1, details.join('\n'));
    assert.match(sharing[0], /^✗ sharing sessions — not offered on any server: .*410/);
    assert.ok(
      !connection()
        .api.contract()
        .features.some((f) => (f.feature as string) === 'share'),
      'no server offers it',
    );
  });
});
