// The steps chart's data without chart.js (stepsChart.ts draws them): the steps' tokens in PeakBuckets, stacked by
// kind over the kinds shown (a kind hidden from the legend leaves no gap), and which kinds any step has (the legend
// names only those). A live step redoes the last bucket: each kind's array is changed in place by one splice.
import type { StepRow } from '../src/features/usage/protocol';
import { PeakBuckets, type Source } from './decimate';

export const TOKEN_KINDS = [
  ['input', 'Input'],
  ['output', 'Output'],
  ['reasoning', 'Reasoning'],
  ['cacheRead', 'Cache read'],
  ['cacheWrite', 'Cache write'],
] as const;

/** One bar of one kind: `x` the step it shows (a real step), `y` its top and `base` its bottom (stacked,
 * in tokens), `v` its own value, and `lo`..`hi` the steps of its bucket. */
export interface StackedBar {
  x: number;
  y: number;
  base: number;
  v: number;
  lo: number;
  hi: number;
}

export class StepStacks {
  /** The chart's data, one array per kind (the chart keeps these arrays). */
  readonly data: StackedBar[][] = TOKEN_KINDS.map(() => []);
  /** Whether any step has tokens of each kind. */
  readonly present: boolean[] = TOKEN_KINDS.map(() => false);
  private readonly bars: PeakBuckets;
  private readonly source: Source;

  /** `rows`: the page's rows (UsageState keeps the one array); `buckets`: the most bars drawn. */
  constructor(
    private readonly rows: readonly StepRow[],
    buckets: number,
  ) {
    this.bars = new PeakBuckets(TOKEN_KINDS.length, buckets);
    this.source = { x: (i) => rows[i].n, y: (s, i) => rows[i][TOKEN_KINDS[s][0]] };
  }

  /** Rows from `from` on changed: redoes their buckets, stacked over the kinds `shown`. */
  update(from: number, shown: readonly boolean[]): void {
    const rows = this.rows;
    if (from === 0) this.present.fill(false);
    for (let i = from; i < rows.length; i++) TOKEN_KINDS.forEach(([key], s) => (this.present[s] ||= rows[i][key] > 0));
    this.stack(this.bars.update(this.source, from, rows.length), shown);
  }

  /**
   * Makes the bars from bucket `from` on equal the decimator's, stacked over the kinds `shown`: one splice per
   * kind, so chart.js hears of one change, however many bars it is.
   */
  stack(from: number, shown: readonly boolean[]): void {
    const { out, spans } = this.bars;
    const rows = this.rows;
    const fresh: StackedBar[][] = TOKEN_KINDS.map(() => []);
    for (let b = from; b < out[0].length; b++) {
      const lo = rows[spans[b][0]].n;
      const hi = rows[spans[b][1]].n;
      let base = 0;
      for (let s = 0; s < out.length; s++) {
        const v = out[s][b].y ?? 0;
        const top = shown[s] ? base + v : base;
        fresh[s].push({ x: out[s][b].x, y: top, base, v, lo, hi });
        base = top;
      }
    }
    // splice with a count: chart.js wraps the array's splice, and a one-argument splice confuses it.
    this.data.forEach((d, s) => d.splice(from, d.length - from, ...fresh[s]));
  }
}
