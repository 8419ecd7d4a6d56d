// When a paged read of a V2 list ends, whatever the server says: besides its own end (no cursor, a cursor that does
// not move, a short or empty page), a page that brings no entry not seen before (a server going round) ends it, and
// so does a cap on entries (an endless one), which the read then names.
import { isObject } from '../../base/parse';
import type { V2Page } from './records';

export class PagedRead {
  private readonly seen = new Set<string>();
  private entries = 0;
  private lastFresh = 0;
  /** Set once the cap ended the read: what was left unread, in words. */
  capped?: string;

  constructor(
    /** Entries read at most. */
    private readonly max: number,
    /** What is read, plural: `messages of the session`. */
    private readonly what: string,
  ) {}

  /** The page's entries not seen before, now noted (an entry without an id is not a repeat that can be told). */
  fresh(page: V2Page): unknown[] {
    const fresh: unknown[] = [];
    for (const entry of page.entries) {
      const id = isObject(entry) && typeof entry.id === 'string' ? entry.id : undefined;
      if (id !== undefined && this.seen.has(id)) continue;
      if (id !== undefined) this.seen.add(id);
      fresh.push(entry);
    }
    this.entries += page.entries.length;
    this.lastFresh = fresh.length;
    return fresh;
  }

  /** After `fresh` of the page: true when the next page is to be asked (at `page.next`). */
  more(page: V2Page, cursor: string | undefined): boolean {
    if (!page.next || page.next === cursor || !page.entries.length || !this.lastFresh) return false;
    if (this.entries < this.max) return true;
    this.capped = `more than ${this.max} ${this.what}: the rest is not read`;
    return false;
  }
}
