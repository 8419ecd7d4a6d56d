// The book of pauses (store/pauseBook.ts) in the extension's global state, which every window of the user shares.
// VS Code tells no window of another's write and hands a window its own writes back, an older one after a newer too:
// a read tells the two apart, merges another window's book and stores again what that book lacks.
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { PauseBook } from '../../store/pauseBook';
import { changedPauses } from '../../store/storedPauseBook';
import type { SessionRef } from '../../store/sessionRef';

const BOOK_KEY = 'opencodeSessions.budgetPauses';

export class SharedPauseBook {
  book: PauseBook;
  /** The stored value last read or written: another window's write is a new value. */
  private stored: unknown;
  /** Names this window's writes: VS Code hands a window its own write back as a new value, to be ignored. */
  private readonly writer = randomUUID();
  /** How many times this window wrote the book: which of its writes a value handed back is. */
  private written = 0;

  constructor(
    private readonly memento: vscode.Memento,
    acts: boolean,
  ) {
    this.stored = memento.get(BOOK_KEY);
    // A resume in flight is sent again after a restart; a window opened beside the one that acts reads it as that
    // window left it (its resume is under way there).
    this.book = PauseBook.restore(this.stored, acts);
  }

  /** Another window wrote the book: read again, the sessions whose pause it changed (and whether it was merged). */
  read(): { changed: SessionRef[]; merged: boolean } | undefined {
    const stored = this.memento.get(BOOK_KEY);
    if (stored === this.stored) return undefined;
    const own = ownWrite(stored, this.writer);
    if (own === undefined) {
      this.stored = stored;
      const before = this.book;
      const theirs = PauseBook.restore(stored, false);
      // Written by a window of a version before stamps: taken as it is (as that version takes ours), not merged.
      if (!hasStamps(stored)) {
        this.book = theirs;
        return { changed: changedPauses(before, theirs), merged: false };
      }
      // Merged, not taken as it is: VS Code writes a window's whole global state at once, so another window writing
      // anything may hand back a book that has not seen this one's latest pauses or ends yet.
      this.book = before.merge(theirs);
      const changed = changedPauses(before, this.book);
      // What this window holds that the stored copy lacks is stored again (not told: this may run inside a read).
      if (!this.book.sameAs(theirs)) this.write();
      return { changed, merged: true };
    }
    // Our own write handed back: the book here is as new. VS Code may hand an older write back after a newer one
    // (seen: a book of two pauses kept after the last was let go); store the newest again, or other windows, and
    // this one after a restart, would read the older.
    if (own === this.written) {
      this.stored = stored;
      // Merged since with another window's book that this one's write had not seen (not written, being the same as
      // that one): a copy of this write handed back late would undo that merge in storage.
      if (!PauseBook.restore(stored, false).sameAs(this.book)) this.write();
    } else void this.memento.update(BOOK_KEY, this.stored);
    return undefined;
  }

  write(): void {
    this.written += 1;
    const value = { ...this.book.toJSON(), writer: this.writer, n: this.written };
    this.stored = value;
    void this.memento.update(BOOK_KEY, value);
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
