// What the lanes draw, as written on the element for tests and tools (a canvas has no DOM): each lane's id, depth,
// title and label, its bars while the tree has at most DESCRIBED_BARS, the links, and the marks: at most
// MARKS_PER_LANE of a lane and DESCRIBED_MARKS in all, each lane's rest counted ("and N more"). A tree of 2 000
// lanes of 500 marks each would otherwise write a million marks' JSON at every draw.
import { pastParents } from '../src/store/timeline/pastParent';
import type { Timeline } from '../src/store/timeline/timelineFigures';
import type { TimelineLane, TimelineMark } from '../src/store/timeline/timelineTypes';

/** Bars described only up to this many (a long tree's JSON would cost every draw). */
export const DESCRIBED_BARS = 2000;

export const MARKS_PER_LANE = 20;
export const DESCRIBED_MARKS = 1000;

export interface DescribedMarks {
  /** [lane id, kind, start, end], in lane order, each lane's first marks. */
  marks: Array<[string, string, number, number]>;
  /** [lane id, how many of its marks are not in `marks`], for the lanes cut short. */
  more: Array<[string, number]>;
}

/** `waits`: a lane's waits on its sub-agents (timelineFigures.ts PlacedLane), after its own marks. */
export function describeMarks(lanes: ReadonlyArray<{ lane: TimelineLane; waits?: readonly TimelineMark[] }>): DescribedMarks {
  const marks: DescribedMarks['marks'] = [];
  const more: DescribedMarks['more'] = [];
  for (const { lane, waits } of lanes) {
    const all = waits?.length ? [...lane.marks.slice(0, MARKS_PER_LANE), ...waits] : lane.marks;
    const total = lane.marks.length + (waits?.length ?? 0);
    const n = Math.min(all.length, MARKS_PER_LANE, DESCRIBED_MARKS - marks.length);
    for (let i = 0; i < n; i++) {
      const m = all[i];
      marks.push([lane.id, m.kind, m.start, m.end]);
    }
    if (total > n) more.push([lane.id, total - n]);
  }
  return { marks, more };
}

/** The element's data-* for what is drawn; `labelOf`: a lane's label as cut to its room ('' when not yet drawn). */
export function describeLanes(timeline: Timeline, labelOf: (lane: TimelineLane, depth: number) => string): Record<string, string> {
  const lanes = timeline.lanes;
  const bars = lanes.reduce((n, { lane }) => n + lane.bars.length, 0);
  const { marks, more } = describeMarks(lanes);
  return {
    lanes: JSON.stringify(lanes.map(({ lane, depth }) => [lane.id, depth, lane.title])),
    labels: JSON.stringify(lanes.slice(0, DESCRIBED_BARS).map(({ lane, depth }) => labelOf(lane, depth))),
    barCount: String(bars),
    bars:
      bars <= DESCRIBED_BARS
        ? JSON.stringify(
            lanes.map(({ lane }) =>
              lane.bars.map((b) => [b.messageID, b.end - b.start, b.usage.cost, b.running, ...(b.copied ? ['copied'] : [])]),
            ),
          )
        : '',
    marks: JSON.stringify(marks),
    marksMore: JSON.stringify(more),
    links: JSON.stringify(timeline.links.filter((l) => l.messageID).map((l) => [l.from, l.messageID, l.to])),
    // [lane id, its parent's end, how long past it, started after it]: the lanes recorded running past their parent.
    pastParent: JSON.stringify([...pastParents(lanes)].map(([id, p]) => [id, p.parentEnd, p.ms, p.startedAfter])),
  };
}

/** The titles along the tree's critical path, as JSON (the view's data-critical-path). */
export function criticalPathTitles(timeline: Timeline): string {
  return JSON.stringify(timeline.figures.criticalPath.map((s) => s.title));
}
