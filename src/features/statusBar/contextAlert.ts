import * as vscode from 'vscode';
import { showWarning } from '../../app/host/notify';
import type { ActiveTarget } from '../../app/sessions/activeSession';
import { contextFraction, type ContextUsage } from '../../store/contextUsage';
import { messageSafe } from '../../present/plainText';
import { contextThreshold } from '../../app/settings/contextThreshold';
import { formatPercent } from '../../present/format';
import { sessionKey } from '../../store/sessionKey';
import { sessionTitle } from '../../present/sessionTitle';
import { sessionRef } from '../../app/sessions/sessionRef';
import { runCommand } from '../../app/commands/commandTable';

/** Warns once when the active session's context passes the threshold; re-arms once it drops (compaction). */
export class ContextAlert {
  private readonly warned = new Set<string>();

  check(target: ActiveTarget, context: ContextUsage | undefined): void {
    const fraction = context && contextFraction(context);
    if (fraction === undefined) return;
    const key = sessionKey(target.connection.config.id, target.record.info.id);
    const threshold = contextThreshold();
    if (fraction < threshold) {
      this.warned.delete(key);
      return;
    }
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const title = messageSafe(sessionTitle(target.record.info));
    const node = sessionRef(target.connection, target.record.info.id);
    const compact = vscode.l10n.t('Compact now');
    void showWarning(vscode.l10n.t('OpenCode: “{0}” uses {1} of its context window.', title, formatPercent(fraction)), compact).then(
      (choice) => {
        if (choice === compact) void runCommand('opencodeSessions.compactSession', node);
      },
    );
  }
}
