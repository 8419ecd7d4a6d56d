// How much of a long session list the tree hands to VS Code: the first PAGE_SIZE rows, then a "Show 100 more"
// row that adds the next page. VS Code builds a tree item (and the extension its row's figures, tooltip and
// contributed rows) for every child it is given, visible or not, so a root list of 10 000 sessions shows 100.
// The list itself (sort, title filter, archived) is always worked out over every session; only the rows
// handed over are paged. Pure: no vscode, keyed by whatever object stands for a list.

export const PAGE_SIZE = 100;

export interface Page<T> {
  /** The rows shown, in the list's order. */
  shown: T[];
  /** Rows of the list not shown yet (0: no "Show more" row). */
  hidden: number;
}

export class ListPages<K extends object> {
  /** Rows shown per list beyond the first page; a list not in here shows one page. */
  private readonly limits = new WeakMap<K, number>();

  constructor(readonly size = PAGE_SIZE) {}

  limit(list: K): number {
    return this.limits.get(list) ?? this.size;
  }

  page<T>(list: K, all: readonly T[]): Page<T> {
    const limit = this.limit(list);
    return all.length <= limit ? { shown: [...all], hidden: 0 } : { shown: all.slice(0, limit), hidden: all.length - limit };
  }

  /** The next page of `list`, for the "Show more" row. */
  showMore(list: K): void {
    this.limits.set(list, this.limit(list) + this.size);
  }

  /**
   * Grows `list`'s page, whole pages at a time, until its row at `index` is shown (a session revealed from
   * Switch Session or a notification). True when the page grew, i.e. VS Code must read the list again.
   */
  include(list: K, index: number): boolean {
    if (index < this.limit(list)) return false;
    this.limits.set(list, Math.ceil((index + 1) / this.size) * this.size);
    return true;
  }
}

/** How many the "Show more" row adds: a page, or what is left when that is less. */
export function nextPageCount(hidden: number, size = PAGE_SIZE): number {
  return Math.min(hidden, size);
}
