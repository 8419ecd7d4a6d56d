// The one time axis of the Timeline tab: the money chart and the lanes put a time at the same x. Both canvases
// are as wide as the lanes' element, keep the label column on the left and a margin on the right, and map the
// view's window in time onto what lies between.
import type { TimeRange } from './usageState';

/** The column left of the plot: the lanes' titles, the money chart's USD ticks. */
export const LABEL_W = 180;
/** Right of the plot. */
export const RIGHT_MARGIN = 8;

/** The plot's left and right edges in CSS pixels from the canvas' left edge, for a canvas `width` wide. */
export function plotEdges(width: number): { left: number; right: number } {
  return { left: LABEL_W, right: width - RIGHT_MARGIN };
}

/** Time to x in CSS pixels over `view`, for a canvas `width` wide. */
export function timeToX(view: TimeRange, width: number): (t: number) => number {
  const k = (width - LABEL_W - RIGHT_MARGIN) / Math.max(1, view.end - view.start);
  return (t) => LABEL_W + (t - view.start) * k;
}

/** x in CSS pixels (from the canvas' left edge) to time over `view`. */
export function xToTime(view: TimeRange, width: number, x: number): number {
  const k = (width - LABEL_W - RIGHT_MARGIN) / Math.max(1, view.end - view.start);
  return view.start + (x - LABEL_W) / k;
}

const clock = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A time as the axis labels it (one formatter: toLocaleTimeString makes one per call). */
export function clockOf(ms: number): string {
  // Past ±8.64e15 ms a Date is invalid and format() throws: a made-up time from a server labels nothing.
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? clock.format(ms) : '';
}
