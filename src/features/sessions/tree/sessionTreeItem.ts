import * as vscode from 'vscode';
import type { ServerConnection } from '../../../client/serverConnection';
import { costBadge, formatTokens } from '../../../present/format';
import { totalTokens } from '../../../store/usage';
import { sessionRowText } from '../../../present/sessionRow';
import type { ListFigures } from '../../../store/price/listSum';
import { sessionLook } from './sessionLook';
import { sessionKey } from '../../../store/sessionKey';
import { sessionTitle } from '../../../present/sessionTitle';
import { shownPause, shownSessionState, shownWaiting } from '../../../app/sessions/stateWords';
import type { PausedSession } from '../../../store/budgetPause';
import { missingFeatureWords } from '../../../app/servers/serverFeatures';

/** A run ended since you last looked: the dot VS Code's own views use for what is new. */
const UNREAD_ICON = new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('notificationsInfoIcon.foreground'));
/** A budget paused it: it waits for the user to raise the budget (or resume it anyway). */
const PAUSED_ICON = new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('problemsWarningIcon.foreground'));

/** A session row. Its tooltip is left out on purpose: the provider's resolveTreeItem fills it on hover. */
export function sessionTreeItem(
  connection: ServerConnection,
  id: string,
  /** Its list-price figures, computed when the session or the setting changed (rowListFigures.ts). */
  list: ListFigures | undefined,
  collapsible: vscode.TreeItemCollapsibleState,
  /** A run of it (or of a sub-agent) ended since you last looked. */
  unread = false,
  /** A budget paused it (the app's BudgetPauses). */
  paused?: PausedSession,
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
  // Counted over the whole subtree, so a collapsed parent still says that something below it waits.
  const waiting = store.waitingIn(id);
  // Paused is said in words too: which budget, at what limit, is what the user decides on.
  // Paused reads paused while another client's prompt to it is being stopped (the pause holds): no flicker.
  const pausedNow = paused && online && (state === 'idle' || paused.phase === 'paused') ? paused : undefined;
  item.description = [
    row.description,
    ...(pausedNow ? [shownPause(pausedNow)] : []),
    ...(waiting ? [shownWaiting(waiting)] : []),
    ...(archived ? [vscode.l10n.t('archived')] : []),
  ].join(' · ');
  // Unread is said by the icon and to a screen reader, not in the description: a row's text stays its figures.
  item.iconPath = pausedNow ? PAUSED_ICON : unread && state === 'idle' && online ? UNREAD_ICON : icon;
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
    ...(unread ? ['unread'] : []),
    ...(pausedNow?.phase === 'paused' ? ['paused'] : []),
    // What its server does not offer: those actions show disabled (package.json `enablement`).
    ...missingFeatureWords(connection),
  ].join(' ');
  const words = [
    title,
    ...(unread ? [vscode.l10n.t('unread')] : []),
    ...(archived ? [vscode.l10n.t('archived')] : []),
    pausedNow ? shownPause(pausedNow) : shownSessionState(record, connection.sessionsPhase),
    costBadge(record.own, inclusive, hasChildren, list, partial),
    ...(partial ? [vscode.l10n.t('sub-agents not all read yet')] : []),
    ...(list && list.own.listCost > 0 && record.own.cost === 0 ? [vscode.l10n.t('estimated at list price')] : []),
    vscode.l10n.t('{0} tokens', formatTokens(totalTokens(record.own))),
  ];
  item.accessibilityInformation = { label: words.join(', ') };
  return item;
}
