// V2's live stream as store events. 2.x sends no idle event and changes a
// session's record without carrying it, so a session is re-read (settled) once its steps stop arriving.
import { OVERSIZE, runEventStream } from '../eventStream';
import type { ServerEndpoint } from '../endpoint';
import { readV2Active } from './v2Active';
import { V2EventReader } from './v2Events';
import { v2SessionInfo } from './v2Session';
import type { EventStreamHandlers } from '../serverApi';
import { dataOf, type V2Requester } from './v2Request';

/**
 * After a step ends the session is re-read this long after the last such event: its totals (the step's usage
 * alone does not say what the session record holds) and whether it still runs (V2 sends no idle event: an
 * interrupted or finished turn just stops sending steps).
 */
const SETTLE_DEBOUNCE_MS = 150;
const MAX_RECHECK_MS = 5_000;

export class V2EventStream {
  constructor(
    private readonly endpoint: ServerEndpoint,
    private readonly request: V2Requester,
  ) {}

  /** The open stream's settler: what the extension itself changed (an interrupt) is re-read through it. */
  private settler?: SessionSettler;

  /**
   * Re-reads a session soon, as a step's end would. After an interrupt the server may send nothing more for
   * it (its turn just stops), so without this the session could stay busy here.
   */
  settleSoon(sessionID: string): void {
    this.settler?.schedule(sessionID);
  }

  async streamEvents(handlers: EventStreamHandlers): Promise<void> {
    const reader = new V2EventReader((kind) => handlers.malformed(kind));
    const settle = new SessionSettler((id) => this.settleSession(id, handlers));
    this.settler = settle;
    try {
      await runEventStream(this.endpoint, {
        stallMs: handlers.stallMs,
        signal: handlers.signal,
        route: 'v2',
        // A heartbeat (a comment) says the server is there, as an item would.
        onComment: () => handlers.onItem(),
        onOversize: () => handlers.malformed(OVERSIZE),
        onItem: (item) => {
          handlers.onItem();
          // A session's record changed in a way no store event carries (2.x: usage, rename, move): read it again.
          const changed = sessionChangedBy(item);
          if (changed) settle.schedule(changed);
          for (const event of reader.read(item)) {
            handlers.onEvent(event);
            if (event.type === 'step.finished' || event.type === 'session.error') settle.schedule(event.sessionID);
          }
        },
      });
    } finally {
      settle.dispose();
      if (this.settler === settle) this.settler = undefined;
    }
  }

  /** The server's own totals and running state once a step ended. */
  private async settleSession(sessionID: string, handlers: EventStreamHandlers): Promise<'running' | undefined> {
    const { signal } = handlers;
    if (signal.aborted) return undefined;
    const [answer, active] = await Promise.all([
      this.request(`/api/session/${encodeURIComponent(sessionID)}`, 'Reading the session', { signal }).catch(() => undefined),
      this.request('/api/session/active', 'Reading session status', { signal }).then(readV2Active, () => undefined),
    ]);
    if (signal.aborted) return undefined;
    const info = v2SessionInfo(dataOf(answer));
    if (info) handlers.onEvent({ type: 'session.upsert', info });
    // The running state could not be read (a busy or briefly unreachable server): look again later rather
    // than leave the session shown as running.
    if (!active) return 'running';
    // Busy is what the steps say; only the end of running is learned here. Still running (a tool, the next
    // step about to start): look again a little later, until it stops or its next event does this anew.
    if (active[sessionID]) return 'running';
    handlers.onEvent({ type: 'session.status', sessionID, status: { type: 'idle' } });
    return undefined;
  }
}

/** 2.x events that change a session's record without carrying it (packages/schema/src/session-event.ts, per docs/opencode-v2.md). */
// A fork: `session.forked {sessionID: <the new session>, parentID: <its source>, boundary}`, and no session.created
// (session-event.ts and session/projector.ts, v2 branch b6226260): the new session is read whole.
const RECORD_CHANGES = new Set(['session.usage.updated', 'session.renamed', 'session.moved', 'session.next.moved', 'session.forked']);

function sessionChangedBy(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const { type, data } = item as { type?: unknown; data?: { sessionID?: unknown } };
  if (typeof type !== 'string' || !RECORD_CHANGES.has(type)) return undefined;
  return typeof data?.sessionID === 'string' && data.sessionID ? data.sessionID : undefined;
}

/** Re-reads a session once its steps stop arriving for a moment, and again (less often) while it still runs. */
class SessionSettler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private disposed = false;

  constructor(private readonly refresh: (sessionID: string) => Promise<'running' | undefined>) {}

  schedule(sessionID: string, delay = SETTLE_DEBOUNCE_MS): void {
    clearTimeout(this.timers.get(sessionID));
    const timer = setTimeout(() => {
      this.timers.delete(sessionID);
      void this.refresh(sessionID).then(
        (state) => {
          if (state === 'running' && !this.disposed && !this.timers.has(sessionID))
            this.schedule(sessionID, Math.min(delay * 2, MAX_RECHECK_MS));
        },
        () => undefined,
      );
    }, delay);
    this.timers.set(sessionID, timer);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
