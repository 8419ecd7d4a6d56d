// How a Task reads in the tree: its row's label and description, and tooltip rows as plain data. Values are raw
// text (names and titles come from the cluster); the UI layer escapes them.
import { formatCost, formatCount, formatDuration, formatElapsed, formatExactCost, formatTokens } from '../format';
import { ROW_SEPARATOR } from '../sessionRow';
import { shortened } from '../sessionTitle';
import type { TaskObject } from '../../store/k8s/kubeObjects';
import type { TaskView } from '../../store/k8s/taskView';

/** Its session's figures as the session's own row shows them (sessionRow.ts): "$0.050 Σ$0.062" and "14.5k". */
export interface TaskSessionFigures {
  money: string;
  tokens: string;
  /** The marks its session's row says ("paused by the $4.00 hourly budget"), said after a running Task's phase. */
  marks?: readonly string[];
}

/** A Task's row: "$0.012 fix-login" and "12.3k · Completed · 3m 12s". */
export interface TaskRowText {
  label: string;
  description: string;
  /** What the label leads with, if anything (a screen reader hears it with the description). */
  money?: string;
}

/**
 * The money leads the label, before the Task's name, as a session row's does, so that a narrow side bar cuts the
 * name and the words, never the cost or its Σ (issue 77). While its session is listed on its Agent's server, the
 * row reads that session's figures (`session`), the ones its session's row shows, so the two never disagree; else
 * kubeopencode's summary (written once the Task ends; its own session only); a Task with neither leads with its name.
 * The description: its tokens, then its phase, what marks a running Task's session (paused by a budget), and how long
 * it ran ("Running · 2m", seconds only in its first minute, measured to `now`).
 */
export function taskRowText(name: string, view: TaskView, now: number, session?: TaskSessionFigures): TaskRowText {
  let money: string | undefined;
  const parts: string[] = [];
  if (session) {
    money = session.money;
    parts.push(session.tokens);
  } else if (view.summary) {
    if (view.summary.cost === undefined) parts.push('cost unknown');
    else money = formatCost(view.summary.cost);
    parts.push(formatTokens(view.summary.totalTokens));
  } else if (view.summaryUnknown) parts.push('usage unknown');
  parts.push(view.outcome ?? view.phase);
  if (view.phase === 'Running' && session?.marks) parts.push(...session.marks);
  if (view.phase === 'Running' && view.startTime !== undefined) parts.push(formatElapsed(now - view.startTime));
  else if (view.durationMs !== undefined) parts.push(formatDuration(view.durationMs));
  return { label: money ? `${money}${ROW_SEPARATOR}${name}` : name, description: parts.join(' · '), money };
}

/** [label, value] pairs; rows with nothing to say are left out. `formatTime` lets the UI use the user's locale. */
export function taskTooltipRows(
  view: TaskView,
  task: TaskObject,
  formatTime: (ms: number) => string = (ms) => new Date(ms).toISOString(),
): [string, string][] {
  const rows: [string, string][] = [];
  const row = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') rows.push([label, value]);
  };
  row('Phase', view.phase === 'Unknown' && task.status?.phase ? `Unknown (${task.status.phase})` : view.phase);
  if (view.outcome && view.outcome !== view.phase) row('Ended', view.outcome);
  if (view.failureReason) row('Failure', view.failureReason);
  if (view.stopped) row('Stopped', view.stopped.message ? `${view.stopped.reason} — ${view.stopped.message}` : view.stopped.reason);
  if (view.ref) row(view.ref.kind === 'agent' ? 'Agent' : 'Template', view.ref.name);
  row('Namespace', task.metadata.namespace);
  row('Pod', task.status?.podName);
  if (view.startTime !== undefined) row('Started', formatTime(view.startTime));
  if (view.durationMs !== undefined) row(view.finished ? 'Duration' : 'Running for', formatDuration(view.durationMs));
  const s = view.summary;
  if (view.summaryUnknown) row('Usage', 'unknown: the summary says 0 tokens and $0, as kubeopencode before v0.1.3 wrote it for every Task');
  if (s) {
    row('Messages', formatCount(s.messages));
    if (!s.totalOnly) {
      row('Input', formatCount(s.input));
      row('Output', formatCount(s.output));
      row('Reasoning', formatCount(s.reasoning));
      row('Cache (read + write)', formatCount(s.cache));
    }
    row('Tokens', formatCount(s.totalTokens));
    row('Cost', s.cost === undefined ? `unknown (${unreadCost(task.status?.session?.summary?.cost)})` : formatExactCost(s.cost));
    row('Files changed', `${formatCount(s.filesChanged)} (+${formatCount(s.additions)} −${formatCount(s.deletions)})`);
  }
  row('Session', view.sessionId);
  row('Session title', view.sessionTitle);
  return rows;
}

/** The most of an unreadable cost string the tooltip quotes. */
const COST_SHOWN = 80;

/**
 * What the cluster wrote as a cost that is no amount: a string quoted (cut at COST_SHOWN characters), a number or
 * other plain value as JSON writes it, a list or an object by its kind only. Never walked: one watch event may nest
 * it thousands deep, and JSON.stringify's recursion threw RangeError at 5 000, which lost the Task's row.
 */
function unreadCost(raw: unknown): string {
  if (typeof raw === 'string') return JSON.stringify(shortened(raw, COST_SHOWN));
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw === null || raw === undefined) return 'null';
  return Array.isArray(raw) ? 'a list' : typeof raw === 'object' ? 'an object' : typeof raw;
}
