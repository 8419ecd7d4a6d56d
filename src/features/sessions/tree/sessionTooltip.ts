import * as vscode from 'vscode';
import type { ServerConnection } from '../../../client/serverConnection';
import type { ContextUsage } from '../../../store/contextUsage';
import type { SessionRecord } from '../../../store/sessionRecord';
import { tooltipRows } from '../../../present/tooltipRows';
import { formatLocalTime } from '../../../present/format';
import { appendUntrusted } from '../../../present/markdown';
import { sessionTitle } from '../../../present/sessionTitle';
import { shownListFigures } from '../../../app/settings/listPrice';
import { shownState } from '../../../app/stateWords';

/** A session row's tooltip. Untrusted: no command links, no HTML, no theme icons; every value is escaped. */
export function sessionTooltip(connection: ServerConnection, record: SessionRecord, context: ContextUsage | undefined): vscode.MarkdownString {
  const { sessions: store } = connection;
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  appendUntrusted(md, sessionTitle(record.info));
  md.appendMarkdown('**\n\n');
  const rows = tooltipRows({
    record,
    inclusive: store.inclusive(record.info.id),
    hasChildren: store.childrenOf(record.info.id).length > 0,
    serverLabel: connection.label,
    online: connection.state.kind === 'online',
    context,
    list: shownListFigures(connection, record.info.id),
    formatTime: formatLocalTime,
    words: shownState,
  });
  for (const row of rows) {
    md.appendMarkdown(`${row.label}: `); // our own fixed words
    appendUntrusted(md, row.value);
    md.appendMarkdown('  \n');
  }
  return md;
}
