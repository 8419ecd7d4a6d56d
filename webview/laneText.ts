// What the lanes say in words: a step's hover (its model and agent, how long it took, its tokens, cost, tool calls
// and why it was cut), a mark's (what it waited for, how long, which budget), and a label cut to its room. Plain text,
// shown as text; no DOM here (unit tests read it).
import { formatCost, formatCount, formatExactCost } from '../src/present/format';
import { visibleText } from '../src/present/plainText';
import { timelineDuration } from '../src/present/timelineWords';
import type { ReleaseReason } from '../src/store/pauseRelease';
import { pastParentLine, type PastParent } from '../src/store/timeline/pastParent';
import type { PauseWhy, TimelineBar, TimelineLane, TimelineMark, TimelineMarkKind } from '../src/store/timeline/timelineTypes';

export function barLines(lane: TimelineLane, bar: TimelineBar): string[] {
  const u = bar.copied ?? bar.usage;
  const tools = countTools(bar.tools);
  return [
    `${lane.title}: ${bar.model || 'step'}${bar.agent ? ` (${bar.agent})` : ''}`,
    ...(bar.copied ? ['Copied when this session was forked: spent by the session it was forked from, not here'] : []),
    `${timelineDuration(bar.end - bar.start)}${bar.running ? ', running' : ''}`,
    `Tokens: ${formatCount(u.input)} in, ${formatCount(u.output)} out, ${formatCount(u.reasoning)} reasoning, ${formatCount(u.cacheRead)} cache read, ${formatCount(u.cacheWrite)} cache write`,
    bar.copied ? `Cost recorded by the original: ${formatExactCost(u.cost)} (0 here)` : `Cost: ${formatExactCost(u.cost)}`,
    `Tool calls: ${tools || 'none'}`,
    ...cutLines(lane, bar),
  ];
}

/** Why a step ended early, where the lane knows: the budget pause that stopped it, or its error. */
function cutLines(lane: TimelineLane, bar: TimelineBar): string[] {
  const mark = lane.marks.find((m) => (m.kind === 'abort' || m.kind === 'error') && m.start === bar.end);
  if (!mark) return [];
  if (mark.kind === 'error') return [`Ended with an error: ${visibleText(mark.ref ?? 'unknown')}`];
  return [
    mark.budget
      ? `Cut: stopped by the extension, paused by ${budgetWords(mark.budget)}`
      : 'Cut: stopped by a client (not by a budget pause)',
  ];
}

export function markLines(lane: TimelineLane, mark: TimelineMark): string[] {
  // A sub-agent's title is the server's words: shown as they are, nothing hidden.
  const what = mark.kind === 'subagent' ? `waited on sub-agent “${visibleText(mark.detail ?? mark.ref ?? '')}”` : MARK_NAMES[mark.kind];
  const lasted = mark.end > mark.start ? ` for ${timelineDuration(mark.end - mark.start)}${mark.open ? ', still' : ''}` : '';
  const why: string[] = [];
  // The server's words (a command, a question's title): in their real order, nothing hidden.
  if (mark.detail && mark.kind !== 'subagent') why.push(visibleText(mark.detail));
  if (mark.kind === 'pause' && mark.budget) {
    why.push(`By ${budgetWords(mark.budget)}`);
    // Only the book's own reasons are named (the list comes from other windows' storage).
    if (mark.budget.ended && Object.hasOwn(ENDED, mark.budget.ended)) why.push(`Ended: ${ENDED[mark.budget.ended as ReleaseReason]}`);
  } else if (mark.kind === 'abort' && mark.budget) why.push(`Stopped by the extension: paused by ${budgetWords(mark.budget)}`);
  else if (mark.ref && mark.kind !== 'permission' && mark.kind !== 'form' && mark.kind !== 'subagent') why.push(visibleText(mark.ref));
  return [`${lane.title}: ${what}${lasted}`, ...why];
}

function budgetWords(budget: PauseWhy): string {
  return `the ${budget.name} budget (${formatCost(budget.limit)})`;
}

/** What ended a budget pause, in words: every ReleaseReason (a new one is a compile error until it has words). */
const ENDED: Record<ReleaseReason, string> = {
  resumed: 'resumed from VS Code',
  prompted: 'prompted again once the budget no longer held',
  gone: 'the session is gone',
  released: 'the budget was let go',
  notStopped: 'the server did not stop it',
  dropped: 'let go (too many pauses)',
  lifted: 'lifted from VS Code (its run had ended: nothing to resume)',
};

function countTools(tools: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const t of tools) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ');
}

export const MARK_NAMES: Record<TimelineMarkKind, string> = {
  permission: 'waited for a permission',
  form: 'waited for an answer',
  retry: 'retried',
  error: 'error',
  abort: 'stopped',
  compaction: 'compacted',
  pause: 'paused by a budget',
  subagent: 'waited on a sub-agent',
};

/** Kinds drawn as a band under the bars: a hover over a step in one says both. */
const WAIT_BANDS: ReadonlySet<TimelineMarkKind> = new Set(['permission', 'form', 'retry', 'pause', 'subagent']);

/**
 * What the hover says at a point of a lane: the step there and the wait it stood in (a permission is asked inside the
 * step whose tool asked it: the step's words alone hid it), else the mark there; undefined when nothing is.
 */
export function hoverLines(lane: TimelineLane, bar: TimelineBar | undefined, mark: TimelineMark | undefined): string[] | undefined {
  if (!bar) return mark && markLines(lane, mark);
  if (!mark || !WAIT_BANDS.has(mark.kind)) return barLines(lane, bar);
  return [...markLines(lane, mark), ...barLines(lane, bar)];
}

/**
 * What the hover says at time `t` of a lane as placed (`slack`: how near counts, so a thin bar or tick can be
 * hovered): the lane's own mark there before a wait on a sub-agent around it (a permission asked meanwhile says more).
 */
export function hoverAt(
  placed: { lane: TimelineLane; waits?: readonly TimelineMark[] },
  t: number,
  slack: number,
  past?: PastParent,
): string[] | undefined {
  const near = (m: TimelineMark) => t >= m.start - slack && t <= m.end + slack;
  const mark = placed.lane.marks.find(near) ?? placed.waits?.find(near);
  const lines = hoverLines(placed.lane, barAt(placed.lane.bars, t, slack), mark);
  // Past its parent's end: the hover says why the lane goes on there (pastParent.ts).
  return lines && past && t > past.parentEnd ? [...lines, pastParentLine(past, timelineDuration)] : lines;
}

/** What the hover over a lane's label says: its whole title (a long one is cut there), and a run past its parent's end. */
export function labelLines(lane: TimelineLane, past?: PastParent): string[] {
  return [lane.title || lane.id, ...(past ? [pastParentLine(past, timelineDuration)] : [])];
}

/** The bar under time `t` (bars are in start order). */
function barAt(bars: readonly TimelineBar[], t: number, slack: number): TimelineBar | undefined {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].start <= t + slack) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = found; i >= 0 && i >= found - 2; i--) if (bars[i].end >= t - slack) return bars[i];
  return undefined;
}

/** A label cut to `fits` (how many of its characters fit), with an ellipsis where cut. */
export function cutLabel(text: string, fits: (s: string) => boolean): string {
  if (fits(text)) return text;
  // Binary search on the length: a title of 10 000 characters is measured about 14 times.
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fits(`${text.slice(0, mid).trimEnd()}…`)) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo).trimEnd()}…`;
}
