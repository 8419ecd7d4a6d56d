// The Events kubeopencode's controller recorded about one Agent or Task, newest first, as tooltips list them.
import type { KubeEventObject } from './kubeObjects';

export interface RecentEvent {
  /** ms since the epoch; undefined when the Event carries no readable time. */
  at?: number;
  reason: string;
  note?: string;
  warning: boolean;
  /** How often it happened (a series), when more than once. */
  count?: number;
}

/** Tooltips show this many at most. */
export const RECENT_EVENTS = 5;

export function recentEvents(
  events: readonly KubeEventObject[],
  kind: 'Agent' | 'Task',
  namespace: string,
  name: string,
  limit = RECENT_EVENTS,
): RecentEvent[] {
  return events
    .filter((e) => e.regarding?.kind === kind && e.regarding.name === name && (e.regarding.namespace ?? e.metadata.namespace) === namespace)
    .map((e): RecentEvent => {
      const at = [e.series?.lastObservedTime, e.eventTime, e.deprecatedLastTimestamp, e.metadata.creationTimestamp]
        .map((t) => (t ? Date.parse(t) : NaN))
        .find((ms) => Number.isFinite(ms));
      const note = e.note?.trim();
      const count = e.series?.count;
      return {
        ...(at !== undefined ? { at } : {}),
        reason: e.reason?.trim() || 'Event',
        ...(note ? { note } : {}),
        warning: e.type === 'Warning',
        ...(typeof count === 'number' && count > 1 ? { count } : {}),
      };
    })
    .sort((a, b) => (b.at ?? Number.MIN_SAFE_INTEGER) - (a.at ?? Number.MIN_SAFE_INTEGER))
    .slice(0, limit);
}
