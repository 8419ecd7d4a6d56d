// The session a command acts on, and how to reach it on its server.
import * as vscode from 'vscode';
import { showInformation } from '../host/notify';
import type { ActiveSession } from '../sessions/activeSession';
import type { SessionDecorations } from '../sessions/sessionDecorations';
import type { ServerConnection } from '../../client/serverConnection';
import { sessionTitle } from '../../present/sessionTitle';
import type { SessionRecord } from '../../store/sessionRecord';
import { isSessionRef } from '../../store/sessionRef';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { SessionsView } from '../sessions/sessionsView';

export interface SessionTarget {
  connection: ServerConnection;
  record: SessionRecord;
}

/** Rows that stand for their session: the session's own, its Changes and a changed file (a session ref, structurally). */
const SESSION_ROWS = new Set(['session', 'changes', 'changedFile']);

/** Finds the session a command acts on, from what the command was given and what the user looks at. */
export class SessionTargets {
  constructor(
    readonly registry: ServerRegistry,
    readonly active: ActiveSession,
    readonly view: SessionsView,
    /** What marks each session (paused, waiting, unread), for pickers that show it. */
    readonly decorations?: SessionDecorations,
  ) {}

  /**
   * The row the command was invoked on (context menu or inline action), else the selected row, else the
   * active session, else the user's pick among every server's sessions.
   */
  async find(node: unknown, title: string): Promise<SessionTarget | undefined> {
    const fromNode = this.sessionOf(node);
    if (fromNode) return fromNode;
    const selected = this.sessionOf(this.view.selection[0]);
    if (selected) return selected;
    const active = this.active.get();
    if (active) return { connection: active.connection, record: active.record };
    const items = this.registry.all.flatMap((connection) =>
      [...connection.sessions.all()].map((record) => ({
        label: sessionTitle(record.info),
        description: connection.label,
        target: { connection, record },
      })),
    );
    if (!items.length) {
      void showInformation(vscode.l10n.t('There is no OpenCode session yet.'));
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose a session'), matchOnDescription: true }))
      ?.target;
  }

  /** A row or ref that names a session (structurally: its kind, server id and session id), resolved. */
  private sessionOf(value: unknown): SessionTarget | undefined {
    const kind = (value as { kind?: unknown } | undefined)?.kind;
    if (typeof kind !== 'string' || !SESSION_ROWS.has(kind) || !isSessionRef(value)) return undefined;
    const connection = this.registry.get(value.serverId);
    const record = connection?.sessions.get(value.sessionId);
    return connection && record ? { connection, record } : undefined;
  }
}
