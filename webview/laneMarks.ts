// The lanes' marks as written on the element for tests and tools (a canvas has no DOM): at most MARKS_PER_LANE of
// a lane and DESCRIBED_MARKS in all, each lane's rest counted ("and N more"). A tree of 2 000 lanes of 500 marks
// each would otherwise write a million marks' JSON at every draw.
import type { TimelineLane, TimelineMark } from '../src/store/timeline/timelineTypes';

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
