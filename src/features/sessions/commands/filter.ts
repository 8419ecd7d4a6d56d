import * as vscode from 'vscode';
import type { CommandContext } from '../../../app/commands/context';

/** Filters sessions by title (an argument skips the input box); an empty answer clears the filter. */
export function registerFilter({ tree }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.filter', async (text?: unknown) => {
    const query =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Filter Sessions by Title'),
            prompt: vscode.l10n.t('Sessions whose title contains this (any case) are shown, with the sessions they are nested in.'),
            value: tree.options.filter ?? '',
          });
    if (query === undefined) return;
    tree.setOptions({ filter: query });
  });
}
