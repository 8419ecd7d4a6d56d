// A session's tree as a timeline, read from a store: its lane and every descendant's, then the links and figures.
import type { SessionReader } from '../sessionReader';
import { buildTimeline, type Timeline } from './timelineFigures';
import { timelineLane, type LaneOptions } from './timelineLanes';
import { timelineStatus, type TimelineStatus } from './timelineTypes';

/** `pausedAt(id)`: when a budget paused that session, if it is paused. */
export function treeTimeline(
  sessions: Pick<SessionReader, 'get' | 'descendantsOf'>,
  rootId: string,
  options: Omit<LaneOptions, 'pausedAt'> & { pausedAt?: (sessionId: string) => number | undefined },
): Timeline | undefined {
  const root = sessions.get(rootId);
  if (!root) return undefined;
  const lane = (record: typeof root) => timelineLane(record, { ...options, pausedAt: options.pausedAt?.(record.info.id) });
  return buildTimeline(rootId, [lane(root), ...sessions.descendantsOf(rootId).map(lane)]);
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
