// Sessions a budget paused, as every view reads them (the tree, the status bar, Switch Session, the badge,
// session_status): the book of pauses (store/budgetPause.ts), kept in the extension's global storage so it outlives
// VS Code and is shared by its windows, and checked against each server's own state as its sessions change and when
// it comes back. One window acts for all (ownerFile.ts): it alone pauses on a crossing and lets a pause go when the
// session runs again, but a server a window started itself is that window's to act on; a command acts in the
// window it is run in. A prompt from another client to a paused session while its budget holds keeps the pause
// (the budget feature stops it and says so once: `prompted` in the change). The budget feature acts on the servers;
// this holds what it did.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import { Disposable } from '../../base/disposable';
import { RecentList } from '../../base/recentList';
import type { ServerConnection } from '../../client/serverConnection';
import {
  changedPauses,
  MAX_PAUSES,
  PauseBook,
  RESUME_DEADLINE_MS,
  type PauseCause,
  type PausedSession,
  type Release,
  type SeenState,
} from '../../store/budgetPause';
import { rootOf } from '../../store/attention';
import { holdsMore, mergePauseSpans, pauseSpansJson, readPauseSpans, type EndedPause } from '../../store/pauseSpans';
import { sessionKey } from '../../store/sessionKey';
import type { PauseSpan } from '../../store/timeline/timelineLanes';
import type { SessionRef } from '../../store/sessionRef';
import type { BudgetName } from '../../store/budget';
import type { ExtensionLogger } from '../host/log';
import { showWarning } from '../host/notify';
import { OwnerFile } from '../servers/ownerFile';
import type { SessionsChange, SessionsModel } from '../sessions/sessionsModel';

const BOOK_KEY = 'opencodeSessions.budgetPauses';
/** The budget pauses that ended, for the Timeline (store/pauseSpans.ts): kept across a reload, shared by windows. */
const SPANS_KEY = 'opencodeSessions.budgetPauseSpans';
/**
 * How often a window looks at the book by itself (a memento read and an identity check): another window's writes
 * (VS Code's global state tells no one of them), resumes past their deadline.
 */
const LOOK_EVERY_MS = 3_000;

/** Where pauses are kept: the user's global state and folder, which every window of the user shares. */
export interface PauseStorage {
  memento: vscode.Memento;
  /** The owner file's folder. */
  folder: string;
}

export interface PausesChange {
  /** Sessions whose pause began, changed or ended. */
  readonly sessions: ReadonlyArray<SessionRef>;
  /** Pauses that ended now, with why. */
  readonly released: readonly Release[];
  /** Paused sessions another client prompted now while their budget holds: to be stopped, the pause kept. */
  readonly prompted?: readonly PausedSession[];
}

export class BudgetPauses extends Disposable {
  private readonly emitter = this._register(new Emitter<PausesChange>());
  readonly onDidChange = this.emitter.event;
  private book: PauseBook;
  /** The stored value last read or written: another window's write is a new value. */
  private stored: unknown;
  /** Names this window's writes: VS Code hands a window its own write back as a new value, to be ignored. */
  private readonly writer = randomUUID();
  /** How many times this window wrote the book: which of its writes a value handed back is. */
  private written = 0;
  private readonly owner: OwnerFile;
  /** Runs each held session had ended when its phase began: a run that came and went within a frame still counts. */
  private readonly runsAt = new Map<string, number>();
  /** Sessions another window's write changed, told to the views once the current call is done. */
  private readonly foreign = new Map<string, SessionRef>();
  private readonly tellTimer = this.ownTimer();
  /** The pauses that ended lately, newest last, with why (for tests and the log). */
  readonly released = new RecentList<Release>();
  /** The budget pauses that ended, from the stop to the end (the Timeline's marks), as stored and merged. */
  private ended: EndedPause[];
  /** The stored list last read or written: another window's write (or this one's handed back) is a new value. */
  private endedStored: unknown;
  /** `ended` per session key, made when first asked after a change. */
  private endedBySession?: Map<string, PauseSpan[]>;
  /** Whether this window showed the warning of pauses let go to stay bounded (sayDropped). */
  private droppedSaid = false;
  /** Whether a pause's budget still holds it (the budget feature says: its mode, limit and spend now). */
  private holds: (pause: PausedSession) => boolean = () => true;

  constructor(
    private readonly sessions: SessionsModel,
    readonly storage: PauseStorage,
    private readonly log: Pick<ExtensionLogger, 'info' | 'warn'>,
  ) {
    super();
    this.owner = new OwnerFile(storage.folder, 'budget-owner');
    this._register({ dispose: () => this.owner.release() });
    this.stored = storage.memento.get(BOOK_KEY);
    // A resume in flight is sent again after a restart; a window opened beside the one that acts reads it as that
    // window left it (its resume is under way there).
    this.book = PauseBook.restore(this.stored, this.owner.isMine());
    this.endedStored = storage.memento.get(SPANS_KEY);
    this.ended = readPauseSpans(this.endedStored);
    this._register(sessions.onDidChange((change) => this.sessionsChanged(change)));
    const look = setInterval(() => this.look(), LOOK_EVERY_MS);
    this._register({ dispose: () => clearInterval(look) });
  }

  /**
   * How to tell whether a pause's budget still holds (not raised past what is spent, its window not rolled over, still
   * set to pause): a prompt from another client then keeps the pause; else it ends the pause.
   */
  holdWhile(holds: (pause: PausedSession) => boolean): void {
    this.holds = holds;
  }

  /**
   * The session's budget pauses that ended (in the time of the window that ended them), oldest end first, with why:
   * the Timeline marks them, after a reload too.
   */
  pausesBefore(serverId: string, sessionId: string): ReadonlyArray<PauseSpan> {
    this.readSpans();
    if (!this.endedBySession) {
      const by = new Map<string, PauseSpan[]>();
      for (const { serverId: server, sessionId: session, span } of this.ended) {
        const key = sessionKey(server, session);
        let list = by.get(key);
        if (!list) by.set(key, (list = []));
        list.push(span);
      }
      this.endedBySession = by;
    }
    return this.endedBySession.get(sessionKey(serverId, sessionId)) ?? [];
  }

  /** Another window stored ended pauses (or this one's write came back): merged; what it lacks is stored again. */
  private readSpans(): void {
    const stored = this.storage.memento.get(SPANS_KEY);
    if (stored === this.endedStored) return;
    this.endedStored = stored;
    const theirs = readPauseSpans(stored);
    this.ended = mergePauseSpans(this.ended, theirs);
    this.endedBySession = undefined;
    if (holdsMore(this.ended, theirs)) this.writeSpans();
  }

  private addSpans(spans: readonly EndedPause[]): void {
    if (!spans.length) return;
    this.readSpans();
    this.ended = mergePauseSpans(this.ended, spans);
    this.endedBySession = undefined;
    this.writeSpans();
  }

  private writeSpans(): void {
    const value = pauseSpansJson(this.ended);
    this.endedStored = value;
    void this.storage.memento.update(SPANS_KEY, value);
  }

  /** Whether the pause holds now: not resuming, and its budget still holds it (holdWhile). */
  holdsNow(pause: PausedSession): boolean {
    return pause.phase !== 'resuming' && this.holds(pause);
  }

  /** Whether this window acts for every window on pauses (it holds the owner file, or just took it over). */
  acts(): boolean {
    return this.owner.isMine();
  }

  /**
   * Whether this window acts on a server's pauses: it acts for all, or the server is one it alone reaches — one it
   * started itself (each window starts its own, on a port of its own, and the acting window never sees it).
   */
  actsFor(connection: ServerConnection): boolean {
    return connection.config.origin === 'embedded' || this.acts();
  }

  of(serverId: string, sessionId: string): PausedSession | undefined {
    this.readStored();
    return this.book.get(serverId, sessionId);
  }

  /** Every pause, in the order they were made. */
  all(): PausedSession[] {
    this.readStored();
    return this.book.all();
  }

  /** Root sessions with a pause in their tree, each once, on servers now registered. */
  pausedRoots(): Array<{ connection: ServerConnection; rootId: string; pause: PausedSession }> {
    const seen = new Set<string>();
    const out: Array<{ connection: ServerConnection; rootId: string; pause: PausedSession }> = [];
    for (const pause of this.all()) {
      const connection = this.sessions.connection(pause.serverId);
      const key = sessionKey(pause.serverId, pause.rootId);
      if (!connection?.sessions.get(pause.sessionId) || seen.has(key)) continue;
      seen.add(key);
      out.push({ connection, rootId: pause.rootId, pause });
    }
    return out;
  }

  /** The paused sessions a budget now at `limit` lets go of, in pause order (book.lifted). */
  lifted(budget: BudgetName, limit: number, spentNow: (pause: PausedSession) => number | undefined): PausedSession[] {
    this.readStored();
    const ranPast = this.book.ranPastUnder(budget, limit, spentNow);
    if (ranPast.length) this.save(ranPast);
    return this.book.lifted(budget, limit, spentNow);
  }

  /** Every pause `budget` made, in pause order. */
  byBudget(budget: BudgetName): PausedSession[] {
    this.readStored();
    return this.book.byBudget(budget);
  }

  /** Task trees (root keys) the user let run past their budget. */
  exemptRoots(): ReadonlySet<string> {
    this.readStored();
    return this.book.exemptRoots();
  }

  /** The task trees running now (root keys): an exempt tree that stopped is exempt no more. */
  treesRunning(running: ReadonlySet<string>): void {
    if (this.book.treesRunning(running)) this.save([]);
  }

  /**
   * Pauses begin for these sessions (book.begin). `overflow`: those past MAX_PAUSES in this batch, which hold no
   * pause: to be stopped without one.
   */
  begin(
    sessions: ReadonlyArray<{ connection: ServerConnection; sessionId: string }>,
    cause: PauseCause,
  ): { begun: PausedSession[]; overflow: SessionRef[] } {
    this.readStored();
    const { begun, dropped, overflow } = this.book.begin(
      sessions.map(({ connection, sessionId }) => ({
        serverId: connection.config.id,
        sessionId,
        rootId: rootOf(connection.sessions, sessionId),
      })),
      cause,
      Date.now(),
    );
    this.save([...begun, ...dropped]);
    this.sayDropped(dropped);
    return { begun, overflow };
  }

  /**
   * Pauses the book let go to stay bounded: a stopped session no Raise will resume now must not go unsaid. Each
   * is logged; the warning is shown once a window (later ones would only repeat it).
   */
  private sayDropped(dropped: readonly Release[]): void {
    // One whose resume was sent runs again without its pause.
    const stopped = dropped.filter((r) => r.pause.phase !== 'resuming');
    for (const { pause } of stopped)
      this.log.warn(`Budget pause of ${pause.sessionId} (${pause.serverId}) let go: over ${MAX_PAUSES} pauses; it stays stopped.`);
    if (stopped.length && !this.droppedSaid) {
      this.droppedSaid = true;
      void showWarning(
        vscode.l10n.t(
          'OpenCode: more than {0} sessions are paused by budgets: the {1} paused longest were let go and stay stopped. Raise Budget and Resume… no longer resumes them; prompt them again to go on.',
          MAX_PAUSES,
          stopped.length,
        ),
      );
    }
  }

  /**
   * The server answered the stop. Paused once the store reads it idle, now or when its status event arrives: the
   * answer may come first, and a busy read then is the run being stopped, not the user starting it again.
   */
  stopped(connection: ServerConnection, sessionId: string): void {
    this.observe(connection, [sessionId]);
  }

  notStopped(connection: ServerConnection, sessionId: string): void {
    const release = this.book.notStopped(connection.config.id, sessionId);
    this.save(release ? [release] : []);
  }

  /** Marks these paused sessions resuming, in pause order: the order to send the resumes in. */
  resuming(pauses: ReadonlyArray<SessionRef>): PausedSession[] {
    this.readStored();
    const picked = this.book.resuming(pauses, Date.now());
    for (const pause of picked) this.runsAt.set(keyOf(pause), this.runsOf(pause));
    this.save(picked);
    return picked;
  }

  /** The resume sent at `sentAt` (its resumedAt; any when absent) failed: paused again, with why. */
  resumeFailed(pause: PausedSession, error: string, sentAt?: number): void {
    this.readStored();
    this.book.resumeFailed(pause.serverId, pause.sessionId, error, sentAt);
    this.save([pause]);
  }

  /** The user lets these go: they stay stopped and are no longer paused by a budget. */
  releaseAll(pauses: readonly PausedSession[]): void {
    this.readStored();
    this.save(this.book.releaseAll(pauses));
  }

  /** Resume Without Raising: the tree runs on past its budget until it stops. */
  exempt(pause: PausedSession): void {
    this.readStored();
    this.book.exempt(sessionKey(pause.serverId, pause.rootId));
    this.save([]);
  }

  /**
   * Resolves once none of these is still pausing (each stopped, or let go), or after `limitMs`: a notice then
   * says what was spent once the steps in flight ended. Resolves with those still pausing then whose session still
   * runs: the server answered their stop and they ran on (a lost stop), to be stopped again when they next spend.
   */
  settled(pauses: readonly PausedSession[], limitMs = 10_000): Promise<PausedSession[]> {
    const pending = () => pauses.filter((p) => this.book.get(p.serverId, p.sessionId)?.phase === 'pausing');
    const runningOn = () =>
      pending().filter((p) => {
        const record = this.sessions.connection(p.serverId)?.sessions.get(p.sessionId);
        return record !== undefined && record.status.type !== 'idle';
      });
    if (!pending().length) return Promise.resolve([]);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        listener.dispose();
        const lost = runningOn();
        for (const p of lost) this.book.ranPast(p.serverId, p.sessionId);
        resolve(lost);
      };
      const timer = setTimeout(done, limitMs);
      const listener = this.onDidChange(() => !pending().length && done());
    });
  }

  /**
   * Resumes this window acts on that were never seen to start by their deadline (RESUME_DEADLINE_MS): one whose
   * record moved ran unseen, the others are paused again with why (a late failure, a window that sent it and closed).
   */
  private look(): void {
    this.readStored();
    // Another window's crossing write lacks this one's ended pauses: stored again within a look, not at a Timeline read.
    this.readSpans();
    if (!this.book.size) return;
    const { released, failed } = this.book.resumesOverdue(Date.now(), (pause) => {
      const connection = this.sessions.connection(pause.serverId);
      if (!connection || connection.sessionsPhase !== 'online' || !this.actsFor(connection)) return undefined;
      return { updated: connection.sessions.get(pause.sessionId)?.info.time.updated };
    });
    for (const pause of failed) this.log.warn(`Budget pause of ${pause.sessionId} (${pause.serverId}): ${pause.error ?? ''}.`);
    if (released.length || failed.length) this.save([...released, ...failed]);
    if (failed.length)
      void showWarning(
        vscode.l10n.t(
          'OpenCode: {0} resumed sessions were not seen running within {1} seconds and are paused again; Raise Budget and Resume… tries again.',
          failed.length,
          RESUME_DEADLINE_MS / 1000,
        ),
      );
  }

  /** Another window wrote the book: read it again. */
  private readStored(): void {
    const stored = this.storage.memento.get(BOOK_KEY);
    if (stored === this.stored) return;
    const own = ownWrite(stored, this.writer);
    if (own === undefined) {
      this.stored = stored;
      const before = this.book;
      const theirs = PauseBook.restore(stored, false);
      // Written by a window of a version before stamps: taken as it is (as that version takes ours), not merged.
      if (!hasStamps(stored)) {
        this.book = theirs;
        this.tellSoon(changedPauses(before, this.book));
        return;
      }
      // Merged, not taken as it is: VS Code writes a window's whole global state at once, so another window writing
      // anything may hand back a book that has not seen this one's latest pauses or ends yet.
      this.book = before.merge(theirs);
      for (const key of this.runsAt.keys()) if (!this.book.has(key)) this.runsAt.delete(key);
      this.tellSoon(changedPauses(before, this.book));
      // What this window holds that the stored copy lacks is stored again (not told: this may run inside a read).
      if (!this.book.sameAs(theirs)) this.write();
      return;
    }
    // Our own write handed back: the book here is as new. VS Code may hand an older write back after a newer one
    // (seen: a book of two pauses kept after the last was let go); store the newest again, or other windows, and
    // this one after a restart, would read the older.
    if (own === this.written) {
      this.stored = stored;
      // Merged since with another window's book that this one's write had not seen (not written, being the same as
      // that one): a copy of this write handed back late would undo that merge in storage.
      if (!PauseBook.restore(stored, false).sameAs(this.book)) this.write();
    } else void this.storage.memento.update(BOOK_KEY, this.stored);
  }

  /**
   * Tells the views of another window's changes, later: a view reading the book while it draws must not be
   * told to draw again from inside that read.
   */
  private tellSoon(sessions: ReadonlyArray<SessionRef>): void {
    for (const s of sessions) this.foreign.set(keyOf(s), s);
    if (!this.foreign.size || this.tellTimer.pending) return;
    this.tellTimer.set(() => {
      const told = [...this.foreign.values()];
      this.foreign.clear();
      this.emitter.fire({ sessions: told, released: [] });
    }, 0);
  }

  private write(): void {
    this.written += 1;
    const value = { ...this.book.toJSON(), writer: this.writer, n: this.written };
    this.stored = value;
    void this.storage.memento.update(BOOK_KEY, value);
  }

  private save(changed: ReadonlyArray<SessionRef | Release>, prompted: readonly PausedSession[] = []): void {
    this.write();
    const released = changed.filter((c): c is Release => 'reason' in c);
    for (const r of released) {
      this.runsAt.delete(keyOf(r.pause));
      this.log.info(`Budget pause of ${r.pause.sessionId} (${r.pause.serverId}) ended: ${r.reason}.`);
    }
    this.released.addAll(released);
    const now = Date.now();
    this.addSpans(
      released.map(({ pause, reason }) => ({
        serverId: pause.serverId,
        sessionId: pause.sessionId,
        // A clock stepped back since the stop (or a book's start ahead of it): the span ends where it began.
        span: { start: Math.min(pause.at, now), end: now, why: { name: pause.budget, limit: pause.limit, ended: reason } },
      })),
    );
    const sessions = changed.map((c) => ('reason' in c ? c.pause : c)).map(({ serverId, sessionId }) => ({ serverId, sessionId }));
    this.emitter.fire({ sessions, released, ...(prompted.length && { prompted }) });
  }

  private sessionsChanged(change: SessionsChange): void {
    this.readStored();
    if (!this.book.size) return;
    for (const connection of change.states) if (connection.sessionsPhase === 'online') this.serverBack(connection);
    for (const [connection, storeChange] of change.sessions) {
      if (connection.sessionsPhase !== 'online') continue;
      const held = [...storeChange.changed, ...storeChange.removed].filter((id) => this.book.get(connection.config.id, id));
      if (held.length) this.observe(connection, held);
    }
  }

  /**
   * A server online again (a restart, VS Code opened), its listing complete: each of its pauses against what it
   * says now (one it no longer lists is gone, one whose record is newer than when it was seen stopped ran meanwhile).
   */
  private serverBack(connection: ServerConnection): void {
    this.observe(
      connection,
      this.book
        .all()
        .filter((p) => p.serverId === connection.config.id)
        .map((p) => p.sessionId),
      true,
    );
  }

  /**
   * What the store says now of these held sessions (`back`: its server's listing just came back). Only the window
   * that acts lets a pause go.
   */
  private observe(connection: ServerConnection, ids: readonly string[], back = false): void {
    this.apply(
      connection,
      ids.flatMap((id): Array<[string, SeenState, number?]> => {
        const record = connection.sessions.get(id);
        if (!record) return [[id, 'gone']];
        const pause = this.book.get(connection.config.id, id);
        const key = sessionKey(connection.config.id, id);
        const counted = this.runsAt.get(key);
        // A prompt already stopped under a holding pause, its run not ended yet: the same run, not another prompt.
        if (pause?.phase === 'paused' && counted !== undefined && record.runsEnded < counted) return [];
        // A run that began and ended between two frames reads idle: the count of ended runs says it ran.
        const ran = pause?.phase !== 'pausing' && counted !== undefined && record.runsEnded > counted;
        return [[id, ran || record.status.type !== 'idle' ? 'busy' : 'idle', record.info.time.updated]];
      }),
      back,
    );
  }

  private apply(connection: ServerConnection, seen: ReadonlyArray<[string, SeenState, number?]>, back: boolean): void {
    // Only the window that acts writes what it sees; the others read the book it keeps.
    if (!this.actsFor(connection)) return;
    const serverId = connection.config.id;
    const changed: Array<SessionRef | Release> = [];
    const prompted: PausedSession[] = [];
    for (const [sessionId, state, updated] of seen) {
      const before = this.book.get(serverId, sessionId);
      if (!before) continue;
      const { phase, seen: seenBefore, prompted: promptsBefore } = before;
      const release = this.book.observe(serverId, sessionId, state, updated, back, this.holds(before));
      if (release) changed.push(release);
      else if (before.prompted !== promptsBefore) {
        // Counted once: the run seen now ends once (a busy record's end is still to come).
        const record = connection.sessions.get(sessionId);
        this.runsAt.set(sessionKey(serverId, sessionId), (record?.runsEnded ?? 0) + (record && record.status.type !== 'idle' ? 1 : 0));
        prompted.push({ ...before });
        changed.push({ serverId, sessionId });
      } else if (before.seen !== seenBefore && before.phase === phase) changed.push({ serverId, sessionId });
      else if (before.phase !== phase) {
        this.runsAt.set(sessionKey(serverId, sessionId), connection.sessions.get(sessionId)?.runsEnded ?? 0);
        changed.push({ serverId, sessionId });
      } else if (!this.runsAt.has(sessionKey(serverId, sessionId)))
        this.runsAt.set(sessionKey(serverId, sessionId), connection.sessions.get(sessionId)?.runsEnded ?? 0);
    }
    if (changed.length) this.save(changed, prompted);
  }

  /** Ended runs of a held session's record now (0 when it is not listed). */
  private runsOf(pause: PausedSession): number {
    return this.sessions.connection(pause.serverId)?.sessions.get(pause.sessionId)?.runsEnded ?? 0;
  }
}

/** Whether a stored book says when each pause changed (written by this version or later). */
function hasStamps(stored: unknown): boolean {
  return typeof stored === 'object' && stored !== null && Array.isArray((stored as { stamps?: unknown }).stamps);
}

/** Which of this window's writes `stored` is (its count), or undefined when another window wrote it. */
function ownWrite(stored: unknown, writer: string): number | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const { writer: by, n } = stored as { writer?: unknown; n?: unknown };
  return by === writer && typeof n === 'number' ? n : undefined;
}

function keyOf(pause: Pick<PausedSession, 'serverId' | 'sessionId'>): string {
  return sessionKey(pause.serverId, pause.sessionId);
}
