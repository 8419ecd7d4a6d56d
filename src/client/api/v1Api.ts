// OpenCode 1.x: the API the extension has always spoken (`/global/health`, `/global/event`, `/session/*`).
import { runEventStream } from '../eventStream';
import { FolderReads } from '../folderReads';
import { listAllSessions } from '../listSessions';
import { backfillMessageTotals, loadEveryMessage, loadNewestMessages, type MessageSink } from '../messageLoader';
import { clientFor, type OpencodeClient, type ServerEndpoint } from '../opencodeClient';
import { listPendingRequests, rejectQuestion, replyToPermission, replyToQuestion } from '../pendingRequests';
import { ServerError, unwrap } from '../serverError';
import { deadline } from '../deadline';
import { parseEvent, sessionInfo, type SessionInfo } from '../../store/events';
import type { PendingRequest, PermissionRequest } from '../../store/pendingRequest';
import type { EventStreamHandlers, PermissionReply, ServerApi, SessionAction } from './serverApi';

const REQUEST_TIMEOUT_MS = 10_000;

export class V1Api implements ServerApi {
  readonly generation = 'v1' as const;

  constructor(private readonly endpoint: ServerEndpoint) {}

  /** A client for every project, or with `directory` for per-project routes. */
  client(directory?: string): OpencodeClient {
    return clientFor(this.endpoint, directory);
  }

  async health(signal: AbortSignal): Promise<{ version?: string }> {
    const health = await unwrap(this.client().global.health({ signal: deadline(REQUEST_TIMEOUT_MS, signal) }), 'Health check');
    return { version: health.version };
  }

  streamEvents(handlers: EventStreamHandlers): Promise<void> {
    return runEventStream(this.endpoint, {
      stallMs: handlers.stallMs,
      signal: handlers.signal,
      onItem: (item) => {
        handlers.onItem();
        const event = parseEvent(item, (kind) => handlers.malformed(`${kind} event`));
        if (event) handlers.onEvent(event);
      },
    });
  }

  listSessions(options: Parameters<ServerApi['listSessions']>[0]) {
    return listAllSessions(this.client(), options);
  }

  snapshotReads() {
    return new FolderReads((dir) => this.client(dir));
  }

  listPendingRequests(directories: Iterable<string>) {
    return listPendingRequests((dir) => this.client(dir), directories);
  }

  async getSession(info: Pick<SessionInfo, 'id' | 'directory'>): Promise<{ info?: SessionInfo } | undefined> {
    try {
      return {
        info: sessionInfo(
          await unwrap(
            this.client(info.directory).session.get({ sessionID: info.id }, { signal: deadline(REQUEST_TIMEOUT_MS) }),
            'Reading the session',
          ),
        ),
      };
    } catch (err) {
      if (err instanceof ServerError && err.status === 404) return undefined;
      throw err;
    }
  }

  async loadRecentMessages(info: Pick<SessionInfo, 'id' | 'directory'>, sink: MessageSink, limit: number): Promise<void> {
    await loadNewestMessages(this.client(info.directory), info.id, sink, { limit });
  }

  loadEveryMessage(info: Pick<SessionInfo, 'id' | 'directory'>, sink: MessageSink, signal?: AbortSignal): Promise<void> {
    return loadEveryMessage(this.client(info.directory), info.id, sink, signal);
  }

  providers(): Promise<unknown> {
    return unwrap(this.client().config.providers({}, { signal: deadline(REQUEST_TIMEOUT_MS) }), 'Reading providers');
  }

  /** `GET /provider`: every provider OpenCode knows (models.dev, offline too) with each model's prices. */
  priceCatalog(): Promise<unknown> {
    return unwrap(this.client().provider.list({}, { signal: deadline(REQUEST_TIMEOUT_MS) }), 'Reading the model catalog');
  }

  backfillTotals(
    sessions: readonly SessionInfo[],
    sink: MessageSink,
    options: { signal: AbortSignal; onError(id: string, err: unknown): void },
  ): Promise<void> {
    return backfillMessageTotals(sessions, (dir) => this.client(dir), sink, options);
  }

  unsupported(_action: SessionAction): string | undefined {
    return undefined;
  }

  async abort(info: SessionInfo): Promise<void> {
    await unwrap(
      this.client(info.directory).session.abort({ sessionID: info.id }, { signal: deadline(REQUEST_TIMEOUT_MS) }),
      'Aborting the session',
    );
  }

  async compact(info: SessionInfo, model: { providerID: string; modelID: string }): Promise<void> {
    // Blocks until the compaction is done and answers true even when it failed: the caller watches the events.
    await unwrap(this.client(info.directory).session.summarize({ sessionID: info.id, ...model }), 'Compacting');
  }

  replyToPermission(directory: string, request: PermissionRequest, reply: PermissionReply, message?: string): Promise<void> {
    return replyToPermission(this.client(directory), request, reply, message);
  }

  replyToQuestion(directory: string, request: PendingRequest, answers: string[][]): Promise<void> {
    return replyToQuestion(this.client(directory), request.id, answers);
  }

  rejectQuestion(directory: string, request: PendingRequest): Promise<void> {
    return rejectQuestion(this.client(directory), request.id);
  }

  async revert(info: SessionInfo, messageID: string): Promise<void> {
    await unwrap(this.client(info.directory).session.revert({ sessionID: info.id, messageID }), 'Reverting the session');
  }

  async unrevert(info: SessionInfo): Promise<void> {
    await unwrap(this.client(info.directory).session.unrevert({ sessionID: info.id }), 'Undoing the revert');
  }
}
