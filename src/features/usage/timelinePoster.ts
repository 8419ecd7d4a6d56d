// How the feed's takes reach the page without holding the host: lanes the feed has not built are built in slices
// first (TimelineFeed.warm), and a take of many bars goes as several posts of about MAX_POST_BYTES each, one per
// turn of the event loop (postMessage serializes each message whole on the host's thread: 50 000 bars are 10 MB,
// about 40 ms). What changes meanwhile is taken once they are all out, so the page always has the bars a later
// post's `barsFrom` counts on. No `vscode` import: the panel gives it `send`.
import { Disposable, toDisposable } from '../../base/disposable';
import type { TimelineBar, TimelineLane } from '../../store/timeline/timelineTypes';
import type { TimelineDelta, TimelineFeed } from './timelineFeed';

/** About this much JSON per post (a few ms to serialize). */
export const MAX_POST_BYTES = 1_000_000;

/** Rounds of slices before a take at most (each builds what the last left cold). */
const WARM_ROUNDS = 4;

/** About what a lane's own fields weigh as JSON, sent again with each piece of it: its title and marks. */
export function laneBytes(lane: { title: string; marks: ReadonlyArray<{ ref?: string }> }): number {
  let bytes = 200 + lane.title.length;
  for (const mark of lane.marks) bytes += 80 + (mark.ref?.length ?? 0);
  return bytes;
}

/** About what a bar weighs as JSON: its fields, its names and its tools' (a tool name is at most 120 characters). */
export function barBytes(bar: TimelineBar): number {
  let bytes = 200 + bar.messageID.length + bar.model.length + (bar.agent?.length ?? 0);
  for (const tool of bar.tools) bytes += tool.length + 3;
  return bytes;
}

/** What a piece of a lane weighs: its own fields (sent with each piece), and each bar. */
export interface Weights {
  lane(lane: TimelineLane): number;
  bar(bar: TimelineBar): number;
}

const JSON_BYTES: Weights = { lane: laneBytes, bar: barBytes };

/**
 * One take as posts of about `budget` each by `weigh` (a long lane in pieces, each after the bars before it; a
 * piece has at least one bar), in order, each made when asked for (a take of 300 000 bars is weighed a post at a time).
 */
export function* takePieces(
  delta: TimelineDelta,
  budget = MAX_POST_BYTES,
  weigh: Weights = JSON_BYTES,
): Generator<TimelineDelta, void, void> {
  let post: TimelineDelta = { full: delta.full, lanes: [], removed: delta.removed };
  let room = budget;
  for (const lane of delta.lanes) {
    let at = 0;
    do {
      if (room <= 0) {
        yield post;
        post = { full: false, lanes: [], removed: [] };
        room = budget;
      }
      let end = at;
      room -= weigh.lane(lane);
      while (end < lane.bars.length && (end === at || room > 0)) room -= weigh.bar(lane.bars[end++]);
      const bars = lane.bars.slice(at, end);
      // The first piece is the lane as taken (whole, or from its `barsFrom`); the next ones follow its bars.
      post.lanes.push(at === 0 ? { ...lane, bars } : { ...lane, bars, barsFrom: (lane.barsFrom ?? 0) + at });
      at = end;
    } while (at < lane.bars.length);
  }
  yield post;
}

export class TimelinePoster extends Disposable {
  /** The posts of the last take still to go, made one at a time. */
  private pieces: Iterator<TimelineDelta, void> = [].values();
  /** Building lanes in slices or posting a take's pieces: a post asked meanwhile waits for it. */
  private busy = false;
  /** A post was asked while busy (`all`: of every lane). */
  private asked?: { all: boolean };
  /** A take or post failed: the next take is of every lane. */
  private behind = false;

  constructor(
    private readonly feed: TimelineFeed,
    private readonly send: (delta: TimelineDelta) => void,
    /** A take or a post that failed (the next one is tried as ever). */
    private readonly warn: (message: string) => void,
    /** The next turn of the event loop (a test steps them). */
    private readonly later: (run: () => void) => void = (run) => setImmediate(run),
    private readonly clock: () => number = Date.now,
  ) {
    super();
    this._register(toDisposable(() => this.clear()));
  }

  /** What changed since the last post (`all`: every lane), now or once the slices or posts under way are done. */
  post(all: boolean): void {
    if (this.disposed) return;
    if (this.busy) {
      this.asked = { all: all || (this.asked?.all ?? false) };
      return;
    }
    // After a take or post that failed, the page may lack bars the feed counts as sent: every lane goes again.
    all ||= this.behind;
    if (this.feed.cold(all)) {
      this.busy = true;
      void this.warmThenTake(all);
      return;
    }
    this.take(all);
  }

  /** A new page: the pieces still to go were for the one before (it asks for every lane again). */
  clear(): void {
    this.pieces = [].values();
  }

  /**
   * Builds in slices until the take has nothing to build in one go (a history read in during the slices makes more),
   * a few rounds at most; a build that failed is left to the take, which builds whole what is still missing.
   */
  private async warmThenTake(all: boolean): Promise<void> {
    try {
      for (let round = 0; round < WARM_ROUNDS && !this.disposed && this.feed.cold(all); round++) await this.feed.warm(this.clock());
    } catch {
      // (the take builds it, or fails and says so)
    }
    this.take(all);
  }

  private take(all: boolean): void {
    if (this.disposed) return;
    try {
      const delta = this.feed.take(all, this.clock());
      this.behind = false;
      if (!delta.full && !delta.lanes.length && !delta.removed.length) return this.done();
      this.pieces = takePieces(delta);
    } catch (err) {
      return this.fail(err);
    }
    this.busy = true;
    this.next();
  }

  private next(): void {
    if (this.disposed) return;
    let post: IteratorResult<TimelineDelta, void>;
    try {
      post = this.pieces.next();
      if (!post.done) this.send(post.value);
    } catch (err) {
      return this.fail(err);
    }
    if (post.done) this.done();
    else this.later(() => this.next());
  }

  /** One take or post failed: said, its pieces dropped, and the poster free for the next. */
  private fail(err: unknown): void {
    this.clear();
    this.behind = true;
    this.warn(`usage panel: the timeline could not be posted: ${err instanceof Error ? err.message : String(err)}`);
    this.done();
  }

  /** Nothing under way: a post asked meanwhile goes now. */
  private done(): void {
    this.busy = false;
    const asked = this.asked;
    this.asked = undefined;
    if (asked && !this.disposed) this.post(asked.all);
  }
}
