// One interface for the two generations of OpenCode's HTTP API: V1 (`/global/*`, `/session/*`, OpenCode
// 1.x) and V2 (`/api/*`, OpenCode 2.x; 1.18 serves most of it too). Everything above src/client talks to
// a server through this, so views, the store and commands read the same on either.
import type { SessionInfo, StoreEvent } from '../store/events';
import type { PendingRequest, PermissionRequest } from '../store/pendingRequest';
import type { MessageSink } from './v1/messageLoader';
import type { PendingListing } from './v1/pendingRequests';

export type ApiGeneration = 'v1' | 'v2';
/** A server's setting: `auto` asks the server which API it answers. */
export type ApiPreference = 'auto' | ApiGeneration;

// The V1 reads already define these shapes; V2 answers in the same ones.
export type { PageListener, SessionListing } from './v1/listSessions';
/** Sessions asked for in a listing's first page, on either API (the tree shows it while the rest loads). */
export { FIRST_PAGE } from './v1/listSessions';
export type { FolderRead } from './v1/folderReads';
import type { PageListener, SessionListing } from './v1/listSessions';
import type { FolderRead } from './v1/folderReads';

/** Reads started while the listing pages in, settled once it is complete. */
export interface SnapshotReads {
  add(directories: Iterable<string>): void;
  settle(): Promise<FolderRead>;
}

export interface EventStreamHandlers {
  /** Reconnect when nothing (not even a heartbeat) arrives for this long. */
  stallMs: number;
  signal: AbortSignal;
  /** Every item, once it arrived (the first one says the server registered the subscription). */
  onItem(): void;
  onEvent(event: StoreEvent): void;
  malformed(kind: string): void;
}

export type { PermissionReply } from './v1/pendingRequests';
import type { PermissionReply } from './v1/pendingRequests';

/** What a command can ask of a session; V2 lacks some (see `unsupported`). */
export type SessionAction = 'share' | 'selectInTui' | 'rename' | 'delete' | 'fork' | 'changes' | 'revert';

export interface ServerApi {
  readonly generation: ApiGeneration;
  /** The server's version where it says one. */
  health(signal: AbortSignal): Promise<{ version?: string }>;
  /** Follows the live stream until it ends (resolves) or fails (rejects); see runEventStream. */
  streamEvents(handlers: EventStreamHandlers): Promise<void>;
  listSessions(options: { archived?: boolean; onPage?: PageListener; signal?: AbortSignal }): Promise<SessionListing>;
  snapshotReads(): SnapshotReads;
  listPendingRequests(directories: Iterable<string>): Promise<PendingListing>;
  /** One session as the server has it now (`info` undefined when its answer was malformed); undefined when it is gone (404). */
  getSession(info: Pick<SessionInfo, 'id' | 'directory'>): Promise<{ info?: SessionInfo } | undefined>;
  /** The newest `limit` messages' steps and usage, into the sink. */
  loadRecentMessages(info: Pick<SessionInfo, 'id' | 'directory'>, sink: MessageSink, limit: number): Promise<void>;
  /** Every message's steps and usage, into the sink. */
  loadEveryMessage(info: Pick<SessionInfo, 'id' | 'directory'>, sink: MessageSink, signal?: AbortSignal): Promise<void>;
  /** The providers' models with their context limits (raw, for parseModelLimits). */
  providers(): Promise<unknown>;
  /** OpenCode's model catalog with prices (raw, for parsePriceCatalog); undefined where the API offers none. */
  priceCatalog(): Promise<unknown>;
  /** Sessions before OpenCode 1.15 have no totals: summed from their messages. */
  backfillTotals(
    sessions: readonly SessionInfo[],
    sink: MessageSink,
    options: { signal: AbortSignal; onError(id: string, err: unknown): void },
  ): Promise<void>;

  // Actions.
  /** Why this server cannot do `action`, in words for a tooltip; undefined when it can. */
  unsupported(action: SessionAction): string | undefined;
  abort(info: SessionInfo): Promise<void>;
  /** Starts a compaction with the session's model; resolves when the server took (or finished) it. */
  compact(info: SessionInfo, model: { providerID: string; modelID: string }): Promise<void>;
  /** `directory`: the asking session's project (V1 routes requests per project). */
  replyToPermission(directory: string, request: PermissionRequest, reply: PermissionReply, message?: string): Promise<void>;
  replyToQuestion(directory: string, request: PendingRequest, answers: string[][]): Promise<void>;
  rejectQuestion(directory: string, request: PendingRequest): Promise<void>;
  revert(info: SessionInfo, messageID: string): Promise<void>;
  unrevert(info: SessionInfo): Promise<void>;
}
