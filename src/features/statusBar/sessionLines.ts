// The status bar tooltip's lines about the active session: its figures, context, model, state and server.
import * as vscode from 'vscode';
import type { ActiveTarget } from '../../app/activeSession';
import { shownListFigures } from '../../app/settings/listPrice';
import { formatCost, formatTokens } from '../../present/format';
import { listPriceRows } from '../../present/listPriceText';
import { shownSessionState } from '../../app/stateWords';
import { contextText, modelText } from '../../present/tooltipRows';
import type { ContextUsage } from '../../store/contextUsage';
import { totalTokens, type Usage } from '../../store/usage';

export interface Line {
  label: string;
  /** Untrusted: the tooltip escapes it. */
  value: string;
}

export function sessionLines({ connection, record }: ActiveTarget, context: ContextUsage | undefined): Line[] {
  const inclusive = connection.sessions.inclusive(record.info.id);
  const figures = (u: Usage) => vscode.l10n.t('{0} · {1} tokens', formatCost(u.cost), formatTokens(totalTokens(u)));
  const lines: Line[] = [{ label: vscode.l10n.t('Own'), value: figures(record.own) }];
  const hasChildren = connection.sessions.childrenOf(record.info.id).length > 0;
  if (hasChildren) lines.push({ label: vscode.l10n.t('Σ with sub-agents'), value: figures(inclusive) });
  const list = shownListFigures(connection, record.info.id);
  if (list) lines.push(...listPriceRows(record.own, inclusive, hasChildren, list));
  if (context) lines.push({ label: vscode.l10n.t('Context'), value: contextText(context) });
  // As the tree's tooltip names it: provider/model.
  const model = modelText(record.info, context);
  if (model) lines.push({ label: vscode.l10n.t('Model'), value: model });
  lines.push({ label: vscode.l10n.t('State'), value: shownSessionState(record, connection.sessionsPhase) });
  lines.push({ label: vscode.l10n.t('Server'), value: connection.label });
  return lines;
}
