// Sessions a budget paused, as plain data: what the extension stopped, why, in which order, and when it lets go.
// A pause is the extension's own promise to start the session again once the user raises the budget (or resumes it
// anyway); it ends when that happens, when the session is deleted, or the user lets the budget go. A prompt from
// another client while the budget still holds does not end it: the prompt is stopped and the pause stays (issue 73);
// one that comes once the budget no longer holds (raised in Settings, its window rolled over) ends it. Nothing is
// held that the extension did not stop itself, so nothing the user stopped is ever resumed. Kept as JSON in the
// extension's storage across restarts.
import type { BudgetName } from './budget';
import { Exemptions, type ExemptionsJson } from './pauseExemptions';
import {
  byTimeThenKey,
  MAX_ENDED,
  MAX_PAUSES,
  readPause,
  readStamps,
  storedForm,
  trimNewest,
  type PausedSession,
  type PausePhase,
} from './pausedSession';
export type { PausedSession, PausePhase };
export { MAX_PAUSES };
import { sessionKey } from './sessionKey';
import type { SessionRef } from './sessionRef';

/** Why a pause ended. */
export type ReleaseReason =
  /** Our resume started it again. */
  | 'resumed'
  /**
   * It ran again without our resume once its budget no longer held (raised, its window rolled over): the user
   * prompted it (or another client did), seen running or, when its server comes back, a record newer than the one
   * seen while it was stopped.
   */
  | 'prompted'
  /** Its server no longer lists it. */
  | 'gone'
  /** The user let the budget go (turned it off, or chose to leave the session stopped). */
  | 'released'
  /** The server did not stop it: it runs on. */
  | 'notStopped'
  /** Let go unresumed to keep the book within MAX_PAUSES (PauseBook.begin): it stays stopped. */
  | 'dropped'
  /**
   * Raised or resumed by the user, its run ended when it was paused (`ranOut`) or waits for the user's answer
   * (`waiting`): let go, nothing sent.
   */
  | 'lifted';

export interface Release {
  pause: PausedSession;
  reason: ReleaseReason;
}

/** What caused a pause: a budget past its limit. */
export interface PauseCause {
  budget: BudgetName;
  limit: number;
  spent: number;
}

/** What the server says of a paused session now (`waiting`: running, and a request of it waits on the user). */
export type SeenState = 'busy' | 'waiting' | 'idle' | 'gone';

/** A stored book past this many pauses is not one begin() kept: only its newest are read. */
export const MAX_STORED_PAUSES = 10 * MAX_PAUSES;
/** A resume whose run is not seen within this long (ms) did not start: the session is paused again, with why. */
export const RESUME_DEADLINE_MS = 60_000;
/** A record time further ahead than this is not believed (a server's clock, or a damaged record). */
const AHEAD_MS = 86_400_000;

/**
 * The stored form: a version, the next sequence number, the pauses and the trees resumed without raising; `stamps`
 * and `ended` say when each pause last changed and when ended ones ended (keys), so that two windows' books merge.
 */
export interface PauseBookJson extends ExemptionsJson {
  v: 1;
  seq: number;
  pauses: PausedSession[];
  stamps: Array<[string, number]>;
  ended: Array<[string, number]>;
}

export class PauseBook {
  private readonly pauses = new Map<string, PausedSession>();
  /** Task trees (root keys) resumed without raising. */
  readonly exemptions = new Exemptions(() => this.nextStamp());
  private seq = 0;
  /**
   * When each pause last changed, and when each ended pause ended (key → ms, this machine's clock, strictly rising in
   * a window): merging two windows' books keeps, per session, the newest of the two (see merge()).
   */
  private readonly stamps = new Map<string, number>();
  private readonly ended = new Map<string, number>();
  private last = 0;
  /** Stops the server answered that the session ran past (settled()): idle later is the run ending, not a pause. */
  private readonly lost = new Set<string>();

  /**
   * The book as stored (anything unreadable in it is left out: a damaged entry never stops the rest). After a
   * restart a resume that was in flight is not known to have started: paused again, so it may be sent again
   * (`afterRestart`); read live from another window, its resume is under way there and stays resuming.
   */
  static restore(saved: unknown, afterRestart = true): PauseBook {
    const book = new PauseBook();
    if (typeof saved !== 'object' || saved === null) return book;
    const stored = saved as Partial<Record<keyof PauseBookJson, unknown>>;
    const { seq, pauses, stamps, ended } = stored;
    const stampOf = readStamps(stamps, MAX_STORED_PAUSES);
    if (Array.isArray(pauses))
      // Stored in pause order: the newest last.
      for (const entry of pauses.slice(-MAX_STORED_PAUSES)) {
        const pause = readPause(entry, afterRestart);
        if (!pause) continue;
        const key = keyOf(pause);
        book.pauses.set(key, pause);
        // A book stored before stamps: its pauses as old as they are.
        book.stamps.set(key, stampOf.get(key) ?? Math.min(pause.at, Date.now()));
      }
    for (const [key, at] of readStamps(ended, MAX_ENDED * 1.5)) if (!book.pauses.has(key)) book.ended.set(key, at);
    for (const at of [...book.stamps.values(), ...book.ended.values()]) book.last = Math.max(book.last, at);
    // A resume paused again at this restart is a change: newer than another window's copy of it as resuming.
    if (afterRestart && Array.isArray(pauses))
      for (const entry of pauses.slice(-MAX_STORED_PAUSES))
        if ((entry as { phase?: unknown } | null)?.phase === 'resuming') {
          const pause = readPause(entry, false);
          if (pause && book.get(pause.serverId, pause.sessionId)?.phase === 'paused') book.stamp(keyOf(pause));
        }
    book.exemptions.read(stored);
    book.last = Math.max(book.last, book.exemptions.latest());
    const highest = Math.max(0, ...[...book.pauses.values()].map((p) => p.seq + 1));
    book.seq = typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= highest ? seq : highest;
    return book;
  }

  /** The same JSON for the same book, however it was made (merge() compares books by it). */
  toJSON(): PauseBookJson {
    const pauses = this.all().map(storedForm);
    return {
      v: 1,
      seq: this.seq,
      pauses,
      stamps: pauses.map((p) => [keyOf(p), this.stamps.get(keyOf(p)) ?? p.at]),
      ended: [...this.ended].sort(byTimeThenKey),
      ...this.exemptions.toJSON(),
    };
  }

  /**
   * This book and another window's copy of it as one: per session the newer of the two pauses, or its end where
   * that is newer; the sequence past both; the other's exemptions (they are changed by the window that acts). A
   * stale copy (a window that wrote before it saw this one's write) then neither brings back a pause that ended
   * nor loses one begun since. Exemptions (Resume Without Raising) merge the same way, per tree: a crossing write
   * loses neither window's.
   */
  merge(theirs: PauseBook): PauseBook {
    const out = new PauseBook();
    const keys = new Set([...this.pauses.keys(), ...theirs.pauses.keys(), ...this.ended.keys(), ...theirs.ended.keys()]);
    for (const key of keys) {
      const mine = this.pauses.get(key);
      const other = theirs.pauses.get(key);
      const mineAt = mine ? (this.stamps.get(key) ?? mine.at) : -Infinity;
      const otherAt = other ? (theirs.stamps.get(key) ?? other.at) : -Infinity;
      const endedAt = Math.max(this.ended.get(key) ?? -Infinity, theirs.ended.get(key) ?? -Infinity);
      // Equal stamps (two windows in one millisecond): the same pick in both, by content.
      const theirsWins =
        otherAt > mineAt ||
        (otherAt === mineAt &&
          other !== undefined &&
          mine !== undefined &&
          JSON.stringify(storedForm(other)) >= JSON.stringify(storedForm(mine)));
      const [pause, at] = theirsWins ? [other, otherAt] : [mine, mineAt];
      if (pause && at > endedAt) {
        out.pauses.set(key, { ...pause });
        out.stamps.set(key, at);
        // Known to this window only (not stored): kept while the stop it is about is still pausing.
        if (this.lost.has(key) && pause.phase === 'pausing') out.lost.add(key);
      } else if (endedAt > -Infinity) out.ended.set(key, endedAt);
    }
    trimNewest(out.ended);
    this.exemptions.mergeInto(theirs.exemptions, out.exemptions);
    out.seq = Math.max(this.seq, theirs.seq, ...[...out.pauses.values()].map((p) => p.seq + 1));
    out.last = Math.max(this.last, theirs.last);
    return out;
  }

  /** Whether two books hold the same (compared as stored). */
  sameAs(other: PauseBook): boolean {
    return JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
  }

  /** A time later than every one this book has seen. */
  private nextStamp(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }

  /** A pause's change, stamped. */
  private stamp(key: string): void {
    this.stamps.set(key, this.nextStamp());
  }

  get size(): number {
    return this.pauses.size;
  }

  has(key: string): boolean {
    return this.pauses.has(key);
  }

  get(serverId: string, sessionId: string): PausedSession | undefined {
    return this.pauses.get(sessionKey(serverId, sessionId));
  }

  /** Every pause, in the order they were made. */
  all(): PausedSession[] {
    // Two windows may give one sequence number each to a pause of theirs: the key settles the order, the same in both.
    return [...this.pauses.values()].sort((a, b) => a.seq - b.seq || (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  }

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
    const older = this.all().filter((p) => !batch.has(keyOf(p)));
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
      this.stamp(keyOf(pause));
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
          this.stamp(keyOf(pause));
        }
        return undefined;
      }
      if (pause.phase === 'paused' && holds) return void this.promptHeld(pause, updated);
      return this.release(pause, pause.phase === 'resuming' ? 'resumed' : 'prompted');
    }
    // A record time far ahead would stay the newest for good: a later run would never read as newer.
    if (updated !== undefined && !(updated <= Date.now() + AHEAD_MS)) updated = undefined;
    const key = keyOf(pause);
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
    this.stamp(keyOf(pause));
  }

  /** A resume is sent to these (paused ones only) at `now`, in the order they were paused: the order to send them in. */
  resuming(keys: ReadonlyArray<SessionRef>, now: number): PausedSession[] {
    const picked = keys.map((k) => this.get(k.serverId, k.sessionId)).filter((p): p is PausedSession => p?.phase === 'paused');
    for (const pause of picked) {
      pause.phase = 'resuming';
      pause.error = undefined;
      pause.resumedAt = now;
      this.stamp(keyOf(pause));
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
    this.stamp(keyOf(pause));
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
      .filter((p) => p.budget === budget && p.phase === 'pausing' && this.lost.has(keyOf(p)) && (spentNow(p) ?? p.spent) < limit)
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

  private release(pause: PausedSession, reason: ReleaseReason): Release {
    const key = keyOf(pause);
    this.pauses.delete(key);
    this.lost.delete(key);
    this.stamp(key);
    this.ended.set(key, this.stamps.get(key)!);
    this.stamps.delete(key);
    trimNewest(this.ended);
    return { pause, reason };
  }
}

function keyOf(pause: Pick<PausedSession, 'serverId' | 'sessionId'>): string {
  return sessionKey(pause.serverId, pause.sessionId);
}

/**
 * The sessions whose pause began, changed or ended between two readings of the book (another window wrote it),
 * each once.
 */
export function changedPauses(before: PauseBook, after: PauseBook): SessionRef[] {
  const was = new Map(before.all().map((p) => [keyOf(p), JSON.stringify(p)]));
  const changed = new Map<string, SessionRef>();
  for (const pause of after.all()) {
    const key = keyOf(pause);
    if (was.get(key) !== JSON.stringify(pause)) changed.set(key, { serverId: pause.serverId, sessionId: pause.sessionId });
    was.delete(key);
  }
  for (const pause of before.all())
    if (was.has(keyOf(pause))) changed.set(keyOf(pause), { serverId: pause.serverId, sessionId: pause.sessionId });
  return [...changed.values()];
}
