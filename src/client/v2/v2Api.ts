// OpenCode 2.x (and the V2 API 1.18 serves beside V1): everything under `/api/*`, the live stream at
// `/api/event`. Shapes are read by the parsers in ../v2, which accept 1.18's and 2.x's (see docs/opencode-v2.md).
// This class is the ServerApi face: the server-wide reads are here, the rest in one part per kind of route —
// the event stream (v2EventStream), sessions (v2SessionRoutes), messages (v2MessageRoutes), running sessions
// and their requests (v2PendingRoutes). Members passed on to a part are typed by the contract they fulfil.
import type { ServerEndpoint } from '../opencodeClient';
import { V2EventStream } from './v2EventStream';
import { V2MessageRoutes } from './v2MessageRoutes';
import { V2PendingRoutes } from './v2PendingRoutes';
import { V2SessionRoutes } from './v2SessionRoutes';
import type { ServerApi, SessionAction } from '../serverApi';
import { dataOf, v2Request, type V2Requester } from './v2Request';

const NO_ROUTE = 'it has no route for this';

export class V2Api implements ServerApi {
  readonly generation = 'v2' as const;

  /** Every route of this server, its endpoint bound: what each part calls. */
  private readonly request: V2Requester = (path, what, options) => v2Request(this.endpoint, path, what, options);
  private readonly sessions = new V2SessionRoutes(this.request);
  private readonly messages = new V2MessageRoutes(this.request);
  private readonly pending = new V2PendingRoutes(this.request, this.sessions.folders);
  private readonly stream: V2EventStream;

  constructor(private readonly endpoint: ServerEndpoint) {
    this.stream = new V2EventStream(endpoint, this.request);
  }

  /** 1.18 and 2.0 answer `/api/health`; 2.0.7 also `/api/info` with the version. */
  async health(signal: AbortSignal): Promise<{ version?: string }> {
    const health = await this.request('/api/health', 'Health check', { signal });
    const info = await this.request('/api/info', 'Server info', { signal }).catch(() => undefined);
    const version = [info, health].map((answer) => versionOf(answer)).find(Boolean);
    return { version };
  }

  readonly streamEvents: ServerApi['streamEvents'] = (handlers) => this.stream.streamEvents(handlers);

  readonly listSessions: ServerApi['listSessions'] = (options) => this.sessions.listSessions(options);

  readonly snapshotReads: ServerApi['snapshotReads'] = () => this.pending.snapshotReads();

  readonly listPendingRequests: ServerApi['listPendingRequests'] = () => this.pending.listPendingRequests();

  readonly getSession: ServerApi['getSession'] = (info) => this.sessions.getSession(info);

  /** V2 keeps a session's durable events; its steps are the `session.next.step.ended` among them. */
  readonly loadRecentMessages: ServerApi['loadRecentMessages'] = (info, sink) => this.messages.loadEveryMessage(info, sink);

  readonly loadEveryMessage: ServerApi['loadEveryMessage'] = (info, sink, signal) => this.messages.loadEveryMessage(info, sink, signal);

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

  readonly abort: ServerApi['abort'] = async (info) => {
    await this.sessions.abort(info);
    this.stream.settleSoon(info.id);
  };
  readonly compact: ServerApi['compact'] = (info) => this.sessions.compact(info);
  readonly revert: ServerApi['revert'] = (info, messageID) => this.sessions.revert(info, messageID);
  readonly unrevert: ServerApi['unrevert'] = (info) => this.sessions.unrevert(info);

  readonly replyToPermission: ServerApi['replyToPermission'] = (directory, request, reply, message) =>
    this.pending.replyToPermission(directory, request, reply, message);
  readonly replyToQuestion: ServerApi['replyToQuestion'] = (directory, request, answers) =>
    this.pending.replyToQuestion(directory, request, answers);
  readonly rejectQuestion: ServerApi['rejectQuestion'] = (directory, request) => this.pending.rejectQuestion(directory, request);
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

function versionOf(answer: unknown): string | undefined {
  const data = dataOf(answer);
  const version = typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  return typeof version === 'string' && version ? version.slice(0, 40) : undefined;
}
