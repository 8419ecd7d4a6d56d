// One notification per new request, with the same actions as its tree row. A request answered elsewhere
// within a moment (the TUI, the web, another editor) is never announced, and none is announced twice, also
// across reconnects. Many at once (a reconnect after a while) make one summary instead of a pile.
import * as vscode from 'vscode';
import { messageSafe } from '../present/plainText';
import { requestSummary } from '../present/requestText';
import { sessionTitle } from '../present/sessionTitle';
import { notifyOnRequest } from '../settings/notifyOnRequest';
import type { WaitingRequest, WaitingRequests } from './waitingRequests';

/** Long enough for an answer from another client to arrive first, short enough to feel immediate. */
const GRACE_MS = 750;
/** More new requests than this at once become one summary. */
const MAX_SEPARATE = 3;

export class RequestNotifier implements vscode.Disposable {
  /** Requests already announced (or passed over), by server and id. */
  private readonly seen = new Set<string>();
  private readonly subscription: { dispose(): void };
  private timer?: NodeJS.Timeout;
  /** What was announced, newest last, for tests. */
  readonly notices: string[] = [];

  constructor(private readonly waiting: WaitingRequests) {
    this.subscription = waiting.onDidChange.on(() => this.soon());
    this.soon();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
  }

  private soon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.announce();
    }, GRACE_MS);
  }

  private announce(): void {
    // Still waiting after the grace period, and never seen before.
    const fresh = this.waiting.all.filter((w) => !this.seen.has(key(w)));
    for (const w of fresh) this.seen.add(key(w));
    const mode = notifyOnRequest();
    if (!fresh.length || mode === 'never' || (mode === 'whenUnfocused' && vscode.window.state.focused)) return;
    if (fresh.length > MAX_SEPARATE) return void this.summary(fresh.length);
    for (const w of fresh) void this.one(w);
  }

  private async one(w: WaitingRequest): Promise<void> {
    const { connection, request } = w;
    const record = connection.sessions.get(request.sessionID);
    const who = `“${messageSafe(sessionTitle(record?.info ?? {}))}”`;
    const what = messageSafe(requestSummary(request));
    const message = request.kind === 'question' ? vscode.l10n.t('OpenCode: {0} asks: {1}', who, what) : vscode.l10n.t('OpenCode: {0} asks for permission — {1}', who, what);
    this.notices.push(message);
    const ref = { kind: 'request', connection, sessionId: request.sessionID, requestId: request.id };
    // Button titles (as shown, so translated) → the command each one runs.
    const actions: Array<[string, string]> =
      request.kind === 'question'
        ? [[vscode.l10n.t('Answer…'), 'opencodeSessions.answerQuestion'], [vscode.l10n.t('Dismiss Question'), 'opencodeSessions.rejectRequest']]
        : [[vscode.l10n.t('Allow Once'), 'opencodeSessions.allowOnce'], [vscode.l10n.t('Allow Always'), 'opencodeSessions.allowAlways'], [vscode.l10n.t('Reject…'), 'opencodeSessions.rejectRequest']];
    const choice = await vscode.window.showWarningMessage(message, ...actions.map(([title]) => title));
    const command = actions.find(([title]) => title === choice)?.[1];
    if (command) await vscode.commands.executeCommand(command, ref);
  }

  private async summary(count: number): Promise<void> {
    const message = vscode.l10n.t('OpenCode: {0} requests wait for your answer.', count);
    this.notices.push(message);
    const show = vscode.l10n.t('Show Pending Requests');
    if ((await vscode.window.showWarningMessage(message, show)) === show) {
      await vscode.commands.executeCommand('opencodeSessions.showPendingRequests');
    }
  }
}

function key({ connection, request }: WaitingRequest): string {
  return `${connection.config.id}\u0000${request.id}`;
}
