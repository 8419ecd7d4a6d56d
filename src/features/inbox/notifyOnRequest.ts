import * as vscode from 'vscode';

export type NotifyOnRequest = 'always' | 'whenUnfocused' | 'never';

/** `opencodeSessions.notifyOnRequest`: when a new permission request or question raises a notification. */
export function notifyOnRequest(): NotifyOnRequest {
  const value = vscode.workspace.getConfiguration('opencodeSessions').get<string>('notifyOnRequest');
  return value === 'always' || value === 'never' ? value : 'whenUnfocused';
}
