// The turns of sessions that changed files, read on demand and kept per session until the session moves on
// (a new turn ends, a revert or unrevert): a row's Changes are read once it is shown, never on every token.
// Only the rows' figures are kept (in a byte-capped LRU); the patches are read again when a diff is opened.
import { mayHaveChanges, type SessionRecord } from '../../store/sessionRecord';
import type { Turn } from '../../store/turns';
import { ByteLru } from './byteLru';
import { figuresOf, netCounts, type NetCounts, type TurnFigures } from './fileChanges';
import { Emitter } from '../../base/emitter';
import type { ServerApi } from '../../client/serverApi';

/** Reads at most this many sessions at once, so a tree full of rows does not flood the server. */
const PARALLEL = 2;
/** A shown session not known to have changed files is read once anyway, if it was active this recently. */
const UNKNOWN_WITHIN_MS = 7 * 24 * 3600_000;
/** A read that failed is tried again after this long (once the row is shown again). */
const RETRY_MS = 60_000;
/** Patches up to this size in all are counted before the row first draws (a few ms at most). */
const SMALL_PATCHES = 200_000;
/** The figures of every session kept, at most (about 20 000 files' rows). */
const FIGURES_BYTES = 4_000_000;
/** A session's turns with their patches (a diff being opened) are kept this long, for the diff's other side. */
const PATCHES_MS = 30_000;

/** What a session's Changes rows are drawn from. */
export interface SessionFigures {
  turns: TurnFigures[];
  /** Net counts of files several turns changed, once worked out (after the figures first show). */
  net: NetCounts;
}

export interface ChangesSource {
  sessions: { get(id: string): SessionRecord | undefined };
  readonly label: string;
  /** Reads a session's turns; a server whose API offers no diffs shows no Changes. */
  readonly api: Pick<ServerApi, 'offers' | 'sessionTurns'>;
  /** Reads wait until the server is online (the tree redraws every row then). */
  readonly state?: { readonly kind: string };
}

interface Entry {
  version: string;
  loading?: string;
  /** Each read's number: an older read that ends last must not overwrite a newer one. */
  reads: number;
  failedAt?: number;
}

/**
 * What a session's changes depend on: a finished turn updates the session, a revert sets or clears `revert`,
 * and OpenCode adds each turn's files to its user message as they are known (seen live as `message.updated`).
 */
export function changesVersion(record: SessionRecord): string {
  let files = 0;
  for (const user of record.userMessages.values()) files += user.changedFiles ?? 0;
  return `${record.info.time.updated}\u0000${record.info.revert?.messageID ?? ''}\u0000${files}`;
}

const NONE: SessionFigures = { turns: [], net: new Map() };
let sourceCount = 0;

/** About what the figures take in memory: their strings and a few dozen bytes per object. */
function figuresBytes(turns: readonly TurnFigures[], netEntries: number): number {
  let bytes = 200 + netEntries * 300;
  for (const t of turns) {
    bytes += 120 + 2 * (t.sessionID.length + t.messageID.length);
    for (const f of t.files) bytes += 96 + 2 * f.path.length;
    for (const p of [...(t.tools?.files ?? []), ...(t.tools?.commands ?? [])]) bytes += 40 + 2 * p.length;
  }
  return bytes;
}

export class SessionChanges<S extends ChangesSource> {
  /** A session's turns arrived (or changed): its rows redraw. */
  private readonly loaded = new Emitter<{ source: S; sessionId: string }>();
  readonly onDidLoad = this.loaded.event;
  // Weak: a server dropped from the registry takes its entries with it.
  private readonly entries = new WeakMap<S, Map<string, Entry>>();
  /** The figures, by source and session. */
  readonly figuresKept = new ByteLru<string, SessionFigures>(FIGURES_BYTES);
  private readonly sourceKeys = new WeakMap<S, string>();
  /** Patches being read or just read for a diff, by source and session. */
  private readonly patches = new Map<string, { version: string; turns: Promise<Turn[]> }>();
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;

  constructor(private readonly onError: (source: S, sessionId: string, error: unknown) => void) {}

  /**
   * The session's figures as last read (undefined until read once). A session that moved on since is read again
   * in the background — only while it is not working, so a busy session is read when its turn is over.
   */
  figures(source: S, record: SessionRecord): SessionFigures | undefined {
    if (!source.api.offers('changes')) return NONE;
    const id = record.info.id;
    let bySession = this.entries.get(source);
    if (!bySession) this.entries.set(source, (bySession = new Map<string, Entry>()));
    const entry = bySession.get(id) ?? { version: '', reads: 0 };
    bySession.set(id, entry);
    const kept = this.figuresKept.get(this.key(source, id));
    if (!kept) entry.version = ''; // never read, or dropped from the cache: read (again)
    // Still connecting (a long listing's first page is shown while the rest loads) or offline: nothing is read
    // until the server is online, so hundreds of shown rows do not compete with the listing and the first paint.
    if (source.state && source.state.kind !== 'online') return kept;
    // Reading turns means reading every message: sessions known to have changed files are read (again when
    // they move on); others once, if recently active (OpenCode 1.18 reports no session-level totals to tell).
    if (!mayHaveChanges(record) && (kept !== undefined || entry.loading || Date.now() - record.lastActivity > UNKNOWN_WITHIN_MS))
      return kept ?? NONE;
    const version = changesVersion(record);
    const settled = record.status.type === 'idle' || kept === undefined;
    const failedLately = entry.failedAt !== undefined && Date.now() - entry.failedAt < RETRY_MS;
    if (entry.version !== version && entry.loading !== version && settled && !failedLately) this.load(source, record, entry, version);
    return kept;
  }

  /**
   * The session's turns with their patches, read from the server again (a diff is being opened); both sides of a
   * diff, and the files of a multi-file diff, share one read for a little while.
   */
  patchesOf(source: S, record: SessionRecord): Promise<Turn[]> {
    const key = this.key(source, record.info.id);
    const version = changesVersion(record);
    const known = this.patches.get(key);
    if (known?.version === version) return known.turns;
    const turns = source.api.sessionTurns(record.info);
    this.patches.set(key, { version, turns });
    const drop = () => this.patches.get(key)?.turns === turns && this.patches.delete(key);
    turns.then(() => setTimeout(drop, PATCHES_MS).unref?.(), drop);
    return turns;
  }

  /** Reads the session again now (after Revert or Unrevert, whose result the next read must show). */
  forget(source: S, sessionId: string): void {
    const entry = this.entries.get(source)?.get(sessionId);
    if (entry) entry.version = '';
    this.patches.delete(this.key(source, sessionId));
  }

  /** Drops what is kept of a deleted session. */
  forgetSession(source: S, sessionId: string): void {
    this.entries.get(source)?.delete(sessionId);
    this.figuresKept.delete(this.key(source, sessionId));
    this.patches.delete(this.key(source, sessionId));
  }

  private key(source: S, sessionId: string): string {
    let key = this.sourceKeys.get(source);
    if (key === undefined) this.sourceKeys.set(source, (key = String(++sourceCount)));
    return `${key}\u0000${sessionId}`;
  }

  private load(source: S, record: SessionRecord, entry: Entry, version: string): void {
    entry.loading = version;
    const read = ++entry.reads;
    this.queue.push(async () => {
      try {
        const turns = await source.api.sessionTurns(record.info);
        if (read !== entry.reads) return; // a newer read is under way
        const key = this.key(source, record.info.id);
        const figures = turns.map(figuresOf);
        const keep = (net: NetCounts) => {
          this.figuresKept.set(key, { turns: figures, net }, figuresBytes(figures, net.size));
          entry.version = version;
          entry.failedAt = undefined;
        };
        const settle = () => netCounts(turns, record.info.revert?.messageID);
        // Small patches are counted before the row draws; with big ones the row draws at once with the turns'
        // own counts, and the net counts (worked out in slices) follow.
        if (turns.reduce((n, t) => t.files.reduce((m, f) => m + (f.patchLength ?? f.patch.length), n), 0) <= SMALL_PATCHES) {
          const net = await settle();
          if (read !== entry.reads) return;
          keep(net);
        } else {
          keep(new Map());
          this.loaded.fire({ source, sessionId: record.info.id });
          const net = await settle();
          if (read !== entry.reads || !net.size) return;
          keep(net);
        }
        this.loaded.fire({ source, sessionId: record.info.id });
      } catch (err) {
        entry.failedAt = Date.now(); // tried again a minute later, when the row is shown; the log says why
        this.onError(source, record.info.id, err);
      } finally {
        if (entry.loading === version) entry.loading = undefined;
      }
    });
    this.next();
  }

  private next(): void {
    while (this.running < PARALLEL && this.queue.length) {
      const task = this.queue.shift()!;
      this.running += 1;
      void task().finally(() => {
        this.running -= 1;
        this.next();
      });
    }
  }
}
