// `$(bell) 2 waiting` while any session on any server waits for an answer; a click lists them all.
import * as vscode from 'vscode';
import { shownWaiting } from '../../app/sessions/stateWords';
import { Disposable } from '../../base/disposable';
import type { WaitingRequests } from './waitingRequests';

export class WaitingStatusBar extends Disposable {
  /** What VS Code shows: empty while hidden. */
  readonly item = this._register(vscode.window.createStatusBarItem('opencodeSessions.waiting', vscode.StatusBarAlignment.Left, 49));

  constructor(waiting: WaitingRequests) {
    super();
    this.item.name = vscode.l10n.t('OpenCode Requests Waiting');
    this.item.command = 'opencodeSessions.showPendingRequests';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this._register(waiting.onDidChange((all) => this.render(all.length)));
    this.render(waiting.all.length);
  }

  private render(count: number): void {
    // The view's title bar bell (Show Pending Requests) is enabled while anything waits, greyed out otherwise: it
    // stays in its place, so the buttons beside it never move.
    void vscode.commands.executeCommand('setContext', 'opencodeSessions.requestsWaiting', count > 0);
    this.item.text = count ? `$(bell) ${shownWaiting(count)}` : '';
    if (!count) return this.item.hide();
    this.item.tooltip =
      count === 1
        ? vscode.l10n.t('An OpenCode session waits for your answer. Click to see and answer it.')
        : vscode.l10n.t('{0} OpenCode requests wait for your answer. Click to see and answer them.', count);
    this.item.accessibilityInformation = { label: vscode.l10n.t('OpenCode: {0} for your answer', shownWaiting(count)) };
    this.item.show();
  }
}
