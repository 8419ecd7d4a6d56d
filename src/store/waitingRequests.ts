// The requests that wait for an answer in one server's sessions (permissions, questions, forms): held per
// session, marked on its timeline from when each was asked, counted up each tree. The store builds on it.
import { compareRequests, type PendingRequest } from './pendingRequest';
import { MAX_MARKS, requestCount, type SessionMark, type SessionRecord } from './sessionRecord';
import { SessionTree } from './sessionTree';
import { addMark, closeMarks, requestDetail } from './timelineRecord';
import { askedAt } from './requestTime';
import { emptyChange, type StoreChange } from './storeChange';
import { pushAll } from '../base/arrays';

export abstract class WaitingRequests extends SessionTree {
  /** `clock` stamps what the wire sends without a time (a request waiting, a retry, an error): see SessionMark. */
  constructor(protected readonly clock: () => number = Date.now) {
    super();
  }

  /** Every request waiting on this server, oldest first. */
  pendingRequests(): PendingRequest[] {
    const all: PendingRequest[] = [];
    for (const record of this.sessions.values()) pushAll(all, record.requests.values());
    return all.sort(compareRequests);
  }

  /**
   * The server's pending requests as listed now (after an answer failed, say): the list is the truth, except
   * for sessions in `unreadDirectories`, whose lists could not be read and keep what they had.
   */
  replaceRequests(requests: readonly PendingRequest[], unreadDirectories: readonly string[] = []): StoreChange {
    const change = emptyChange();
    this.setRequests(requests, change, new Set(unreadDirectories));
    return change;
  }

  protected setRequests(requests: readonly PendingRequest[], change: StoreChange, unread: ReadonlySet<string>): void {
    const bySession = new Map<string, Map<string, PendingRequest>>();
    for (const request of requests) {
      if (!this.sessions.has(request.sessionID)) continue;
      let map = bySession.get(request.sessionID);
      if (!map) bySession.set(request.sessionID, (map = new Map<string, PendingRequest>()));
      map.set(request.id, request);
    }
    for (const record of this.sessions.values()) {
      const listed = bySession.get(record.info.id);
      // Nothing waited and nothing waits: the common case of a large snapshot costs no allocation.
      if (!listed && requestCount(record) === 0) continue;
      if (unread.has(record.info.directory)) continue;
      const next = listed ?? new Map<string, PendingRequest>();
      if (sameKeys(record.requests, next)) continue;
      this.markRequests(record, next);
      record.requests = next;
      this.markWaitingChanged(record.info.id, change);
    }
  }

  /**
   * A listing's requests against those held: a wait first seen here is marked from when it was asked (its id's time:
   * it may have waited long before this window connected), one gone from the list ends now.
   */
  protected markRequests(record: SessionRecord, next: ReadonlyMap<string, PendingRequest>): void {
    const held = requestCount(record) ? record.requests : undefined;
    const now = this.clock();
    // The newest MAX_MARKS are all a session keeps: a listing of thousands marks no more.
    const asked = [...next.values()].filter((r) => !held?.has(r.id)).slice(-MAX_MARKS);
    // A request is marked once: a listing read before its answer came may still name it (its mark is closed).
    const marked = new Set<string>();
    for (const mark of record.marks ?? []) if (mark.ref !== undefined) marked.add(mark.ref);
    // Not before the session was made: an id read as a time (another scheme, a server's clock) cannot stretch the lane.
    const since = record.info.time.created;
    for (const request of asked)
      if (!marked.has(request.id)) addMark(record, waitMark(request, Math.max(askedAt(request.id, now), Math.min(since, now))));
    const gone = held ? [...held.keys()].filter((id) => !next.has(id)) : [];
    // One pass over the marks for every request gone (a listing of thousands gone at once).
    if (gone.length) {
      const ids = new Set(gone);
      closeMarks(record, now, (m) => m.ref !== undefined && ids.has(m.ref), true);
    }
  }

  /** A request came or went: the session's row and every ancestor's `· N waiting` change. */
  protected markWaitingChanged(id: string, change: StoreChange): void {
    change.requests = true;
    for (const cur of this.shownAncestry(id)) change.changed.add(cur);
  }

  /** A request asked now (the live stream): marked from now. */
  protected asked(request: PendingRequest, change: StoreChange): void {
    const record = this.sessions.get(request.sessionID);
    if (!record) return;
    if (!record.requests.has(request.id)) addMark(record, waitMark(request, this.clock()));
    record.requests.set(request.id, request);
    this.markWaitingChanged(record.info.id, change);
  }

  /** A request answered or withdrawn: its wait ends now. */
  protected closed(sessionID: string, id: string, change: StoreChange): void {
    const record = this.sessions.get(sessionID);
    if (!record?.requests.delete(id)) return;
    closeMarks(record, this.clock(), (m) => m.ref === id);
    this.markWaitingChanged(record.info.id, change);
  }
}

function sameKeys(a: Map<string, unknown>, b: Map<string, unknown>): boolean {
  return a.size === b.size && [...a.keys()].every((k) => b.has(k));
}

/** A request's wait from `start`: for a permission, or an answer (a question or a form). */
function waitMark(request: PendingRequest, start: number): SessionMark {
  const detail = requestDetail(request);
  const callID = request.kind === 'permission' ? request.callID : undefined;
  const messageID = request.kind === 'permission' ? request.messageID : undefined;
  return {
    kind: request.kind === 'permission' ? 'permission' : 'form',
    start,
    ref: request.id,
    ...(detail && { detail }),
    ...(callID && { callID }),
    ...(messageID && { messageID }),
  };
}
