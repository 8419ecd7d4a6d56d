// OpenCode 2 (`/api/*`; and the V2 API 1.18 serves beside V1): the ServerApi face of one connection to one
// server. Which route each read and action takes is the server's own contract's (v2/contract.ts: its OpenAPI
// document, read once per connection, else its routes tried); what takes several calls has its module, as in V1:
// the listing (v2/sessions), messages (v2/messages), what waits for an answer (v2/pending), turns (v2/turns), the live
// stream (v2/eventStream), the catalogs (v2/catalogs). An instance lives for one connection.
import type { PriceCatalog } from '../../store/price/priceCatalog';
import { checkIdentity } from '../discovery/identity';
import type { ServerEndpoint } from '../transport/endpoint';
import type { FeatureOffer, ResumeWay, ServerApi, ServerContract, ServerFeature, SessionAddress } from '../serverApi';
import { ServerError } from '../transport/serverError';
import { RouteTable } from './openApiRoutes';
import { readV2ModelLimits, readV2PriceCatalog, readV2ProviderNames } from './catalogs';
import { refusedBody, V2Client } from './client';
import { readsHistory, V2Contract, type RouteName } from './contract';
import { V2EventStream } from './eventStream';
import { loadEveryV2Message, loadNewestV2Messages } from './messages';
import { V2Pending } from './pending';
import { dataOf, v2SessionInfo, type ListedSessions } from './records';
import { getV2Session, listV2Children, listV2Sessions, searchV2Sessions } from './sessions';
import { v2TranscriptPages } from './transcript';
import { loadV2Turns } from './turns';
import { WriteCounts } from './writes';

/**
 * `resume` answers once the run it starts settles: a refusal comes at once, so a request still open this long
 * after it was sent is a run under way (it goes on in the background).
 */
const RESUME_TAKEN_MS = 2_000;
/** How long a resumed run's request may stay open (it ends with the run). */
const RESUME_RUN_MS = 6 * 3_600_000;

/** The document is a few hundred kB: it may take longer than a plain read on a loaded server. */
const CONTRACT_TIMEOUT_MS = 15_000;

/** The route each feature goes to; none: no OpenCode 2 offers it (a TUI that follows over HTTP). */
const FEATURE_ROUTES: Record<ServerFeature, RouteName | undefined> = {
  selectInTui: undefined,
  rename: 'rename',
  delete: 'delete',
  fork: 'fork',
  changes: 'messages',
  revert: 'revert',
  unrevert: 'unrevert',
  abort: 'interrupt',
  compact: 'compact',
  permissions: 'permissionReply',
  questions: 'questions',
  forms: 'forms',
  queuedInput: 'inbox',
  markViewed: 'view',
};

export class V2Api implements ServerApi {
  readonly generation = 'v2' as const;
  private readonly client: V2Client;
  /** Each listed session's folder and parent: the pending reads ask about running trees, and name folders on failure. */
  private readonly listed: ListedSessions = new Map();
  private readonly pending: V2Pending;
  /** The older build's writes, counted once per call across reads of a session's turns. */
  private readonly writes = new WriteCounts();
  private readonly stream: V2EventStream;
  /** Settles once `loadContract` has read the server's document, or found none. */
  private contractDone!: () => void;
  private readonly contractRead = new Promise<void>((resolve) => (this.contractDone = resolve));
  /** Why the server's document was not used, where it answered one (a document past the caps). */
  private contractNote?: string;

  constructor(endpoint: ServerEndpoint) {
    this.client = new V2Client(endpoint);
    this.pending = new V2Pending(this.client, this.listed);
    this.stream = new V2EventStream(this.client, () => this.contractRead);
  }

  /** Its identity (discovery/identity.ts): a 2.x release's info route, else the older build's or 1.18's health. */
  async health(signal: AbortSignal): Promise<{ version?: string }> {
    const { version } = await checkIdentity(this.client.endpoint, ['v2'], signal);
    return { version };
  }

  async loadContract(signal: AbortSignal): Promise<void> {
    try {
      await this.readContract(signal);
    } finally {
      this.contractDone();
    }
  }

  private async readContract(signal: AbortSignal): Promise<void> {
    let answer: unknown;
    try {
      answer = await this.client.request('/openapi.json', 'Reading the server’s API document', { signal, timeoutMs: CONTRACT_TIMEOUT_MS });
    } catch {
      // No document (1.18 answers its web page there): its routes are tried as they are used.
      return;
    }
    try {
      const table = await RouteTable.read(answer);
      if (table) this.client.contract = V2Contract.documented(table);
    } catch (err) {
      // A document past the caps: its routes are tried too, and the log says why.
      this.contractNote = err instanceof Error ? err.message : String(err);
    }
  }

  offers(feature: ServerFeature): boolean {
    const name = FEATURE_ROUTES[feature];
    if (!name || !this.client.contract.offers(name)) return false;
    // Changes are read from the session's messages; 1.18.33's early V2 keeps only its event history.
    return feature !== 'changes' || !readsHistory(this.client.route('messages'));
  }

  contract(): ServerContract {
    const features = (Object.keys(FEATURE_ROUTES) as ServerFeature[]).map((feature): FeatureOffer => {
      const name = FEATURE_ROUTES[feature];
      const route = name ? this.client.route(name) : undefined;
      return { feature, offered: this.offers(feature), ...(route && { route: `${route.method} ${route.path}` }) };
    });
    return { source: this.client.contract.source, features, ...(this.contractNote && { note: this.contractNote }) };
  }

  readonly streamEvents: ServerApi['streamEvents'] = (options, sink) => this.stream.streamEvents(options, sink);
  readonly listSessions: ServerApi['listSessions'] = (options) => listV2Sessions(this.client, options, this.listed);
  readonly listChildren: NonNullable<ServerApi['listChildren']> = (parentID, options) =>
    listV2Children(this.client, parentID, this.listed, options);
  readonly snapshotReads: ServerApi['snapshotReads'] = () => this.pending.snapshotReads();
  readonly listPendingRequests: ServerApi['listPendingRequests'] = () => this.pending.listPendingRequests();
  readonly getSession: ServerApi['getSession'] = (info) => getV2Session(this.client, info);
  readonly searchSessions: ServerApi['searchSessions'] = (text, signal) => searchV2Sessions(this.client, text, signal);
  readonly loadRecentMessages: ServerApi['loadRecentMessages'] = (info, sink, limit) =>
    loadNewestV2Messages(this.client, info, sink, limit);
  readonly loadEveryMessage: ServerApi['loadEveryMessage'] = (info, sink, signal) => loadEveryV2Message(this.client, info, sink, signal);
  readonly loadMessagesSince: ServerApi['loadMessagesSince'] = (info, sink, lastSeen, signal) =>
    loadEveryV2Message(this.client, info, sink, signal, lastSeen);
  readonly sessionTurns: ServerApi['sessionTurns'] = (info, signal) => loadV2Turns(this.client, this.writes, info, signal);
  readonly transcriptPages: ServerApi['transcriptPages'] = (info, options = {}) => v2TranscriptPages(this.client, info, options);

  /** `/api/model` holds both the limits and the prices: read once per connection. */
  private modelList?: Promise<unknown>;
  private models(): Promise<unknown> {
    const read = (this.modelList ??= this.client.call('models', {}, 'Reading models'));
    // A failed read (2.x answers 503 while its catalog loads) is asked again next time, and so is a list with no
    // model yet: OpenCode 2 fills its catalog in the background after it starts (modelLimitCache.ts paces it).
    const forget = () => this.modelList === read && (this.modelList = undefined);
    read.then((answer) => {
      const list = dataOf(answer);
      if (!Array.isArray(list) || list.length === 0) forget();
    }, forget);
    return read;
  }

  async modelLimits() {
    return readV2ModelLimits(await this.models());
  }

  /** `/api/model` carries each model's prices, `/api/provider` the providers' names (without it the ids serve). */
  async priceCatalog(): Promise<PriceCatalog | undefined> {
    const [models, names] = await Promise.all([
      this.models(),
      this.client.call('providers', {}, 'Reading providers').then(readV2ProviderNames, () => new Map<string, string>()),
    ]);
    const catalog = await readV2PriceCatalog(models, names);
    return catalog.models.size ? catalog : undefined;
  }

  async backfillTotals(): Promise<void> {
    // Every V2 session carries its totals.
  }

  // Actions: each on the route the contract names (the older build's where the document says so).
  readonly abort: ServerApi['abort'] = async (info) => {
    await this.client.call('interrupt', { sessionID: info.id }, 'Aborting the session');
    this.stream.settleSoon(info.id);
  };

  /**
   * `POST …/interrupt?resume=false`: the run stops between model requests and queued prompts stay parked in the
   * inbox (groups/session.ts; the older build ignores the query and keeps its pending list).
   */
  readonly pause: ServerApi['pause'] = async (info) => {
    await this.client.call('interrupt', { sessionID: info.id }, 'Pausing the session', { query: { resume: 'false' } });
    this.stream.settleSoon(info.id);
  };

  resumeWay(): ResumeWay {
    const contract = this.client.contract;
    return contract.source === 'document' && contract.offers('resume') ? 'resume' : 'prompt';
  }

  /**
   * `POST …/resume` (no new input) where the document offers it; else `POST …/prompt` with the text: 2.x's
   * `{text}`, 1.18's early V2 `{prompt: {text}}` (the document says which; probing tries 2.x's first).
   */
  readonly resume: ServerApi['resume'] = async (info, text, late) => {
    if (this.resumeWay() === 'resume') {
      const run = this.client.call('resume', { sessionID: info.id }, 'Resuming the session', { timeoutMs: RESUME_RUN_MS });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const taken = new Promise<void>((resolve) => (timer = setTimeout(resolve, RESUME_TAKEN_MS)));
      try {
        await Promise.race([run, taken]);
      } finally {
        clearTimeout(timer);
      }
      // Past the race the run goes on; its end is the live stream's to report, a failure the caller's to judge
      // (one before the run began leaves the session stopped).
      run.catch((err: unknown) => late?.(err));
      return 'resume';
    }
    const keys = ['text', 'prompt'] as const;
    const body = (key: (typeof keys)[number]) => (key === 'text' ? { text } : { prompt: { text } });
    const send = (key: (typeof keys)[number]) =>
      this.client.call('prompt', { sessionID: info.id }, 'Resuming the session', { body: body(key) });
    const first = this.client.contract.bodyKey('prompt', keys);
    await send(first).catch((err: unknown) => {
      if (!refusedBody(err) || !this.client.contract.refusedBody('prompt', keys)) throw err;
      return send(this.client.contract.bodyKey('prompt', keys));
    });
    return 'prompt';
  };

  /** `{id?, delivery?}`: an empty body is "compact now" (no body at all is a 400 "Expected object"). */
  readonly compact: ServerApi['compact'] = async (info) => {
    await this.client.call('compact', { sessionID: info.id }, 'Compacting', { body: {} });
  };

  /** 2.x: `PATCH /api/session/{id} {title}`; the older build: `POST …/rename {title}`. */
  readonly renameSession: ServerApi['renameSession'] = async (info, title) => {
    await this.client.call('rename', { sessionID: info.id }, 'Renaming the session', { body: { title } });
  };

  /** Deletes it and its child sessions (204). */
  readonly deleteSession: ServerApi['deleteSession'] = async (info) => {
    await this.client.call('delete', { sessionID: info.id }, 'Deleting the session');
  };

  /**
   * A copy of the whole history (`{data: Session.Info}`). 2.x takes `{before?}` (none: everything); the older build
   * requires `{boundary: {type: "through"}}` and answers 400 to `{}`.
   */
  readonly forkSession: ServerApi['forkSession'] = async (info: SessionAddress) => {
    const whole = { boundary: { type: 'through' } };
    const call = (body: unknown) => this.client.call('fork', { sessionID: info.id }, 'Forking the session', { body });
    const needsBoundary = this.client.contract.requires('fork', 'boundary');
    const answer = await call(needsBoundary ? whole : {}).catch((err: unknown) => {
      if (needsBoundary || this.client.contract.source === 'document' || !refusedBody(err)) throw err;
      return call(whole);
    });
    const fork = v2SessionInfo(dataOf(answer));
    if (!fork) throw new ServerError('not-opencode', 'Forking the session: the answer was not a session.');
    return fork.id;
  };

  /** Stages a revert (files restored, undoable); Undo Revert clears it. */
  readonly revert: ServerApi['revert'] = async (info, messageID) => {
    await this.client.call('revert', { sessionID: info.id }, 'Reverting the session', { body: { messageID } });
  };

  /** 2.x: `DELETE /api/session/{id}/revert`; the older build: `POST …/revert/clear`. */
  readonly unrevert: ServerApi['unrevert'] = async (info) => {
    await this.client.call('unrevert', { sessionID: info.id }, 'Undoing the revert');
  };

  /** `POST /api/session/{id}/view {idle}`: the idle this viewer saw (groups/session.ts session.view). */
  readonly markViewed: ServerApi['markViewed'] = async (info, idle) => {
    await this.client.call('view', { sessionID: info.id }, 'Marking the session as viewed', { body: { idle } });
  };

  selectInTui(): Promise<void> {
    return Promise.reject(notOffered('Selecting the session in the TUI'));
  }

  readonly replyToPermission: ServerApi['replyToPermission'] = (_directory, request, reply, message) =>
    this.pending.replyToPermission(request, reply, message);
  readonly replyToQuestion: ServerApi['replyToQuestion'] = (_directory, request, answers) => this.pending.replyToQuestion(request, answers);
  readonly rejectQuestion: ServerApi['rejectQuestion'] = (_directory, request) => this.pending.rejectQuestion(request);
  readonly replyToForm: ServerApi['replyToForm'] = (_directory, request, answer) => this.pending.replyToForm(request, answer);
  readonly cancelForm: ServerApi['cancelForm'] = (_directory, request) => this.pending.cancelForm(request);
  readonly formState: ServerApi['formState'] = (request) => this.pending.formState(request);
}

function notOffered(what: string): ServerError {
  return new ServerError('http', `${what}: OpenCode 2 does not offer it.`, 404, true);
}
