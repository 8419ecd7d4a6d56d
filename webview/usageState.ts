// What the page knows of the session: the host's summary and every step row, exactly as posted, and the
// cumulative cost after each step. The charts, tables and tooltips all read it; nothing here is rounded. A time
// range chosen on the Timeline narrows the Steps chart and the Table to the steps that started in it (`shown`,
// `shownRow`). Rows are in step order, which is nearly always time order: then the range is one run of rows; a
// server's clock that went back makes it any set of them, found in one pass.
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
  /**
   * The rows the range holds (all of them without one): `count` rows from index `first`, or, when the rows are
   * not in time order, the `count` row indices in `picked`, in step order. Read them through `shownRow`.
   */
  readonly shown: { first: number; count: number; picked?: number[] } = { first: 0, count: 0 };
  /** The first row that started before the row ahead of it (or has no time), -1 while they are in time order. */
  private unsortedAt = -1;

  /** Rows from `from` on are replaced by `rows` (all of them for a full report). */
  apply(summary: UsageSummary, from: number, rows: readonly StepRow[]): void {
    this.summary = summary;
    this.rows.length = from;
    for (const r of rows) this.rows.push(r);
    this.cumulative.length = from;
    let sum = from > 0 ? this.cumulative[from - 1] : 0;
    for (const r of rows) this.cumulative.push((sum += r.cost));
    // Only the new rows are checked: the ones kept were checked when they came.
    if (this.unsortedAt >= from) this.unsortedAt = -1;
    for (let i = Math.max(1, from); this.unsortedAt < 0 && i < this.rows.length; i++)
      if (!(this.rows[i].time >= this.rows[i - 1].time)) this.unsortedAt = i;
    this.narrow();
  }

  setRange(range: TimeRange | undefined): void {
    this.range = range;
    this.narrow();
  }

  /** The `i`th row the range holds (0 ≤ i < shown.count). */
  shownRow(i: number): StepRow {
    const { first, picked } = this.shown;
    return this.rows[picked ? picked[i] : first + i];
  }

  /** In time order the range is one run of rows, found by two binary searches; out of it, one pass picks them. */
  private narrow(): void {
    const range = this.range;
    if (!range) {
      this.shown.first = 0;
      this.shown.count = this.rows.length;
      this.shown.picked = undefined;
      return;
    }
    if (this.unsortedAt >= 0) {
      const picked = (this.shown.picked ??= []);
      picked.length = 0;
      this.rows.forEach((r, i) => {
        if (r.time >= range.start && r.time <= range.end) picked.push(i);
      });
      this.shown.first = picked[0] ?? 0;
      this.shown.count = picked.length;
      return;
    }
    const first = this.firstPast(range.start, false);
    const end = this.firstPast(range.end, true);
    this.shown.first = first;
    this.shown.count = Math.max(0, end - first);
    this.shown.picked = undefined;
  }

  /** The first row that started at `time` or later (later only, with `strictly`), the rows being in time order. */
  private firstPast(time: number, strictly: boolean): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = this.rows[mid].time;
      if (t < time || (strictly && t === time)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
