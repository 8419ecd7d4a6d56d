import * as vscode from 'vscode';
import { findOpencode } from '../../../app/findOpencode';
import type { CommandContext } from '../../../app/commands/context';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';

/**
 * A VS Code terminal running `opencode attach URL --session ID` (the same binary the local server would
 * use: the machine setting, else PATH). The password goes through the
 * environment (OPENCODE_SERVER_PASSWORD), never the command line, where history and `ps` would show it.
 * The title is left out of the command: it is untrusted text.
 */
export function registerOpenSessionInTerminal(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    id: 'opencodeSessions.openSessionInTerminal',
    title: vscode.l10n.t('Open OpenCode Session in Terminal'),
    async run(target) {
      const binary = findOpencode();
      if (!binary.found) {
        void vscode.window.showErrorMessage(binary.message);
        return;
      }
      // The endpoint, not the configured URL: a cluster Agent is reached through its loopback relay.
      const { url, password } = await target.connection.endpoint();
      const terminal = vscode.window.createTerminal({
        name: vscode.l10n.t('OpenCode {0}', target.record.info.id.slice(-8)),
        cwd: target.record.info.directory && (await isDirectory(target.record.info.directory)) ? target.record.info.directory : undefined,
        env: password ? { OPENCODE_SERVER_PASSWORD: password } : undefined,
      });
      terminal.show();
      // Ids and normalized URLs hold no shell metacharacters; quoted all the same.
      terminal.sendText(`${quote(binary.path)} attach ${quote(url)} --session ${quote(target.record.info.id)}`);
      return terminal;
    },
  });
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(vscode.Uri.file(path))).type === vscode.FileType.Directory;
  } catch {
    return false;
  }
}
