// What the lanes say in words and colours: a step's hover (its model and agent, how long it took, its tokens, cost
// and tool calls), a mark's, and each kind of mark's theme colour. Plain text, shown as text.
import { formatCount, formatExactCost } from '../src/present/format';
import { timelineDuration } from '../src/present/timelineWords';
import type { TimelineBar, TimelineLane, TimelineMark, TimelineMarkKind } from '../src/store/timeline/timelineTypes';
import type { Palette } from './theme';

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
  ];
}

export function markLines(lane: TimelineLane, mark: TimelineMark): string[] {
  const what = MARK_NAMES[mark.kind];
  const lasted = mark.end > mark.start ? ` for ${timelineDuration(mark.end - mark.start)}${mark.open ? ', still' : ''}` : '';
  return [`${lane.title}: ${what}${lasted}`, ...(mark.ref && mark.kind !== 'permission' && mark.kind !== 'form' ? [mark.ref] : [])];
}

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
};

export function markColor(kind: TimelineMarkKind, p: Palette): string {
  switch (kind) {
    case 'permission':
    case 'form':
      return p.threshold;
    case 'retry':
      return p.output;
    case 'error':
    case 'abort':
    case 'pause':
      return p.limit;
    case 'compaction':
      return p.marker;
  }
}
