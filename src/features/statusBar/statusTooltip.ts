import * as vscode from 'vscode';
import type { ActiveTarget } from '../../app/activeSession';
import { appendUntrusted } from '../../present/markdown';
import { sessionTitle } from '../../present/sessionTitle';
import type { ContextUsage } from '../../store/contextUsage';
import { sessionLines } from './sessionLines';
import { spendLines } from './spendLines';
import type { Figures } from './statusFigures';

export interface StatusFigures extends Omit<Figures, 'level' | 'allServers'>, Partial<Pick<Figures, 'allServers'>> {
  target: ActiveTarget;
  context?: ContextUsage;
}

/** The status bar's tooltip: untrusted values escaped, no command links, no HTML. */
export function statusTooltip({ target, context, spent, limits, allServers }: StatusFigures): vscode.MarkdownString {
  const { record } = target;
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  appendUntrusted(md, sessionTitle(record.info));
  md.appendMarkdown(`**${target.picked ? '' : ` ${vscode.l10n.t('(most recently active)')}`}\n\n`);
  for (const { label, value } of [...sessionLines(target, context), ...spendLines({ spent, limits, allServers })]) {
    md.appendMarkdown(`${label}: `);
    appendUntrusted(md, value);
    md.appendMarkdown('  \n');
  }
  md.appendMarkdown(`\n${vscode.l10n.t('Click for the usage charts.')}`);
  return md;
}
