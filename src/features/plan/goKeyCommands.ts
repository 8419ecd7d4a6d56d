// Set OpenCode Go Key… (kept in SecretStorage; offers the key OpenCode keeps, when readable) and Refresh
// OpenCode Go Usage (reads now, whatever the interval).
import * as vscode from 'vscode';
import type { GoPlanModel } from '../../app/goPlan/goPlanModel';
import { openCodeAuthPath, openCodeGoKey } from './openCodeGoCredential';

type Choice = 'openCode' | 'enter' | 'remove';

export function registerGoKeyCommands(plan: GoPlanModel): vscode.Disposable {
  return vscode.Disposable.from(
    // `{ key }` sets it without asking (scripts and tests); `{ key: '' }` removes it.
    vscode.commands.registerCommand('opencodeSessions.setGoKey', async (arg?: { key?: unknown }) => {
      if (typeof arg?.key === 'string') return plan.setKey(arg.key.trim() || undefined);
      const fromOpenCode = await openCodeGoKey();
      const items: Array<vscode.QuickPickItem & { choice: Choice }> = [];
      if (fromOpenCode)
        items.push({
          label: vscode.l10n.t('Use the key OpenCode keeps'),
          description: openCodeAuthPath(),
          detail: vscode.l10n.t('Copied into VS Code’s secret storage; OpenCode’s file is not changed.'),
          choice: 'openCode',
        });
      items.push({ label: vscode.l10n.t('Enter a key…'), choice: 'enter' });
      if (plan.enabled)
        items.push({
          label: vscode.l10n.t('Remove the key'),
          description: vscode.l10n.t('Nothing about Go is shown then.'),
          choice: 'remove',
        });
      const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('OpenCode Go Key') });
      if (!picked) return;
      if (picked.choice === 'remove') return plan.setKey(undefined);
      if (picked.choice === 'openCode') return plan.setKey(fromOpenCode);
      const key = await vscode.window.showInputBox({
        title: vscode.l10n.t('OpenCode Go Key'),
        prompt: vscode.l10n.t('The API key of your OpenCode Go workspace (opencode.ai). Kept in VS Code’s secret storage.'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (/^\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('A key without spaces.')),
      });
      if (key?.trim()) await plan.setKey(key.trim());
    }),
    vscode.commands.registerCommand('opencodeSessions.refreshGoUsage', () => plan.refresh(true)),
  );
}
