// The tree's money over time for the stacked chart: each session's cumulative cost (a step's cost counts from
// its end) at `points` evenly spaced times, the costliest `series - 1` sessions each on their own and the rest
// summed as one. About linear: each bar once per lane object (a sort where they do not end in order; kept while the
// lane is), then a binary search per point and lane.
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

/** Σ cost of the bars that ended by each time, lane by lane (a few hundred binary searches per lane). */
function cumulative(lanes: ReadonlyArray<PlacedLane['lane']>, times: readonly number[]): number[] {
  const values = new Array<number>(times.length).fill(0);
  for (const lane of lanes) {
    const { ends, sums } = spentOf(lane);
    if (!ends.length) continue;
    for (let i = 0; i < times.length; i++) values[i] += sums[endedBy(ends, times[i])];
  }
  return values;
}

/** A lane's spent steps by when they ended, and the cost summed up to each (sums[k]: of the first k). */
interface Spent {
  ends: Float64Array;
  sums: Float64Array;
}

/** Kept while the lane is (a live step posts a new lane object for the lane it changed): a draw reads no bar again. */
const spentByLane = new WeakMap<PlacedLane['lane'], Spent>();

function spentOf(lane: PlacedLane['lane']): Spent {
  const known = spentByLane.get(lane);
  if (known) return known;
  const spent = lane.bars.filter((b) => b.usage.cost !== 0 && !b.running);
  if (!isSortedByEnd(spent)) spent.sort((a, b) => a.end - b.end);
  const ends = new Float64Array(spent.length);
  const sums = new Float64Array(spent.length + 1);
  spent.forEach((b, k) => {
    ends[k] = b.end;
    sums[k + 1] = sums[k] + b.usage.cost;
  });
  const made = { ends, sums };
  spentByLane.set(lane, made);
  return made;
}

/** How many of `ends` (ascending) are ≤ t. */
function endedBy(ends: Float64Array, t: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isSortedByEnd(bars: ReadonlyArray<{ end: number }>): boolean {
  for (let i = 1; i < bars.length; i++) if (bars[i].end < bars[i - 1].end) return false;
  return true;
}
