// The budget pauses that ended, from the stop to the end, for the Timeline's marks (store/pauseSpans.ts): kept in the
// extension's global state, so they outlive a reload and every window of the user shares them, merged.
import { pushTo } from '../../base/arrays';
import type * as vscode from 'vscode';
import type { Release } from '../../store/budgetPause';
import { holdsMore, mergePauseSpans, pauseSpansJson, readPauseSpans, type EndedPause } from '../../store/pauseSpans';
import { sessionKey } from '../../store/sessionKey';
import type { PauseSpan } from '../../store/timeline/timelineLanes';

const SPANS_KEY = 'opencodeSessions.budgetPauseSpans';

export class EndedPauses {
  private ended: EndedPause[];
  /** The stored list last read or written: another window's write (or this one's handed back) is a new value. */
  private stored: unknown;
  /** `ended` per session key, made when first asked after a change. */
  private bySession?: Map<string, PauseSpan[]>;

  constructor(private readonly memento: vscode.Memento) {
    this.stored = memento.get(SPANS_KEY);
    this.ended = readPauseSpans(this.stored);
  }

  /** The session's pauses that ended (in the time of the window that ended them), oldest end first, with why. */
  of(serverId: string, sessionId: string): ReadonlyArray<PauseSpan> {
    this.read();
    if (!this.bySession) {
      const by = new Map<string, PauseSpan[]>();
      for (const { serverId: server, sessionId: session, span } of this.ended) pushTo(by, sessionKey(server, session), span);
      this.bySession = by;
    }
    return this.bySession.get(sessionKey(serverId, sessionId)) ?? [];
  }

  /** Another window stored ended pauses (or this one's write came back): merged; what it lacks is stored again. */
  read(): void {
    const stored = this.memento.get(SPANS_KEY);
    if (stored === this.stored) return;
    this.stored = stored;
    const theirs = readPauseSpans(stored);
    this.ended = mergePauseSpans(this.ended, theirs);
    this.bySession = undefined;
    if (holdsMore(this.ended, theirs)) this.write();
  }

  /** These pauses ended at `now`. */
  add(released: readonly Release[], now: number): void {
    if (!released.length) return;
    this.read();
    const spans = released.map(({ pause, reason }) => ({
      serverId: pause.serverId,
      sessionId: pause.sessionId,
      // A clock stepped back since the stop (or a book's start ahead of it): the span ends where it began.
      span: { start: Math.min(pause.at, now), end: now, why: { name: pause.budget, limit: pause.limit, ended: reason } },
    }));
    this.ended = mergePauseSpans(this.ended, spans);
    this.bySession = undefined;
    this.write();
  }

  private write(): void {
    const value = pauseSpansJson(this.ended);
    this.stored = value;
    void this.memento.update(SPANS_KEY, value);
  }
}
