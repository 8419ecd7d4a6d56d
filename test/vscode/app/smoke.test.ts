// The extension really loads in a real VS Code: it is found where it should come from (the repository, or
// the folder the packaged .vsix was installed into), activates, its view exists, and a badge follows a
// real server. test/run/vsix.ts runs this file alone against the installed .vsix.
import * as assert from 'node:assert/strict';
import { resolve, sep } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { repoRoot } from '../../harness/paths';
import { createSession, getSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { EXTENSION_ID, serverForSuite, shownTree, waitFor } from '../helpers/extensionApi';
import { modulesAfterActivation } from '../helpers/loadedModules';

describe('smoke', () => {
  before(() => {
    // The runner's summary quotes this line, so every report says which VS Code it ran against.
    console.log(
      `    VS Code ${vscode.version} (${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, node ${process.version})`,
    );
  });

  it('is the copy under test: the repository, or the installed .vsix (OCS_EXPECT_INSTALLED_IN)', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.equal((extension.packageJSON as { name?: string }).name, 'opencode-sessions');
    const installedIn = process.env.OCS_EXPECT_INSTALLED_IN;
    const path = resolve(extension.extensionPath);
    if (installedIn) {
      assert.ok(path.startsWith(resolve(installedIn) + sep), `${path} is not in ${installedIn}`);
      assert.notEqual(path, resolve(repoRoot()), 'not the development copy');
    } else {
      assert.equal(path, resolve(repoRoot()));
    }
    console.log(`      loaded from ${path}`);
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    assert.equal(extension.isActive, true);
    // A figure for `npm run bench` (bench/activation.bench.ts reads this line), never a timed assertion.
    const { activationMs } = extension.exports as ExtensionApi;
    console.log(`      activate() ran ${activationMs.toFixed(1)} ms`);
  });

  it('registers the Sessions view', async () => {
    // `<viewId>.focus` exists only for a contributed view, and fails if the view cannot be shown.
    await vscode.commands.executeCommand('opencodeSessions.sessions.focus');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('opencodeSessions.sessions.focus'));
  });

  it('loads no Kubernetes code at activation while the cluster view is off', () => {
    // Recorded by the test entry right after activation, before any test could enable a cluster.
    const modules = modulesAfterActivation();
    assert.ok(modules, 'the test entry did not record the modules');
    assert.equal(vscode.workspace.getConfiguration('opencodeSessions.kubernetes').get('enabled'), false);
    const ours = modules.filter((m) => /[\\/]dist[\\/](extension|k8s)\.js$/.test(m));
    // The positive control: the extension itself is in the cache, so a missing backend means something.
    assert.ok(
      ours.some((m) => m.endsWith('extension.js')),
      `dist/extension.js is not among the ${modules.length} cached modules`,
    );
    assert.deepEqual(
      ours.filter((m) => m.endsWith('k8s.js')),
      [],
      'dist/k8s.js (the Kubernetes backend) was loaded',
    );
    assert.deepEqual(
      modules.filter((m) => m.includes('@kubernetes')),
      [],
      '@kubernetes/client-node was loaded',
    );
    console.log(`      ${modules.length} modules after activation; dist/k8s.js and @kubernetes/client-node not among them`);
  });

  describe('against a real OpenCode server', function () {
    this.timeout(120_000);
    const suite = serverForSuite('smoke');

    it('shows a session whose badge follows a prompt live', async () => {
      const { h, api } = suite;
      const id = (await createSession(h, { title: 'Smoke session' })).id;
      const row = async () => (await shownTree(api)).find((r) => r.sessionId === id);
      await waitFor('the new session row', row, (r) => r?.title === 'Smoke session' && r.badge === '$0.00 · 0 tokens');
      // 1 000 prompt + 100 completion tokens at $3 / $15 per million: $0.0045, 1 100 tokens.
      await prompt(h, id, 'Say hello', [text('Hello.', { prompt: 1_000, completion: 100 })]);
      assert.equal((await getSession(h, id)).cost, 0.0045);
      await waitFor('the badge to follow the server', row, (r) => r?.badge === '$0.0045 · 1.1k');
    });
  });
});
