// The budget pauses that ended, from the stop to the end, for the Timeline's marks (store/pauseSpans.ts): kept in the
// extension's global state, so they outlive a reload and every window of the user shares them, merged.
import { pushTo } from '../../base/arrays';
import type * as vscode from 'vscode';
import type { Release } from '../../store/pauseRelease';
import { holdsMore, mergePauseSpans, pauseSpansJson, readPauseSpans, type EndedPause } from '../../store/pauseSpans';
import { sessionKey } from '../../store/sessionKey';
import type { PauseSpan } from '../../store/timeline/timelineLanes';
import { MergedMemento } from '../host/sharedState';

const SPANS_KEY = 'opencodeSessions.budgetPauseSpans';

export class EndedPauses {
  private readonly shared: MergedMemento<readonly EndedPause[]>;
  /** The list per session key, made when first asked after a change. */
  private bySession?: Map<string, PauseSpan[]>;

  constructor(memento: vscode.Memento) {
    this.shared = new MergedMemento(memento, SPANS_KEY, {
      read: readPauseSpans,
      merge: mergePauseSpans,
      holdsMore,
      toJSON: pauseSpansJson,
    });
  }

  /** The session's pauses that ended (in the time of the window that ended them), oldest end first, with why. */
  of(serverId: string, sessionId: string): ReadonlyArray<PauseSpan> {
    this.read();
    if (!this.bySession) {
      const by = new Map<string, PauseSpan[]>();
      for (const { serverId: server, sessionId: session, span } of this.shared.value) pushTo(by, sessionKey(server, session), span);
      this.bySession = by;
    }
    return this.bySession.get(sessionKey(serverId, sessionId)) ?? [];
  }

  /** Another window stored ended pauses (or this one's write came back): merged; what it lacks is stored again. */
  read(): void {
    if (this.shared.read()) this.bySession = undefined;
  }

  /** These pauses ended at `now`. */
  add(released: readonly Release[], now: number): void {
    if (!released.length) return;
    const spans = released.map(({ pause, reason }) => ({
      serverId: pause.serverId,
      sessionId: pause.sessionId,
      // A clock stepped back since the stop (or a book's start ahead of it): the span ends where it began.
      span: { start: Math.min(pause.at, now), end: now, why: { name: pause.budget, limit: pause.limit, ended: reason } },
    }));
    this.shared.read();
    this.shared.value = mergePauseSpans(this.shared.value, spans);
    this.bySession = undefined;
    this.shared.write();
  }
}
