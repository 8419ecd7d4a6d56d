import * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';
import { appendUntrusted } from '../../present/markdown';
import { requestDetails, requestKind, requestSummary } from '../../present/requestText';
import { sessionTitle } from '../../present/sessionTitle';
import { sessionKey } from '../../store/sessionKey';
import { missingFeatureWords } from '../../app/servers/serverFeatures';
import { asksUser, type PendingRequest } from '../../store/pendingRequest';
import type { SessionRecord } from '../../store/sessionRecord';
import { requestRef } from './requestTarget';

const ICONS = {
  permission: new vscode.ThemeIcon('shield', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  question: new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsWarningIcon.foreground')),
};

/**
 * A request row under the session that asked: what it wants in plain words, Allow/Reject inline (by its
 * contextValue), and a click that asks how to answer. Label and description are plain text; the tooltip escapes.
 */
export function requestTreeItem(connection: ServerConnection, record: SessionRecord, request: PendingRequest): vscode.TreeItem {
  const online = connection.state.kind === 'online';
  const summary = requestSummary(request);
  const item = new vscode.TreeItem(summary, vscode.TreeItemCollapsibleState.None);
  item.id = `${sessionKey(connection.config.id, record.info.id)}\u0000request\u0000${request.id}`;
  const asker = record.info.parentID ? ` · ${vscode.l10n.t('sub-agent')}` : '';
  item.description = `${requestKind(request)}${asker}`;
  // A form is OpenCode 2's question: the same icon and menus (Answer, Dismiss).
  const kind = asksUser(request) ? 'question' : 'permission';
  item.iconPath = ICONS[kind];
  item.contextValue = ['request', kind, online ? 'online' : 'offline', ...missingFeatureWords(connection)].join(' ');
  item.command = {
    title: vscode.l10n.t('Respond'),
    command: 'opencodeSessions.respondToRequest',
    arguments: [requestRef({ connection, request })],
  };
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**${asksUser(request) ? vscode.l10n.t('Question from') : vscode.l10n.t('Permission asked by')}** `);
  appendUntrusted(md, sessionTitle(record.info));
  md.appendMarkdown('\n\n');
  for (const row of requestDetails(request)) {
    md.appendMarkdown(`${row.label}: `);
    appendUntrusted(md, row.value);
    md.appendMarkdown('  \n');
  }
  md.appendMarkdown(`${vscode.l10n.t('Server')}: `);
  appendUntrusted(md, connection.label);
  item.tooltip = md;
  item.accessibilityInformation = {
    label: asksUser(request)
      ? vscode.l10n.t('Question: {0}, from {1}', summary, sessionTitle(record.info))
      : vscode.l10n.t('Permission request: {0}, from {1}', summary, sessionTitle(record.info)),
  };
  return item;
}
