// A session's tree as a timeline, read from a store: its lane and its descendants', then the links and figures. A
// tree is drawn and counted up to MAX_LANES sessions (the root and the first descendants the store lists): a lane
// per session of a tree of tens of thousands would hold the host for long and be no picture; the rest are counted.
import { runNow, runSliced, type Steps } from '../../base/slices';
import type { SessionReader } from '../sessionReader';
import type { SessionRecord } from '../sessionRecord';
import { buildTimeline, type Timeline } from './timelineFigures';
import { laneSteps, type LaneOptions } from './timelineLanes';
import { timelineStatus, type TimelineLane, type TimelineStatus } from './timelineTypes';

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
export type TreeOptions = Omit<LaneOptions, 'pausedAt' | 'pausedBy'> & { pausedAt?: (sessionId: string) => number | undefined };

export function treeTimeline(
  sessions: Pick<SessionReader, 'get' | 'descendantsOf'>,
  rootId: string,
  options: TreeOptions,
): Timeline | undefined {
  return runNow(treeTimelineSteps(sessions, rootId, options));
}

/** The tree's timeline a slice at a time: each lane a slice of messages at a time (laneSteps), then the figures. */
export function* treeTimelineSteps(
  sessions: Pick<SessionReader, 'get' | 'descendantsOf'>,
  rootId: string,
  options: TreeOptions,
): Steps<Timeline | undefined> {
  const root = sessions.get(rootId);
  if (!root) return undefined;
  const { records, omitted } = laneDescendants(sessions, rootId);
  const lanes: TimelineLane[] = [];
  for (const record of [root, ...records]) {
    lanes.push(yield* laneSteps(record, { ...options, pausedAt: options.pausedAt?.(record.info.id) }));
    yield;
  }
  const timeline = buildTimeline(rootId, lanes);
  return timeline && { ...timeline, omitted };
}

/**
 * What session_status says of a tree's time, read from a store at `now`: built in slices of a few ms (runSliced),
 * so a tree of 50 000 messages never holds the thread (the extension host, or the server the plugin runs in).
 */
export async function treeTimelineStatus(
  sessions: Pick<SessionReader, 'get' | 'descendantsOf'>,
  sessionId: string,
  now: number,
): Promise<TimelineStatus | undefined> {
  const timeline = await runSliced(treeTimelineSteps(sessions, sessionId, { now }));
  return timeline && timelineStatus(timeline.figures);
}
