// The tree's money over time for the stacked chart: each session's cumulative cost (a step's cost counts from
// its end) at `points` evenly spaced times, the costliest `series - 1` sessions each on their own and the rest
// summed as one. About linear: each bar once (a sort where they do not end in order) plus the points per series.
import type { PlacedLane } from './timelineFigures';

export interface CostSeries {
  /** The session's id; undefined for the rest summed. */
  id?: string;
  title: string;
  /** Cumulative USD at each of `times`. */
  values: number[];
}

export interface CostOverTime {
  times: number[];
  series: CostSeries[];
}

export function costOverTime(
  lanes: readonly PlacedLane[],
  range: { start: number; end: number },
  points: number,
  series = 12,
): CostOverTime {
  const n = Math.max(2, Math.floor(points));
  const span = Math.max(1, range.end - range.start);
  const times = Array.from({ length: n }, (_, i) => range.start + (span * i) / (n - 1));
  const spending = lanes.filter(({ lane }) => lane.cost > 0).sort((a, b) => b.lane.cost - a.lane.cost);
  const own = spending.slice(0, spending.length > series ? series - 1 : series);
  const rest = spending.slice(own.length);
  const out: CostSeries[] = own.map(({ lane }) => ({ id: lane.id, title: lane.title, values: cumulative([lane], times) }));
  if (rest.length)
    out.push({
      title: `${rest.length} other sessions`,
      values: cumulative(
        rest.map((p) => p.lane),
        times,
      ),
    });
  return { times, series: out };
}

/** Σ cost of the bars that ended by each time: the lanes' bars together, in one pass over the times. */
function cumulative(lanes: ReadonlyArray<PlacedLane['lane']>, times: readonly number[]): number[] {
  const values = new Array<number>(times.length).fill(0);
  const ends: Array<{ end: number; usage: { cost: number } }> = [];
  for (const lane of lanes) for (const b of lane.bars) if (b.usage.cost !== 0 && !b.running) ends.push(b);
  if (!isSortedByEnd(ends)) ends.sort((a, b) => a.end - b.end);
  let sum = 0;
  let k = 0;
  for (let i = 0; i < times.length; i++) {
    while (k < ends.length && ends[k].end <= times[i]) sum += ends[k++].usage.cost;
    values[i] = sum;
  }
  return values;
}

function isSortedByEnd(bars: ReadonlyArray<{ end: number }>): boolean {
  for (let i = 1; i < bars.length; i++) if (bars[i].end < bars[i - 1].end) return false;
  return true;
}
