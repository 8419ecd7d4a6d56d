import * as vscode from 'vscode';
import { thresholdFraction } from '../../store/contextUsage';

/** `opencodeSessions.contextWarningThreshold` as a fraction: what the status bar warns at and the panel draws. */
export function contextThreshold(): number {
  return thresholdFraction(vscode.workspace.getConfiguration('opencodeSessions').get<number>('contextWarningThreshold'));
}
