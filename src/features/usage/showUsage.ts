import * as vscode from 'vscode';
import type { SessionTargets } from '../../app/commands/sessionTarget';
import { registerSessionCommand } from '../../app/commands/registerSessionCommand';
import type { UsagePanelHost } from './usagePanelHost';

/** Opens the usage panel on the tree row it was invoked on, else the active (or a picked) session. */
export function registerShowUsage(targets: SessionTargets, usage: UsagePanelHost): vscode.Disposable {
  return registerSessionCommand(targets, {
    id: 'opencodeSessions.showUsage',
    title: vscode.l10n.t('Show Usage'),
    online: false,
    run: (target) => usage.show({ serverId: target.connection.config.id, sessionId: target.record.info.id }),
  });
}
