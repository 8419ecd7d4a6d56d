// A session's tree as a timeline, read from a store: its lane and its descendants', then the links and figures. A
// tree is drawn and counted up to MAX_LANES sessions (the root and the first descendants the store lists): a lane
// per session of a tree of tens of thousands would hold the host for long and be no picture; the rest are counted.
import type { SessionReader } from '../sessionReader';
import type { SessionRecord } from '../sessionRecord';
import { buildTimeline, type Timeline } from './timelineFigures';
import { timelineLane, type LaneOptions } from './timelineLanes';
import { timelineStatus, type TimelineStatus } from './timelineTypes';

/** The most sessions a timeline has lanes for. */
export const MAX_LANES = 2000;

/** The descendants a timeline has lanes for, and how many more there are. */
export function laneDescendants(
  sessions: Pick<SessionReader, 'descendantsOf'>,
  rootId: string,
): { records: SessionRecord[]; omitted: number } {
  const all = sessions.descendantsOf(rootId);
  return { records: all.length < MAX_LANES ? all : all.slice(0, MAX_LANES - 1), omitted: Math.max(0, all.length - (MAX_LANES - 1)) };
}

/** `pausedAt(id)`: when a budget paused that session, if it is paused. */
export function treeTimeline(
  sessions: Pick<SessionReader, 'get' | 'descendantsOf'>,
  rootId: string,
  options: Omit<LaneOptions, 'pausedAt'> & { pausedAt?: (sessionId: string) => number | undefined },
): Timeline | undefined {
  const root = sessions.get(rootId);
  if (!root) return undefined;
  const lane = (record: typeof root) => timelineLane(record, { ...options, pausedAt: options.pausedAt?.(record.info.id) });
  const { records, omitted } = laneDescendants(sessions, rootId);
  const timeline = buildTimeline(rootId, [lane(root), ...records.map(lane)]);
  return timeline && { ...timeline, omitted };
}

/** What session_status says of a tree's time, read from a store at `now`. */
export function treeTimelineStatus(
  sessions: Pick<SessionReader, 'get' | 'descendantsOf'>,
  now: number,
): (sessionId: string) => TimelineStatus | undefined {
  return (sessionId) => {
    const timeline = treeTimeline(sessions, sessionId, { now });
    return timeline && timelineStatus(timeline.figures);
  };
}
