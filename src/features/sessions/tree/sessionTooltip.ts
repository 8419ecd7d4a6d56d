import * as vscode from 'vscode';
import type { ServerConnection } from '../../../client/serverConnection';
import type { ContextUsage } from '../../../store/contextUsage';
import { tooltipRows } from '../../../present/tooltipRows';
import { formatLocalTime } from '../../../present/format';
import { sessionTitle } from '../../../present/sessionTitle';
import { shownListFigures } from '../../../app/settings/listPrice';
import { shownState } from '../../../app/sessions/stateWords';
import { sessionRef } from '../../../app/sessions/sessionRef';
import { HOVER_COMMANDS, writeSessionHover, type HoverAction } from './sessionHover';

/**
 * A session row's hover: figures, state and server in sections, then Show Usage, Compact, Switch and Transcript as
 * command links. Trusted for exactly those four commands (no other command link runs, no HTML, no theme icons); every
 * value from the server, the title first, is escaped.
 */
export function sessionTooltip(
  connection: ServerConnection,
  sessionId: string,
  context: ContextUsage | undefined,
): vscode.MarkdownString | undefined {
  const { sessions: store } = connection;
  const record = store.get(sessionId);
  if (!record) return undefined;
  const rows = tooltipRows({
    record,
    inclusive: store.inclusive(record.info.id),
    hasChildren: store.childrenOf(record.info.id).length > 0,
    partial: store.partial(record.info.id),
    serverLabel: connection.label,
    phase: connection.sessionsPhase,
    context,
    list: shownListFigures(connection, record.info.id),
    formatTime: formatLocalTime,
    words: shownState,
  });
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
  md.supportHtml = false;
  // Not "State" and "Server": the rows below say those words already.
  const headings = { figures: vscode.l10n.t('Figures'), state: vscode.l10n.t('Activity'), server: vscode.l10n.t('Where') };
  return writeSessionHover(md, sessionTitle(record.info), rows, headings, hoverActions(connection, sessionId));
}

/** What the row's menu offers first, as links: Compact only while its server is online (as the menu). */
function hoverActions(connection: ServerConnection, sessionId: string): HoverAction[] {
  const args = [sessionRef(connection, sessionId)];
  const actions: HoverAction[] = [
    {
      command: 'opencodeSessions.showUsage',
      title: vscode.l10n.t('Show Usage'),
      tooltip: vscode.l10n.t('The usage charts of this session'),
      args,
    },
  ];
  if (connection.sessionsPhase === 'online')
    actions.push({
      command: 'opencodeSessions.compactSession',
      title: vscode.l10n.t('Compact'),
      tooltip: vscode.l10n.t('Summarize this session to free its context window'),
      args,
    });
  actions.push({
    command: 'opencodeSessions.switchSession',
    title: vscode.l10n.t('Switch to Session'),
    tooltip: vscode.l10n.t('Follow this session in the status bar and the usage panel'),
    args,
  });
  // Read only: a transcript never changes the session (the search feature opens it).
  if (connection.sessionsPhase === 'online')
    actions.push({
      command: 'opencodeSessions.openTranscript',
      title: vscode.l10n.t('Transcript'),
      tooltip: vscode.l10n.t('What this session said and did, as a read-only document'),
      args,
    });
  return actions;
}
