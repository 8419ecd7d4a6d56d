// One session's lane kept across live changes (the usage panel's host): each step's bar is kept by message id, and
// a change rebuilds the bars of the messages it touched only, so a live step on a session of 50 000 messages costs
// about what it costs on one of 500. What it gives equals laneSteps' whole build of the same record (the unit
// test holds it over random changes): the same bars in the same order, the same marks and the same cost, summed in
// bar order. A message removed takes its bar out, a compaction reads the compactions again; a change it cannot
// place (another record, its creation time) builds the lane whole; the first build may go in slices (rebuildSteps).
import { runNow, type Steps } from '../../base/slices';
import { sortSteps } from '../../base/sortSteps';
import { LAYOUT } from '../storeChange';
import type { AssistantUsage, SessionRecord } from '../sessionRecord';
import {
  barStart,
  byMarkStart,
  cutByPauses,
  byStart,
  compactionMark,
  errorMark,
  FUTURE_MS,
  MAX_STEP_ERROR_MARKS,
  laneBar,
  laneHeader,
  pushPauseMarks,
  pushSessionMarks,
  RAW,
  type LaneNames,
  type PauseSpan,
} from './timelineLanes';
import type { PauseWhy, TimelineBar, TimelineLane, TimelineMark } from './timelineTypes';

export interface LaneRead {
  now: number;
  pausedAt?: number;
  pausedBy?: PauseWhy;
  pausedBefore?: ReadonlyArray<PauseSpan>;
}

/** The lane with the bars from `from` on only (those before are as the last read gave them). */
export interface LanePatch {
  lane: TimelineLane;
  from: number;
}

/** Messages per slice of a whole build. */
const SLICE = 512;

interface Keyed {
  message: AssistantUsage;
  start: number;
}

export class LaneCache {
  private record?: SessionRecord;
  private created = NaN;
  /** Bar order: each message and where its bar starts. */
  private order: Keyed[] = [];
  /** Each bar as if its session were idle, before any clamp to the future's limit. */
  private bars: TimelineBar[] = [];
  private at = new Map<string, number>();
  /** sums[i]: the cost of bars 0…i, added in bar order as the whole build adds it; valid up to `summed`. */
  private sums: number[] = [];
  private summed = 0;
  /** Messages that ended with an error, and (when known) their bars' indices in order. */
  private errored = new Set<string>();
  private errorOrder?: number[];
  private compactions: TimelineMark[] = [];
  /** Bars whose end lay past the future's limit when last read: drawn clamped, so read again as `now` moves. */
  private future = new Set<string>();
  /** Built whole since the last read: the next read looks for bars past the future's limit among them all. */
  private scan = true;
  private lastNow = -Infinity;
  /** The first bar that may differ from what the last read gave. */
  private from = 0;
  private lastLength = 0;

  constructor(private readonly names: LaneNames = RAW) {}

  /**
   * The record's messages `changed` changed (ids as StoreChange.messages names them; `all`: anything may have):
   * their bars are made again. Cheap when none did (a status, a mark, a title).
   */
  update(record: SessionRecord, changed: ReadonlySet<string> | 'all'): void {
    if (changed === 'all' || record !== this.record || record.info.time.created !== this.created) return this.rebuild(record);
    // Messages removed or a compaction placed: the compactions are read again (a few), the removed bars taken out.
    if (changed.has(LAYOUT)) this.compactions = compactionsOf(record);
    const gone = [...changed].filter((id) => this.at.has(id) && !record.messages.has(id));
    if (gone.length) this.remove(gone);
    const moved: Keyed[] = [];
    for (const id of changed) {
      const message = record.messages.get(id);
      // A tool call before its message: the message brings it.
      if (!message) continue;
      const i = this.at.get(id);
      const start = barStart(message, this.created);
      if (i !== undefined && this.order[i].start === start) {
        this.order[i] = { message, start };
        this.setBar(i);
      } else moved.push({ message, start });
    }
    if (moved.length) this.place(moved);
    // A message gone that no change named: built whole rather than drawn wrong.
    if (this.order.length !== record.messages.size) this.rebuild(record);
  }

  /** The whole lane at `now` (a new page, a test). */
  lane(read: LaneRead): TimelineLane {
    return this.take(read, 0).lane;
  }

  /** The lane with its bars from the first that changed since the last read (a live change's post). */
  patch(read: LaneRead): LanePatch {
    return this.take(read, this.from);
  }

  private take({ now, pausedAt, pausedBy, pausedBefore }: LaneRead, from: number): LanePatch {
    const record = this.record!;
    // The clock went back: bars within the old limit of the future may lie past the new one; they are looked for
    // among all (one pass), and sent again from the first of them.
    if (now < this.lastNow) this.scan = true;
    this.lastNow = now;
    const n = this.bars.length;
    const latest = now + FUTURE_MS;
    if (this.scan) for (const bar of this.bars) if (bar.end > latest) this.future.add(bar.messageID);
    this.scan = false;
    this.sumFrom(this.summed);
    // The newest bar may run (its end is now); the one newest before may have stopped running.
    from = Math.min(from, this.from, n - 1, this.lastLength - 1);
    const last = n ? this.liveLast(now) : undefined;
    const clamped = new Map<number, TimelineBar>();
    for (const id of this.future) {
      const i = this.at.get(id)!;
      from = Math.min(from, i);
      const bar = i === n - 1 ? last! : this.bars[i];
      if (bar.end > latest) clamped.set(i, clampBar(bar, latest));
      else this.future.delete(id);
    }
    if (last && last.end > latest) {
      clamped.set(n - 1, clampBar(last, latest));
      this.future.add(last.messageID);
    }
    from = Math.max(0, from);
    // The kept bars from `from` (one copy), the newest as it is now, and those drawn at the future's limit.
    const bars = this.bars.slice(from, n);
    if (n > from) bars[n - 1 - from] = last!;
    for (const [i, bar] of clamped) bars[i - from] = bar;
    let marks = this.marks(record, last, now, pausedAt, pausedBefore, pausedBy);
    if (marks.some((m) => m.end > latest))
      marks = marks.map((m) => ({ ...m, start: Math.min(m.start, latest), end: Math.min(m.end, latest) }));
    this.from = n;
    this.lastLength = n;
    return { lane: laneHeader(record, this.names, bars, marks, n ? this.sums[n - 1] : 0), from };
  }

  private rebuild(record: SessionRecord): void {
    runNow(this.rebuildSteps(record));
  }

  /**
   * The lane built whole from `record`, yielding between slices of messages (runSliced: a session of 50 000 messages
   * is a hundred ms of work); with `now`, read ahead for a take then or later. Only on a cache nothing reads until
   * it is done (TimelineFeed.warm).
   */
  *rebuildSteps(record: SessionRecord, now?: number): Steps<void> {
    this.record = record;
    this.created = record.info.time.created;
    const order = [...record.messages.values()].map((message) => ({ message, start: barStart(message, this.created) }));
    yield;
    this.order = yield* sortSteps(order, byStart);
    this.bars = [];
    this.sums = [];
    this.at.clear();
    this.errored.clear();
    this.future.clear();
    this.errorOrder = undefined;
    this.summed = 0;
    this.scan = true;
    for (let i = 0; i < this.order.length; i++) {
      if (i % SLICE === SLICE - 1) yield;
      this.at.set(this.order[i].message.id, i);
      this.setBar(i);
    }
    this.compactions = compactionsOf(record);
    this.from = 0;
    if (now === undefined) return;
    // Read ahead for a take at `now` (or later): the sums, and the bars past the future's limit.
    for (let i = 0; i < this.bars.length; i++) {
      if (i % SLICE === SLICE - 1) yield;
      this.sums.push((i ? this.sums[i - 1] : 0) + this.bars[i].usage.cost);
      if (this.bars[i].end > now + FUTURE_MS) this.future.add(this.bars[i].messageID);
    }
    this.summed = this.bars.length;
    this.scan = false;
    this.lastNow = now;
  }

  /** Takes the bars of messages gone out, those after them moving up (bars themselves do not change). */
  private remove(ids: readonly string[]): void {
    const drop = new Set(ids);
    let first = this.order.length;
    for (const id of ids) {
      first = Math.min(first, this.at.get(id)!);
      this.at.delete(id);
      this.future.delete(id);
      this.errored.delete(id);
    }
    let kept = first;
    for (let i = first; i < this.order.length; i++) {
      if (drop.has(this.order[i].message.id)) continue;
      this.order[kept] = this.order[i];
      this.bars[kept] = this.bars[i];
      this.at.set(this.order[kept].message.id, kept);
      kept++;
    }
    this.order.length = kept;
    this.bars.length = kept;
    this.summed = Math.min(this.summed, first);
    this.errorOrder = undefined;
    this.from = Math.min(this.from, first);
  }

  /** Bar i made again from its message (its sum is the caller's). */
  private setBar(i: number): void {
    const { message, start } = this.order[i];
    const bar = laneBar(this.record!, message, start, false, 0, this.names);
    this.bars[i] = bar;
    this.summed = Math.min(this.summed, i);
    if (message.error) {
      if (!this.errored.has(message.id)) {
        // A new step's error (the usual one) joins the order at its end; anything else sorts it again when read.
        const order = this.errorOrder;
        if (order && (!order.length || order[order.length - 1] < i)) order.push(i);
        else this.errorOrder = undefined;
      }
      this.errored.add(message.id);
    } else if (this.errored.delete(message.id)) this.errorOrder = undefined;
    // Read at the next `take` against its `now` (which is no earlier than the last: else the lane is built whole).
    if (!this.scan && bar.end > this.lastNow + FUTURE_MS) this.future.add(message.id);
    else this.future.delete(message.id);
    this.from = Math.min(this.from, i);
  }

  /** Messages new to the lane or moved in it: appended when they come after it (a live step), else merged in. */
  private place(moved: Keyed[]): void {
    moved.sort(byStart);
    const n = this.order.length;
    const appended = moved.every(({ message }) => !this.at.has(message.id)) && (!n || byStart(this.order[n - 1], moved[0]) < 0);
    let first: number;
    if (appended) {
      first = n;
      this.order.push(...moved);
    } else {
      const ids = new Set(moved.map((k) => k.message.id));
      const kept = this.order.filter((k) => !ids.has(k.message.id));
      const merged: Keyed[] = [];
      let j = 0;
      for (const k of kept) {
        while (j < moved.length && byStart(moved[j], k) < 0) merged.push(moved[j++]);
        merged.push(k);
      }
      while (j < moved.length) merged.push(moved[j++]);
      first = 0;
      while (first < n && this.order[first] === merged[first]) first++;
      this.order = merged;
      this.bars.length = first;
      this.errorOrder = undefined;
    }
    for (let i = first; i < this.order.length; i++) {
      this.at.set(this.order[i].message.id, i);
      this.setBar(i);
    }
  }

  /** The sums again from bar i on. */
  private sumFrom(i: number): void {
    let sum = i > 0 ? this.sums[i - 1] : 0;
    this.sums.length = i;
    for (let j = i; j < this.bars.length; j++) this.sums.push((sum += this.bars[j].usage.cost));
    this.summed = this.bars.length;
  }

  /** The newest bar as its session's state has it now: running to `now` while the session runs and it has no end. */
  private liveLast(now: number): TimelineBar {
    const n = this.bars.length;
    const { message, start } = this.order[n - 1];
    const running = this.record!.status.type !== 'idle' && message.completed === undefined;
    return running ? laneBar(this.record!, message, start, true, now, this.names) : this.bars[n - 1];
  }

  /** As the whole build lists them (step errors in bar order, the store's, compactions, a pause), sorted by start. */
  private marks(
    record: SessionRecord,
    last: TimelineBar | undefined,
    now: number,
    pausedAt: number | undefined,
    pausedBefore: LaneRead['pausedBefore'],
    pausedBy: PauseWhy | undefined,
  ): TimelineMark[] {
    const marks: TimelineMark[] = [];
    if (this.errored.size) {
      this.errorOrder ??= [...this.errored].map((id) => this.at.get(id)!).sort((a, b) => a - b);
      const n = this.bars.length;
      const order = this.errorOrder;
      for (let k = Math.max(0, order.length - MAX_STEP_ERROR_MARKS); k < order.length; k++) {
        const i = order[k];
        marks.push(errorMark(this.order[i].message.error!, i === n - 1 ? last! : this.bars[i]));
      }
    }
    pushSessionMarks(marks, record, marks.length > 0, now);
    for (const mark of this.compactions) marks.push(mark);
    pushPauseMarks(marks, pausedAt, pausedBefore, now, pausedBy);
    marks.sort(byMarkStart);
    cutByPauses(marks);
    return marks;
  }
}

function clampBar(bar: TimelineBar, latest: number): TimelineBar {
  return { ...bar, start: Math.min(bar.start, latest), end: Math.min(bar.end, latest) };
}

/** The session's compactions as marks, as the whole build lists them. */
function compactionsOf(record: SessionRecord): TimelineMark[] {
  const marks: TimelineMark[] = [];
  for (const user of record.userMessages.values()) if (user.compaction && user.created > 0) marks.push(compactionMark(user.created));
  return marks;
}
