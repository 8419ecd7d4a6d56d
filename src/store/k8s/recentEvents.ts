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
  return (byObject(events).get(objectKey(kind, namespace, name)) ?? [])
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

/**
 * A cluster's Events by the object they regard, made once per list: each Task row asks for its own, and a pass over
 * every Event per row (rows redraw every second while Tasks run) would cost rows × Events.
 */
const indexes = new WeakMap<readonly KubeEventObject[], Map<string, KubeEventObject[]>>();

function byObject(events: readonly KubeEventObject[]): Map<string, KubeEventObject[]> {
  let index = indexes.get(events);
  if (index) return index;
  index = new Map();
  for (const e of events) {
    if (!e.regarding?.kind || !e.regarding.name) continue;
    const key = objectKey(e.regarding.kind, e.regarding.namespace ?? e.metadata.namespace ?? '', e.regarding.name);
    const list = index.get(key);
    if (list) list.push(e);
    else index.set(key, [e]);
  }
  indexes.set(events, index);
  return index;
}

function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}
