// A release's durable session events, as the adapter emits them: each session's events after the first carry
// `durable: {aggregateID, seq, version}` (the envelope of /api/event, recorded on the older build), numbered per
// session from 1; `session.usage.updated` is not durable (recorded: it carries none). A session's log is what
// `GET /api/experimental/session/{id}/log?after=<seq>&follow=` serves (packages/protocol/src/groups/session.ts):
// the events after `after`, then `{type: "log.synced", aggregateID, seq}` (as the older build answered), then,
// with `follow`, each new one. By default it keeps no event, as a stock `opencode serve` keeps none: its log is
// `log.synced` with the latest sequence alone; `retains` keeps them, as a server built with retention does.
import type { ReleaseEvent } from './releaseEvents';

/** Events kept per session, and sessions kept: a test's sessions are far below both. */
const KEPT_EVENTS = 5_000;
const KEPT_SESSIONS = 500;
// Source: ../shared/reference/opencode2-server.md, "Recorded API shapes" (`session.usage.updated` has no `durable`).
const NOT_DURABLE = new Set(['session.usage.updated']);

export class ReleaseLog {
  private readonly logs = new Map<string, ReleaseEvent[]>();
  private readonly seqs = new Map<string, number>();

  constructor(
    /**
     * Keeps each session's events for its log. Off by default. Source: ../shared/reference/opencode2-server.md,
     * "Recorded from the real servers, November 2026" (session log: the bus keeps payloads only with `events.persist`,
     * which the CLI never sets).
     */
    readonly retains = false,
  ) {}

  /** Numbers a session's durable event (in place) and keeps it when it retains; other events pass unchanged. */
  record(event: ReleaseEvent): ReleaseEvent {
    const sessionID = typeof event.data.sessionID === 'string' ? event.data.sessionID : undefined;
    if (!sessionID || !event.type.startsWith('session.') || NOT_DURABLE.has(event.type)) return event;
    const seq = (this.seqs.get(sessionID) ?? 0) + 1;
    this.seqs.set(sessionID, seq);
    event.durable = { aggregateID: sessionID, seq, version: 1 };
    if (!this.retains) return event;
    let log = this.logs.get(sessionID);
    if (!log) {
      this.logs.set(sessionID, (log = []));
      if (this.logs.size > KEPT_SESSIONS) this.logs.delete(this.logs.keys().next().value!);
    }
    log.push(event);
    if (log.length > KEPT_EVENTS) log.shift();
    return event;
  }

  /** The session's events after `after` (none kept unless it retains), and the last sequence it has. */
  after(sessionID: string, after: number): { events: ReleaseEvent[]; seq: number } {
    const events = (this.logs.get(sessionID) ?? []).filter((e) => (e.durable?.seq ?? 0) > after);
    return { events, seq: this.seqs.get(sessionID) ?? 0 };
  }
}
