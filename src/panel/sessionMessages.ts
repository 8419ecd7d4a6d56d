// A session's messages for the usage panel, read in pages (newest first, `before` = the previous
// answer's `x-next-cursor`) so a session of thousands of steps never arrives as one huge answer.
// Live changes re-read only the newest page. No `vscode` import: unit tests drive it with a fake client.
import { unwrap } from '../client/serverError';
import { rawMessageId } from '../store/usageSteps';

export interface PagedMessagesClient {
  session: {
    messages(
      parameters: { sessionID: string; limit?: number; before?: string },
      options?: { signal?: AbortSignal },
    ): Promise<{ data?: unknown; error?: unknown; response?: Response }>;
  };
}

export const PAGE_SIZE = 200;
/** Enough for the steps a live prompt adds between two refreshes. */
export const LIVE_PAGE_SIZE = 20;
const TIMEOUT_MS = 15_000;

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
    let before: string | undefined;
    do {
      const page = await this.page(PAGE_SIZE, before, signal);
      if (signal?.aborted) return;
      this.merge(page.items);
      before = page.next;
      onPage?.();
    } while (before);
  }

  /** Re-reads the newest page (a live step, or a message that finished); true when anything changed. */
  async refreshNewest(signal?: AbortSignal): Promise<boolean> {
    const page = await this.page(LIVE_PAGE_SIZE, undefined, signal);
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

  private async page(limit: number, before: string | undefined, signal?: AbortSignal): Promise<{ items: unknown[]; next?: string }> {
    const all = signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS);
    const result = await this.client.session.messages({ sessionID: this.sessionID, limit, before }, { signal: all });
    const data = await unwrap(Promise.resolve(result), 'Reading messages');
    const items = Array.isArray(data) ? data : [];
    // A cursor that does not move would loop forever.
    const next = result.response?.headers.get('x-next-cursor') || undefined;
    return { items, next: next && next !== before && items.length > 0 ? next : undefined };
  }
}
