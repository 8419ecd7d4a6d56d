// The status bar's words: the item's text and its screen-reader label.
// The title never goes into `text` (which renders `$(icon)` syntax); the tooltip escapes it.
import * as vscode from 'vscode';
import type { ActiveTarget } from '../../app/sessions/activeSession';
import { shownListFigures } from '../../app/settings/listPrice';
import { formatCost, formatTokens, sessionBadge } from '../../present/format';
import { totalTokens } from '../../store/usage';

/** The tree row's badge, `$(pulse) $0.23 · Σ $0.41 · 45k`, with a spinner while busy (a bell while it waits for you). */
export function statusText({ connection, record }: ActiveTarget): string {
  const icon = record.requests.size ? '$(bell-dot)' : record.status.type === 'idle' ? '$(pulse)' : '$(loading~spin)';
  const id = record.info.id;
  const { sessions } = connection;
  // Listed by parent, "Σ ≥$0.41" while sub-agents below it are not read yet.
  return `${icon} ${sessionBadge(record.own, sessions.inclusive(id), sessions.childrenOf(id).length > 0, shownListFigures(connection, id), sessions.partial(id))}`;
}

/** What a screen reader says: the text's figures, Σ (the session with its sub-agents) included when shown. */
export function statusLabel({ connection, record }: ActiveTarget): string {
  const id = record.info.id;
  const tokens = formatTokens(totalTokens(record.own));
  const partial = connection.sessions.partial(id);
  if (!connection.sessions.childrenOf(id).length && !partial)
    return vscode.l10n.t('OpenCode session cost {0}, {1} tokens', formatCost(record.own.cost), tokens);
  const sum = formatCost(connection.sessions.inclusive(id).cost);
  const inclusive = partial ? vscode.l10n.t('at least {0}', sum) : sum;
  return vscode.l10n.t('OpenCode session cost {0}, Σ with sub-agents {1}, {2} tokens', formatCost(record.own.cost), inclusive, tokens);
}
