// How the feed's takes reach the page without holding the host: lanes the feed has not built are built in slices
// first (TimelineFeed.warm), and a take of many bars goes as several posts of at most MAX_POST_BARS bars, one per
// turn of the event loop (postMessage serializes each message whole on the host's thread: 50 000 bars are 10 MB,
// about 40 ms). What changes meanwhile is taken once they are all out, so the page always has the bars a later
// post's `barsFrom` counts on. No `vscode` import: the panel gives it `send`.
import type { TimelineDelta, TimelineFeed } from './timelineFeed';

/** Bars per post: about 2 MB serialized, a few ms. */
export const MAX_POST_BARS = 8000;

/** One take as posts of at most `max` bars (a long lane in pieces, each after the bars before it), in order. */
export function splitTake(delta: TimelineDelta, max = MAX_POST_BARS): TimelineDelta[] {
  const posts: TimelineDelta[] = [];
  let post: TimelineDelta = { full: delta.full, lanes: [], removed: delta.removed };
  let room = max;
  for (const lane of delta.lanes) {
    let at = 0;
    do {
      if (room <= 0) {
        posts.push(post);
        post = { full: false, lanes: [], removed: [] };
        room = max;
      }
      const count = Math.min(room, lane.bars.length - at);
      const bars = lane.bars.slice(at, at + count);
      // The first piece is the lane as taken (whole, or from its `barsFrom`); the next ones follow its bars.
      post.lanes.push(at === 0 ? { ...lane, bars } : { ...lane, bars, barsFrom: (lane.barsFrom ?? 0) + at });
      at += count;
      room -= count;
    } while (at < lane.bars.length);
  }
  posts.push(post);
  return posts;
}

export class TimelinePoster {
  /** Posts of the last take still to go. */
  private queue: TimelineDelta[] = [];
  /** Building lanes in slices or posting a take's pieces: a post asked meanwhile waits for it. */
  private busy = false;
  /** A post was asked while busy (`all`: of every lane). */
  private asked?: { all: boolean };
  private disposed = false;

  constructor(
    private readonly feed: TimelineFeed,
    private readonly send: (delta: TimelineDelta) => void,
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
      void this.feed.warm().then(
        () => this.take(all),
        () => this.take(all),
      );
      return;
    }
    this.take(all);
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
  }

  private take(all: boolean): void {
    if (this.disposed) return;
    const delta = this.feed.take(all, this.clock());
    if (!delta.full && !delta.lanes.length && !delta.removed.length) return this.done();
    this.queue = splitTake(delta);
    this.busy = true;
    this.next();
  }

  private next(): void {
    if (this.disposed) return;
    const post = this.queue.shift();
    if (!post) return this.done();
    this.send(post);
    if (this.queue.length) this.later(() => this.next());
    else this.done();
  }

  /** Nothing under way: a post asked meanwhile goes now. */
  private done(): void {
    this.busy = false;
    const asked = this.asked;
    this.asked = undefined;
    if (asked && !this.disposed) this.post(asked.all);
  }
}
