// How the feed's takes reach the page without holding the host: lanes the feed has not built are built in slices
// first (TimelineFeed.warm), and a take of many bars goes as several posts of about MAX_POST_BYTES each, one per
// turn of the event loop (postMessage serializes each message whole on the host's thread: 50 000 bars are 10 MB,
// about 40 ms). What changes meanwhile is taken once they are all out, so the page always has the bars a later
// post's `barsFrom` counts on. No `vscode` import: the panel gives it `send`.
import type { TimelineBar } from '../../store/timeline/timelineTypes';
import type { TimelineDelta, TimelineFeed } from './timelineFeed';

/** About this much JSON per post (a few ms to serialize). */
export const MAX_POST_BYTES = 1_000_000;

/** About what a bar weighs as JSON: its fields, its names and its tools' (a tool name is at most 120 characters). */
export function barBytes(bar: TimelineBar): number {
  let bytes = 200 + bar.messageID.length + bar.model.length + (bar.agent?.length ?? 0);
  for (const tool of bar.tools) bytes += tool.length + 3;
  return bytes;
}

/**
 * One take as posts of about `budget` each by `weigh` (a long lane in pieces, each after the bars before it; a
 * piece has at least one bar), in order, each made when asked for (a take of 300 000 bars is weighed a post at a time).
 */
export function* takePieces(
  delta: TimelineDelta,
  budget = MAX_POST_BYTES,
  weigh: (bar: TimelineBar) => number = barBytes,
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
      while (end < lane.bars.length && (end === at || room > 0)) room -= weigh(lane.bars[end++]);
      const bars = lane.bars.slice(at, end);
      // The first piece is the lane as taken (whole, or from its `barsFrom`); the next ones follow its bars.
      post.lanes.push(at === 0 ? { ...lane, bars } : { ...lane, bars, barsFrom: (lane.barsFrom ?? 0) + at });
      at = end;
    } while (at < lane.bars.length);
  }
  yield post;
}

/** Every post of a take at once (tests, benchmarks). */
export function splitTake(delta: TimelineDelta, budget = MAX_POST_BYTES, weigh: (bar: TimelineBar) => number = barBytes): TimelineDelta[] {
  return [...takePieces(delta, budget, weigh)];
}

export class TimelinePoster {
  /** The posts of the last take still to go, made one at a time. */
  private pieces: Iterator<TimelineDelta, void> = [].values();
  /** Building lanes in slices or posting a take's pieces: a post asked meanwhile waits for it. */
  private busy = false;
  /** A post was asked while busy (`all`: of every lane). */
  private asked?: { all: boolean };
  private disposed = false;

  constructor(
    private readonly feed: TimelineFeed,
    private readonly send: (delta: TimelineDelta) => void,
    /** A take or a post that failed (the next one is tried as ever). */
    private readonly warn: (message: string) => void,
    /** The next turn of the event loop (a test steps them). */
    private readonly later: (run: () => void) => void = (run) => setImmediate(run),
    private readonly clock: () => number = Date.now,
  ) {}

  /** What changed since the last post (`all`: every lane), now or once the slices or posts under way are done. */
  post(all: boolean): void {
    if (this.disposed) return;
    if (this.busy) {
      this.asked = { all: all || (this.asked?.all ?? false) };
      return;
    }
    if (this.feed.cold(all)) {
      this.busy = true;
      // A build that failed is left to the take, which builds whole what is still missing (and fails where it did).
      void this.feed.warm(this.clock()).then(
        () => this.take(all),
        () => this.take(all),
      );
      return;
    }
    this.take(all);
  }

  /** A new page: the pieces still to go were for the one before (it asks for every lane again). */
  clear(): void {
    this.pieces = [].values();
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }

  private take(all: boolean): void {
    if (this.disposed) return;
    try {
      const delta = this.feed.take(all, this.clock());
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
