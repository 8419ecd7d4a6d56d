// OpenCode 2.x (and the V2 API 1.18 serves beside V1): everything under `/api/*`, the live stream at
// `/api/event`. Shapes are read by the parsers in ../v2, which accept 1.18's and 2.x's (see docs/opencode-v2.md).
import { runEventStream } from '../eventStream';
import type { MessageSink } from '../messageLoader';
import type { ServerEndpoint } from '../opencodeClient';
import type { PendingListing } from '../pendingRequests';
import { ServerError } from '../serverError';
import type { SessionInfo, SessionStatus, StoreEvent } from '../../store/events';
import type { PendingRequest, PermissionRequest } from '../../store/pendingRequest';
import { readV2Active } from '../v2/v2Active';
import { V2EventReader } from '../v2/v2Events';
import { readV2History } from '../v2/v2History';
import { readV2Page } from '../v2/v2Page';
import { readV2Requests } from '../v2/v2Requests';
import { v2SessionInfo } from '../v2/v2Session';
import type {
  EventStreamHandlers,
  FolderRead,
  PermissionReply,
  ServerApi,
  SessionAction,
  SessionListing,
  SnapshotReads,
} from './serverApi';
import { v2Request } from './v2Request';

// 2.x caps a page at 200 (packages/opencode/src/server/routes/instance/httpapi/groups/v2/session.ts@36160ef, docs/opencode-v2.md).
const PAGE = 200;
const HISTORY_PAGE = 1000;
const LIST_TIMEOUT_MS = 15_000;
/**
 * After a step ends the session is re-read this long after the last such event: its totals (the step's usage
 * alone does not say what the session record holds) and whether it still runs (V2 sends no idle event: an
 * interrupted or finished turn just stops sending steps).
 */
const SETTLE_DEBOUNCE_MS = 150;
const MAX_RECHECK_MS = 5_000;

const NO_ROUTE = 'it has no route for this';

export class V2Api implements ServerApi {
  readonly generation = 'v2' as const;

  /** Each listed session's folder: V1's request lists are per folder, and the store keeps a folder's requests when its list fails. */
  private readonly folders = new Map<string, string>();

  constructor(private readonly endpoint: ServerEndpoint) {}

  private request(path: string, what: string, options?: Parameters<typeof v2Request>[3]): Promise<unknown> {
    return v2Request(this.endpoint, path, what, options);
  }

  /** 1.18 and 2.0 answer `/api/health`; 2.0.7 also `/api/info` with the version. */
  async health(signal: AbortSignal): Promise<{ version?: string }> {
    const health = await this.request('/api/health', 'Health check', { signal });
    const info = await this.request('/api/info', 'Server info', { signal }).catch(() => undefined);
    const version = [info, health].map((answer) => versionOf(answer)).find(Boolean);
    return { version };
  }

  async streamEvents(handlers: EventStreamHandlers): Promise<void> {
    const reader = new V2EventReader((kind) => handlers.malformed(kind));
    const settle = new SessionSettler((id) => this.settleSession(id, handlers));
    try {
      await runEventStream(this.endpoint, {
        stallMs: handlers.stallMs,
        signal: handlers.signal,
        route: 'v2',
        // The first bytes say the server registered the subscription, whether or not it sends an item first.
        onBytes: () => handlers.onItem(),
        onItem: (item) => {
          handlers.onItem();
          // A session's record changed in a way no store event carries (2.x: usage, rename, move): read it again.
          const changed = sessionChangedBy(item);
          if (changed) settle.schedule(changed);
          for (const event of reader.read(item)) {
            handlers.onEvent(event);
            if (event.type === 'step.finished' || event.type === 'session.error') settle.schedule(event.sessionID);
          }
        },
      });
    } finally {
      settle.dispose();
    }
  }

  /** The server's own totals and running state once a step ended. */
  private async settleSession(sessionID: string, handlers: EventStreamHandlers): Promise<'running' | undefined> {
    const { signal } = handlers;
    if (signal.aborted) return undefined;
    const [answer, active] = await Promise.all([
      this.request(`/api/session/${encodeURIComponent(sessionID)}`, 'Reading the session', { signal }).catch(() => undefined),
      this.request('/api/session/active', 'Reading session status', { signal }).then(readV2Active, () => undefined),
    ]);
    if (signal.aborted) return undefined;
    const info = v2SessionInfo(dataOf(answer));
    if (info) handlers.onEvent({ type: 'session.upsert', info });
    if (!active) return undefined;
    // Busy is what the steps say; only the end of running is learned here. Still running (a tool, the next
    // step about to start): look again a little later, until it stops or its next event does this anew.
    if (active[sessionID]) return 'running';
    handlers.onEvent({ type: 'session.status', sessionID, status: { type: 'idle' } });
    return undefined;
  }

  async listSessions(options: Parameters<ServerApi['listSessions']>[0]): Promise<SessionListing> {
    const byId = new Map<string, SessionInfo>();
    let malformed = 0;
    let cursor: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const answer = await this.request('/api/session', 'Listing sessions', {
        query: { limit: PAGE, cursor },
        signal: options.signal,
        timeoutMs: LIST_TIMEOUT_MS,
      });
      const read = readV2Page(answer);
      if (!read)
        throw new ServerError('not-opencode', 'Listing sessions: the answer was not a page of sessions — is this URL an OpenCode server?');
      const valid: SessionInfo[] = [];
      for (const raw of read.entries) {
        const info = v2SessionInfo(raw);
        if (!info) malformed += 1;
        else if (options.archived || !info.time.archived) valid.push(info);
      }
      for (const info of valid) {
        byId.set(info.id, info);
        this.folders.set(info.id, info.directory);
      }
      options.onPage?.(valid);
      // A server may cap pages below PAGE: only a missing, repeated cursor or an empty page ends the listing.
      if (!read.next || read.next === cursor || read.entries.length === 0) break;
      cursor = read.next;
    }
    return { sessions: [...byId.values()], malformed };
  }

  /** V2 lists running sessions and their requests server-wide, so the folders the listing shows do not matter. */
  snapshotReads(): SnapshotReads {
    let read: Promise<FolderRead> | undefined;
    const start = () => (read ??= this.readRunning());
    return {
      add: () => void start().catch(() => undefined),
      settle: () => start(),
    };
  }

  private async readRunning(): Promise<FolderRead> {
    const statuses = await this.activeStatuses();
    const pending = await this.pendingOf(Object.keys(statuses));
    return { statuses, pending };
  }

  private async activeStatuses(): Promise<Record<string, SessionStatus>> {
    const active = readV2Active(await this.request('/api/session/active', 'Reading session status'));
    if (!active) throw new ServerError('not-opencode', 'Reading session status: the answer was not a list of running sessions.');
    return active;
  }

  async listPendingRequests(): Promise<PendingListing> {
    return this.pendingOf(Object.keys(await this.activeStatuses()));
  }

  /** Only a running session can wait for an answer; each one's permission and question lists. */
  private async pendingOf(sessionIDs: string[]): Promise<PendingListing> {
    const listing: PendingListing = { requests: [], failures: [], failedDirectories: [] };
    await Promise.all(
      sessionIDs.map(async (id) => {
        const base = `/api/session/${encodeURIComponent(id)}`;
        const kinds = ['permission', 'question'] as const;
        const lists = await Promise.allSettled([
          this.request(`${base}/permission`, 'Listing permission requests'),
          this.request(`${base}/question`, 'Listing questions'),
        ]);
        for (const [index, result] of lists.entries()) {
          if (result.status === 'fulfilled') {
            listing.requests.push(...(readV2Requests(kinds[index], result.value)?.requests ?? []));
            continue;
          }
          const err: unknown = result.reason;
          if (err instanceof ServerError && err.kind === 'unauthorized') throw err;
          listing.failures.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
          const folder = this.folders.get(id);
          if (folder && !listing.failedDirectories.includes(folder)) listing.failedDirectories.push(folder);
        }
      }),
    );
    return listing;
  }

  async getSession(info: Pick<SessionInfo, 'id' | 'directory'>): Promise<{ info?: SessionInfo } | undefined> {
    try {
      return { info: v2SessionInfo(dataOf(await this.request(`/api/session/${encodeURIComponent(info.id)}`, 'Reading the session'))) };
    } catch (err) {
      if (err instanceof ServerError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** V2 keeps a session's durable events; its steps are the `session.next.step.ended` among them. */
  async loadRecentMessages(info: Pick<SessionInfo, 'id' | 'directory'>, sink: MessageSink): Promise<void> {
    await this.loadEveryMessage(info, sink);
  }

  async loadEveryMessage(info: Pick<SessionInfo, 'id' | 'directory'>, sink: MessageSink, signal?: AbortSignal): Promise<void> {
    let after: number | undefined;
    for (let page = 0; page < 100_000 && !signal?.aborted; page++) {
      const answer = await this.request(`/api/session/${encodeURIComponent(info.id)}/history`, 'Reading the session history', {
        query: { limit: HISTORY_PAGE, after },
        signal,
      });
      const read = readV2History(answer, (kind: string) => sink.malformed?.(kind));
      for (const event of read.events) if (!isLiveMessage(event, sink)) sink.apply(event);
      if (!read.hasMore || read.lastSeq === undefined || read.lastSeq === after) break;
      after = read.lastSeq;
    }
  }

  /** `/api/model` (`{data: [{id, providerID, limit: {context}}]}`) as the V1 shape parseModelLimits reads; only ids and limits are kept. */
  async providers(): Promise<unknown> {
    return modelsAsProviders(await this.request('/api/model', 'Reading models'));
  }

  /** No list prices over V2: 1.18.33's `/api/model` and `/api/provider` answer `{data: []}`, and OpenCode 2's carry no prices the extension has seen. */
  priceCatalog(): Promise<unknown> {
    return Promise.resolve(undefined);
  }

  async backfillTotals(): Promise<void> {
    // Every V2 session carries its totals.
  }

  unsupported(action: SessionAction): string | undefined {
    switch (action) {
      case 'share':
      case 'selectInTui':
      case 'rename':
      case 'delete':
      case 'fork':
        return NO_ROUTE;
      case 'changes':
        return 'it offers no per-turn or whole-session diff';
      case 'revert':
        return 'it lists no turns to revert to';
      default:
        return undefined;
    }
  }

  async abort(info: SessionInfo): Promise<void> {
    await this.request(`/api/session/${encodeURIComponent(info.id)}/interrupt`, 'Aborting the session', { method: 'POST' });
  }

  async compact(info: SessionInfo): Promise<void> {
    await this.request(`/api/session/${encodeURIComponent(info.id)}/compact`, 'Compacting', { method: 'POST' });
  }

  async replyToPermission(_directory: string, request: PermissionRequest, reply: PermissionReply, message?: string): Promise<void> {
    await this.request(
      `/api/session/${encodeURIComponent(request.sessionID)}/permission/${encodeURIComponent(request.id)}/reply`,
      'Answering the permission request',
      {
        method: 'POST',
        body: { reply, ...(message ? { message } : {}) },
      },
    );
  }

  async replyToQuestion(_directory: string, request: PendingRequest, answers: string[][]): Promise<void> {
    await this.request(
      `/api/session/${encodeURIComponent(request.sessionID)}/question/${encodeURIComponent(request.id)}/reply`,
      'Answering the question',
      { method: 'POST', body: { answers } },
    );
  }

  async rejectQuestion(_directory: string, request: PendingRequest): Promise<void> {
    await this.request(
      `/api/session/${encodeURIComponent(request.sessionID)}/question/${encodeURIComponent(request.id)}/reject`,
      'Dismissing the question',
      { method: 'POST' },
    );
  }

  /** V2 stages a revert (files restored, undoable) and clears it; `commit` would make it final. */
  async revert(info: SessionInfo, messageID: string): Promise<void> {
    await this.request(`/api/session/${encodeURIComponent(info.id)}/revert/stage`, 'Reverting the session', {
      method: 'POST',
      body: { messageID },
    });
  }

  async unrevert(info: SessionInfo): Promise<void> {
    await this.request(`/api/session/${encodeURIComponent(info.id)}/revert/clear`, 'Undoing the revert', { method: 'POST' });
  }
}

/** 2.x events that change a session's record without carrying it (packages/schema/src/session-event.ts, per docs/opencode-v2.md). */
const RECORD_CHANGES = new Set(['session.usage.updated', 'session.renamed', 'session.moved', 'session.next.moved']);

function sessionChangedBy(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const { type, data } = item as { type?: unknown; data?: { sessionID?: unknown } };
  if (typeof type !== 'string' || !RECORD_CHANGES.has(type)) return undefined;
  return typeof data?.sessionID === 'string' && data.sessionID ? data.sessionID : undefined;
}

function modelsAsProviders(answer: unknown): { providers: Array<{ id: string; models: Record<string, { limit: { context: unknown } }> }> } {
  const byProvider = new Map<string, Record<string, { limit: { context: unknown } }>>();
  const list = dataOf(answer);
  for (const model of Array.isArray(list) ? (list as unknown[]) : []) {
    if (typeof model !== 'object' || model === null) continue;
    const { id, providerID, limit } = model as { id?: unknown; providerID?: unknown; limit?: { context?: unknown } };
    if (typeof id !== 'string' || typeof providerID !== 'string') continue;
    const models = byProvider.get(providerID) ?? {};
    models[id] = { limit: { context: limit?.context } };
    byProvider.set(providerID, models);
  }
  return { providers: [...byProvider].map(([id, models]) => ({ id, models })) };
}

/** `{data: …}` in 1.18 and 2.x single-item answers; the item itself otherwise. */
function dataOf(answer: unknown): unknown {
  return typeof answer === 'object' && answer !== null && 'data' in answer ? answer.data : answer;
}

function versionOf(answer: unknown): string | undefined {
  const data = dataOf(answer);
  const version = typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  return typeof version === 'string' && version ? version.slice(0, 40) : undefined;
}

/** Fetched copies must not overwrite what the live stream already reported. */
function isLiveMessage(event: StoreEvent, sink: MessageSink): boolean {
  return event.type === 'message.assistant' && sink.seenLive(event.info.id);
}

/** Re-reads a session once its steps stop arriving for a moment, and again (less often) while it still runs. */
class SessionSettler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private disposed = false;

  constructor(private readonly refresh: (sessionID: string) => Promise<'running' | undefined>) {}

  schedule(sessionID: string, delay = SETTLE_DEBOUNCE_MS): void {
    clearTimeout(this.timers.get(sessionID));
    const timer = setTimeout(() => {
      this.timers.delete(sessionID);
      void this.refresh(sessionID).then(
        (state) => {
          if (state === 'running' && !this.disposed && !this.timers.has(sessionID))
            this.schedule(sessionID, Math.min(delay * 2, MAX_RECHECK_MS));
        },
        () => undefined,
      );
    }, delay);
    this.timers.set(sessionID, timer);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
