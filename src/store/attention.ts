// What a session needs from you, for a root session and everything below it (sub-agents roll up into their root):
// `waiting` while something in it waits for an answer; `unread` once a run in it ended (finished, failed or was
// interrupted) after you last looked. When you last looked is the later of this extension's own mark and, on
// OpenCode 2, the server's `time.viewed` (any client's view: packages/schema/src/session.ts@1066927, whose
// `time.idle` is when a run last ended).
import type { SessionReader } from './sessionReader';
import type { SessionRecord } from './sessionRecord';
import { requestCount } from './sessionRecord';

export type Attention = 'waiting' | 'unread';

/** When the session's last run ended, as far as is known: OpenCode 2 says (`time.idle`); else its last activity. */
export function lastEnded(record: SessionRecord): number {
  return record.info.time.idle ?? record.lastActivity;
}

/** Whether it runs now (working, retrying) or waits for an answer: no run of it has ended for good yet. */
function live(record: SessionRecord): boolean {
  return record.status.type !== 'idle' || requestCount(record) > 0;
}

/**
 * The root's attention. `seen`: when this extension last saw it looked at (undefined: never); a root with no mark
 * and no server view is unread only if the server says a run of it ended (OpenCode 2), so a 1.x server's sessions
 * read as read until something ends after the extension first met them (the caller marks them then).
 */
export function rootAttention(reader: SessionReader, rootId: string, seen: number | undefined): Attention | undefined {
  const root = reader.get(rootId);
  if (!root) return undefined;
  if (reader.waitingIn(rootId) > 0) return 'waiting';
  if (live(root) || root.info.time.archived !== undefined) return undefined;
  const lookedAt = Math.max(seen ?? -Infinity, root.info.time.viewed ?? -Infinity);
  if (lookedAt === -Infinity) return root.info.time.idle !== undefined ? 'unread' : undefined;
  let ended = lastEnded(root);
  for (const child of reader.descendantsOf(rootId)) if (!live(child)) ended = Math.max(ended, lastEnded(child));
  return ended > lookedAt ? 'unread' : undefined;
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
