// The status bar tooltip's lines about the active session: its figures, context, model, state and server.
import * as vscode from 'vscode';
import type { ActiveTarget } from '../../app/sessions/activeSession';
import { shownListFigures } from '../../app/settings/listPrice';
import { formatCost, formatTokens } from '../../present/format';
import { listPriceRows } from '../../present/listPriceText';
import { shownSessionState } from '../../app/sessions/stateWords';
import { contextText, modelText } from '../../present/tooltipRows';
import type { ContextUsage } from '../../store/contextUsage';
import { totalTokens, type Usage } from '../../store/usage';

export interface Line {
  label: string;
  /** Untrusted: the tooltip escapes it. */
  value: string;
  /** The heading of the tooltip's section it belongs in (ours, translated). */
  section?: string;
}

/** In the sections of the session rows' hovers, under their headings: the status bar shows the same session. */
export function sessionLines({ connection, record }: ActiveTarget, context: ContextUsage | undefined): Line[] {
  const inclusive = connection.sessions.inclusive(record.info.id);
  const figures = (u: Usage) => vscode.l10n.t('{0} · {1} tokens', formatCost(u.cost), formatTokens(totalTokens(u)));
  const own: Line[] = [{ label: vscode.l10n.t('Own'), value: figures(record.own) }];
  const hasChildren = connection.sessions.childrenOf(record.info.id).length > 0;
  if (hasChildren) own.push({ label: vscode.l10n.t('Σ with sub-agents'), value: figures(inclusive) });
  const list = shownListFigures(connection, record.info.id);
  if (list) own.push(...listPriceRows(record.own, inclusive, hasChildren, list));
  if (context) own.push({ label: vscode.l10n.t('Context'), value: contextText(context) });
  const activity: Line[] = [];
  // As the tree's tooltip names it: provider/model.
  const model = modelText(record.info, context);
  if (model) activity.push({ label: vscode.l10n.t('Model'), value: model });
  activity.push({ label: vscode.l10n.t('State'), value: shownSessionState(record, connection.sessionsPhase) });
  const where: Line[] = [{ label: vscode.l10n.t('Server'), value: connection.label }];
  return [
    ...inSection(own, vscode.l10n.t('Figures')),
    ...inSection(activity, vscode.l10n.t('Activity')),
    ...inSection(where, vscode.l10n.t('Where')),
  ];
}

export function inSection(lines: readonly Line[], section: string): Line[] {
  return lines.map((line) => ({ ...line, section }));
}
