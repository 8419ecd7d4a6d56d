// What a Task row shows, read from the Task object alone. Figures come from kubeopencode's session summary
// and are never recomputed; anything unreadable is left out rather than guessed.
import { amount } from '../../base/parse';
import type { KubeCondition, TaskObject, TaskPhase } from './kubeObjects';

export type TaskViewPhase = TaskPhase | 'Unknown';

/** How a finished Task ended: kubeopencode ends a Task on its timeout with phase Completed and condition Stopped. */
export type TaskOutcome = 'Completed' | 'Failed' | 'Timed out' | 'Stopped';

export interface TaskSummaryView {
  messages: number;
  input: number;
  output: number;
  reasoning: number;
  /** Cache read + write together, as kubeopencode sums them; the two are not known apart. */
  cache: number;
  /** input + output + reasoning + cache: the same total OpenCode counts. */
  totalTokens: number;
  /** The summary gave one integer for its tokens (the docs' shape): only `totalTokens` is known, the kinds are 0. */
  totalOnly?: true;
  /** USD; undefined when the cost string is missing or unreadable, so no wrong amount is ever shown. */
  cost: number | undefined;
  filesChanged: number;
  additions: number;
  deletions: number;
}

export interface TaskView {
  phase: TaskViewPhase;
  ref: { kind: 'agent' | 'template'; name: string } | undefined;
  /** ms since the epoch. */
  startTime?: number;
  /** completionTime − startTime; for a Running Task, now − startTime. */
  durationMs?: number;
  /** Completed or Failed, or stopped. */
  finished: boolean;
  /** How it ended, once it has. */
  outcome?: TaskOutcome;
  /** The Stopped condition's reason and message (Timeout, UserStopped, …). */
  stopped?: { reason: string; message?: string };
  summary?: TaskSummaryView;
  /**
   * The summary says 0 tokens and $0: kubeopencode before v0.1.3 wrote that for every Task (a parsing bug), so it
   * is not known, and no summary is shown or counted.
   */
  summaryUnknown?: boolean;
  sessionId?: string;
  sessionTitle?: string;
  failureReason?: string;
}

const PHASES: readonly string[] = ['Pending', 'Queued', 'Running', 'Completed', 'Failed'] satisfies TaskPhase[];

export function taskView(task: TaskObject, now: number): TaskView {
  const status = task.status ?? {};
  const phase: TaskViewPhase = PHASES.includes(status.phase ?? '') ? (status.phase as TaskPhase) : 'Unknown';
  const stopped = stoppedCondition(status.conditions ?? []);
  const view: TaskView = { phase, ref: taskRef(task), finished: phase === 'Completed' || phase === 'Failed' || !!stopped };
  if (stopped) view.stopped = stopped;
  if (view.finished)
    view.outcome = phase === 'Failed' ? 'Failed' : stopped ? (stopped.reason === 'Timeout' ? 'Timed out' : 'Stopped') : 'Completed';
  const start = time(status.startTime);
  if (start !== undefined) {
    view.startTime = start;
    const end = time(status.completionTime) ?? (phase === 'Running' ? now : undefined);
    if (end !== undefined) view.durationMs = Math.max(0, end - start);
  }
  const session = status.session;
  if (session?.summary && isAllZero(session.summary)) view.summaryUnknown = true;
  else if (session?.summary) {
    const s = session.summary;
    const t = tokenKinds(s.tokenUsage);
    const [input, output, reasoning, cache] = [amount(t.input), amount(t.output), amount(t.reasoning), amount(t.cache)];
    const total = typeof s.tokenUsage === 'number' ? amount(s.tokenUsage) : undefined;
    view.summary = {
      messages: amount(s.messageCount),
      input,
      output,
      reasoning,
      cache,
      totalTokens: total ?? input + output + reasoning + cache,
      ...(total !== undefined && { totalOnly: true as const }),
      cost: parseCost(s.cost),
      filesChanged: amount(s.filesChanged),
      additions: amount(s.additions),
      deletions: amount(s.deletions),
    };
  }
  if (typeof session?.id === 'string' && session.id) view.sessionId = session.id;
  if (typeof session?.title === 'string' && session.title) view.sessionTitle = session.title;
  if (phase === 'Failed') {
    const reason = failureReason(status.conditions ?? []);
    if (reason) view.failureReason = reason;
  }
  return view;
}

/** Every token count 0 and the cost $0: what controllers before v0.1.3 wrote, whatever the Task used. */
function isAllZero(summary: NonNullable<NonNullable<TaskObject['status']>['session']>['summary']): boolean {
  const usage = summary?.tokenUsage;
  if (typeof usage === 'number') return amount(usage) === 0 && parseCost(summary?.cost) === 0;
  const t = tokenKinds(usage);
  return [t.input, t.output, t.reasoning, t.cache].every((n) => amount(n) === 0) && parseCost(summary?.cost) === 0;
}

/** The token kinds of a summary's `tokenUsage` object; none (all unknown) for the docs' integer or anything else. */
function tokenKinds(usage: unknown): { input?: unknown; output?: unknown; reasoning?: unknown; cache?: unknown } {
  return usage !== null && typeof usage === 'object' ? usage : {};
}

/** kubeopencode's `Stopped` condition (reason Timeout on spec.timeout, UserStopped, …), when it is True. */
function stoppedCondition(conditions: KubeCondition[]): TaskView['stopped'] {
  const c = conditions.find((x) => x.type === 'Stopped' && x.status === 'True');
  if (!c) return undefined;
  const message = c.message?.trim();
  return { reason: c.reason?.trim() || 'Stopped', ...(message ? { message } : {}) };
}

/** agentRef or templateRef (kubeopencode allows exactly one; agentRef wins if a broken object has both). */
function taskRef(task: TaskObject): TaskView['ref'] {
  const agent = task.spec?.agentRef?.name;
  if (typeof agent === 'string' && agent) return { kind: 'agent', name: agent };
  const template = task.spec?.templateRef?.name;
  if (typeof template === 'string' && template) return { kind: 'template', name: template };
  return undefined;
}

/**
 * kubeopencode's code writes cost as a plain decimal string ("0.012300"), its docs as a number (0.0123): both are
 * read. A string must be that plain form, read with Number() so "0.012300" is exactly 0.0123; a number must be finite
 * and not negative; empty, negative, exponent or other text is unknown (undefined).
 */
export function parseCost(value: unknown): number | undefined {
  const usd = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  // Past a billion dollars is no Task's: unknown, so no sum of such figures reaches Infinity.
  return Number.isFinite(usd) && usd >= 0 && usd <= MAX_COST ? usd : undefined;
}

/** The most one Task's summary may say it cost (USD). */
const MAX_COST = 1e9;

export interface PhaseIcon {
  /** A codicon id. */
  icon: string;
  /** A theme colour id. */
  color?: string;
}

export function taskPhaseIcon(phase: TaskViewPhase, outcome?: TaskOutcome): PhaseIcon {
  if (outcome === 'Timed out') return { icon: 'watch', color: 'testing.iconFailed' };
  if (outcome === 'Stopped') return { icon: 'debug-stop' };
  switch (phase) {
    case 'Running':
      return { icon: 'loading~spin' };
    case 'Completed':
      return { icon: 'pass', color: 'testing.iconPassed' };
    case 'Failed':
      return { icon: 'error', color: 'testing.iconFailed' };
    case 'Pending':
    case 'Queued':
      return { icon: 'clock' };
    case 'Unknown':
      return { icon: 'question' };
  }
}

// Newer kubeopencode marks failure with a `Failed` condition; older ones set another condition False
// with reason TaskFailed. Message first: it is the sentence a person wrote.
function failureReason(conditions: KubeCondition[]): string | undefined {
  const c = conditions.find((x) => x.type === 'Failed' && x.status === 'True') ?? conditions.find((x) => x.status === 'False');
  return c?.message?.trim() || c?.reason?.trim() || undefined;
}

function time(text: string | undefined): number | undefined {
  const ms = text ? Date.parse(text) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
