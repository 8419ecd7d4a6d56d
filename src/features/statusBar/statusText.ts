// The status bar's words: the item's text and its screen-reader label.
// The title never goes into `text` (which renders `$(icon)` syntax); the tooltip escapes it.
import * as vscode from 'vscode';
import type { ActiveTarget } from '../../app/activeSession';
import { shownListFigures } from '../../app/settings/listPrice';
import { formatCost, formatTokens, sessionBadge } from '../../present/format';
import { totalTokens } from '../../store/usage';

/** The tree row's badge, `$(pulse) $0.23 · Σ $0.41 · 45k`, with a spinner while busy (a bell while it waits for you). */
export function statusText({ connection, record }: ActiveTarget): string {
  const icon = record.requests.size ? '$(bell-dot)' : record.status.type === 'idle' ? '$(pulse)' : '$(loading~spin)';
  const id = record.info.id;
  return `${icon} ${sessionBadge(record.own, connection.sessions.inclusive(id), connection.sessions.childrenOf(id).length > 0, shownListFigures(connection, id))}`;
}

/** What a screen reader says: the text's figures, Σ (the session with its sub-agents) included when shown. */
export function statusLabel({ connection, record }: ActiveTarget): string {
  const id = record.info.id;
  const tokens = formatTokens(totalTokens(record.own));
  if (!connection.sessions.childrenOf(id).length)
    return vscode.l10n.t('OpenCode session cost {0}, {1} tokens', formatCost(record.own.cost), tokens);
  const inclusive = formatCost(connection.sessions.inclusive(id).cost);
  return vscode.l10n.t('OpenCode session cost {0}, Σ with sub-agents {1}, {2} tokens', formatCost(record.own.cost), inclusive, tokens);
}
