// The extension really loads in a real VS Code: it is found, activates and its view exists.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { modulesAfterActivation } from './helpers/loadedModules';

const EXTENSION_ID = 'opencode-sessions.opencode-sessions';

describe('smoke', () => {
  before(() => {
    // The runner's summary quotes this line, so every report says which VS Code it ran against.
    console.log(`    VS Code ${vscode.version} (${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, node ${process.version})`);
  });

  it('is installed from the development path', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.equal((extension.packageJSON as { name?: string }).name, 'opencode-sessions');
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    assert.equal(extension.isActive, true);
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
    const ours = modules.filter((m) => m.includes(`${'dist'}`) && /[\\/]dist[\\/](extension|k8s)\.js$/.test(m));
    // The positive control: the extension itself is in the cache, so a missing backend means something.
    assert.ok(ours.some((m) => m.endsWith('extension.js')), `dist/extension.js is not among the ${modules.length} cached modules`);
    assert.deepEqual(ours.filter((m) => m.endsWith('k8s.js')), [], 'dist/k8s.js (the Kubernetes backend) was loaded');
    assert.deepEqual(modules.filter((m) => m.includes('@kubernetes')), [], '@kubernetes/client-node was loaded');
    console.log(`      ${modules.length} modules after activation; dist/k8s.js and @kubernetes/client-node not among them`);
  });
});
