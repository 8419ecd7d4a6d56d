// Charts with more points than pixels draw buckets of consecutive steps instead of every step, kept up to
// date as steps are appended (only the last bucket is redone) so a live step costs the same at 500 steps as
// at 20 000. Every point drawn is a real step (its step number and exact values), never an average, so a
// tooltip can show that step's exact figures. Pure: no DOM, no chart.js. `out` is the decimator's own:
// a chart copies what changed into its data in one splice (syncTail), because chart.js watches its data
// arrays and re-parses a whole stacked dataset on every push (a point-by-point fill was quadratic).

/** A chart point: x is the step number (1-based), y the step's value. */
export interface XY {
  x: number;
  y: number | null;
}

/** Bucket size for `n` points in at most `max` buckets: a power of two, so it changes rarely as n grows. */
export function bucketSize(n: number, max: number): number {
  let size = 1;
  while (Math.ceil(n / size) > max) size *= 2;
  return size;
}

/** What a decimator reads: point i's x and, per series, its value (null: no value). */
export interface Source {
  x(i: number): number;
  y(series: number, i: number): number | null;
}

/**
 * Stacked bars: one bar per bucket, the bucket's peak (the step with the largest sum of all series), with
 * that step's own values in every series. The newest point is always the last bar: when it is not its
 * bucket's peak it gets a bar of its own after the peak of the rest of its bucket, so a live chart ends on
 * the step just made. `out[s]` is series s's chart data; `spans[j]` the first and last point bar j stands for.
 */
export class PeakBuckets {
  readonly out: XY[][];
  readonly spans: Array<[number, number]> = [];
  private size = 1;
  private n = 0;
  /**
   * The last bucket's peak over its points from `start` to before `end` (all but its newest): a live point is
   * compared with it, not the whole bucket read again (a bucket of 100 000 steps is 256 of them, every step).
   */
  private settled = { start: -1, end: -1, peak: -1, best: -Infinity };

  constructor(
    private readonly series: number,
    private readonly maxBuckets: number,
  ) {
    this.out = Array.from({ length: series }, () => []);
  }

  get bucket(): number {
    return this.size;
  }

  /**
   * The source now has `n` points; those before `from` are unchanged. Redoes only the buckets from `from` on
   * (and the one that was last, whose newest point may have had a bar of its own) and returns the first
   * index of `out` that changed.
   */
  update(source: Source, from: number, n: number): number {
    const size = bucketSize(n, this.maxBuckets);
    const first = size === this.size ? Math.floor(Math.max(0, Math.min(from, this.n - 1)) / size) : 0;
    this.size = size;
    this.n = n;
    for (const o of this.out) o.length = first;
    this.spans.length = first;
    for (let b = first; b * size < n; b++) {
      const start = b * size;
      const end = Math.min(n, start + size);
      const peak = end === n ? this.lastPeak(source, start, from, n) : this.peak(source, start, end);
      if (end === n && peak !== n - 1) {
        this.push(source, peak, start, n - 2);
        this.push(source, n - 1, n - 1, n - 1);
      } else this.push(source, peak, start, end - 1);
    }
    return first;
  }

  private peak(source: Source, start: number, end: number): number {
    return this.scan(source, start, end, start, -Infinity).peak;
  }

  /** The peak of the last bucket, from `start` to `n`, its points before `from` unchanged since the last update. */
  private lastPeak(source: Source, start: number, from: number, n: number): number {
    const kept = this.settled;
    const known = kept.start === start && kept.end > start && kept.end <= Math.min(from, n - 1);
    const settled = known ? this.scan(source, kept.end, n - 1, kept.peak, kept.best) : this.scan(source, start, n - 1, start, -Infinity);
    this.settled = { start, end: n - 1, ...settled };
    return this.scan(source, n - 1, n, settled.peak, settled.best).peak;
  }

  /** The first point of the largest sum, of `peak` (of sum `best`) and points `start` to before `end`. */
  private scan(source: Source, start: number, end: number, peak: number, best: number): { peak: number; best: number } {
    for (let i = start; i < end; i++) {
      let sum = 0;
      for (let s = 0; s < this.series; s++) sum += source.y(s, i) ?? 0;
      if (sum > best) [best, peak] = [sum, i];
    }
    return { peak, best };
  }

  private push(source: Source, i: number, lo: number, hi: number): void {
    const x = source.x(i);
    for (let s = 0; s < this.series; s++) this.out[s].push({ x, y: source.y(s, i) });
    this.spans.push([lo, hi]);
  }
}

/**
 * A line: per bucket its first, lowest, highest and last point (M4: in step order, each once), so peaks and
 * drops (a compaction) stay visible, the line between buckets is the real one, and the newest point is the
 * line's end. Null values are skipped, except a bucket of nulls gives a gap.
 */
export class MinMaxBuckets {
  readonly out: XY[] = [];
  /** Where each bucket's points start in `out`. */
  private readonly starts: number[] = [];
  private size = 1;
  private n = 0;

  constructor(
    private readonly series: number,
    private readonly maxBuckets: number,
  ) {}

  /** As PeakBuckets.update: returns the first index of `out` that changed. */
  update(source: Source, from: number, n: number): number {
    const size = bucketSize(n, this.maxBuckets);
    const first = size === this.size ? Math.floor(Math.min(from, this.n) / size) : 0;
    this.size = size;
    this.n = n;
    const cut = this.starts[first] ?? this.out.length;
    this.out.length = cut;
    this.starts.length = first;
    for (let b = first; b * size < n; b++) {
      this.starts.push(this.out.length);
      const end = Math.min(n, (b + 1) * size);
      let firstPoint = -1;
      let lo = -1;
      let hi = -1;
      let last = -1;
      for (let i = b * size; i < end; i++) {
        const y = source.y(this.series, i);
        if (y === null) continue;
        if (firstPoint < 0) firstPoint = i;
        if (lo < 0 || y < (source.y(this.series, lo) as number)) lo = i;
        if (hi < 0 || y > (source.y(this.series, hi) as number)) hi = i;
        last = i;
      }
      if (lo < 0) {
        this.out.push({ x: source.x(b * size), y: null });
        continue;
      }
      const points = [...new Set([firstPoint, lo, hi, last])].sort((a, c) => a - c);
      for (const i of points) this.out.push({ x: source.x(i), y: source.y(this.series, i) });
    }
    return cut;
  }
}

/**
 * Makes `target` (a chart's data array) equal `source` from index `from` on, in one splice: chart.js hears
 * one removal and one insertion, however many points changed. A splice always with a count (chart.js wraps
 * splice, and a one-argument splice made it insert -1 elements).
 */
export function syncTail(target: XY[], source: readonly XY[], from: number): void {
  const start = Math.min(from, target.length);
  target.splice(start, target.length - start, ...source.slice(start));
}
