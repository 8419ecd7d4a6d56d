// The tree's money over time for the stacked chart: each session's cumulative cost (a step's cost counts from
// its end) at `points` evenly spaced times, the costliest `series - 1` sessions each on their own and the rest
// summed as one. About linear: each bar once per lane object (a sort where they do not end in order; kept while the
// lane is), then a binary search per point and lane.
import { lineageOf } from './laneLineage';
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

/**
 * Σ cost of the bars that ended by each time, lane by lane: a lane of more steps than points by a binary search per
 * point in its kept sums, one of fewer by each step's cost added at the first point it counts for (a tree of 2 000
 * one-step lanes is 2 000 searches, not 2 000 × the points).
 */
function cumulative(lanes: ReadonlyArray<PlacedLane['lane']>, times: readonly number[]): number[] {
  const values = new Array<number>(times.length).fill(0);
  const added = new Array<number>(times.length).fill(0);
  for (const lane of lanes) {
    const { ends, costs, sums } = spentOf(lane);
    if (ends.length <= times.length)
      for (let k = 0; k < ends.length; k++) {
        const i = firstAtOrAfter(times, ends[k]);
        if (i < times.length) added[i] += costs[k];
      }
    else for (let i = 0; i < times.length; i++) values[i] += sums[endedBy(ends, times[i])];
  }
  let run = 0;
  for (let i = 0; i < times.length; i++) values[i] += run += added[i];
  return values;
}

/** The first of `times` (ascending) at or after `t`: when a step that ended at `t` counts. */
function firstAtOrAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A lane's spent steps by when they ended (then by cost), and the cost summed up to each (sums[k]: of the first k). */
interface Spent {
  ends: Float64Array;
  costs: Float64Array;
  sums: Float64Array;
}

/** Kept while the lane is (a live step posts a new lane object for the lane it changed): a draw reads no bar again. */
const spentByLane = new WeakMap<PlacedLane['lane'], Spent>();

type Bars = PlacedLane['lane']['bars'];

function spentOf(lane: PlacedLane['lane']): Spent {
  const known = spentByLane.get(lane);
  if (known) return known;
  const made = followedSpent(lane) ?? withSums(spentPairs(lane.bars, 0));
  spentByLane.set(lane, made);
  return made;
}

/** A lane posted as another's bars from `from` on: the other's spend, less its changed bars', plus these (one pass). */
function followedSpent(lane: PlacedLane['lane']): Spent | undefined {
  const lineage = lineageOf(lane);
  const old = lineage && spentByLane.get(lineage.old);
  if (!old) return undefined;
  const out = spentPairs(lineage.old.bars, lineage.from);
  const into = spentPairs(lane.bars, lineage.from);
  const n = old.ends.length - out.ends.length + into.ends.length;
  const ends = new Float64Array(n);
  const costs = new Float64Array(n);
  let i = 0;
  let o = 0;
  let k = 0;
  for (let a = 0; i < old.ends.length || a < into.ends.length;) {
    if (i < old.ends.length && o < out.ends.length && old.ends[i] === out.ends[o] && old.costs[i] === out.costs[o]) {
      i++;
      o++;
    } else if (a < into.ends.length && (i >= old.ends.length || before(into.ends[a], into.costs[a], old.ends[i], old.costs[i]))) {
      ends[k] = into.ends[a];
      costs[k++] = into.costs[a++];
    } else {
      ends[k] = old.ends[i];
      costs[k++] = old.costs[i++];
    }
  }
  // (A write past a typed array's end is dropped: a count that does not add up is caught here.)
  return o === out.ends.length && k === n ? withSums({ ends, costs }) : undefined;
}

/** The spent (costed, finished) bars from `from` on, by end then cost. */
function spentPairs(bars: Bars, from: number): { ends: Float64Array; costs: Float64Array } {
  const spent: Bars = [];
  for (let i = from; i < bars.length; i++) if (bars[i].usage.cost !== 0 && !bars[i].running) spent.push(bars[i]);
  if (!isSorted(spent))
    spent.sort((a, b) =>
      before(a.end, a.usage.cost, b.end, b.usage.cost) ? -1 : before(b.end, b.usage.cost, a.end, a.usage.cost) ? 1 : 0,
    );
  return { ends: Float64Array.from(spent, (b) => b.end), costs: Float64Array.from(spent, (b) => b.usage.cost) };
}

function withSums({ ends, costs }: { ends: Float64Array; costs: Float64Array }): Spent {
  const sums = new Float64Array(ends.length + 1);
  for (let k = 0; k < ends.length; k++) sums[k + 1] = sums[k] + costs[k];
  return { ends, costs, sums };
}

/** The order of spent steps: by end, then by cost. */
function before(endA: number, costA: number, endB: number, costB: number): boolean {
  return endA < endB || (endA === endB && costA < costB);
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

function isSorted(bars: Bars): boolean {
  for (let i = 1; i < bars.length; i++) if (before(bars[i].end, bars[i].usage.cost, bars[i - 1].end, bars[i - 1].usage.cost)) return false;
  return true;
}
