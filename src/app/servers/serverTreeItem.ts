import * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';
import type { ConnectionState } from '../../client/connection/connectionState';
import { formatCost, PARTIAL_MARK } from '../../present/format';
import { appendUntrusted } from '../../present/markdown';
import { offerLines, serverProduct } from './serverFeatures';
import { serverTotal } from '../../store/serverTotal';

/** A server's state in its row and tooltip. */
export function serverStateText(kind: ConnectionState['kind']): string {
  switch (kind) {
    case 'connecting':
      return vscode.l10n.t('connecting…');
    case 'online':
      return vscode.l10n.t('online');
    case 'offline':
      return vscode.l10n.t('offline');
    case 'unauthorized':
      return vscode.l10n.t('authentication failed');
  }
}

const STATE_ICONS: Record<ConnectionState['kind'], vscode.ThemeIcon> = {
  connecting: new vscode.ThemeIcon('loading~spin'),
  online: new vscode.ThemeIcon('server', new vscode.ThemeColor('testing.iconPassed')),
  offline: new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  unauthorized: new vscode.ThemeIcon('lock', new vscode.ThemeColor('problemsWarningIcon.foreground')),
};

export function serverTreeItem(connection: ServerConnection): vscode.TreeItem {
  const { state } = connection;
  const item = new vscode.TreeItem(connection.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `server\u0000${connection.config.id}`;
  const host = new URL(connection.config.url).host;
  // A V1 server reads as it always did; a V2 one says so, since some actions are not offered there.
  const api = connection.generation === 'v2' ? vscode.l10n.t('OpenCode API v2') : undefined;
  // A discovered server says where it was found (its registration, or the probed address).
  const found = connection.config.found;
  // The money and the state first, where a narrow side bar still shows them; where it runs and what it speaks after.
  const parts = [
    serverTotalText(connection),
    serverStateText(state.kind),
    found?.by === 'service' ? found.where : connection.config.name ? host : undefined,
    connection.version ? `v${connection.version}` : undefined,
    api,
  ];
  item.description = parts.filter(Boolean).join(' · ');
  item.iconPath = STATE_ICONS[state.kind];
  item.contextValue = `server ${state.kind} ${connection.config.origin}`;
  // The name comes from settings and the reason from the server: both untrusted, like every server string.
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendUntrusted(md, connection.label).appendMarkdown('**  \n');
  appendUntrusted(md, connection.config.url).appendMarkdown('  \n');
  if (found)
    md.appendText(
      vscode.l10n.t('Found: {0}', found.by === 'service' ? found.where : vscode.l10n.t('answers on {0}', found.where)),
    ).appendMarkdown('  \n');
  md.appendText(vscode.l10n.t('State: {0}', serverStateText(state.kind)));
  md.appendMarkdown('  \n').appendText(vscode.l10n.t('Speaks: {0} ({1})', apiName(connection), serverProduct(connection)));
  if (state.kind === 'online') for (const line of offerLines(connection)) md.appendMarkdown('  \n').appendText(line);
  if (state.kind === 'offline' || state.kind === 'unauthorized') appendUntrusted(md.appendMarkdown('  \n'), state.reason);
  if (state.kind === 'connecting' && state.waitingFor)
    md.appendMarkdown('  \n').appendText(vscode.l10n.t('Waiting for {0}', state.waitingFor));
  item.tooltip = md;
  return item;
}

/**
 * What every session on the server has cost (each once), leading its row as money leads every row: a narrow side
 * bar cuts the address, not the total. None before the server has listed a session.
 */
export function serverTotalText(connection: ServerConnection): string | undefined {
  const { sessions } = connection;
  // Listed by parent, sessions below rows not opened are not read: the total is at least this.
  return sessions.size ? `${sessions.anyUnread ? PARTIAL_MARK : ''}${formatCost(serverTotal(sessions).cost)}` : undefined;
}

function apiName(connection: ServerConnection): string {
  return connection.generation === 'v2' ? vscode.l10n.t('OpenCode’s V2 API') : vscode.l10n.t('OpenCode’s V1 API');
}
