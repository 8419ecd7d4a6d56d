// A session's step rows kept across live changes, for the usage panel: a step of a new message is appended and
// a message whose figures changed has its rows replaced in place, from the messages the store says changed, so
// a long session is neither rebuilt nor compared row by row on every event. Anything else — a removed
// message, a compaction placed, a message out of order, other context limits or list prices — rebuilds it.
import type { ListPricer } from '../store/price/listPricer';
import { messageSteps, recordStepsIn } from '../store/recordSteps';
import { runNow, type Steps } from '../base/slices';
import type { AssistantUsage, SessionRecord } from '../store/sessionRecord';
import { LAYOUT } from '../store/storeChange';
import { MODELS_NAMED, type ModelShares, type StepRow } from './usageRows';
import { ModelSums, sharesOf } from './usageModelShares';

import { stepRow, type ContextLimit } from './usageSteps';

/** Rows built (or summed) between two yields of StepList.build (and shares). */
const ROWS_SLICE = 1024;

interface Span {
  start: number;
  count: number;
}

export class StepList {
  rows: StepRow[] = [];
  /** Step numbers after which a compaction happened. */
  compactions: number[] = [];
  /** Each message's rows. */
  private spans = new Map<string, Span>();
  /** The last message's place in the session's order. */
  private last?: AssistantUsage;
  /** Each model's sums over the rows before `upTo` (shares). */
  private kept?: { upTo: number; models: ModelSums };

  /**
   * Every row again, from the record. Returns the index of the first row that may differ from before (0).
   */
  rebuild(record: SessionRecord, contextLimit: ContextLimit, pricer?: ListPricer): number {
    return runNow(this.build(record, contextLimit, pricer));
  }

  /** The same in steps (runSliced): the rows change only at the end, in one go. */
  *build(record: SessionRecord, contextLimit: ContextLimit, pricer?: ListPricer): Steps<number> {
    const { steps, compactions } = yield* recordStepsIn(record);
    const rows: StepRow[] = [];
    const spans = new Map<string, Span>();
    let last: AssistantUsage | undefined;
    for (const [i, step] of steps.entries()) {
      rows.push(stepRow(step, i + 1, contextLimit, pricer, record.info.time.created));
      const span = spans.get(step.message.id);
      if (span) span.count += 1;
      else spans.set(step.message.id, { start: i, count: 1 });
      last = step.message;
      if (i % ROWS_SLICE === ROWS_SLICE - 1) yield;
    }
    // Messages without a finished step yet: their first rows come at the end.
    for (const message of record.messages.values()) if (!spans.has(message.id) && after(message, last)) last = message;
    this.rows = rows;
    this.compactions = compactions;
    this.spans = spans;
    this.last = last;
    this.kept = undefined;
    return 0;
  }

  /**
   * Each model's share of the rows, as a pass over them in order gives it: the `most` costliest named, the rest as
   * one (sharesOf). The sums of the rows before the last message's are kept (kept), so a live frame adds its own
   * rows, not every row again; a change before them counts again from the first row.
   */
  *shares(most = MODELS_NAMED): Steps<ModelShares> {
    const end = (this.last && this.spans.get(this.last.id)?.start) ?? this.rows.length;
    if (!this.kept || this.kept.upTo > end) this.kept = { upTo: 0, models: new ModelSums() };
    const kept = this.kept;
    while (kept.upTo < end) {
      kept.models.add(this.rows[kept.upTo++]);
      if (kept.upTo % ROWS_SLICE === 0) yield;
    }
    return yield* sharesOf(kept.models, this.rows.slice(end), most);
  }

  /**
   * The messages `changed` of the record changed: their rows are replaced or appended. Returns the index of the
   * first row that changed (`rows.length` when none did); rebuilds (and returns 0) when that is not enough.
   */
  update(record: SessionRecord, changed: ReadonlySet<string>, contextLimit: ContextLimit, pricer?: ListPricer): number {
    return runNow(this.updating(record, changed, contextLimit, pricer));
  }

  /** The same in steps (runSliced): a rebuild (a compaction placed, a message out of order) is built in slices. */
  *updating(record: SessionRecord, changed: ReadonlySet<string>, contextLimit: ContextLimit, pricer?: ListPricer): Steps<number> {
    if (changed.has(LAYOUT)) return yield* this.build(record, contextLimit, pricer);
    const messages: AssistantUsage[] = [];
    for (const id of changed) {
      const message = record.messages.get(id);
      // A step part that came before its message: the message brings it.
      if (message) messages.push(message);
    }
    messages.sort(order);
    let from = this.rows.length;
    for (const message of messages) {
      const rows = messageSteps(record, message);
      const span = this.spans.get(message.id);
      if (span && rows.length === span.count) {
        for (const [i, step] of rows.entries())
          this.rows[span.start + i] = stepRow(step, span.start + i + 1, contextLimit, pricer, record.info.time.created);
        if (rows.length) from = Math.min(from, span.start);
        continue;
      }
      const atEnd = span ? span.start + span.count === this.rows.length : !this.last || after(message, this.last);
      if (!atEnd) return yield* this.build(record, contextLimit, pricer);
      const start = span ? span.start : this.rows.length;
      this.rows.length = start;
      for (const step of rows) this.rows.push(stepRow(step, this.rows.length + 1, contextLimit, pricer, record.info.time.created));
      this.spans.set(message.id, { start, count: rows.length });
      this.last = message;
      from = Math.min(from, start);
    }
    if (this.kept && from < this.kept.upTo) this.kept = undefined;
    return from;
  }
}

/** The session's order of messages: by creation, then id (ids sort by creation on the server). */
function order(a: AssistantUsage, b: AssistantUsage): number {
  return a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** At or after the last message (a message whose first step arrives is at the end when it was the last). */
function after(message: AssistantUsage, last: AssistantUsage | undefined): boolean {
  return !last || order(message, last) >= 0;
}
