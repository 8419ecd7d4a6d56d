// OpenCode 2.x (and the V2 API 1.18 serves beside V1): everything under `/api/*`, the live stream at
// `/api/event`. Shapes are read by the parsers in ../v2, which accept 1.18's and 2.x's (see docs/opencode-v2.md).
// This class is the ServerApi face: the server-wide reads are here, the rest in one part per kind of route —
// the event stream (v2EventStream), sessions (v2SessionRoutes), messages (v2MessageRoutes), running sessions
// and their requests (v2PendingRoutes). Members passed on to a part are typed by the contract they fulfil.
import type { ServerEndpoint } from '../endpoint';
import { V2EventStream } from './v2EventStream';
import { V2MessageRoutes } from './v2MessageRoutes';
import { V2PendingRoutes } from './v2PendingRoutes';
import { V2SessionRoutes } from './v2SessionRoutes';
import type { ServerApi, SessionAction } from '../serverApi';
import { ServerError } from '../serverError';
import type { PriceCatalog } from '../../store/price/priceCatalog';
import { readV2ModelLimits, readV2PriceCatalog, readV2ProviderNames } from './v2Models';
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

  /** `/api/model` holds both the limits and the prices: read once per connection (an instance lives for one). */
  private modelList?: Promise<unknown>;
  private models(): Promise<unknown> {
    const read = (this.modelList ??= this.request('/api/model', 'Reading models'));
    // A failed read is asked again next time, and so is a list with no model yet: OpenCode 2 fills its catalog in
    // the background after it starts (the callers' caches pace the asking, modelLimitCache.ts).
    const forget = () => this.modelList === read && (this.modelList = undefined);
    read.then((answer) => {
      const list = dataOf(answer);
      if (!Array.isArray(list) || list.length === 0) forget();
    }, forget);
    return read;
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

  readonly loadRecentMessages: ServerApi['loadRecentMessages'] = (info, sink, limit) => this.messages.loadRecentMessages(info, sink, limit);

  readonly loadEveryMessage: ServerApi['loadEveryMessage'] = (info, sink, signal) => this.messages.loadEveryMessage(info, sink, signal);

  async modelLimits() {
    return readV2ModelLimits(await this.models());
  }

  /** `/api/model` carries each model's prices (1.18.33 lists no models there: no catalog then), `/api/provider`
   * the providers' names (without it the ids serve). */
  async priceCatalog(): Promise<PriceCatalog | undefined> {
    const [models, names] = await Promise.all([
      this.models(),
      this.request('/api/provider', 'Reading providers').then(readV2ProviderNames, () => new Map<string, string>()),
    ]);
    const catalog = readV2PriceCatalog(models, names);
    return catalog.models.size ? catalog : undefined;
  }

  readonly searchSessions: ServerApi['searchSessions'] = (text, signal) => this.sessions.searchSessions(text, signal);

  async backfillTotals(): Promise<void> {
    // Every V2 session carries its totals.
  }

  /** OpenCode 2 shares no sessions and has no TUI that follows a selection over HTTP. */
  unsupported(action: SessionAction): string | undefined {
    return action === 'share' || action === 'selectInTui' ? NO_ROUTE : undefined;
  }

  readonly sessionTurns: ServerApi['sessionTurns'] = (info, signal) => this.messages.sessionTurns(info, signal);
  readonly renameSession: ServerApi['renameSession'] = (info, title) => this.sessions.rename(info, title);
  readonly deleteSession: ServerApi['deleteSession'] = (info) => this.sessions.remove(info);
  readonly forkSession: ServerApi['forkSession'] = (info) => this.sessions.fork(info);
  shareSession(): Promise<string | undefined> {
    return Promise.reject(unsupportedError('share', NO_ROUTE));
  }
  unshareSession(): Promise<void> {
    return Promise.reject(unsupportedError('share', NO_ROUTE));
  }
  selectInTui(): Promise<void> {
    return Promise.reject(unsupportedError('selectInTui', NO_ROUTE));
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
  readonly replyToForm: ServerApi['replyToForm'] = (directory, request, answer) => this.pending.replyToForm(directory, request, answer);
  readonly cancelForm: ServerApi['cancelForm'] = (directory, request) => this.pending.cancelForm(directory, request);
}

function versionOf(answer: unknown): string | undefined {
  const data = dataOf(answer);
  const version = typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  return typeof version === 'string' && version ? version.slice(0, 40) : undefined;
}

/** What a command gets that did not check `unsupported()` first. */
function unsupportedError(action: SessionAction, reason: string | undefined): ServerError {
  return new ServerError('http', `This server cannot ${action}: ${reason ?? NO_ROUTE}.`);
}
