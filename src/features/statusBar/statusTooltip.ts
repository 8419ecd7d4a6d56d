import * as vscode from 'vscode';
import type { ActiveTarget } from '../../app/sessions/activeSession';
import { untrustedTooltip } from '../../app/servers/untrustedTooltip';
import { sessionTitle } from '../../present/sessionTitle';
import type { ContextUsage } from '../../store/contextUsage';
import { inSection, sessionLines, type Line } from './sessionLines';
import { spendLines } from './spendLines';
import type { Figures } from '../../app/budgets/budgetFigures';

export interface StatusFigures extends Omit<Figures, 'level' | 'allServers'>, Partial<Pick<Figures, 'allServers'>> {
  target: ActiveTarget;
  context?: ContextUsage;
  /** OpenCode Go's windows, after the budgets. */
  plan?: Line[];
}

/** The status bar's tooltip: untrusted values escaped, no command links, no HTML. */
export function statusTooltip({ target, context, plan, ...figures }: StatusFigures): vscode.MarkdownString {
  const lines = [
    ...sessionLines(target, context),
    ...inSection(spendLines(figures), vscode.l10n.t('Spending')),
    ...inSection(plan ?? [], vscode.l10n.t('Plan')),
  ];
  const md = untrustedTooltip(sessionTitle(target.record.info), lines, target.picked ? '' : ` ${vscode.l10n.t('(most recently active)')}`);
  md.appendMarkdown(`\n\n---\n\n${vscode.l10n.t('Click for the usage charts.')}`);
  return md;
}
