// Sessions a budget paused, as plain data: what the extension stopped, why, in which order, and when it lets go.
// A pause is the extension's own promise to start the session again once the user raises the budget (or resumes it
// anyway); it ends when that happens, when the session is deleted, or the user lets the budget go. A prompt from
// another client while the budget still holds does not end it: the prompt is stopped and the pause stays (issue 73);
// one that comes once the budget no longer holds (raised in Settings, its window rolled over) ends it. Nothing is
// held that the extension did not stop itself, so nothing the user stopped is ever resumed. Stored and merged
// between windows by StoredPauseBook (storedPauseBook.ts).
import type { BudgetName } from './budget';
import { MAX_PAUSES, pauseKey, type PausedSession } from './pausedSession';
import type { Release } from './pauseRelease';
import { sessionKey } from './sessionKey';
import type { SessionRef } from './sessionRef';
import { StoredPauseBook } from './storedPauseBook';

/** What caused a pause: a budget past its limit. */
export interface PauseCause {
  budget: BudgetName;
  limit: number;
  spent: number;
}

/** What the server says of a paused session now (`waiting`: running, and a request of it waits on the user). */
export type SeenState = 'busy' | 'waiting' | 'idle' | 'gone';

/** A resume whose run is not seen within this long (ms) did not start: the session is paused again, with why. */
export const RESUME_DEADLINE_MS = 60_000;
/** A record time further ahead than this is not believed (a server's clock, or a damaged record). */
const AHEAD_MS = 86_400_000;

/** What a pause goes through: begun, seen stopped, held against prompts, resumed, lifted or let go. */
export class PauseBook extends StoredPauseBook {
  /**
   * The stop is sent to these running sessions for `cause`: each is pausing until its server says it stopped. A
   * session already held is left as it is (one pause per session, however many budgets it crosses), but one still
   * pausing is returned again: stopped again while it runs, its first stop was lost (the server answered it, and
   * the session ran on), and the stop is sent again. `dropped`: older pauses let go to keep the book bounded (bound()).
   * Only the first MAX_PAUSES of the batch are held: the rest (`overflow`) hold no pause (one still pausing is let
   * go, in `dropped`) and are stopped without one, never resumed. One that `waiting` on the user (a permission, a
   * question) spends nothing while it waits: it is paused as it is, not stopped (no stop is sent), its request kept.
   */
  begin(
    sessions: ReadonlyArray<SessionRef & { rootId: string; ranOut?: boolean; waiting?: boolean }>,
    cause: PauseCause,
    now: number,
  ): { begun: PausedSession[]; dropped: Release[]; overflow: SessionRef[] } {
    const begun: PausedSession[] = [];
    const batch = new Set<string>();
    const overflow: SessionRef[] = [];
    const letGo: Release[] = [];
    for (const { serverId, sessionId, rootId, ranOut, waiting } of sessions) {
      const key = sessionKey(serverId, sessionId);
      const held = this.pauses.get(key);
      // Listed twice in the batch: held once (`batch` names those begun, at most MAX_PAUSES).
      if (batch.has(key) || (held && held.phase !== 'pausing')) continue;
      if (begun.length >= MAX_PAUSES) {
        if (held) letGo.push(this.release(held, 'dropped'));
        overflow.push({ serverId, sessionId });
        continue;
      }
      batch.add(key);
      if (held) {
        // Its stop is sent again: idle after it is this stop's. Whether a run is left to resume is as it is now.
        this.lost.delete(key);
        if (ranOut) held.ranOut = true;
        else delete held.ranOut;
        // A lost stop's run now waits on the user: held there, no stop sent.
        if (waiting) Object.assign(held, { phase: 'paused', waiting: true });
        if (waiting) this.stamp(key);
        begun.push(held);
        continue;
      }
      const pause: PausedSession = {
        serverId,
        sessionId,
        rootId,
        ...cause,
        at: now,
        seq: this.seq++,
        phase: waiting ? 'paused' : 'pausing',
        ...(ranOut && !waiting && { ranOut: true as const }),
        ...(waiting && { waiting: true as const }),
      };
      this.pauses.set(key, pause);
      this.ended.delete(key);
      this.stamp(key);
      begun.push(pause);
    }
    return { begun, dropped: [...letGo, ...this.bound(batch)], overflow };
  }

  /**
   * Past MAX_PAUSES, older pauses go, never one of `batch` (at most MAX_PAUSES): its stop is on its way, and only
   * its pause would ever resume it. First those whose resume was sent (their session runs again without them),
   * then the oldest.
   */
  private bound(batch: ReadonlySet<string>): Release[] {
    const over = this.pauses.size - MAX_PAUSES;
    if (over <= 0) return [];
    const older = this.all().filter((p) => !batch.has(pauseKey(p)));
    const order = [...older.filter((p) => p.phase === 'resuming'), ...older.filter((p) => p.phase !== 'resuming')];
    return order.slice(0, over).map((p) => this.release(p, 'dropped'));
  }

  /**
   * The server answered the stop but the session runs on (a lost stop): it is stopped again when it next spends,
   * unless its budget is raised first (ranPastUnder()).
   */
  ranPast(serverId: string, sessionId: string): void {
    if (this.get(serverId, sessionId)?.phase === 'pausing') this.lost.add(sessionKey(serverId, sessionId));
  }

  /** The server refused the stop: nothing is paused, the session runs on. */
  notStopped(serverId: string, sessionId: string): Release | undefined {
    const pause = this.get(serverId, sessionId);
    return pause?.phase === 'pausing' ? this.release(pause, 'notStopped') : undefined;
  }

  /**
   * What the server says of a held session now, with its record time (`updated`: its `time.updated`). Pausing:
   * idle means stopped. Paused: running again means someone started it without us: while its budget `holds` the
   * pause stays (the caller stops the run, promptHeld counts it), else the pause ends. Resuming: running again is
   * our resume, and the pause ends. Gone: the pause ends whatever its phase.
   *
   * While stopped, the record time seen is kept (it moves as the server settles the stopped run, seen live). When
   * its server comes back (`back`: VS Code reopened, or the server reconnected), a newer record means it ran while
   * no window watched — the user prompted it from another client, or a resume in flight at a restart started it —
   * and the pause ends unless its budget holds: a later Raise must not send the continue prompt to a task that went
   * on without it.
   */
  observe(serverId: string, sessionId: string, state: SeenState, updated?: number, back = false, holds = false): Release | undefined {
    const pause = this.get(serverId, sessionId);
    if (!pause) return undefined;
    if (state === 'gone') return this.release(pause, 'gone');
    if (state === 'waiting') {
      // Paused as it waited on the user: still waiting, not a run. Otherwise a run, which is what waits.
      if (pause.waiting) return undefined;
      state = 'busy';
    }
    if (pause.waiting) {
      // Its request no longer waits, answered or dismissed (here or by another client; an answer does not lift the
      // pause): from now on a pause like any other. Idle: its run ended with the request, nothing to resume; running:
      // the answer's run, a prompt the pause holds while its budget does (stopped, to be resumed once lifted).
      delete pause.waiting;
      this.stamp(pauseKey(pause));
      if (state === 'idle') {
        pause.ranOut = true;
        if (updated !== undefined && updated <= Date.now() + AHEAD_MS) pause.seen = updated;
        return undefined;
      }
    }
    if (state === 'busy') {
      // Running while it is stopped: the stop cuts a run (a prompt that came, a step after a pause between two), which
      // a resume is to continue.
      if (pause.phase === 'pausing') {
        if (pause.ranOut) {
          delete pause.ranOut;
          this.stamp(pauseKey(pause));
        }
        return undefined;
      }
      if (pause.phase === 'paused' && holds) return void this.promptHeld(pause, updated);
      return this.release(pause, pause.phase === 'resuming' ? 'resumed' : 'prompted');
    }
    // A record time far ahead would stay the newest for good: a later run would never read as newer.
    if (updated !== undefined && !(updated <= Date.now() + AHEAD_MS)) updated = undefined;
    const key = pauseKey(pause);
    if (pause.phase === 'pausing') {
      pause.phase = 'paused';
      if (updated !== undefined) pause.seen = updated;
      this.stamp(key);
      return undefined;
    }
    const newer = updated !== undefined && pause.seen !== undefined && updated > pause.seen;
    // Ran while no window watched, and stopped since (the plugin refused it, or it ended): the pause still holds.
    if (back && newer && pause.phase === 'paused' && holds) return void this.promptHeld(pause, updated);
    if (back && newer) return this.release(pause, pause.phase === 'resuming' ? 'resumed' : 'prompted');
    if (pause.phase === 'paused' && updated !== undefined && (pause.seen === undefined || newer)) {
      pause.seen = updated;
      this.stamp(key);
    }
    return undefined;
  }

  /**
   * Another client prompted a paused session while its budget holds: the pause stays (the caller stops the prompt),
   * counted, so that the first is said once.
   */
  private promptHeld(pause: PausedSession, updated: number | undefined): void {
    pause.prompted = (pause.prompted ?? 0) + 1;
    // The prompt stopped is what a resume then continues: not a pause with nothing to resume any more.
    delete pause.ranOut;
    pause.promptedAt = Date.now();
    if (updated !== undefined && updated <= Date.now() + AHEAD_MS && (pause.seen === undefined || updated > pause.seen))
      pause.seen = updated;
    this.stamp(pauseKey(pause));
  }

  /** A resume is sent to these (paused ones only) at `now`, in the order they were paused: the order to send them in. */
  resuming(keys: ReadonlyArray<SessionRef>, now: number): PausedSession[] {
    const picked = keys.map((k) => this.get(k.serverId, k.sessionId)).filter((p): p is PausedSession => p?.phase === 'paused');
    for (const pause of picked) {
      pause.phase = 'resuming';
      pause.error = undefined;
      pause.resumedAt = now;
      this.stamp(pauseKey(pause));
    }
    return picked.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Resumes sent RESUME_DEADLINE_MS or more before `now` whose run was never seen (a failure the server reported
   * late, a window that sent it and closed). `read` says what its server lists now (`updated`: its `time.updated`),
   * or undefined to leave it for now (not this window's to judge, its server away). One whose record is newer than
   * the one seen while it was stopped ran unseen: the pause ends as resumed. The others are paused again, with why,
   * so that Raise or Resume can send them again.
   */
  resumesOverdue(
    now: number,
    read: (pause: PausedSession) => { updated?: number } | undefined,
  ): { released: Release[]; failed: PausedSession[] } {
    const released: Release[] = [];
    const failed: PausedSession[] = [];
    for (const pause of this.all()) {
      const sent = pause.resumedAt ?? -Infinity;
      // One sent in the future (another window's clock, a clock set back) would otherwise never be due.
      if (pause.phase !== 'resuming' || !(now - sent >= RESUME_DEADLINE_MS || sent > now + RESUME_DEADLINE_MS)) continue;
      const listed = read(pause);
      if (!listed) continue;
      if (listed.updated !== undefined && pause.seen !== undefined && listed.updated > pause.seen)
        released.push(this.release(pause, 'resumed'));
      else {
        this.resumeFailed(pause.serverId, pause.sessionId, `it was not seen running within ${RESUME_DEADLINE_MS / 1000} s of the resume`);
        failed.push(pause);
      }
    }
    return { released, failed };
  }

  /**
   * The resume failed: still paused, with why. Its tree's exemption (Resume Without Raising) ends unless the tree was
   * seen running: no run began that it was meant for, and the user's own next run must count against the budget.
   * `sentAt`: only the resume sent then (a failure told late is not a later resume's).
   */
  resumeFailed(serverId: string, sessionId: string, error: string, sentAt?: number): void {
    const pause = this.get(serverId, sessionId);
    if (pause?.phase !== 'resuming' || (sentAt !== undefined && pause.resumedAt !== sentAt)) return;
    pause.phase = 'paused';
    pause.error = error;
    delete pause.resumedAt;
    this.stamp(pauseKey(pause));
    this.exemptions.resumeFailed(sessionKey(serverId, pause.rootId));
  }

  /**
   * The pauses a budget now set to `limit` lets go of: paused by it, and spending less than that now (`spentNow`:
   * what counts against it now; undefined when unknown, read as what was spent at the pause). In pause order.
   */
  lifted(budget: BudgetName, limit: number, spentNow: (pause: PausedSession) => number | undefined): PausedSession[] {
    if (!(limit > 0)) return [];
    return this.all().filter((p) => p.budget === budget && p.phase === 'paused' && (spentNow(p) ?? p.spent) < limit);
  }

  /**
   * Lost stops (ranPast()) of `budget` that its new `limit` no longer calls for: let go, or their run, ending by
   * itself, would read as a pause and a later Raise would prompt a task that finished.
   */
  ranPastUnder(budget: BudgetName, limit: number, spentNow: (pause: PausedSession) => number | undefined): Release[] {
    if (!(limit > 0)) return [];
    return this.all()
      .filter((p) => p.budget === budget && p.phase === 'pausing' && this.lost.has(pauseKey(p)) && (spentNow(p) ?? p.spent) < limit)
      .map((p) => this.release(p, 'notStopped'));
  }

  /** Every pause made by `budget` (the user turned it off), in pause order. */
  byBudget(budget: BudgetName): PausedSession[] {
    return this.all().filter((p) => p.budget === budget);
  }

  /** The user lets these go without resuming them (they stay stopped). */
  releaseAll(pauses: readonly PausedSession[], reason: 'released' | 'lifted' = 'released'): Release[] {
    return pauses.flatMap((p) => {
      const held = this.get(p.serverId, p.sessionId);
      return held ? [this.release(held, reason)] : [];
    });
  }
}
