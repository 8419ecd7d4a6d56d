// What a session needs from you, for a root session and everything below it (sub-agents roll up into their root):
// `waiting` while something in it waits for an answer; `unread` once a run in it ended (finished, failed or was
// interrupted) after you last looked. When you last looked is the later of this extension's own mark and, on
// OpenCode 2, the server's `time.viewed` (any client's view: packages/schema/src/session.ts@1066927, whose
// `time.idle` is when a run last ended). A title or a rename after a run is not a run: only ends count.
import type { SessionReader } from './sessionReader';
import { requestCount, type SessionRecord } from './sessionRecord';

export type Attention = 'waiting' | 'unread';

/** Whether it runs now (working, retrying) or waits for an answer: no run of it has ended for good yet. */
export function isLive(record: SessionRecord): boolean {
  return record.status.type !== 'idle' || requestCount(record) > 0;
}

/** What the extension itself knows of a root: when you last looked, and when it saw a run of it end. */
export interface Marks {
  seen?: number;
  ended?: number;
}

/** How long after the server records a run's end the extension may see it (events, frames, a slow stream). */
const SIGHTING_LAG_MS = 10_000;

/**
 * The root's attention. A run ended when the server says so (OpenCode 2's `time.idle`, of the root or a sub-agent)
 * or, where the server keeps no such time (1.x), when the extension saw it end (`marks.ended`); it is unread when that is after you last
 * looked (`marks.seen`, or the server's `time.viewed`). Nothing ended that anyone knows of: read.
 */
export function rootAttention(reader: SessionReader, rootId: string, marks: Marks = {}): Attention | undefined {
  const root = reader.get(rootId);
  if (!root) return undefined;
  if (reader.waitingIn(rootId) > 0) return 'waiting';
  if (isLive(root) || root.info.time.archived !== undefined) return undefined;
  let serverEnded = root.info.time.idle ?? -Infinity;
  for (const child of reader.descendantsOf(rootId))
    if (!isLive(child)) serverEnded = Math.max(serverEnded, child.info.time.idle ?? -Infinity);
  // The server's time wins where it keeps one: the extension sees a run end a moment after the server recorded it, so
  // its own sighting would outlast another client's view of that very run (`view {idle}` sets `time.viewed` to it).
  // A sighting well after the server's time is a later run whose end the record does not show yet: that counts.
  const sighted = marks.ended ?? -Infinity;
  const ended = serverEnded !== -Infinity && sighted <= serverEnded + SIGHTING_LAG_MS ? serverEnded : sighted;
  const lookedAt = Math.max(marks.seen ?? -Infinity, root.info.time.viewed ?? -Infinity);
  return ended !== -Infinity && ended > lookedAt ? 'unread' : undefined;
}

/** The root a session rolls up into on its server (itself when it has no parent there). */
export function rootOf(reader: SessionReader, sessionId: string): string {
  let id = sessionId;
  for (let depth = 0; depth < 1_000; depth++) {
    const parent = reader.parentOf(id);
    if (!parent) return id;
    id = parent;
  }
  return id;
}
