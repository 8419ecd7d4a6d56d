// Sessions a budget paused, as every view reads them (the tree, the status bar, Switch Session, the badge,
// session_status): the book of pauses every window shares (sharedPauseBook.ts), checked against each server's own
// state as its sessions change and when it comes back (heldRuns.ts), and those that ended (endedPauses.ts). One
// window acts for all (ownerFile.ts): it alone pauses on a crossing and lets a pause go when the session runs again,
// but a server a window started itself is that window's to act on; a command acts in the window it is run in. A
// prompt from another client to a paused session while its budget holds keeps the pause (the budget feature stops
// it: `prompted` in the change). The budget feature acts on the servers; this holds what it did.
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import { Disposable } from '../../base/disposable';
import type { ServerConnection } from '../../client/serverConnection';
import { RESUME_DEADLINE_MS, type PauseBook, type PauseCause } from '../../store/pauseBook';
import type { Release } from '../../store/pauseRelease';
import { MAX_PAUSES, type PausedSession } from '../../store/pausedSession';
import { rootOf } from '../../store/attention';
import { sessionKey } from '../../store/sessionKey';
import type { SessionRef } from '../../store/sessionRef';
import type { BudgetName } from '../../store/budget';
import type { ExtensionLogger } from '../host/log';
import { showWarning } from '../host/notify';
import { OwnerFile } from '../../base/node/ownerFile';
import type { SessionsChange, SessionsModel } from '../sessions/sessionsModel';
import type { MarkedRoot } from '../sessions/sessionDecorations';
import { EndedPauses } from './endedPauses';
import { HeldRuns, heldOf, pausedRoots, waitsOnUser } from './heldRuns';
import { SharedPauseBook } from './sharedPauseBook';
import type { OtherWindows } from '../host/sharedState';

/** Where pauses are kept: the user's global state and folder, which every window of the user shares. */
export interface PauseStorage {
  memento: vscode.Memento;
  /** The owner file's folder. */
  folder: string;
  /** The look at what other windows wrote; also when resumes past their deadline are found. */
  otherWindows: OtherWindows;
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
  private readonly shared: SharedPauseBook;
  private readonly owner: OwnerFile;
  private readonly runs: HeldRuns;
  /** Sessions another window's write changed, told to the views once the current call is done. */
  private readonly foreign = new Map<string, SessionRef>();
  private readonly tellTimer = this.ownTimer();
  /** The pauses that ended, for the Timeline. */
  readonly ended: EndedPauses;
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
    this.shared = new SharedPauseBook(storage.memento, this.owner.isMine());
    this.runs = new HeldRuns(sessions);
    this.ended = new EndedPauses(storage.memento);
    this._register(sessions.onDidChange((change) => this.sessionsChanged(change)));
    this._register(storage.otherWindows.onDidLook(() => this.look()));
  }

  /**
   * How to tell whether a pause's budget still holds (not raised past what is spent, its window not rolled over, still
   * set to pause): a prompt from another client then keeps the pause; else it ends the pause.
   */
  holdWhile(holds: (pause: PausedSession) => boolean): void {
    this.holds = holds;
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
    return this.current().get(serverId, sessionId);
  }

  /** Every pause, in the order they were made. */
  all(): PausedSession[] {
    return this.current().all();
  }

  /** Root sessions with a pause in their tree, each once, on servers now registered. */
  pausedRoots(): MarkedRoot[] {
    return pausedRoots(this.all(), (serverId) => this.sessions.connection(serverId));
  }

  /** The paused sessions a budget now at `limit` lets go of, in pause order (book.lifted). */
  lifted(budget: BudgetName, limit: number, spentNow: (pause: PausedSession) => number | undefined): PausedSession[] {
    const ranPast = this.current().ranPastUnder(budget, limit, spentNow);
    if (ranPast.length) this.save(ranPast);
    return this.shared.book.lifted(budget, limit, spentNow);
  }

  /** Every pause `budget` made, in pause order. */
  byBudget(budget: BudgetName): PausedSession[] {
    return this.current().byBudget(budget);
  }

  /** Task trees (root keys) the user let run past their budget. */
  exemptRoots(): ReadonlySet<string> {
    return this.current().exemptions.roots();
  }

  /** The task trees running now (root keys): an exempt tree that stopped is exempt no more. */
  treesRunning(running: ReadonlySet<string>): void {
    if (this.shared.book.exemptions.treesRunning(running)) this.save([]);
  }

  /**
   * Pauses begin for these sessions (book.begin). `overflow`: those past MAX_PAUSES in this batch, which hold no
   * pause: to be stopped without one.
   */
  begin(
    sessions: ReadonlyArray<{ connection: ServerConnection; sessionId: string }>,
    cause: PauseCause,
  ): { begun: PausedSession[]; overflow: SessionRef[] } {
    const { begun, dropped, overflow } = this.current().begin(
      sessions.map(({ connection, sessionId }) => ({
        serverId: connection.config.id,
        sessionId,
        rootId: rootOf(connection.sessions, sessionId),
        // Idle as its pause begins: its run ended between two checks, and there is nothing to resume.
        ranOut: connection.sessions.get(sessionId)?.status.type === 'idle',
        // Waiting on the user: paused as it is, its request kept (it spends nothing until answered).
        waiting: waitsOnUser(connection.sessions.get(sessionId)),
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
    const release = this.shared.book.notStopped(connection.config.id, sessionId);
    this.save(release ? [release] : []);
  }

  /** Marks these paused sessions resuming, in pause order: the order to send the resumes in. */
  resuming(pauses: ReadonlyArray<SessionRef>): PausedSession[] {
    const picked = this.current().resuming(pauses, Date.now());
    for (const pause of picked) this.runs.resuming(pause);
    this.save(picked);
    return picked;
  }

  /** The resume sent at `sentAt` (its resumedAt; any when absent) failed: paused again, with why. */
  resumeFailed(pause: PausedSession, error: string, sentAt?: number): void {
    this.current().resumeFailed(pause.serverId, pause.sessionId, error, sentAt);
    this.save([pause]);
  }

  /**
   * The user lets these go: they stay stopped and are no longer paused by a budget (`lifted`: raised or resumed,
   * their run had ended when they were paused).
   */
  releaseAll(pauses: readonly PausedSession[], reason?: 'released' | 'lifted'): void {
    this.save(this.current().releaseAll(pauses, reason));
  }

  /** The pause that holds this session as it waits on the user (its request kept), if one does. */
  waitingPause(connection: ServerConnection, sessionId: string): PausedSession | undefined {
    const pause = this.current().get(connection.config.id, sessionId);
    return pause?.waiting ? pause : undefined;
  }

  /** Resume Without Raising: the tree runs on past its budget until it stops. */
  exempt(pause: PausedSession): void {
    this.current().exemptions.add(sessionKey(pause.serverId, pause.rootId));
    this.save([]);
  }

  /**
   * Resolves once none of these is still pausing (each stopped, or let go), or after `limitMs`: a notice then
   * says what was spent once the steps in flight ended. Resolves with those still pausing then whose session still
   * runs: the server answered their stop and they ran on (a lost stop), to be stopped again when they next spend.
   */
  settled(pauses: readonly PausedSession[], limitMs = 10_000): Promise<PausedSession[]> {
    const pending = () => pauses.filter((p) => this.shared.book.get(p.serverId, p.sessionId)?.phase === 'pausing');
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
        for (const p of lost) this.shared.book.ranPast(p.serverId, p.sessionId);
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
    const book = this.current();
    // Another window's crossing write lacks this one's ended pauses: stored again within a look, not at a Timeline read.
    this.ended.read();
    if (!book.size) return;
    const { released, failed } = book.resumesOverdue(Date.now(), (pause) => {
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

  /** The book, read again first if another window wrote it. */
  private current(): PauseBook {
    const read = this.shared.read();
    if (read?.merged) this.runs.forgetGone(this.shared.book);
    if (read) this.tellSoon(read.changed);
    return this.shared.book;
  }

  /** Tells the views of another window's changes later: a view reading the book as it draws is not told to draw then. */
  private tellSoon(sessions: ReadonlyArray<SessionRef>): void {
    for (const s of sessions) this.foreign.set(sessionKey(s.serverId, s.sessionId), s);
    if (!this.foreign.size || this.tellTimer.pending) return;
    this.tellTimer.set(() => {
      const told = [...this.foreign.values()];
      this.foreign.clear();
      this.emitter.fire({ sessions: told, released: [] });
    }, 0);
  }

  private save(changed: ReadonlyArray<SessionRef | Release>, prompted: readonly PausedSession[] = []): void {
    this.shared.write();
    const released = changed.filter((c): c is Release => 'reason' in c);
    for (const r of released) {
      this.runs.ended(r.pause);
      this.log.info(`Budget pause of ${r.pause.sessionId} (${r.pause.serverId}) ended: ${r.reason}.`);
    }
    this.ended.add(released, Date.now());
    const sessions = changed.map((c) => ('reason' in c ? c.pause : c)).map(({ serverId, sessionId }) => ({ serverId, sessionId }));
    this.emitter.fire({ sessions, released, ...(prompted.length && { prompted }) });
  }

  private sessionsChanged(change: SessionsChange): void {
    if (!this.current().size) return;
    for (const connection of change.states) if (connection.sessionsPhase === 'online') this.serverBack(connection);
    for (const [connection, storeChange] of change.sessions) {
      if (connection.sessionsPhase !== 'online') continue;
      const held = heldOf(this.shared.book, connection.config.id, storeChange);
      if (held.length) this.observe(connection, held);
    }
  }

  /**
   * A server online again (a restart, VS Code opened), its listing complete: each of its pauses against what it
   * says now (one it no longer lists is gone, one whose record is newer than when it was seen stopped ran meanwhile).
   */
  private serverBack(connection: ServerConnection): void {
    const ids = this.shared.book.all().flatMap((p) => (p.serverId === connection.config.id ? [p.sessionId] : []));
    this.observe(connection, ids, true);
  }

  /** What the store says now of these held sessions (`back`: its server's listing just came back). */
  private observe(connection: ServerConnection, ids: readonly string[], back = false): void {
    // Only the window that acts writes what it sees (and lets a pause go); the others read the book it keeps.
    if (!this.actsFor(connection)) return;
    const { changed, prompted } = this.runs.observe(this.shared.book, connection, ids, back, this.holds);
    if (changed.length) this.save(changed, prompted);
  }
}
