// A session's messages for the usage panel, read in pages (newest first, `before` = the previous
// answer's `x-next-cursor`) so a session of thousands of steps never arrives as one huge answer.
// Live changes re-read only the newest page. No `vscode` import: unit tests drive it with a fake client.
import { MESSAGE_PAGE_SIZE, messagePage, messagePages, type PagedMessagesClient } from '../client/messagePages';
import { rawMessageId } from '../present/usageSteps';

export type { PagedMessagesClient };
export const PAGE_SIZE = MESSAGE_PAGE_SIZE;
/** Enough for the steps a live prompt adds between two refreshes. */
export const LIVE_PAGE_SIZE = 20;

export class SessionMessages {
  private readonly byId = new Map<string, unknown>();

  constructor(
    private readonly client: PagedMessagesClient,
    readonly sessionID: string,
  ) {}

  get all(): Iterable<unknown> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  /** Reads every page, newest first; `onPage` runs after each so the panel fills in while it loads. */
  async loadAll(signal?: AbortSignal, onPage?: () => void): Promise<void> {
    for await (const items of messagePages(this.client, this.sessionID, signal)) {
      this.merge(items);
      onPage?.();
    }
  }

  /** Re-reads the newest page (a live step, or a message that finished); true when anything changed. */
  async refreshNewest(signal?: AbortSignal): Promise<boolean> {
    const page = await messagePage(this.client, this.sessionID, LIVE_PAGE_SIZE, undefined, signal);
    if (signal?.aborted) return false;
    return this.merge(page.items);
  }

  private merge(items: unknown[]): boolean {
    let changed = false;
    for (const item of items) {
      const id = rawMessageId(item);
      if (!id) continue;
      const old = this.byId.get(id);
      if (old !== undefined && JSON.stringify(old) === JSON.stringify(item)) continue;
      this.byId.set(id, item);
      changed = true;
    }
    return changed;
  }
}
