// What needs you, on every server: root sessions waiting for an answer, and those whose run ended since you last
// looked (unread; store/attention.ts has the rule). Looking is picking a session (the tree, Switch Session, the
// usage panel: the active session's pick); on OpenCode 2 it marks the run viewed on the server too (`view`), so the
// TUI and VS Code agree, and another client's view clears it here. 1.x records neither: when you looked, and when
// a run this extension saw end ended, are kept per user in the extension's storage. Kept up to date from the
// sessions model's frames, one root at a time: a frame recomputes only the roots of the sessions it changed.
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import type { ServerConnection } from '../../client/serverConnection';
import { createHash } from 'node:crypto';
import { MAX_MARKS, MarkBook, rootAttention, rootOf, type Attention, type Marks } from '../../store/attention';
import type { ActiveSession } from './activeSession';
import { Disposable } from '../../base/disposable';
import { MergedMemento, type OtherWindows } from '../host/sharedState';
import { sessionKey } from '../../store/sessionKey';
import type { SessionsChange, SessionsModel } from './sessionsModel';

const MARKS_KEY = 'opencodeSessions.seenSessions';
/** At most one notification per session in this long. */
export const NOTIFY_EVERY_MS = 60_000;
/** A pass over a server's roots gives the thread back after this long, and looks at the clock every so many roots. */
const SLICE_MS = 8;
const ROOTS_PER_CHECK = 32;

interface ServerPass {
  roots: string[];
  next: number;
}

export interface NeedsYou {
  connection: ServerConnection;
  sessionId: string;
  attention: Attention;
}

export interface AttentionChange {
  /** Per server, the roots whose attention changed. */
  readonly roots: ReadonlyMap<ServerConnection, ReadonlySet<string>>;
}

export class AttentionModel extends Disposable {
  private readonly emitter = this._register(new Emitter<AttentionChange>());
  readonly onDidChange = this.emitter.event;
  /** Per server, each root that needs you, and how. */
  private readonly needs = new Map<ServerConnection, Map<string, Attention>>();
  /**
   * When you last looked at each root, and when a run of it was seen to end (by a hash of the server's and root's
   * ids): shared by every window, so a look in one reads the session in all.
   */
  private readonly marks: MergedMemento<MarkBook>;
  /** Runs seen to end in each root's tree at its last recompute: one more is a run that ended now. */
  private readonly endsSeen = new Map<string, number>();
  private readonly notified = new Map<string, number>();
  private readonly save = this.ownTimer();
  /** Per server, the pass over all its roots still going (recomputeServer). */
  private readonly passes = new Map<ServerConnection, ServerPass>();

  constructor(
    private readonly sessions: SessionsModel,
    private readonly active: ActiveSession,
    memento: vscode.Memento,
    otherWindows: OtherWindows,
  ) {
    super();
    this.marks = new MergedMemento(memento, MARKS_KEY, {
      read: (stored) => new MarkBook(markHash, stored),
      merge: (mine, theirs) => mine.merged(theirs),
      holdsMore: (book, of) => book.holdsMore(of),
      toJSON: (book) => book.toJSON(),
    });
    this._register(otherWindows.onDidLook(() => this.lookAtOtherWindows()));
    this._register(sessions.onDidChange((change) => this.update(change)));
    this._register(active.onDidPick((ref) => ref && this.markSeenById(ref.serverId, ref.sessionId)));
    for (const connection of sessions.connections) this.recomputeServer(connection, new Map());
  }

  /** What the session's root needs from you (a sub-agent rolls up into its root: ask about the root). */
  of(connection: ServerConnection, sessionId: string): Attention | undefined {
    return this.needs.get(connection)?.get(sessionId);
  }

  /** Every root that needs you, waiting first. */
  all(): NeedsYou[] {
    const out: NeedsYou[] = [];
    for (const [connection, roots] of this.needs)
      for (const [sessionId, attention] of roots) out.push({ connection, sessionId, attention });
    return out.sort((a, b) => (a.attention === b.attention ? 0 : a.attention === 'waiting' ? -1 : 1));
  }

  counts(): { waiting: number; unread: number } {
    let waiting = 0;
    let unread = 0;
    for (const roots of this.needs.values())
      for (const a of roots.values())
        if (a === 'waiting') waiting++;
        else unread++;
    return { waiting, unread };
  }

  /** You looked at this session: its root is read, here and (OpenCode 2) on its server. */
  markSeen(connection: ServerConnection, sessionId: string): void {
    const root = rootOf(connection.sessions, sessionId);
    this.mark(connection, root, { seen: Date.now() });
    const record = connection.sessions.get(root);
    const idle = record?.info.time.idle;
    if (record && idle !== undefined && (record.info.time.viewed ?? -Infinity) < idle && connection.api.offers('markViewed'))
      void connection.api.markViewed(record.info, idle).catch(() => undefined);
    const moved = this.recompute(connection, [root]);
    if (moved.size) this.emitter.fire({ roots: new Map([[connection, moved]]) });
  }

  /** Every unread root on every server is read. */
  markAllRead(): void {
    for (const { connection, sessionId, attention } of this.all()) if (attention === 'unread') this.markSeen(connection, sessionId);
  }

  /** Whether a notification about this session may be shown now (one per session per minute); counts it if so. */
  mayNotify(connection: ServerConnection, sessionId: string, now = Date.now()): boolean {
    const key = sessionKey(connection.config.id, rootOf(connection.sessions, sessionId));
    const last = this.notified.get(key);
    if (last !== undefined && now - last < NOTIFY_EVERY_MS) return false;
    this.notified.set(key, now);
    if (this.notified.size > MAX_MARKS) this.notified.delete(this.notified.keys().next().value as string);
    return true;
  }

  private markSeenById(serverId: string, sessionId: string): void {
    const connection = this.sessions.connection(serverId);
    if (connection?.sessions.get(sessionId)) this.markSeen(connection, sessionId);
  }

  /** Another window marked roots (you looked there): every root again, as when a server connects. */
  private lookAtOtherWindows(): void {
    if (!this.marks.read()) return;
    const changed = new Map<ServerConnection, Set<string>>();
    for (const connection of this.sessions.connections) this.recomputeServer(connection, changed);
    if (changed.size) this.emitter.fire({ roots: changed });
  }

  private update(change: SessionsChange): void {
    const changed = new Map<ServerConnection, Set<string>>();
    for (const connection of [...this.needs.keys()])
      if (!this.sessions.connections.includes(connection)) {
        this.needs.delete(connection);
        this.passes.delete(connection);
      }
    for (const connection of change.states) this.recomputeServer(connection, changed);
    for (const [connection, storeChange] of change.sessions) {
      if (change.states.has(connection)) continue;
      const { sessions } = connection;
      const roots = new Set<string>();
      for (const id of [...storeChange.changed, ...storeChange.removed]) roots.add(sessions.get(id) ? rootOf(sessions, id) : id);
      for (const parent of storeChange.structure) if (parent) roots.add(rootOf(sessions, parent));
      const moved = this.recompute(connection, roots);
      if (moved.size) changed.set(connection, moved);
    }
    if (changed.size) this.emitter.fire({ roots: changed });
  }

  /**
   * Every root of the server again (it connected, or went offline): a slice of time now, the rest a slice per turn
   * after (each slice's moves fired on their own), so a server of many roots never holds the thread. A newer pass
   * over the same server takes over from an older one still going.
   */
  private recomputeServer(connection: ServerConnection, changed: Map<ServerConnection, Set<string>>): void {
    const roots = new Set<string>();
    for (const record of connection.sessions.roots()) roots.add(record.info.id);
    for (const id of this.needs.get(connection)?.keys() ?? []) roots.add(id);
    const pass = { roots: [...roots], next: 0 };
    this.passes.set(connection, pass);
    this.recomputeSlice(connection, pass, changed);
  }

  private recomputeSlice(connection: ServerConnection, pass: ServerPass, changed: Map<ServerConnection, Set<string>>): void {
    const started = performance.now();
    let moved = changed.get(connection);
    while (pass.next < pass.roots.length && performance.now() - started < SLICE_MS) {
      const end = Math.min(pass.roots.length, pass.next + ROOTS_PER_CHECK);
      for (const root of this.recompute(connection, pass.roots.slice(pass.next, end))) {
        if (!moved) changed.set(connection, (moved = new Set()));
        moved.add(root);
      }
      pass.next = end;
    }
    if (pass.next >= pass.roots.length) {
      this.passes.delete(connection);
      return;
    }
    setImmediate(() => {
      if (this.disposed || this.passes.get(connection) !== pass) return;
      if (!this.sessions.connections.includes(connection)) {
        this.passes.delete(connection);
        return;
      }
      const next = new Map<ServerConnection, Set<string>>();
      this.recomputeSlice(connection, pass, next);
      if (next.size) this.emitter.fire({ roots: next });
    });
  }

  /** The roots' attention again; the roots whose attention moved. */
  private recompute(connection: ServerConnection, roots: Iterable<string>): Set<string> {
    const moved = new Set<string>();
    // Only what is live counts: an offline server's sessions are the last known, not something that needs you now.
    const online = connection.state.kind === 'online';
    let needs = this.needs.get(connection);
    if (!needs) this.needs.set(connection, (needs = new Map<string, Attention>()));
    const picked = this.active.get();
    for (const root of roots) {
      const record = connection.sessions.get(root);
      if (record && online) this.watchEnd(connection, root);
      let attention =
        record && online ? rootAttention(connection.sessions, root, this.marks.value.get(connection.config.id, root)) : undefined;
      // The session you picked, ending while VS Code has focus: you saw it end.
      if (
        attention === 'unread' &&
        picked?.picked &&
        picked.connection === connection &&
        rootOf(connection.sessions, picked.record.info.id) === root &&
        vscode.window.state.focused
      ) {
        this.mark(connection, root, { seen: Date.now() });
        attention = undefined;
      }
      if (needs.get(root) === attention) continue;
      if (attention) needs.set(root, attention);
      else needs.delete(root);
      moved.add(root);
    }
    return moved;
  }

  /** A run in the root's tree ended since its last recompute (the store counts ends; 1.x records no end time). */
  private watchEnd(connection: ServerConnection, root: string): void {
    const { sessions } = connection;
    const key = sessionKey(connection.config.id, root);
    let ends = sessions.get(root)?.runsEnded ?? 0;
    for (const d of sessions.descendantsOf(root)) ends += d.runsEnded;
    const known = this.endsSeen.get(key) ?? 0;
    if (ends) this.endsSeen.set(key, ends);
    else this.endsSeen.delete(key);
    if (ends > known) this.mark(connection, root, { ended: Date.now() });
  }

  private mark(connection: ServerConnection, root: string, marks: Marks): void {
    this.marks.value.set(connection.config.id, root, marks);
    if (!this.save.pending) this.save.set(() => this.marks.write(), 1_000);
  }
}

/** A stored mark's key: 32 hex digits of sha256, whatever the ids' length. */
function markHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}
