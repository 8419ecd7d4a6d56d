import * as vscode from 'vscode';
import type { ActiveTarget } from '../activeSession';
import { contextFraction, type ContextUsage } from '../store/contextUsage';
import { messageSafe } from '../present/plainText';
import { formatPercent } from '../present/format';

/** Warns once when the active session's context passes the threshold; re-arms once it drops (compaction). */
export class ContextAlert {
  private readonly warned = new Set<string>();

  check(target: ActiveTarget, context: ContextUsage | undefined): void {
    const fraction = context && contextFraction(context);
    if (fraction === undefined) return;
    const key = `${target.connection.config.id}\u0000${target.record.info.id}`;
    const threshold = vscode.workspace.getConfiguration('opencodeSessions').get<number>('contextWarningThreshold', 90) / 100;
    if (fraction < threshold) {
      this.warned.delete(key);
      return;
    }
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const title = messageSafe(target.record.info.title || 'Untitled session');
    const node = { kind: 'session', connection: target.connection, sessionId: target.record.info.id };
    void vscode.window.showWarningMessage(`OpenCode: “${title}” uses ${formatPercent(fraction)} of its context window.`, 'Compact now').then((choice) => {
      if (choice === 'Compact now') void vscode.commands.executeCommand('opencodeSessions.compactSession', node);
    });
  }
}
