// A sub-agent whose steps end after its parent's last step ended. A task call's child runs inside the parent's step
// that waits on it, so a real sub-agent ends by its parent's end; but OpenCode records whatever a session made with
// a `parentID` did, whenever it ran (ours: the demo's grandchild is made and prompted after its parent's run ended,
// and 1.18 lists it under that parent). The Timeline draws such a lane as recorded and says so on it, never cut at
// the parent's end. Linear in the lanes: a session's steps run one after another, so its last bar ends last.
import type { TimelineLane } from './timelineTypes';

export interface PastParent {
  /** The parent's title, as its lane says it. */
  parentTitle: string;
  /** When the parent's last step ended. */
  parentEnd: number;
  /** How long the lane ran on past that. */
  ms: number;
  /** It started only after its parent ended (not cut short: begun later). */
  startedAfter: boolean;
}

/** Each timeline's answer, asked again at each frame and mouse move (a timeline's lanes are a new array per update). */
const known = new WeakMap<object, Map<string, PastParent>>();

/** The lanes (by id) that run past their parent's end, the parent having ended (no step of it still running). */
export function pastParents(lanes: ReadonlyArray<{ lane: TimelineLane }>): Map<string, PastParent> {
  let past = known.get(lanes);
  if (!past) known.set(lanes, (past = findPastParents(lanes)));
  return past;
}

function findPastParents(lanes: ReadonlyArray<{ lane: TimelineLane }>): Map<string, PastParent> {
  const byId = new Map<string, TimelineLane>();
  for (const { lane } of lanes) byId.set(lane.id, lane);
  const past = new Map<string, PastParent>();
  for (const { lane } of lanes) {
    const parent = lane.parentId === undefined ? undefined : byId.get(lane.parentId);
    const last = parent?.bars.at(-1);
    const own = lane.bars.at(-1);
    if (!parent || !last || last.running || !own || own.end <= last.end) continue;
    const start = lane.bars[0].start;
    past.set(lane.id, { parentTitle: parent.title, parentEnd: last.end, ms: own.end - last.end, startedAfter: start >= last.end });
  }
  return past;
}

/** The lane's words for it: on its label's hover and over its steps past the parent's end. */
export function pastParentLine(past: PastParent, duration: (ms: number) => string): string {
  const how = past.startedAfter ? 'started after the end of' : `ran ${duration(past.ms)} past the end of`;
  return `As OpenCode recorded it, this sub-agent ${how} its parent “${past.parentTitle}”: drawn as recorded, not cut`;
}
