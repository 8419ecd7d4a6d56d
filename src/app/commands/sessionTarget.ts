// The session a command acts on, and how to reach it on its server.
import * as vscode from 'vscode';
import type { ActiveTarget } from '../activeSession';
import type { OpencodeClient } from '../../client/opencodeClient';
import type { ServerConnection } from '../../client/serverConnection';
import { sessionTitle } from '../../present/sessionTitle';
import type { SessionRecord } from '../../store/sessionRecord';
import type { ViewNode } from '../../features/sessions/tree/sessionTreeProvider';
import type { CommandContext } from './context';

export interface SessionTarget {
  connection: ServerConnection;
  record: SessionRecord;
}

/**
 * The session a command acts on: the tree row it was invoked on (context menu or inline action), else
 * the selected row, else the active session, else the user's pick among every server's sessions.
 */
export async function sessionTarget(ctx: CommandContext, node: unknown, title: string): Promise<SessionTarget | undefined> {
  const fromNode = sessionOf(node as ViewNode | undefined);
  if (fromNode) return fromNode;
  const selected = sessionOf(ctx.view.selection[0]);
  if (selected) return selected;
  const active: ActiveTarget | undefined = ctx.active.get();
  if (active) return { connection: active.connection, record: active.record };
  const items = ctx.registry.all.flatMap((connection) =>
    [...connection.sessions.all()].map((record) => ({
      label: sessionTitle(record.info),
      description: connection.label,
      target: { connection, record },
    })),
  );
  if (!items.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no OpenCode session yet.'));
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose a session'), matchOnDescription: true }))?.target;
}

/** A session row, or a row under a session that stands for it (its Changes, a changed file). */
function sessionOf(node: ViewNode | undefined): SessionTarget | undefined {
  if (node?.kind !== 'session' && node?.kind !== 'changes' && node?.kind !== 'changedFile') return undefined;
  const record = node.connection.sessions.get(node.sessionId);
  return record ? { connection: node.connection, record } : undefined;
}

/** A client for the session's project: per-session routes live under its directory. */
export async function sessionClient({ connection, record }: SessionTarget): Promise<OpencodeClient> {
  return connection.client(record.info.directory);
}
