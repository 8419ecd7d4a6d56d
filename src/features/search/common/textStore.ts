// The indexed text of each session, kept apart from the index: read only for the few results a query shows
// (their snippet, the part that matched), so memory holds the index and not the text. Entries are stored in
// chunks of CHUNK per session; adding to a session rewrites its last chunk only. `MemoryTexts` keeps them in
// memory (tests, benchmarks' baseline); `DiskTexts` (diskTexts.ts) in files, deflated, with a small cache.
import type { Entry } from './entries';

export const CHUNK = 64;

export interface TextStore {
  /** Entries `first`, `first + 1`, … of the session (appended: `first` is how many it held before). */
  append(sessionId: string, first: number, entries: readonly Entry[]): void;
  /** The entries `from` … `from + count - 1`; fewer when some are gone (a store that lost its files). */
  read(sessionId: string, from: number, count: number): Entry[];
  /** `read` without holding the thread while a disk store reads its files (what a query reads). */
  readAsync(sessionId: string, from: number, count: number): Promise<Entry[]>;
  drop(sessionId: string): void;
  /** Forgets every session (an index that could not be loaded is built again: its texts go with it). */
  clear(): void;
  /** Writes what is pending (a disk store); the promise settles once written. */
  flush(): Promise<void>;
}

export class MemoryTexts implements TextStore {
  private readonly sessions = new Map<string, Entry[]>();

  append(sessionId: string, first: number, entries: readonly Entry[]): void {
    let list = this.sessions.get(sessionId);
    if (!list) this.sessions.set(sessionId, (list = []));
    entries.forEach((entry, i) => (list[first + i] = entry));
  }

  read(sessionId: string, from: number, count: number): Entry[] {
    return (this.sessions.get(sessionId) ?? []).slice(from, from + count).filter(Boolean);
  }

  readAsync(sessionId: string, from: number, count: number): Promise<Entry[]> {
    return Promise.resolve(this.read(sessionId, from, count));
  }

  drop(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  clear(): void {
    this.sessions.clear();
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}
