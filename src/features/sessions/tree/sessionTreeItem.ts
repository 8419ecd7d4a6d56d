import * as vscode from 'vscode';
import type { ServerConnection } from '../../../client/serverConnection';
import { costBadge, formatTokens } from '../../../present/format';
import { totalTokens } from '../../../store/usage';
import { sessionRowText } from '../../../present/sessionRow';
import type { ListFigures } from '../../../store/price/listSum';
import { sessionLook } from './sessionLook';
import { sessionKey } from '../../../store/sessionKey';
import { sessionTitle } from '../../../present/sessionTitle';
import { shownSessionState } from '../../../app/sessions/stateWords';
import { missingFeatureWords } from '../../../app/servers/serverFeatures';
import type { SessionDecoration } from '../../../app/sessions/sessionDecorations';

/** A session row. Its tooltip is left out on purpose: the provider's resolveTreeItem fills it on hover. */
export function sessionTreeItem(
  connection: ServerConnection,
  id: string,
  /** Its list-price figures, computed when the session or the setting changed (rowListFigures.ts). */
  list: ListFigures | undefined,
  collapsible: vscode.TreeItemCollapsibleState,
  /** What marks it (paused, waiting, unread: the app's SessionDecorations), the leading first. */
  marks: readonly SessionDecoration[] = [],
): vscode.TreeItem | undefined {
  const { sessions: store } = connection;
  const record = store.get(id);
  if (!record) return undefined;
  const hasChildren = store.childrenOf(id).length > 0;
  const inclusive = store.inclusive(id);
  // Listed by parent: sub-agents below it not read yet, so its Σ is "at least" (read when its row opens).
  const partial = store.partial(id);
  const { state, online, archived, icon } = sessionLook(connection, record);
  // Titles are untrusted: TreeItem labels and descriptions are plain text, and the tooltip escapes them.
  const title = sessionTitle(record.info);
  const row = sessionRowText(title, record.own, inclusive, hasChildren, list, partial);
  const item = new vscode.TreeItem(row.label, collapsible);
  item.id = sessionKey(connection.config.id, id);
  item.description = [
    row.description,
    ...marks.flatMap((m) => (m.described ? [m.words] : [])),
    ...(archived ? [vscode.l10n.t('archived')] : []),
  ].join(' · ');
  item.iconPath = marks.find((m) => m.icon)?.icon ?? icon;
  item.contextValue = [
    'session',
    state,
    hasChildren ? 'parent' : 'leaf',
    record.info.parentID ? 'child' : 'root',
    // A finished Task's session (read through kubeopencode-server) is read-only: the actions that change it are not offered.
    online ? (connection.config.cluster?.finishedTasks ? 'readOnly' : 'online') : 'offline',
    ...(archived ? ['archived'] : []),
    ...(record.info.revert ? ['reverted'] : []),
    connection.generation,
    ...marks.flatMap((m) => m.context ?? []),
    // What its server does not offer: those actions show disabled (package.json `enablement`).
    ...missingFeatureWords(connection),
  ].join(' ');
  const words = [
    title,
    ...marks.map((m) => m.words),
    ...(archived ? [vscode.l10n.t('archived')] : []),
    shownSessionState(record, connection.sessionsPhase),
    costBadge(record.own, inclusive, hasChildren, list, partial),
    ...(partial ? [vscode.l10n.t('sub-agents not all read yet')] : []),
    ...(list && list.own.listCost > 0 && record.own.cost === 0 ? [vscode.l10n.t('estimated at list price')] : []),
    vscode.l10n.t('{0} tokens', formatTokens(totalTokens(record.own))),
  ];
  item.accessibilityInformation = { label: words.join(', ') };
  return item;
}
