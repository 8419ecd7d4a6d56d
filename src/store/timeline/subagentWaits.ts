// A parent waiting on its sub-agents, from the tree's links: the time the parent's step that started a sub-agent
// (its task call) stood blocked on it, from the child's start to its end within that step. Marked on the parent's
// lane as a 'subagent' wait (named by the child); for the figures, the parent's step in that time is not busy of its
// own, and the time counts as waiting only while nothing else in the tree runs (timelineFigures.ts' sweep): a
// parent waiting on a running child is the tree at work, not waiting. Linear in the links (a binary search each).
import { pushTo } from '../../base/arrays';
import type { TimelineBar, TimelineLane, TimelineLink, TimelineMark } from './timelineTypes';

export interface SubagentWaits {
  /** Per parent lane id, its sub-agent waits, by start. */
  marks: Map<string, TimelineMark[]>;
  /** Per parent step, the union of its waits [start, end] (whole ms): inside the step, never overlapping. */
  spans: Array<[number, number]>;
}

export function subagentWaits(links: readonly TimelineLink[], byId: ReadonlyMap<string, TimelineLane>): SubagentWaits {
  const marks = new Map<string, TimelineMark[]>();
  const perBar = new Map<TimelineBar, Array<[number, number]>>();
  for (const link of links) {
    if (!link.messageID) continue;
    const parent = byId.get(link.from);
    const bar = parent && coveringBar(parent, link.start);
    // A fork's copy took none of the tree's time; a step without a valid start is no interval (timelineFigures.ts).
    if (!parent || !bar || bar.copied || !(bar.start > 0) || !(bar.end >= bar.start)) continue;
    const start = Math.max(link.start, bar.start);
    const end = Math.min(link.end, bar.end);
    if (!(end >= start)) continue;
    const child = byId.get(link.to);
    pushTo(marks, parent.id, {
      kind: 'subagent',
      start,
      end,
      // Still going while the step runs and the child reaches it (to when the lane was read).
      open: bar.running && link.end >= bar.end,
      ref: link.to,
      detail: child?.title || link.to,
    });
    pushTo(perBar, bar, [Math.round(start), Math.round(end)]);
  }
  for (const list of marks.values()) list.sort((a, b) => a.start - b.start);
  const spans: Array<[number, number]> = [];
  for (const list of perBar.values()) {
    list.sort((a, b) => a[0] - b[0]);
    let open: [number, number] | undefined;
    for (const [start, end] of list) {
      if (open && start <= open[1]) open[1] = Math.max(open[1], end);
      else {
        if (open) spans.push(open);
        open = [start, end];
      }
    }
    if (open) spans.push(open);
  }
  return { marks, spans };
}

/** The lane's step running at `at` (its bars are in start order: a binary search). */
export function coveringBar(lane: TimelineLane, at: number): TimelineBar | undefined {
  let lo = 0;
  let hi = lane.bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lane.bars[mid].start <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const bar = found >= 0 ? lane.bars[found] : undefined;
  return bar && bar.end >= at ? bar : undefined;
}
