// Charts with more points than pixels draw buckets of consecutive steps instead of every step, kept up to
// date as steps are appended (only the last bucket is redone) so a live step costs the same at 500 steps as
// at 20 000. Every point drawn is a real step (its step number and exact values), never an average, so a
// tooltip can show that step's exact figures. Pure: no DOM, no chart.js.

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
 * that step's own values in every series. `out[s]` is series s's chart data.
 */
export class PeakBuckets {
  readonly out: XY[][];
  private size = 1;
  private n = 0;

  constructor(
    private readonly series: number,
    private readonly maxBuckets: number,
  ) {
    this.out = Array.from({ length: series }, () => []);
  }

  get bucket(): number {
    return this.size;
  }

  /** The source now has `n` points; those before `from` are unchanged. Redoes only the buckets from `from` on. */
  update(source: Source, from: number, n: number): void {
    const size = bucketSize(n, this.maxBuckets);
    const first = size === this.size ? Math.floor(Math.min(from, this.n) / size) : 0;
    this.size = size;
    this.n = n;
    // splice with a count: chart.js wraps the array's splice, and a one-argument splice confuses it.
    for (const o of this.out) o.splice(first, o.length - first);
    for (let b = first; b * size < n; b++) {
      const end = Math.min(n, (b + 1) * size);
      let peak = b * size;
      let best = -Infinity;
      for (let i = peak; i < end; i++) {
        let sum = 0;
        for (let s = 0; s < this.series; s++) sum += source.y(s, i) ?? 0;
        if (sum > best) [best, peak] = [sum, i];
      }
      const x = source.x(peak);
      for (let s = 0; s < this.series; s++) this.out[s].push({ x, y: source.y(s, peak) });
    }
  }
}

/**
 * A line: per bucket its lowest and highest point (in step order; one when they are the same step), so
 * peaks and drops (a compaction) stay visible. Null values are skipped, except a bucket of nulls gives a gap.
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

  update(source: Source, from: number, n: number): void {
    const size = bucketSize(n, this.maxBuckets);
    const first = size === this.size ? Math.floor(Math.min(from, this.n) / size) : 0;
    this.size = size;
    this.n = n;
    const cut = this.starts[first] ?? this.out.length;
    this.out.splice(cut, this.out.length - cut);
    this.starts.length = first;
    for (let b = first; b * size < n; b++) {
      this.starts.push(this.out.length);
      const end = Math.min(n, (b + 1) * size);
      let lo = -1;
      let hi = -1;
      for (let i = b * size; i < end; i++) {
        const y = source.y(this.series, i);
        if (y === null) continue;
        if (lo < 0 || y < (source.y(this.series, lo) as number)) lo = i;
        if (hi < 0 || y > (source.y(this.series, hi) as number)) hi = i;
      }
      if (lo < 0) this.out.push({ x: source.x(b * size), y: null });
      else
        for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)])
          this.out.push({ x: source.x(i), y: source.y(this.series, i) });
    }
  }
}
