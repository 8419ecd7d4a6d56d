// One notification per new request, naming its session, with Answer and Show (and Allow Once for a permission).
// A request answered elsewhere within a moment (the TUI, the web, another editor) is never announced, none is
// announced twice (also across reconnects), and a session raises at most one notification a minute (a flood of
// requests from one agent is one notification). Many at once (a reconnect after a while) make one summary.
import * as vscode from 'vscode';
import { showWarning } from '../../app/host/notify';
import { messageSafe } from '../../present/plainText';
import { requestSummary } from '../../present/requestText';
import { sessionTitle } from '../../present/sessionTitle';
import { notifyOnRequest } from './notifyOnRequest';
import { Disposable } from '../../base/disposable';
import { Emitter } from '../../base/emitter';
import type { WaitingRequest, WaitingRequests } from './waitingRequests';
import { requestRef } from './requestTarget';
import { asksUser } from '../../store/pendingRequest';
import type { AttentionModel } from '../../app/sessions/attention';
import type { Logger } from '../../base/logger';
import { runCommand } from '../../app/commands/commandTable';

/** Long enough for an answer from another client to arrive first, short enough to feel immediate. */
const GRACE_MS = 750;
/** More new requests than this at once become one summary. */
const MAX_SEPARATE = 3;

export class RequestNotifier extends Disposable {
  /** Requests already announced (or passed over), with the server that has them. */
  private readonly seen = new Map<string, WaitingRequest['connection']>();
  /** Requests not announced yet, and since when they wait (each gets its own grace period). */
  private readonly since = new Map<string, number>();
  private readonly grace = this.ownTimer();
  private readonly decided = this._register(new Emitter<readonly WaitingRequest[]>());
  /** Requests just announced or passed over, each once (a test answers one only after it was decided). */
  readonly onDidDecide = this.decided.event;
  /** How long a new request waits for an answer from elsewhere before it is announced (tests lengthen it). */
  graceMs = GRACE_MS;

  constructor(
    private readonly waiting: WaitingRequests,
    /** One notification per session per minute, shared with every other notification about a session. */
    private readonly attention?: Pick<AttentionModel, 'mayNotify'>,
    /** Says why a request raised no notification: a user missing one finds the reason in the output channel. */
    private readonly log?: Pick<Logger, 'info'>,
  ) {
    super();
    this._register(waiting.onDidChange(() => this.check()));
    this.check();
  }

  private check(): void {
    this.grace.clear();
    const now = Date.now();
    const waiting = new Map(this.waiting.all.map((w) => [key(w), w]));
    // Answered before its grace period ended: never announced.
    for (const k of [...this.since.keys()]) if (!waiting.has(k)) this.since.delete(k);
    this.prune();
    const due: WaitingRequest[] = [];
    let next = Infinity;
    for (const [k, w] of waiting) {
      if (this.seen.has(k)) continue;
      const since = this.since.get(k) ?? now;
      this.since.set(k, since);
      if (now - since >= this.graceMs) due.push(w);
      else next = Math.min(next, since + this.graceMs);
    }
    if (next !== Infinity) this.grace.set(() => this.check(), next - now);
    if (!due.length) return;
    this.announce(due);
    this.decided.fire(due);
  }

  /** Forgets requests their (online) server no longer has; an offline server's are kept for its reconnect. */
  private prune(): void {
    for (const [k, connection] of this.seen) {
      if (connection.state.kind !== 'online') continue;
      const [, sessionId, requestId] = k.split('\u0000');
      if (!connection.sessions.get(sessionId)?.requests.has(requestId)) this.seen.delete(k);
    }
  }

  private announce(fresh: WaitingRequest[]): void {
    for (const w of fresh) {
      this.since.delete(key(w));
      this.seen.set(key(w), w.connection);
    }
    const mode = notifyOnRequest();
    if (mode === 'never') return this.passedOver(fresh, 'opencodeSessions.notifyOnRequest is never');
    if (mode === 'whenUnfocused' && vscode.window.state.focused)
      return this.passedOver(fresh, 'the window has focus, and opencodeSessions.notifyOnRequest is whenUnfocused');
    if (fresh.length > MAX_SEPARATE) {
      this.log?.info(`${fresh.length} new requests at once: one summary notification.`);
      return void this.summary(fresh.length);
    }
    // A session that raised one within the minute stays quiet: its row and the badge already say it waits.
    for (const w of fresh)
      if (this.attention?.mayNotify(w.connection, w.request.sessionID) ?? true) void this.one(w);
      else this.passedOver([w], 'a notification about this session was shown within the minute');
  }

  private passedOver(requests: readonly WaitingRequest[], why: string): void {
    for (const { connection, request } of requests)
      this.log?.info(`${connection.label}: request ${request.id} of session ${request.sessionID}: no notification (${why}).`);
  }

  private async one(w: WaitingRequest): Promise<void> {
    const { connection, request } = w;
    const record = connection.sessions.get(request.sessionID);
    const who = `“${messageSafe(sessionTitle(record?.info ?? {}))}”`;
    const what = messageSafe(requestSummary(request));
    const message = asksUser(request)
      ? vscode.l10n.t('OpenCode: {0} asks: {1}', who, what)
      : request.always.length
        ? // What Allow Always grants, shown beside its button: the server decides the patterns, not the request.
          vscode.l10n.t(
            'OpenCode: {0} asks for permission — {1}. Allow Always allows from now on: {2}',
            who,
            what,
            messageSafe(request.always.join(', ')),
          )
        : vscode.l10n.t('OpenCode: {0} asks for permission — {1}', who, what);
    this.log?.info(`${connection.label}: request ${request.id} of session ${request.sessionID}: notified.`);
    const ref = requestRef(w);
    // Button titles (as shown, so translated) → the command each one runs. Answer… asks how (a permission: Allow
    // Once, Allow Always or Reject; a question: its options); Show reveals the session's row.
    const actions: Array<readonly [string, () => Thenable<unknown>]> = [
      ...(asksUser(request) ? [] : [[vscode.l10n.t('Allow Once'), () => runCommand('opencodeSessions.allowOnce', ref)] as const]),
      [vscode.l10n.t('Answer…'), () => runCommand('opencodeSessions.respondToRequest', ref)],
      [
        vscode.l10n.t('Show'),
        () => runCommand('opencodeSessions.switchSession', { serverId: connection.config.id, sessionId: request.sessionID }),
      ],
    ];
    const choice = await showWarning(message, ...actions.map(([title]) => title));
    const action = actions.find(([title]) => title === choice);
    if (action) await action[1]();
  }

  private async summary(count: number): Promise<void> {
    const message = vscode.l10n.t('OpenCode: {0} requests wait for your answer.', count);
    const show = vscode.l10n.t('Show Pending Requests');
    if ((await showWarning(message, show)) === show) {
      await runCommand('opencodeSessions.showPendingRequests');
    }
  }
}

function key({ connection, request }: WaitingRequest): string {
  return `${connection.config.id}\u0000${request.sessionID}\u0000${request.id}`;
}
