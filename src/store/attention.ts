// What a session needs from you, for a root session and everything below it (sub-agents roll up into their root):
// `waiting` while something in it waits for an answer; `unread` once a run in it ended (finished, failed or was
// interrupted) after you last looked. When you last looked is the later of this extension's own mark and, on
// OpenCode 2, the server's `time.viewed` (any client's view: packages/schema/src/session.ts@1066927, whose
// `time.idle` is when a run last ended). A title or a rename after a run is not a run: only ends count.
import type { SessionReader } from './sessionReader';
import { requestCount, type SessionRecord } from './sessionRecord';

export type Attention = 'waiting' | 'unread';

/** Whether it runs now (working, retrying) or waits for an answer: no run of it has ended for good yet. */
export function isLive(record: SessionRecord): boolean {
  return record.status.type !== 'idle' || requestCount(record) > 0;
}

/** What the extension itself knows of a root: when you last looked, and when it saw a run of it end. */
export interface Marks {
  seen?: number;
  ended?: number;
}

/** How long after the server records a run's end the extension may see it (events, frames, a slow stream). */
const SIGHTING_LAG_MS = 10_000;

/**
 * The root's attention. A run ended when the server says so (OpenCode 2's `time.idle`, of the root or a sub-agent)
 * or, where the server keeps no such time (1.x), when the extension saw it end (`marks.ended`); it is unread when that is after you last
 * looked (`marks.seen`, or the server's `time.viewed`). Nothing ended that anyone knows of: read.
 */
export function rootAttention(reader: SessionReader, rootId: string, marks: Marks = {}): Attention | undefined {
  const root = reader.get(rootId);
  if (!root) return undefined;
  // One walk of the tree for both: whether anything in it waits, and the latest end the server recorded.
  let waiting = requestCount(root) > 0;
  let serverEnded = root.info.time.idle ?? -Infinity;
  for (const child of reader.descendantsOf(rootId)) {
    if (requestCount(child) > 0) waiting = true;
    else if (!isLive(child)) serverEnded = Math.max(serverEnded, child.info.time.idle ?? -Infinity);
  }
  if (waiting) return 'waiting';
  if (isLive(root) || root.info.time.archived !== undefined) return undefined;
  // The server's time wins where it keeps one: the extension sees a run end a moment after the server recorded it, so
  // its own sighting would outlast another client's view of that very run (`view {idle}` sets `time.viewed` to it).
  // A sighting well after the server's time is a later run whose end the record does not show yet: that counts.
  const sighted = marks.ended ?? -Infinity;
  const ended = serverEnded !== -Infinity && sighted <= serverEnded + SIGHTING_LAG_MS ? serverEnded : sighted;
  const lookedAt = Math.max(marks.seen ?? -Infinity, root.info.time.viewed ?? -Infinity);
  return ended !== -Infinity && ended > lookedAt ? 'unread' : undefined;
}

/** The root a session rolls up into on its server (itself when it has no parent there). */
export function rootOf(reader: SessionReader, sessionId: string): string {
  let id = sessionId;
  for (let depth = 0; depth < 1_000; depth++) {
    const parent = reader.parentOf(id);
    if (!parent) return id;
    id = parent;
  }
  return id;
}

/** Marks kept (the newest): a user with more root sessions than this sees the oldest ones' first sight again. */
export const MAX_MARKS = 5_000;
/**
 * The longest key of an older version's marks (`serverId\0rootId` itself) read back: hashing 5 000 keys of 10 KB
 * ids held the thread; a root whose id is longer than any OpenCode makes shows its first sight once more instead.
 */
export const MAX_OLD_KEY = 512;
/** Roots whose key (the hash) is remembered: each is hashed once, not at every recompute. */
const MAX_REMEMBERED_KEYS = 100_000;
/** A stored key: a hash of the server's id and the root's, in hex. */
const KEY = /^[0-9a-f]{32}$/;

/**
 * The marks of every root on every server, as they are kept in the extension's storage: by a hash of the server's
 * and the root's ids (a server's ids may be of any length: 10 KB ids made every save 50 MB), the newest MAX_MARKS.
 * `hash` makes the 32 hex digits (sha256 where it runs: this module runs in the webview too, without node:crypto).
 * A root's key is made once (a hash reads the whole id) and remembered; nothing is hashed while no mark is kept.
 */
export class MarkBook {
  private readonly marks = new Map<string, Marks>();
  /** Per server, each root's key as made before (the ids are the ones the store holds: no copies). */
  private keys = new Map<string, Map<string, string>>();
  private remembered = 0;

  constructor(
    private readonly hash: (text: string) => string,
    saved?: unknown,
  ) {
    if (typeof saved !== 'object' || saved === null) return;
    // Older versions kept `serverId\0rootId` itself: hashed as the key is now (up to MAX_OLD_KEY characters each,
    // so at most MAX_MARKS × MAX_OLD_KEY are hashed here). The newest are last.
    const entries = Object.entries(saved as Record<string, unknown>);
    for (let i = Math.max(0, entries.length - MAX_MARKS); i < entries.length; i++) {
      const [key, value] = entries[i];
      const marks = marksOf(value);
      if (!marks) continue;
      if (KEY.test(key)) this.marks.set(key, marks);
      else if (key.length <= MAX_OLD_KEY) this.marks.set(this.hash(key), marks);
    }
  }

  get size(): number {
    return this.marks.size;
  }

  get(serverId: string, rootId: string): Marks | undefined {
    return this.marks.size ? this.marks.get(this.keyOf(serverId, rootId)) : undefined;
  }

  /** Adds to the root's marks; it becomes the newest, and the oldest beyond MAX_MARKS goes. */
  set(serverId: string, rootId: string, marks: Marks): void {
    const key = this.keyOf(serverId, rootId);
    const known = this.marks.get(key);
    this.marks.delete(key);
    this.marks.set(key, { ...known, ...marks });
    if (this.marks.size > MAX_MARKS) this.marks.delete(this.marks.keys().next().value as string);
  }

  /**
   * This book with another window's looks (each root's later `seen`), the newest MAX_MARKS by their look, then by key:
   * the looks kept are the same whichever window merges. Ends stay this window's own sightings: another window that
   * saw an end late (its stream reconnecting) would make a session unread again where you had just looked.
   */
  merged(theirs: MarkBook): MarkBook {
    const all = new Map(this.marks);
    for (const [key, marks] of theirs.marks) {
      if (marks.seen === undefined) continue;
      const mine = all.get(key);
      all.set(key, { ...mine, seen: Math.max(marks.seen, mine?.seen ?? -Infinity) });
    }
    const newest = [...all].sort(([ka, a], [kb, b]) => (a.seen ?? -Infinity) - (b.seen ?? -Infinity) || (ka < kb ? -1 : ka > kb ? 1 : 0));
    const book = new MarkBook(this.hash);
    // The same ids hash to the same keys: what was remembered still holds.
    book.keys = this.keys;
    book.remembered = this.remembered;
    for (const [key, marks] of newest.slice(-MAX_MARKS)) book.marks.set(key, marks);
    return book;
  }

  /** Whether this book has a look `of` lacks (or a later one): what other windows are to be told. */
  holdsMore(of: MarkBook): boolean {
    for (const [key, marks] of this.marks) {
      if (marks.seen === undefined) continue;
      if (marks.seen > (of.marks.get(key)?.seen ?? -Infinity)) return true;
    }
    return false;
  }

  /** What is stored: at most MAX_MARKS keys of 32 characters. */
  toJSON(): Record<string, Marks> {
    return Object.fromEntries(this.marks);
  }

  private keyOf(serverId: string, rootId: string): string {
    let roots = this.keys.get(serverId);
    const known = roots?.get(rootId);
    if (known) return known;
    if (this.remembered >= MAX_REMEMBERED_KEYS) {
      this.keys.clear();
      this.remembered = 0;
      roots = undefined;
    }
    if (!roots) this.keys.set(serverId, (roots = new Map<string, string>()));
    const key = this.hash(`${serverId}\u0000${rootId}`);
    roots.set(rootId, key);
    this.remembered++;
    return key;
  }
}

function marksOf(value: unknown): Marks | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { seen, ended } = value as Record<string, unknown>;
  const marks: Marks = {};
  if (typeof seen === 'number' && Number.isFinite(seen)) marks.seen = seen;
  if (typeof ended === 'number' && Number.isFinite(ended)) marks.ended = ended;
  return marks;
}
