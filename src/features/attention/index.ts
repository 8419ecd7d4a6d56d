// What needs you: the number on the activity bar icon (sessions waiting for an answer, and unread ones when the
// setting says so), Mark All as Read, and a calm notification when a long turn ends while you are elsewhere.
// What waits and what is unread is the app's AttentionModel; a new request's notification is the inbox's.
import * as vscode from 'vscode';
import type { App } from '../../app';
import { attentionBadge } from './attentionBadge';
import { LongTurnNotifier } from './longTurnNotifier';

export function registerAttention(app: App): void {
  app.extension.subscriptions.push(
    attentionBadge(app.decorations, app.view),
    new LongTurnNotifier(app.sessions, app.attention),
    vscode.commands.registerCommand('opencodeSessions.markAllRead', () => app.attention.markAllRead()),
  );
}
