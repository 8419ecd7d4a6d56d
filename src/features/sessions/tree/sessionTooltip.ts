import type * as vscode from 'vscode';
import type { ServerConnection } from '../../../client/serverConnection';
import type { ContextUsage } from '../../../store/contextUsage';
import { tooltipRows } from '../../../present/tooltipRows';
import { formatLocalTime } from '../../../present/format';
import { untrustedTooltip } from '../../../app/untrustedTooltip';
import { sessionTitle } from '../../../present/sessionTitle';
import { shownListFigures } from '../../../app/settings/listPrice';
import { shownState } from '../../../app/stateWords';

/** A session row's tooltip. Untrusted: no command links, no HTML, no theme icons; every value is escaped. */
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
    serverLabel: connection.label,
    phase: connection.sessionsPhase,
    context,
    list: shownListFigures(connection, record.info.id),
    formatTime: formatLocalTime,
    words: shownState,
  });
  return untrustedTooltip(sessionTitle(record.info), rows);
}
