// What the page knows of the session tree's timeline: every lane as the host posted it (all of them, then the
// ones that changed), and the tree built from them with the same arithmetic session_status and the export use.
// The view's window in time follows the present until the user moves it.
import type { HostToWebview, LaneDelta, TimelineLane } from '../src/features/usage/protocol';
import type { BudgetLimits } from '../src/store/timeline/budgetLines';
import { laneFollows } from '../src/store/timeline/laneLineage';
import { buildTimeline, endOf, firstTime, startOf, updateTimeline, type Timeline } from '../src/store/timeline/timelineFigures';
import type { TimeRange } from './usageState';

type TimelineMessage = Extract<HostToWebview, { type: 'timeline' }>;

export class TimelineState {
  timeline?: Timeline;
  /** The budgets set (USD), by name. */
  budgets?: BudgetLimits;
  /** The tree's whole span. */
  span: TimeRange = { start: 0, end: 1 };
  /** What the lanes and the money chart show; follows `span` while `follow` is set. */
  view: TimeRange = { start: 0, end: 1 };
  follow = true;
  private rootId = '';
  private readonly lanes = new Map<string, TimelineLane>();

  apply(message: TimelineMessage): void {
    const fresh = message.full || message.rootId !== this.rootId;
    if (fresh) {
      this.lanes.clear();
      this.follow = true;
    }
    this.rootId = message.rootId;
    this.budgets = message.budgets;
    for (const id of message.removed) this.lanes.delete(id);
    const changed = message.lanes.map((delta) => this.merge(delta));
    // A live step: its lane in place of the old one; the whole tree again only where its shape may have moved.
    const prev = !fresh && !message.removed.length ? this.timeline : undefined;
    this.timeline = (prev && updateTimeline(prev, changed)) || buildTimeline(this.rootId, this.lanes.values());
    // From the first step or mark (a session is often made a while before its first prompt), to the last; a time
    // ≤ 0 (a step the server sent no time for) is no start: the span would reach back to 1970.
    let start = Infinity;
    let end = -Infinity;
    for (const { lane } of this.timeline?.lanes ?? []) {
      const edges = edgesOf(lane);
      start = Math.min(start, edges.first);
      end = Math.max(end, edges.end);
    }
    if (!Number.isFinite(start)) for (const { lane } of this.timeline?.lanes ?? []) start = Math.min(start, startOf(lane));
    this.span = Number.isFinite(start) ? { start, end: Math.max(end, start + 1) } : { start: 0, end: 1 };
    if (this.follow) this.view = { ...this.span };
  }

  /** A posted lane as a whole one: its bars before `barsFrom` as the page had them (a new lane object, array). */
  private merge({ barsFrom, ...lane }: LaneDelta): TimelineLane {
    const old = this.lanes.get(lane.id);
    if (barsFrom === undefined || !old) {
      this.lanes.set(lane.id, lane);
      return lane;
    }
    const from = Math.min(barsFrom, old.bars.length);
    const whole = { ...lane, bars: old.bars.slice(0, from).concat(lane.bars) };
    // What is derived from the old lane (its edges, its spend) is made again from its bars from `from` on only.
    laneFollows(whole, old, from);
    this.lanes.set(whole.id, whole);
    return whole;
  }

  /** The user moved the window: it stays where they put it (within reason) until they follow again. */
  moveView(view: TimeRange): void {
    const least = 50;
    const end = Math.max(view.end, view.start + least);
    this.view = { start: view.start, end };
    this.follow = false;
  }

  followPresent(): void {
    this.follow = true;
    this.view = { ...this.span };
  }
}

/** A lane's first time and end, read once per lane object (a live step posts a new one for the lane it changed). */
const laneEdges = new WeakMap<TimelineLane, { first: number; end: number }>();

function edgesOf(lane: TimelineLane): { first: number; end: number } {
  let known = laneEdges.get(lane);
  if (!known) laneEdges.set(lane, (known = { first: firstTime(lane), end: endOf(lane) }));
  return known;
}
