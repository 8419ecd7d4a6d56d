// The extension really loads in a real VS Code: it is found, activates and its view exists.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'opencode-sessions.opencode-sessions';

describe('smoke', () => {
  before(() => {
    // The runner's summary quotes this line, so every report says which VS Code it ran against.
    console.log(`    VS Code ${vscode.version} (${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, node ${process.version})`);
  });

  it('is installed from the development path', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.equal(extension.packageJSON.name, 'opencode-sessions');
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
});
