// A session tooltip's content as plain data (label, value), so what it says is unit-tested without
// VS Code. Values are raw text: the view escapes every one of them, since most come from the server.
import { contextFraction, type ContextUsage } from '../store/contextUsage';
import { formatCount, formatExactCost, formatPercent, PARTIAL_MARK } from './format';
import { listPriceRows } from './listPriceText';
import { modelName } from './modelName';
import { isArchived } from '../store/sessionFilter';
import { taskOfTitle } from '../store/k8s/liveTaskSession';
import type { SessionRecord } from '../store/sessionRecord';
import { totalTokens, type Usage } from '../store/usage';
import { visibleText } from './plainText';
import { stateText, stateWords, type ViewStateName } from './stateWords';

export { stateText };

/** The part of a session hover a row belongs to: what it cost and used, what it is doing, where it runs. */
export type TooltipSection = 'figures' | 'state' | 'server';

export interface TooltipRow {
  label: string;
  value: string;
  section: TooltipSection;
}

export interface TooltipInput {
  record: SessionRecord;
  inclusive: Usage;
  hasChildren: boolean;
  /** Sub-agents below it are not read yet (OpenCode 2 listed by parent): its Σ is at least what is shown. */
  partial?: boolean;
  serverLabel: string;
  /**
   * How the server's sessions read (ServerConnection.sessionsPhase); `online` when absent. Otherwise the state
   * is that word and the figures are the last known, or what the first listing has shown so far.
   */
  phase?: 'online' | 'connecting' | 'offline';
  context?: ContextUsage;
  /** List-price figures, when shown. */
  list?: Parameters<typeof listPriceRows>[3];
  /** How times read; the view passes the user's locale. */
  formatTime?: (ms: number) => string;
  /** How states read; the view passes its translated words. */
  words?: (name: ViewStateName) => string;
}

export function tooltipRows(input: TooltipInput): TooltipRow[] {
  const { record, inclusive, hasChildren, context } = input;
  const { info, own } = record;
  const time = input.formatTime ?? ((ms: number) => new Date(ms).toISOString());
  const rows: TooltipRow[] = [];
  let section: TooltipSection = 'state';
  const row = (label: string, value: string | undefined) => {
    // Values come from the server: nothing in them may reorder or hide text.
    if (value !== undefined && value !== '') rows.push({ label, value: visibleText(value), section });
  };
  if (isArchived(record)) row('Archived', time(info.time.archived!));
  const words = input.words ?? stateWords;
  const phase = input.phase ?? 'online';
  row('State', phase === 'online' ? stateText(record, time, words) : words(phase));
  const tools = [...new Set(record.runningTools.values())];
  if (tools.length) row('Running tool', tools.join(', '));
  // The money first, as the row leads with it; then the tokens it paid for.
  section = 'figures';
  row('Cost', formatExactCost(own.cost));
  const partial = input.partial === true;
  const sigma = hasChildren || partial;
  if (sigma) row('Σ cost with sub-agents', `${partial ? PARTIAL_MARK : ''}${formatExactCost(inclusive.cost)}`);
  if (partial) row('Sub-agents', 'not all read yet: open the row to read them');
  if (input.list) for (const r of listPriceRows(own, inclusive, hasChildren, input.list)) row(r.label, r.value);
  row('Tokens', tokensText(own));
  if (sigma) row('Σ tokens with sub-agents', `${partial ? PARTIAL_MARK : ''}${formatCount(totalTokens(inclusive))}`);
  if (context) row('Context', contextText(context));
  const summary = info.summary;
  // OpenCode's session-wide diff stats, where it counted a file. Its zeros are left out: 1.18 leaves them at 0
  // for sessions whose turns recorded changes, which the session's Changes row counts.
  if (summary && typeof summary.files === 'number' && summary.files > 0) {
    row('Files changed', countOrUndefined(summary.files));
    row('Additions', countOrUndefined(summary.additions));
    row('Deletions', countOrUndefined(summary.deletions));
  }
  section = 'state';
  row('Model', modelText(info, context));
  row('Agent', info.agent);
  if (record.lastError) row('Last error', record.lastError.message);
  // Not the update time: the last activity is never older (the store keeps it so), and the hover stays short.
  row('Last activity', time(record.lastActivity));
  row('Created', time(info.time.created));
  section = 'server';
  row('Server', input.serverLabel);
  row('Directory', info.directory);
  // A Task's session is shown by its Task's name: its title as kubeopencode wrote it is here.
  if (info.title && taskOfTitle(info.title)) row('Title', info.title);
  return rows;
}

/** "provider/model": the session's own model, else the one its newest reply used; undefined while neither is known. */
export function modelText(info: SessionRecord['info'], context: ContextUsage | undefined): string | undefined {
  const model = info.model?.id
    ? { id: info.model.id, providerID: info.model.providerID }
    : context?.modelID
      ? { id: context.modelID, providerID: context.providerID }
      : undefined;
  return model && modelName(model.providerID, model.id);
}

/** "16,465 (input 12,000, output 345, cache read 4,000)": the total, then each kind the session used (no zeros). */
export function tokensText(usage: Usage): string {
  const kinds: Array<[string, number]> = [
    ['input', usage.input],
    ['output', usage.output],
    ['reasoning', usage.reasoning],
    ['cache read', usage.cacheRead],
    ['cache write', usage.cacheWrite],
  ];
  const used = kinds.filter(([, n]) => n > 0).map(([kind, n]) => `${kind} ${formatCount(n)}`);
  const total = formatCount(totalTokens(usage));
  return used.length ? `${total} (${used.join(', ')})` : total;
}

/** "25.5% (51,000 of 200,000 tokens)", or just the tokens while the model's limit is unknown. */
export function contextText(context: ContextUsage): string {
  const fraction = contextFraction(context);
  if (fraction === undefined) return `${formatCount(context.tokens)} tokens`;
  return `${formatPercent(fraction)} (${formatCount(context.tokens)} of ${formatCount(context.limit!)} tokens)`;
}

function countOrUndefined(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? formatCount(value) : undefined;
}
