// How a Task reads in the tree: a one-line description and tooltip rows as plain data. Values are raw
// text (names and titles come from the cluster); the UI layer escapes them.
import { formatCost, formatCount, formatDuration, formatElapsed, formatExactCost, formatTokens } from '../format';
import type { TaskObject } from '../../store/k8s/kubeObjects';
import type { TaskView } from '../../store/k8s/taskView';

/**
 * "$0.012 · 12.3k · Completed · 3m 12s": money first, like a session's badge, so that a narrow side bar cuts
 * the words, not the cost; a Task without a summary reads "Running · 2m" (seconds only in its first minute), or, while its session is listed
 * on its Agent's server, leads with that session's badge (`live`, "$2.88 · 41.0k"), as its row does. A
 * Running Task's duration is measured to `now`.
 */
export function taskDescription(view: TaskView, now: number, live?: string): string {
  const parts: string[] = [];
  if (view.summary) {
    parts.push(view.summary.cost === undefined ? 'cost unknown' : formatCost(view.summary.cost));
    parts.push(formatTokens(view.summary.totalTokens));
  } else if (live) parts.push(live);
  else if (view.summaryUnknown) parts.push('usage unknown');
  parts.push(view.outcome ?? view.phase);
  if (view.phase === 'Running' && view.startTime !== undefined) parts.push(formatElapsed(now - view.startTime));
  else if (view.durationMs !== undefined) parts.push(formatDuration(view.durationMs));
  return parts.join(' · ');
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
    row(
      'Cost',
      s.cost === undefined ? `unknown (${JSON.stringify(task.status?.session?.summary?.cost ?? null)})` : formatExactCost(s.cost),
    );
    row('Files changed', `${formatCount(s.filesChanged)} (+${formatCount(s.additions)} −${formatCount(s.deletions)})`);
  }
  row('Session', view.sessionId);
  row('Session title', view.sessionTitle);
  return rows;
}
