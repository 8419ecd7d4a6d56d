// OpenCode 1.x: the API the extension has always spoken (`/global/health`, `/global/event`, `/session/*`).
// This class is the ServerApi face: each member passes on to the module that reads or acts — the server-wide
// routes (v1ServerRoutes), one session's routes (v1SessionRoutes), the listing (listSessions), the per-folder
// reads (folderReads), messages (messageLoader), pending requests (pendingRequests). Members are typed by the
// contract they fulfil.
import { FolderReads } from './folderReads';
import { listAllSessions } from './listSessions';
import { backfillMessageTotals, loadEveryMessage, loadNewestMessages } from './messageLoader';
import { clientFor, type OpencodeClient, type ServerEndpoint } from '../opencodeClient';
import { listPendingRequests, rejectQuestion, replyToPermission, replyToQuestion } from './pendingRequests';
import type { ServerApi, SessionAction } from '../serverApi';
import { V1ServerRoutes } from './v1ServerRoutes';
import { V1SessionRoutes } from './v1SessionRoutes';

export class V1Api implements ServerApi {
  readonly generation = 'v1' as const;

  private readonly server: V1ServerRoutes;
  private readonly session = new V1SessionRoutes((directory) => this.client(directory));

  constructor(private readonly endpoint: ServerEndpoint) {
    this.server = new V1ServerRoutes(endpoint);
  }

  /** A client for every project, or with `directory` for per-project routes. */
  client(directory?: string): OpencodeClient {
    return clientFor(this.endpoint, directory);
  }

  readonly health: ServerApi['health'] = (signal) => this.server.health(signal);

  readonly streamEvents: ServerApi['streamEvents'] = (handlers) => this.server.streamEvents(handlers);

  listSessions(options: Parameters<ServerApi['listSessions']>[0]) {
    return listAllSessions(this.client(), options);
  }

  snapshotReads() {
    return new FolderReads((dir) => this.client(dir));
  }

  listPendingRequests(directories: Iterable<string>) {
    return listPendingRequests((dir) => this.client(dir), directories);
  }

  readonly getSession: ServerApi['getSession'] = (info) => this.session.getSession(info);

  readonly loadRecentMessages: ServerApi['loadRecentMessages'] = async (info, sink, limit) => {
    await loadNewestMessages(this.client(info.directory), info.id, sink, { limit });
  };

  readonly loadEveryMessage: ServerApi['loadEveryMessage'] = (info, sink, signal) =>
    loadEveryMessage(this.client(info.directory), info.id, sink, signal);

  readonly providers: ServerApi['providers'] = () => this.server.providers();

  /** `GET /provider`: every provider OpenCode knows (models.dev, offline too) with each model's prices. */
  readonly priceCatalog: ServerApi['priceCatalog'] = () => this.server.priceCatalog();

  readonly backfillTotals: ServerApi['backfillTotals'] = (sessions, sink, options) =>
    backfillMessageTotals(sessions, (dir) => this.client(dir), sink, options);

  unsupported(_action: SessionAction): string | undefined {
    return undefined;
  }

  readonly abort: ServerApi['abort'] = (info) => this.session.abort(info);

  readonly compact: ServerApi['compact'] = (info, model) => this.session.compact(info, model);

  readonly replyToPermission: ServerApi['replyToPermission'] = (directory, request, reply, message) =>
    replyToPermission(this.client(directory), request, reply, message);

  readonly replyToQuestion: ServerApi['replyToQuestion'] = (directory, request, answers) =>
    replyToQuestion(this.client(directory), request.id, answers);

  readonly rejectQuestion: ServerApi['rejectQuestion'] = (directory, request) => rejectQuestion(this.client(directory), request.id);

  readonly revert: ServerApi['revert'] = (info, messageID) => this.session.revert(info, messageID);

  readonly unrevert: ServerApi['unrevert'] = (info) => this.session.unrevert(info);
}
