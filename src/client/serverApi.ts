// One interface for the two generations of OpenCode's HTTP API: V1 (`/global/*`, `/session/*`, OpenCode
// 1.x; src/client/v1) and V2 (`/api/*`, OpenCode 2.x; src/client/v2). Everything above src/client talks to a
// server through this, so views, the store and commands read and act the same on either, and never hold an
// SDK client. Its types are its own (and the store's domain types); the adapters implement them.
import type { SessionInfo, SessionStatus, StoreEvent } from '../store/events';
import type { FormAnswer, FormRequest } from '../store/formRequest';
import type { ModelLimits } from '../store/modelLimits';
import type { PendingRequest, PermissionRequest } from '../store/pendingRequest';
import type { PriceCatalog } from '../store/price/priceCatalog';
import type { TranscriptMessage } from '../store/transcript';
import type { Turn } from '../store/turns';

// How a call fails, for the callers above src/client: one error type, and the words for any failure.
export { asServerError, ServerError, type ServerErrorKind } from './transport/serverError';

export type ApiGeneration = 'v1' | 'v2';
/** A server's setting: `auto` asks the server which API it answers. */
export type ApiPreference = 'auto' | ApiGeneration;

/**
 * Sessions asked for in a listing's first page, on either API: the tree shows 100 rows of a list at first, and a
 * long listing is shown after its first page, so those rows need not wait for the rest to be read and parsed.
 */
export const FIRST_PAGE = 100;

export interface SessionListing {
  sessions: SessionInfo[];
  /** Entries that were not sessions (null, wrong types, no id): skipped, never fatal for the good ones. */
  malformed: number;
  /** Why the listing ended before the server's last page (a cap), for the log. */
  capped?: string;
  /**
   * Only the roots were listed (OpenCode 2 lists by parent where its document offers `parentID`): what is below
   * each is read with `listChildren`, when its row opens or one of it is live.
   */
  rootsOnly?: boolean;
}

/** Called with each page's valid sessions as it arrives, e.g. to start per-folder reads before the listing ends. */
export type PageListener = (sessions: readonly SessionInfo[]) => void;

export interface PendingListing {
  requests: PendingRequest[];
  /** Why lists could not be read, for the log. */
  failures: string[];
  /** Directories whose lists could not (all) be read: what the store knows of them is kept. */
  failedDirectories: string[];
}

/** What a snapshot reads beside the listing: the running sessions' statuses and what they wait for. */
export interface FolderRead {
  statuses: Record<string, SessionStatus>;
  pending: PendingListing;
}

/** Reads started while the listing pages in, settled once it is complete. */
export interface SnapshotReads {
  add(directories: Iterable<string>): void;
  settle(): Promise<FolderRead>;
}

/**
 * Why a session's messages are read again after a gap in OpenCode 2's stream: its log kept nothing past the last event
 * applied (a stock server keeps no event payloads), the server offers no log, its log failed (cut short, stalled), a
 * made-up sequence came, too much of it arrived while its log was read, or it was idle when the stream ended and
 * changed meanwhile.
 */
export type RereadReason = 'not retained' | 'no log route' | 'log failed' | 'made-up sequence' | 'too much held' | 'moved while idle';

/** How a live stream runs (the connection's, for each stream it opens). */
export interface StreamOptions {
  /** Reconnect when nothing (not even a heartbeat) arrives for this long. */
  stallMs: number;
  signal: AbortSignal;
  /** Kept by the connection across its streams: what a reader knows of turns under way outlives a reconnect. */
  readerKey?: object;
  /** Sessions that were working when the last stream ended (none on a first connection): what they did since is caught up on. */
  behind?: readonly string[];
}

/** Where a live stream reports, one object per stream; the optional methods are OpenCode 2's (its replay, its settler). */
export interface StreamSink {
  /** Every item, once it arrived (the first one says the server registered the subscription). */
  onItem(): void;
  onEvent(event: StoreEvent): void;
  malformed(kind: string): void;
  /** An event type this extension does not know (a newer server's): skipped, and counted by name. */
  unknown?(type: string): void;
  /** What waits for an answer changed without an event per request (OpenCode 2 reloaded a location): read it again. */
  requestsStale?(): void;
  /** Durable streams (OpenCode 2): the last event sequence of this session applied here, across connections. */
  appliedSeq?(sessionID: string): number | undefined;
  /** Durable streams: an item with this session's sequence was read; its events went to `onEvent` just before. */
  onSeq?(sessionID: string, seq: number): void;
  /** A session the stream could not catch up on from the server's log: its messages are read again (`why`: for the log). */
  reread?(sessionID: string, why: RereadReason): void;
  /** A session's log was replayed up to what the stream holds (a session `behind`): it missed nothing. */
  caughtUp?(sessionID: string): void;
  /**
   * Sessions whose running state could not be read after a few looks (or whose route the server lacks): not looked
   * at again until their next event. `line` says which and why, for the log (once per batch given up).
   */
  settleGaveUp?(sessionIDs: readonly string[], line: string): void;
}

/** Where fetched messages go: into the store, unless the live stream reported them already. */
export interface MessageSink {
  /**
   * True when the live stream reported this message since it (re)connected: that version is at least as
   * new as a fetched one, so the fetched one must not overwrite it.
   */
  seenLive(messageID: string): boolean;
  apply(event: StoreEvent): void;
  /** Told each message or part that was skipped as malformed, by kind. */
  malformed?(kind: string): void;
  /** Told each message of a type this extension does not know (a newer server's), by type. */
  unknown?(type: string): void;
}

export type PermissionReply = 'once' | 'always' | 'reject';

/**
 * What a command can ask of a session; a server may lack some (see `offers`). No Share: OpenCode's share service is
 * gone (every share page answers 410, for links from every version), so no server is asked to share.
 */
export type SessionAction = 'selectInTui' | 'rename' | 'delete' | 'fork' | 'changes' | 'revert' | 'unrevert' | 'abort' | 'compact';

/** Everything a server may or may not offer: the session actions, and the reads that serve what waits for you. */
export type ServerFeature = SessionAction | 'permissions' | 'questions' | 'forms' | 'queuedInput' | 'markViewed';

export interface FeatureOffer {
  feature: ServerFeature;
  offered: boolean;
  /** The route it goes to, where the server's contract names one: `PATCH /api/session/{sessionID}`. */
  route?: string;
}

/** What a server offers, and how that is known: its own API document, trying its routes, or OpenCode 1.x's SDK. */
export interface ServerContract {
  source: 'document' | 'probing' | 'sdk';
  features: FeatureOffer[];
  /** Why a document the server answered was not used (past the caps a real one never nears), for the log. */
  note?: string;
}

/** A session, as far as a route needs to name it (V1 routes it by its project directory). */
export type SessionAddress = Pick<SessionInfo, 'id' | 'directory'>;

/** How a paused session was started again: OpenCode 2's `resume` (no new input), or a prompt. */
export type ResumeWay = 'resume' | 'prompt';

export interface TranscriptOptions {
  signal?: AbortSignal;
  newest?: number;
}

export interface ServerApi {
  readonly generation: ApiGeneration;
  /** The server's version where it says one. */
  health(signal: AbortSignal): Promise<{ version?: string }>;
  /** Follows the live stream until it ends (resolves) or fails (rejects). */
  streamEvents(options: StreamOptions, sink: StreamSink): Promise<void>;
  listSessions(options: { archived?: boolean; onPage?: PageListener; signal?: AbortSignal }): Promise<SessionListing>;
  /** The sessions whose parent is `parentID`: offered where `listSessions` lists roots only. */
  listChildren?(parentID: string, options: { archived?: boolean; signal?: AbortSignal }): Promise<SessionListing>;
  snapshotReads(): SnapshotReads;
  listPendingRequests(directories: Iterable<string>): Promise<PendingListing>;
  /** One session as the server has it now (`info` undefined when its answer was malformed); undefined when it is gone (404). */
  getSession(info: SessionAddress): Promise<{ info?: SessionInfo } | undefined>;
  /** Sessions whose title holds `text` (a cluster Task's session, before the tree lists it). */
  searchSessions(text: string, signal?: AbortSignal): Promise<SessionInfo[]>;
  /** The newest `limit` messages' steps and usage, into the sink. */
  loadRecentMessages(info: SessionAddress, sink: MessageSink, limit: number): Promise<void>;
  /** Every message's steps and usage, into the sink. */
  loadEveryMessage(info: SessionAddress, sink: MessageSink, signal?: AbortSignal): Promise<void>;
  /** Where messages are paged newest first: those after `lastSeen` (its page included), into the sink. */
  loadMessagesSince?(info: SessionAddress, sink: MessageSink, lastSeen: string, signal?: AbortSignal): Promise<void>;
  /** The context limit of every model the server knows. */
  modelLimits(): Promise<ModelLimits>;
  /** OpenCode's model catalog with list prices; undefined where the server offers none. */
  priceCatalog(): Promise<PriceCatalog | undefined>;
  /**
   * Whether a listed session may hold copies a fork was made with that its record's totals count (1.x: a fork's
   * title says so): read whole after connecting, so its own figures leave them out (store/copiedHistory.ts).
   */
  mayHoldCopies?(info: SessionInfo): boolean;
  /** Sessions before OpenCode 1.15 have no totals: summed from their messages. */
  backfillTotals(
    sessions: readonly SessionInfo[],
    sink: MessageSink,
    options: { signal: AbortSignal; onError(id: string, err: unknown): void },
  ): Promise<void>;
  /** Every turn of the session that changed files, oldest first. */
  sessionTurns(info: SessionAddress, signal?: AbortSignal): Promise<Turn[]>;
  /**
   * What the session said and did, with every part: a page at a time, the newest page first (each page oldest
   * first). `newest`: only the newest that many messages (one page). Text fields are bounded (transcript.ts).
   */
  transcriptPages(info: SessionAddress, options?: TranscriptOptions): AsyncIterable<TranscriptMessage[]>;

  /**
   * Reads what the server says it offers (OpenCode 2's `GET /openapi.json`), once per connection, before its
   * snapshot. Never fails: without a document its routes are tried as they are used.
   */
  loadContract(signal: AbortSignal): Promise<void>;
  /** False when this server does not offer `feature` (its document names no route for it, or it has none). */
  offers(feature: ServerFeature): boolean;
  /** Every feature, offered or not, for the server's tooltip and details. */
  contract(): ServerContract;

  // Actions.
  abort(info: SessionInfo): Promise<void>;
  /**
   * Stops the session between model requests for a budget, keeping what waits to be read: OpenCode 2 interrupts
   * with `resume=false` (queued prompts stay parked in its inbox); 1.x aborts.
   */
  pause(info: SessionInfo): Promise<void>;
  /** How `resume` starts a paused session on this server: `resume` only where its document offers the route. */
  resumeWay(): ResumeWay;
  /**
   * Starts a paused session again: OpenCode 2's `resume` (no new input) where offered, else a prompt of `text`
   * with the session's own agent and model. Resolves once the server took it; a failure the server reports only
   * after that (OpenCode 2's resume answers when the run ends) is told to `late`.
   */
  resume(info: SessionInfo, text: string, late?: (error: unknown) => void): Promise<ResumeWay>;
  /** Starts a compaction with the session's model; resolves when the server took (or finished) it. */
  compact(info: SessionInfo, model: { providerID: string; modelID: string }): Promise<void>;
  renameSession(info: SessionAddress, title: string): Promise<void>;
  /** Deletes it on the server, with its sub-agent sessions. */
  deleteSession(info: SessionAddress): Promise<void>;
  /** Copies the whole session into a new one; the new session's id. */
  forkSession(info: SessionAddress): Promise<string>;
  /** A TUI attached to this server follows to the session (fails when none is attached). */
  selectInTui(info: SessionAddress, signal?: AbortSignal): Promise<void>;
  /** `directory`: the asking session's project (V1 routes requests per project). */
  replyToPermission(directory: string, request: PermissionRequest, reply: PermissionReply, message?: string): Promise<void>;
  replyToQuestion(directory: string, request: PendingRequest, answers: string[][]): Promise<void>;
  rejectQuestion(directory: string, request: PendingRequest): Promise<void>;
  /** OpenCode 2's forms: `answer` holds one value per answered field, by key. */
  replyToForm(directory: string, request: FormRequest, answer: FormAnswer): Promise<void>;
  /** Dismisses the form unanswered (the model reads that the user dismissed it). */
  cancelForm(directory: string, request: FormRequest): Promise<void>;
  /** Whether the form still waits, was answered (here or in another client) or was cancelled; undefined if unknown. */
  formState(request: FormRequest): Promise<'pending' | 'answered' | 'cancelled' | undefined>;
  revert(info: SessionInfo, messageID: string): Promise<void>;
  unrevert(info: SessionInfo): Promise<void>;
  /** Marks the session's last run (its `time.idle`) as seen, in every client of the server (OpenCode 2's `view`). */
  markViewed(info: SessionAddress, idle: number): Promise<void>;
}
