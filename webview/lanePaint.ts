// The lanes as painted, without a DOM (laneCanvas.ts holds the canvas, its size and its events): which lanes are in
// sight, each step's bar on whole pixels (at most one per pixel column, however many steps a lane has), the waits
// and instants, and the line from a parent's step down to its sub-agent's lane. Painted through a Pen, which a
// canvas' 2D context is, so the scale suite runs it on every bar, mark and link the host posted.
import type { Timeline } from '../src/store/timeline/timelineFigures';
import type { TimelineBar, TimelineMark, TimelineMarkKind } from '../src/store/timeline/timelineTypes';

export const LANE_H = 22;
const BAR_H = 14;

/** What painting needs of a canvas' 2D context. */
export interface Pen {
  fillStyle: unknown;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

/** The lanes [first, last] a canvas showing the lanes' pixels [offset, offset + height) has in sight. */
export function lanesInSight(count: number, offset: number, height: number): { first: number; last: number } {
  return { first: Math.max(0, Math.floor((offset - 2) / LANE_H)), last: Math.min(count - 1, Math.floor((offset + height - 2) / LANE_H)) };
}

/**
 * A lane's bars in `view`, on whole pixels: a bar within the pixels the bars before it painted is not painted, so a
 * lane paints at most one bar per pixel column (thousands of sub-pixel bars cost one fillRect each).
 */
export function paintBars(
  pen: Pen,
  bars: readonly TimelineBar[],
  view: { start: number; end: number },
  top: number,
  x: (t: number) => number,
  colorOf: (bar: TimelineBar) => string,
): void {
  let color = '';
  let painted = -Infinity;
  for (const bar of bars) {
    if (bar.end < view.start || bar.start > view.end) continue;
    const x0 = Math.floor(x(bar.start));
    // At least one pixel wide: a short step is still seen.
    const x1 = Math.max(x0 + 1, Math.round(x(bar.end)));
    // (A time the axis cannot place paints nothing, and leaves the bars after it painted.)
    if (!Number.isFinite(x0) || !Number.isFinite(x1) || x1 <= painted) continue;
    const from = Math.max(x0, painted);
    painted = x1;
    const c = colorOf(bar);
    if (c !== color) pen.fillStyle = color = c;
    pen.fillRect(from, top + (LANE_H - BAR_H) / 2, x1 - from, BAR_H);
  }
}

/** Waits as bands under the lane's bars, as long as they lasted; instants as a tick across the lane with a head. */
export function paintMarks(
  pen: Pen,
  marks: readonly TimelineMark[],
  top: number,
  x: (t: number) => number,
  colorOf: (kind: TimelineMarkKind) => string,
): void {
  for (const mark of marks) {
    pen.fillStyle = colorOf(mark.kind);
    const x0 = x(mark.start);
    if (mark.end > mark.start) pen.fillRect(x0, top + LANE_H - 7, Math.max(2, x(mark.end) - x0), 4);
    else {
      pen.fillRect(x0 - 1, top, 2, LANE_H - 4);
      pen.fillRect(x0 - 3, top, 6, 4);
    }
  }
}

/** A line from each parent's step that started a sub-agent down to the sub-agent's lane, with a dot at its end. */
export function paintLinks(pen: Pen, timeline: Timeline, x: (t: number) => number, color: string): void {
  const row = new Map<string, number>();
  timeline.lanes.forEach(({ lane }, i) => row.set(lane.id, i));
  const middle = (i: number) => i * LANE_H + 2 + LANE_H / 2;
  for (const link of timeline.links) {
    const from = row.get(link.from);
    const to = row.get(link.to);
    if (from === undefined || to === undefined || !link.messageID) continue;
    const lx = Math.round(x(link.start)) + 0.5;
    pen.beginPath();
    pen.moveTo(lx, middle(from));
    pen.lineTo(lx, middle(to));
    pen.stroke();
    pen.fillStyle = color;
    pen.fillRect(lx - 2, middle(to) - 2, 4, 4);
  }
}
