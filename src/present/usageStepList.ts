// A session's step rows kept across live changes, for the usage panel: a step of a new message is appended and
// a message whose figures changed has its rows replaced in place, from the messages the store says changed, so
// a long session is neither rebuilt nor compared row by row on every event. Anything else — a removed
// message, a compaction placed, a message out of order, other context limits or list prices — rebuilds it.
import type { ListPricer } from '../store/price/listPricer';
import { messageSteps, recordSteps } from '../store/recordSteps';
import type { AssistantUsage, SessionRecord } from '../store/sessionRecord';
import { LAYOUT } from '../store/storeChange';
import type { StepRow } from './usageRows';
import { stepRow, type ContextLimit } from './usageSteps';

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

  /**
   * Every row again, from the record. Returns the index of the first row that may differ from before (0).
   */
  rebuild(record: SessionRecord, contextLimit: ContextLimit, pricer?: ListPricer): number {
    const { steps, compactions } = recordSteps(record);
    this.rows = steps.map((step, i) => stepRow(step, i + 1, contextLimit, pricer, record.info.time.created));
    this.compactions = compactions;
    this.spans = new Map();
    this.last = undefined;
    for (const [i, { message }] of steps.entries()) {
      const span = this.spans.get(message.id);
      if (span) span.count += 1;
      else this.spans.set(message.id, { start: i, count: 1 });
      this.last = message;
    }
    // Messages without a finished step yet: their first rows come at the end.
    for (const message of record.messages.values()) if (!this.spans.has(message.id) && after(message, this.last)) this.last = message;
    return 0;
  }

  /**
   * The messages `changed` of the record changed: their rows are replaced or appended. Returns the index of the
   * first row that changed (`rows.length` when none did); rebuilds (and returns 0) when that is not enough.
   */
  update(record: SessionRecord, changed: ReadonlySet<string>, contextLimit: ContextLimit, pricer?: ListPricer): number {
    if (changed.has(LAYOUT)) return this.rebuild(record, contextLimit, pricer);
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
      if (!atEnd) return this.rebuild(record, contextLimit, pricer);
      const start = span ? span.start : this.rows.length;
      this.rows.length = start;
      for (const step of rows) this.rows.push(stepRow(step, this.rows.length + 1, contextLimit, pricer, record.info.time.created));
      this.spans.set(message.id, { start, count: rows.length });
      this.last = message;
      from = Math.min(from, start);
    }
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
