// What the page knows of the session: the host's summary and every step row, exactly as posted, and the
// cumulative cost after each step. The charts, tables and tooltips all read it; nothing here is rounded. A time
// range chosen on the Timeline narrows the Steps chart and the Table to the steps that started in it (`shown`).
import type { StepRow, UsageSummary } from '../src/features/usage/protocol';

export interface TimeRange {
  start: number;
  end: number;
}

export class UsageState {
  summary?: UsageSummary;
  readonly rows: StepRow[] = [];
  /** Cost of steps 1..i+1, summed in step order. */
  readonly cumulative: number[] = [];
  /** The time range the Timeline selected, if any. */
  range?: TimeRange;
  /** The rows the range holds (all of them without one): `count` rows from index `first`. */
  readonly shown = { first: 0, count: 0 };

  /** Rows from `from` on are replaced by `rows` (all of them for a full report). */
  apply(summary: UsageSummary, from: number, rows: readonly StepRow[]): void {
    this.summary = summary;
    this.rows.length = from;
    for (const r of rows) this.rows.push(r);
    this.cumulative.length = from;
    let sum = from > 0 ? this.cumulative[from - 1] : 0;
    for (const r of rows) this.cumulative.push((sum += r.cost));
    this.narrow();
  }

  setRange(range: TimeRange | undefined): void {
    this.range = range;
    this.narrow();
  }

  /** Rows are in message order, which is time order: the range is one run of them, found by two binary searches. */
  private narrow(): void {
    if (!this.range) {
      this.shown.first = 0;
      this.shown.count = this.rows.length;
      return;
    }
    const first = this.firstAtOrAfter(this.range.start);
    const end = this.firstAtOrAfter(this.range.end + 1);
    this.shown.first = first;
    this.shown.count = Math.max(0, end - first);
  }

  private firstAtOrAfter(time: number): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid].time < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
