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
import { missingFeatureWords } from '../../app/servers/serverFeatures';

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
    ...missingFeatureWords(connection),
  ].join(' ');
  item.tooltip = includeSubagents
    ? vscode.l10n.t(
        'The files this session and its sub-agents changed on disk, from the turns OpenCode recorded. Click a file for its diff.',
      )
    : vscode.l10n.t('The files this session changed on disk, from the turns OpenCode recorded. Click a file for its diff.');
  if (set.meanwhile.length)
    item.tooltip += `\n\n${
      set.meanwhile.length === 1
        ? vscode.l10n.t(
            'One more file changed while its turns ran, but not by this session: listed apart under “Changed meanwhile”, never counted here.',
          )
        : vscode.l10n.t(
            '{0} more files changed while its turns ran, but not by this session: listed apart under “Changed meanwhile”, never counted here.',
            set.meanwhile.length,
          )
    }`;
  return item;
}

/** The group of files a session's turns' diffs hold that none of its own tools changed. */
export function changedMeanwhileTreeItem(connection: ServerConnection, sessionId: string, files: readonly ChangedFile[]): vscode.TreeItem {
  const label = vscode.l10n.t('Changed meanwhile, not by this session');
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${sessionKey(connection.config.id, sessionId)}\u0000changes\u0000meanwhile`;
  item.description = files.length === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', files.length);
  item.accessibilityInformation = { label: `${label}, ${item.description}` };
  item.iconPath = new vscode.ThemeIcon('question');
  item.contextValue = 'changedMeanwhile';
  item.tooltip = vscode.l10n.t(
    'OpenCode’s record of this session’s turns holds these files, but none of its tool calls wrote them: something else changed them meanwhile (another session, an editor, a launcher). They are not counted as this session’s changes.',
  );
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
  item.contextValue = ['changedFile', file.status, file.binary ? 'binary' : 'text', local ? 'local' : 'remote'].join(' ');
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
  if (!file.own)
    md.appendMarkdown(
      `\n\n${vscode.l10n.t('Changed meanwhile, not by this session: its turn’s diff holds it, but none of its tool calls named it.')}`,
    );
  if (file.binary) md.appendMarkdown(`\n\n${vscode.l10n.t('Binary: listed, not diffed.')}`);
  else if (!file.complete) md.appendMarkdown(`\n\n${vscode.l10n.t('The server sent only the changed regions.')}`);
  item.tooltip = md;
  return item;
}
