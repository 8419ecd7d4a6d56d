// The Changes row under a session (`3 files · +120 −45`) and one row per file with its status and counts.
// File names come from the server: labels are plain text and the tooltip escapes them.
import * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';
import type { ChangeSet } from './changeSet';
import { appendUntrusted } from '../../present/markdown';
import { changeCounts, changedFileLabel, changesSummary } from './changeText';
import { sessionTitle } from '../../present/sessionTitle';
import type { ChangedFile } from './fileChanges';
import { sessionKey } from '../../store/sessionKey';

const STATUS_WORDS = {
  added: vscode.l10n.t('added'),
  modified: vscode.l10n.t('modified'),
  deleted: vscode.l10n.t('deleted'),
};

const STATUS_ICONS = {
  added: new vscode.ThemeIcon('diff-added', new vscode.ThemeColor('gitDecoration.addedResourceForeground')),
  modified: new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground')),
  deleted: new vscode.ThemeIcon('diff-removed', new vscode.ThemeColor('gitDecoration.deletedResourceForeground')),
};

export function changesTreeItem(
  connection: ServerConnection,
  sessionId: string,
  set: ChangeSet,
  includeSubagents: boolean,
): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Changes'), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${sessionKey(connection.config.id, sessionId)}\u0000changes`;
  item.description = changesSummary(set);
  // Without it a screen reader reads the tooltip, which names neither the row nor its counts.
  item.accessibilityInformation = { label: vscode.l10n.t('Changes, {0}', item.description) };
  item.iconPath = new vscode.ThemeIcon('diff-multiple');
  const online = connection.state.kind === 'online';
  item.contextValue = [
    'changes',
    set.revertedTurns ? 'reverted' : 'current',
    includeSubagents ? 'withSubagents' : 'ownOnly',
    online ? 'online' : 'offline',
  ].join(' ');
  item.tooltip = includeSubagents
    ? vscode.l10n.t(
        'The files this session and its sub-agents changed on disk, from the turns OpenCode recorded. Click a file for its diff.',
      )
    : vscode.l10n.t('The files this session changed on disk, from the turns OpenCode recorded. Click a file for its diff.');
  return item;
}

export function changedFileTreeItem(connection: ServerConnection, sessionId: string, file: ChangedFile, local: boolean): vscode.TreeItem {
  const { name, folder } = changedFileLabel(file.path);
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
  item.id = `${sessionKey(connection.config.id, sessionId)}\u0000changes\u0000${file.path}`;
  item.description = [folder, changeCounts(file)].filter(Boolean).join(' · ');
  item.iconPath = STATUS_ICONS[file.status];
  // The icon's colour says added, modified or deleted; a screen reader hears it.
  item.accessibilityInformation = { label: [name, STATUS_WORDS[file.status], item.description].join(', ') };
  item.contextValue = ['changedFile', file.status, file.sides ? 'text' : 'binary', local ? 'local' : 'remote'].join(' ');
  item.command = {
    title: vscode.l10n.t('Open Changes'),
    command: 'opencodeSessions.openChange',
    arguments: [{ kind: 'changedFile', serverId: connection.config.id, sessionId, path: file.path }],
  };
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  appendUntrusted(md, file.path);
  md.appendMarkdown(
    `**\n\n${file.status} · ${changeCounts(file)} · ${file.turns.length === 1 ? vscode.l10n.t('1 turn') : vscode.l10n.t('{0} turns', file.turns.length)}`,
  );
  const sessions = [...new Set(file.turns.map((t) => t.sessionID))];
  if (sessions.length > 1 || sessions[0] !== sessionId) {
    md.appendMarkdown(`\n\n${vscode.l10n.t('Changed by:')} `);
    appendUntrusted(md, sessions.map((id) => sessionTitle(connection.sessions.get(id)?.info ?? {})).join(', '));
  }
  if (!file.sides) md.appendMarkdown(`\n\n${vscode.l10n.t('Binary: listed, not diffed.')}`);
  else if (!file.sides.complete) md.appendMarkdown(`\n\n${vscode.l10n.t('The server sent only the changed regions.')}`);
  item.tooltip = md;
  return item;
}
