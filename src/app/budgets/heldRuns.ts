// What the store says of the sessions budget pauses hold, told to the book (gone, idle or busy, and when the record
// changed), and the runs each had ended when its pause's phase began: a run that began and ended between two frames
// reads idle, and only the count of ended runs says it ran.
import type { ServerConnection } from '../../client/serverConnection';
import type { PauseBook, SeenState } from '../../store/pauseBook';
import type { Release } from '../../store/pauseRelease';
import type { PausedSession } from '../../store/pausedSession';
import { sessionKey } from '../../store/sessionKey';
import { requestCount, type SessionRecord } from '../../store/sessionRecord';
import type { SessionRef } from '../../store/sessionRef';
import type { StoreChange } from '../../store/storeChange';
import type { MarkedRoot } from '../sessions/sessionDecorations';
import type { SessionsModel } from '../sessions/sessionsModel';

export class HeldRuns {
  /** Ended runs per held session (its key) when its pause's phase began. */
  private readonly runsAt = new Map<string, number>();

  constructor(private readonly sessions: SessionsModel) {}

  /** The pause is resuming: its runs count from its record's now (0 when it is not listed). */
  resuming(pause: PausedSession): void {
    const runs = this.sessions.connection(pause.serverId)?.sessions.get(pause.sessionId)?.runsEnded ?? 0;
    this.runsAt.set(sessionKey(pause.serverId, pause.sessionId), runs);
  }

  ended(pause: PausedSession): void {
    this.runsAt.delete(sessionKey(pause.serverId, pause.sessionId));
  }

  /** Another window's book was merged in: the sessions it no longer holds are not counted. */
  forgetGone(book: PauseBook): void {
    for (const key of this.runsAt.keys()) if (!book.has(key)) this.runsAt.delete(key);
  }

  /**
   * What the store says now of these held sessions, told to the book (`back`: its server's listing just came back):
   * the pauses that changed or ended, and those another client prompted while `holds` (their budget still holds).
   */
  observe(
    book: PauseBook,
    connection: ServerConnection,
    ids: readonly string[],
    back: boolean,
    holds: (pause: PausedSession) => boolean,
  ): { changed: Array<SessionRef | Release>; prompted: PausedSession[] } {
    const serverId = connection.config.id;
    const seen = ids.flatMap((id): Array<[string, SeenState, number?]> => {
      const record = connection.sessions.get(id);
      if (!record) return [[id, 'gone']];
      const pause = book.get(serverId, id);
      const counted = this.runsAt.get(sessionKey(serverId, id));
      // A prompt already stopped under a holding pause, its run not ended yet: the same run, not another prompt.
      if (pause?.phase === 'paused' && counted !== undefined && record.runsEnded < counted) return [];
      // A run that began and ended between two frames reads idle: the count of ended runs says it ran.
      const ran = pause?.phase !== 'pausing' && counted !== undefined && record.runsEnded > counted;
      const state: SeenState = waitsOnUser(record) ? 'waiting' : ran || record.status.type !== 'idle' ? 'busy' : 'idle';
      return [[id, state, record.info.time.updated]];
    });
    const changed: Array<SessionRef | Release> = [];
    const prompted: PausedSession[] = [];
    for (const [sessionId, state, updated] of seen) {
      const before = book.get(serverId, sessionId);
      if (!before) continue;
      const { phase, seen: seenBefore, prompted: promptsBefore } = before;
      const release = book.observe(serverId, sessionId, state, updated, back, holds(before));
      const record = connection.sessions.get(sessionId);
      const key = sessionKey(serverId, sessionId);
      if (release) changed.push(release);
      else if (before.prompted !== promptsBefore) {
        // Counted once: the run seen now ends once (a busy record's end is still to come).
        this.runsAt.set(key, (record?.runsEnded ?? 0) + (record && record.status.type !== 'idle' ? 1 : 0));
        prompted.push({ ...before });
        changed.push({ serverId, sessionId });
      } else if (before.seen !== seenBefore && before.phase === phase) changed.push({ serverId, sessionId });
      else if (before.phase !== phase) {
        this.runsAt.set(key, record?.runsEnded ?? 0);
        changed.push({ serverId, sessionId });
      } else if (!this.runsAt.has(key)) this.runsAt.set(key, record?.runsEnded ?? 0);
    }
    return { changed, prompted };
  }
}

/** Running, and a request of it (a permission, a question) waits on the user: it spends nothing until answered. */
export function waitsOnUser(record: SessionRecord | undefined): boolean {
  return !!record && record.status.type !== 'idle' && requestCount(record) > 0;
}

/** Of a frame's changed and removed sessions of one server (as many as it says), those the book holds: one lookup each. */
export function heldOf(book: PauseBook, serverId: string, change: StoreChange): string[] {
  const held: string[] = [];
  for (const ids of [change.changed, change.removed]) for (const id of ids) if (book.get(serverId, id)) held.push(id);
  return held;
}

/** Root sessions with a pause in their tree, each once, on servers now registered that still list the paused session. */
export function pausedRoots(
  pauses: readonly PausedSession[],
  connectionOf: (serverId: string) => ServerConnection | undefined,
): MarkedRoot[] {
  const seen = new Set<string>();
  const out: MarkedRoot[] = [];
  for (const pause of pauses) {
    const connection = connectionOf(pause.serverId);
    const key = sessionKey(pause.serverId, pause.rootId);
    if (!connection?.sessions.get(pause.sessionId) || seen.has(key)) continue;
    seen.add(key);
    out.push({ connection, sessionId: pause.rootId, group: 'paused' });
  }
  return out;
}
