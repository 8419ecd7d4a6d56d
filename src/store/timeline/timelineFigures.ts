// What a session tree's lanes say: their order (each under its parent), the links from a parent's step to the
// sub-agents it waited on and the waits themselves (subagentWaits.ts), and the figures: wall, busy, waiting and idle time, the critical path, the longest wait,
// the most expensive sub-agent and the longest idle stretch. Pure and about linear (a sort of the intervals);
// the host's words, the export, session_status and the page's drawing all read it.
import { pushTo } from '../../base/arrays';
import { lineageOf, replaceSorted } from './laneLineage';
import { coveringBar, subagentWaits } from './subagentWaits';
import type { CriticalStep, TimelineBar, TimelineFigures, TimelineLane, TimelineLink, TimelineMark } from './timelineTypes';
import { WAIT_KINDS } from './timelineTypes';

/** A lane with its place in the tree. */
export interface PlacedLane {
  lane: TimelineLane;
  /** 0 for the root. */
  depth: number;
  /** Its waits on its sub-agents (subagentWaits.ts), by start: the tree's, not the lane's own marks. */
  waits?: TimelineMark[];
}

export interface Timeline {
  rootId: string;
  /** Depth first: each lane right under its parent, siblings by when they started. */
  lanes: PlacedLane[];
  links: TimelineLink[];
  figures: TimelineFigures;
  /** Sessions of the tree past MAX_LANES (treeTimeline.ts): neither drawn nor counted. */
  omitted?: number;
}

/** The tree of `rootId` among `lanes` (others are left out); undefined when the root is not among them. */
export function buildTimeline(rootId: string, lanes: Iterable<TimelineLane>): Timeline | undefined {
  const byId = new Map<string, TimelineLane>();
  for (const lane of lanes) byId.set(lane.id, lane);
  const root = byId.get(rootId);
  if (!root) return undefined;
  const children = childrenOf(byId);
  const order = place(root, children);
  const links = linksOf(order, byId);
  const waits = subagentWaits(links, byId);
  const placed = withWaits(order, waits.marks);
  return { rootId, lanes: placed, links, figures: figuresOf(placed, links, undefined, waitEdges(waits.spans)) };
}

/**
 * `prev` with the lanes `changed` in place of theirs, equal to buildTimeline of the same lanes: a live step
 * changes a few lanes, so the order is kept, the links of those lanes and their children are made again, and the
 * figures sweep the others' edges (kept while the same lanes step) with theirs. Undefined where the tree's shape may
 * move (a lane new to it, one under another parent, one that starts at another time): build it whole then.
 */
export function updateTimeline(prev: Timeline, posted: readonly TimelineLane[]): Timeline | undefined {
  // A lane posted twice counts as its last.
  const changed = [...new Map(posted.map((lane) => [lane.id, lane])).values()];
  const at = new Map<string, number>();
  prev.lanes.forEach(({ lane }, i) => at.set(lane.id, i));
  const lanes = [...prev.lanes];
  const moved = new Set<string>();
  for (const lane of changed) {
    const i = at.get(lane.id);
    if (i === undefined) return undefined;
    const old = lanes[i].lane;
    if (old.parentId !== lane.parentId || startOf(old) !== startOf(lane)) return undefined;
    lanes[i] = { lane, depth: lanes[i].depth };
    moved.add(lane.id);
  }
  const byId = new Map(lanes.map(({ lane }) => [lane.id, lane]));
  const links = prev.links.map((link) => {
    if (!moved.has(link.from) && !moved.has(link.to)) return link;
    return linkOf(byId.get(link.to)!, byId.get(link.from)!);
  });
  // A live tree mostly steps the same lanes (a sub-agent and its ancestors, whose totals moved): the others' edges,
  // merged once, are kept for the next step of those lanes.
  // (JSON: ids are any strings a server sends, and no two lists of them read the same.)
  const skip = JSON.stringify([...moved].sort());
  const kept = othersMerged.get(prev);
  const others = kept?.skip === skip ? kept.others : mergeSorted(lanes.filter((p) => !moved.has(p.lane.id)).map((p) => laneEdges(p.lane)));
  // The sub-agent waits follow the links (a child's step moves its parent's wait): made again, O(links).
  const waits = subagentWaits(links, byId);
  const edges: EdgeRuns = { skip, others, live: mergeSorted([...changed.map(laneEdges), waitEdges(waits.spans)]) };
  const placed = withWaits(lanes, waits.marks);
  const timeline: Timeline = { rootId: prev.rootId, lanes: placed, links, figures: figuresOf(placed, links, edges) };
  othersMerged.set(timeline, { skip, others });
  return timeline;
}

/** The edges of a tree's lanes as two sorted runs: every lane's but those that stepped merged, and theirs. */
interface EdgeRuns {
  /** The lanes that stepped: their ids, sorted, as JSON. */
  skip: string;
  others: Float64Array;
  live: Float64Array;
}

/** The lanes with their sub-agent waits (a lane that had some and has none now loses them). */
function withWaits(lanes: readonly PlacedLane[], marks: ReadonlyMap<string, TimelineMark[]>): PlacedLane[] {
  return lanes.map((p) => {
    const waits = marks.get(p.lane.id);
    if (waits) return { lane: p.lane, depth: p.depth, waits };
    return p.waits ? { lane: p.lane, depth: p.depth } : p;
  });
}

/** Per timeline updated in place, its lanes' edges merged but for those that stepped (valid while only they step). */
const othersMerged = new WeakMap<Timeline, { skip: string; others: Float64Array }>();

function childrenOf(byId: ReadonlyMap<string, TimelineLane>): Map<string, TimelineLane[]> {
  const children = new Map<string, TimelineLane[]>();
  for (const lane of byId.values()) {
    if (!lane.parentId || !byId.has(lane.parentId)) continue;
    pushTo(children, lane.parentId, lane);
  }
  const starts = new Map<TimelineLane, number>();
  for (const lane of byId.values()) starts.set(lane, startOf(lane));
  for (const list of children.values()) list.sort((a, b) => starts.get(a)! - starts.get(b)! || (a.id < b.id ? -1 : 1));
  return children;
}

/** Depth first without recursion (a malformed tree may be deep); each lane once, so a loop cannot repeat. */
function place(root: TimelineLane, children: ReadonlyMap<string, TimelineLane[]>): PlacedLane[] {
  const placed: PlacedLane[] = [];
  const seen = new Set<string>();
  const stack: PlacedLane[] = [{ lane: root, depth: 0 }];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next.lane.id)) continue;
    seen.add(next.lane.id);
    placed.push(next);
    const below = children.get(next.lane.id) ?? [];
    for (let i = below.length - 1; i >= 0; i--) stack.push({ lane: below[i], depth: next.depth + 1 });
  }
  return placed;
}

/** When a lane began: its creation, or its first step or mark if the record's time is missing. */
export function startOf(lane: TimelineLane): number {
  const first = firstTime(lane);
  return lane.created > 0 ? Math.min(lane.created, first) : Number.isFinite(first) ? first : 0;
}

/**
 * A lane's first step or mark (Infinity if none): times ≤ 0 are none (a server's missing time would stretch the tree
 * back to 1970). Bars and marks are in start order, so only those before the first valid one are passed.
 */
export function firstTime(lane: TimelineLane): number {
  const bar = lane.bars.find((b) => b.start > 0);
  const mark = lane.marks.find((m) => m.start > 0);
  return Math.min(bar?.start ?? Infinity, mark?.start ?? Infinity);
}

/** When a lane's last step or mark ended. */
export function endOf(lane: TimelineLane): number {
  let end = startOf(lane);
  for (const bar of lane.bars) if (bar.end > end) end = bar.end;
  for (const mark of lane.marks) if (mark.end > end) end = mark.end;
  return end;
}

/** Each sub-agent's link from the parent's step that covered its start (the task call that made it). */
function linksOf(placed: readonly PlacedLane[], byId: ReadonlyMap<string, TimelineLane>): TimelineLink[] {
  const links: TimelineLink[] = [];
  for (const { lane, depth } of placed) {
    if (depth === 0 || !lane.parentId) continue;
    const parent = byId.get(lane.parentId);
    if (parent) links.push(linkOf(lane, parent));
  }
  return links;
}

function linkOf(lane: TimelineLane, parent: TimelineLane): TimelineLink {
  const start = startOf(lane);
  const bar = coveringBar(parent, start);
  return { from: parent.id, ...(bar && { messageID: bar.messageID }), to: lane.id, start, end: endOf(lane) };
}

/** `waits`: the sub-agent waits' edges, where `edges` (a live step's runs, which hold them) is not given. */
function figuresOf(
  placed: readonly PlacedLane[],
  links: readonly TimelineLink[],
  edges?: EdgeRuns,
  waits: Float64Array = EMPTY,
): TimelineFigures {
  const sweep = edges
    ? sweepTimes(edges.others, edges.live)
    : sweepTimes(mergeSorted([...placed.map(({ lane }) => laneEdges(lane)), waits]));
  let longestWait: TimelineFigures['longestWait'];
  let mostExpensive: TimelineFigures['mostExpensive'];
  for (const { lane, depth } of placed) {
    for (const mark of lane.marks) {
      const ms = mark.end - mark.start;
      if (WAIT_KINDS.has(mark.kind) && ms > 0 && (!longestWait || ms > longestWait.ms))
        longestWait = { sessionId: lane.id, title: lane.title, kind: mark.kind, start: mark.start, ms };
    }
    if (depth > 0 && lane.cost > 0 && (!mostExpensive || lane.cost > mostExpensive.cost))
      mostExpensive = { sessionId: lane.id, title: lane.title, cost: lane.cost };
  }
  return {
    ...sweep,
    criticalPath: criticalPath(placed, links),
    ...(longestWait && { longestWait }),
    ...(mostExpensive && { mostExpensive }),
  };
}

/**
 * Wall, busy, waiting and idle time over every lane, in one sweep of their intervals' ends: two sorted runs taken
 * in order as one (merged as it goes). A time is waiting while some session waits (a person, a retry, a pause), else
 * busy while some step runs, else waiting while a parent waits on a sub-agent (its step, set aside for that time, is
 * not running of its own), else idle: each ms counted once, so wall = busy + waiting + idle.
 */
function sweepTimes(
  a: Float64Array,
  b: Float64Array = EMPTY,
): Pick<TimelineFigures, 'wallMs' | 'busyMs' | 'waitingMs' | 'idleMs' | 'longestIdle'> {
  if (!a.length && !b.length) return { wallMs: 0, busyMs: 0, waitingMs: 0, idleMs: 0 };
  let busy = 0;
  let waiting = 0;
  let onSubagent = 0;
  let busyMs = 0;
  let waitingMs = 0;
  let idleMs = 0;
  let longestIdle: TimelineFigures['longestIdle'];
  const first = Math.min(a[0] ?? Infinity, b[0] ?? Infinity);
  let at = Math.floor(first / EDGE_KINDS);
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    const edge = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    const time = Math.floor(edge / EDGE_KINDS);
    const span = time - at;
    if (span > 0) {
      if (waiting > 0) waitingMs += span;
      else if (busy > 0) busyMs += span;
      else if (onSubagent > 0) waitingMs += span;
      else {
        idleMs += span;
        if (!longestIdle || span > longestIdle.ms) longestIdle = { start: at, ms: span };
      }
    }
    at = time;
    // (Edges at one time are all taken before the next span is counted: their order there moves no figure.)
    switch (edge - time * EDGE_KINDS) {
      case EDGE.waitStart:
        waiting++;
        break;
      case EDGE.busyStart:
        busy++;
        break;
      case EDGE.subagentStart:
        // The parent's step, inside which the wait lies, is set aside until it ends.
        busy--;
        onSubagent++;
        break;
      case EDGE.subagentEnd:
        busy++;
        onSubagent--;
        break;
      case EDGE.busyEnd:
        busy--;
        break;
      default:
        waiting--;
    }
  }
  const last = Math.max(a[a.length - 1] ?? -Infinity, b[b.length - 1] ?? -Infinity);
  const wallMs = Math.floor(last / EDGE_KINDS) - Math.floor(first / EDGE_KINDS);
  return { wallMs, busyMs, waitingMs, idleMs, ...(longestIdle && { longestIdle }) };
}

const EMPTY = new Float64Array(0);

/** What an edge does, in the order edges at one time are taken. */
const EDGE = { waitStart: 0, busyStart: 1, subagentStart: 2, subagentEnd: 3, busyEnd: 4, waitEnd: 5 } as const;
/** Edges are time × EDGE_KINDS + EDGE (whole ms: exact in a double for any date). */
const EDGE_KINDS = 8;

/** Each lane's edges, sorted, kept while the lane is (a live step posts a new lane object for the lane it changed). */
const edgesOf = new WeakMap<TimelineLane, Float64Array>();

/**
 * A lane's intervals as edges, each one number: its time (whole ms) × EDGE_KINDS plus what it does (EDGE), so a
 * numeric order of them is by time, and at one time starts before ends.
 */
function laneEdges(lane: TimelineLane): Float64Array {
  const known = edgesOf.get(lane);
  if (known) return known;
  const sorted = followedEdges(lane) ?? new Float64Array(edgeValues(lane.bars, 0, lane.marks)).sort();
  edgesOf.set(lane, sorted);
  return sorted;
}

/** A lane posted as another's bars from `from` on: the other's edges, less its changed bars' and marks', plus these. */
function followedEdges(lane: TimelineLane): Float64Array | undefined {
  const lineage = lineageOf(lane);
  const old = lineage && edgesOf.get(lineage.old);
  return (
    old &&
    replaceSorted(old, edgeValues(lineage.old.bars, lineage.from, lineage.old.marks), edgeValues(lane.bars, lineage.from, lane.marks))
  );
}

/** The edges of bars from `from` on and of the wait marks, unsorted; a fork's copies took none of the tree's time. */
function edgeValues(bars: readonly TimelineBar[], from: number, marks: readonly TimelineMark[]): number[] {
  const edges: number[] = [];
  const add = (start: number, end: number, waiting: boolean) => {
    // No interval without a valid start (a time ≤ 0): the wall time would reach back to 1970.
    if (!(end >= start) || !(start > 0)) return;
    edges.push(
      Math.round(start) * EDGE_KINDS + (waiting ? EDGE.waitStart : EDGE.busyStart),
      Math.round(end) * EDGE_KINDS + (waiting ? EDGE.waitEnd : EDGE.busyEnd),
    );
  };
  for (let i = from; i < bars.length; i++) if (!bars[i].copied) add(bars[i].start, bars[i].end, false);
  for (const mark of marks) if (WAIT_KINDS.has(mark.kind)) add(mark.start, mark.end, true);
  return edges;
}

/** The sub-agent waits' spans (each inside its parent's step, whole ms) as sorted edges. */
function waitEdges(spans: ReadonlyArray<[number, number]>): Float64Array {
  if (!spans.length) return EMPTY;
  const edges = new Float64Array(spans.length * 2);
  spans.forEach(([start, end], i) => {
    edges[2 * i] = start * EDGE_KINDS + EDGE.subagentStart;
    edges[2 * i + 1] = end * EDGE_KINDS + EDGE.subagentEnd;
  });
  return edges.sort();
}

/** Sorted runs into one sorted array: merged in pairs, so each number is moved about log2(runs) times. */
function mergeSorted(runs: Float64Array[]): Float64Array {
  let level = runs.filter((run) => run.length > 0);
  if (level.length === 1) return level[0];
  while (level.length > 1) {
    const next: Float64Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? merge(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0] ?? new Float64Array(0);
}

function merge(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/**
 * From the root: the sub-agents it waited on, where several ran at once the one that ended last (it held the
 * parent up), and below each the same; in the order they ran. Iterative, each lane at most once.
 */
function criticalPath(placed: readonly PlacedLane[], links: readonly TimelineLink[]): CriticalStep[] {
  const root = placed[0].lane;
  const waitedOn = new Map<string, TimelineLink[]>();
  for (const link of links) {
    if (!link.messageID) continue;
    pushTo(waitedOn, link.from, link);
  }
  const titles = new Map<string, string>();
  for (const { lane } of placed) titles.set(lane.id, lane.title);
  const ownMs = root.bars.reduce((sum, bar) => sum + (bar.copied ? 0 : bar.end - bar.start), 0);
  const path: CriticalStep[] = [{ id: root.id, title: root.title, ms: ownMs }];
  const seen = new Set([root.id]);
  // A stack of the links still to walk, the next one on top.
  const stack: TimelineLink[] = [...heldUp(waitedOn.get(root.id) ?? [])].reverse();
  while (stack.length) {
    const link = stack.pop()!;
    if (seen.has(link.to)) continue;
    seen.add(link.to);
    path.push({ id: link.to, title: titles.get(link.to) ?? link.to, ms: link.end - link.start, parentId: link.from });
    const below = heldUp(waitedOn.get(link.to) ?? []);
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]);
  }
  return path;
}

/** Of links sorted by start, per group of overlapping ones the one that ended last. */
function heldUp(links: readonly TimelineLink[]): TimelineLink[] {
  const sorted = [...links].sort((a, b) => a.start - b.start);
  const picked: TimelineLink[] = [];
  let group: TimelineLink | undefined;
  for (const link of sorted) {
    if (group && link.start < group.end) {
      if (link.end > group.end) group = link;
      continue;
    }
    if (group) picked.push(group);
    group = link;
  }
  if (group) picked.push(group);
  return picked;
}
