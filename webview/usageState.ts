// What the page knows of the session: the host's summary and every step row, exactly as posted, and the
// cumulative cost after each step. The charts, tables and tooltips all read it; nothing here is rounded.
import type { StepRow, UsageSummary } from '../src/features/usage/protocol';

export class UsageState {
  summary?: UsageSummary;
  readonly rows: StepRow[] = [];
  /** Cost of steps 1..i+1, summed in step order. */
  readonly cumulative: number[] = [];

  /** Rows from `from` on are replaced by `rows` (all of them for a full report). */
  apply(summary: UsageSummary, from: number, rows: readonly StepRow[]): void {
    this.summary = summary;
    this.rows.length = from;
    for (const r of rows) this.rows.push(r);
    this.cumulative.length = from;
    let sum = from > 0 ? this.cumulative[from - 1] : 0;
    for (const r of rows) this.cumulative.push((sum += r.cost));
  }
}
