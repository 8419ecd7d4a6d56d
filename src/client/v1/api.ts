// OpenCode 1.x: the API the extension has always spoken (its health and event routes, v1/contract.ts, and
// the rest through OpenCode's SDK). One SDK call per member here, each with a deadline and its answer unwrapped; what
// takes several calls has its module, named as V2's in v2/ where they mirror: the listing (v1/sessions), the
// per-folder reads (folderReads), messages (v1/messages, on v1/messagePages), pending requests (v1/pending) and a
// session's turns (v1/turns).
import type { SessionInfo } from '../../store/events';
import { checkIdentity } from '../discovery/identity';
import { deadline } from '../transport/deadline';
import type { ServerEndpoint } from '../transport/endpoint';
import { OVERSIZE, runEventStream } from '../transport/eventStream';
import type { ResumeWay, ServerApi, ServerContract, ServerFeature, SessionAddress } from '../serverApi';
import { asServerError, ServerError, unwrap } from '../transport/serverError';
import { sessionInfo } from '../wire/sessionInfo';
import { FolderReads } from './folderReads';
import { listAllSessions } from './sessions';
import { backfillMessageTotals, loadEveryMessage, loadNewestMessages } from './messages';
import { listPendingRequests, rejectQuestion, replyToPermission, replyToQuestion } from './pending';
import { clientFor, type OpencodeClient } from './client';
import { V1_ROUTES } from './contract';
import { readModelLimits, readPriceCatalog } from './catalogs';
import { parseEvent } from './events';
import { v1ForkTitle } from './forks';
import { v1TranscriptPages } from './transcript';
import { loadTurns } from './turns';

const REQUEST_TIMEOUT_MS = 10_000;
const V1_FEATURES: ServerFeature[] = [
  'selectInTui',
  'rename',
  'delete',
  'fork',
  'changes',
  'revert',
  'unrevert',
  'abort',
  'compact',
  'permissions',
  'questions',
  'forms',
  'queuedInput',
  'markViewed',
];
/** OpenCode 1.x asks with questions, not forms, and keeps neither an inbox nor a viewed mark. */
const V1_LACKS = new Set<ServerFeature>(['forms', 'queuedInput', 'markViewed']);

export class V1Api implements ServerApi {
  readonly generation = 'v1' as const;
  constructor(
    private readonly endpoint: ServerEndpoint,
    /** The version its identity said. */
    private version?: string,
  ) {}

  /** A client for every project, or with `directory` for per-project routes (per-session ones need it). */
  private client(directory?: string): OpencodeClient {
    return clientFor(this.endpoint, directory);
  }

  async health(signal: AbortSignal): Promise<{ version?: string }> {
    ({ version: this.version } = await checkIdentity(this.endpoint, ['v1'], signal));
    return { version: this.version };
  }

  readonly streamEvents: ServerApi['streamEvents'] = ({ stallMs, signal }, sink) => {
    // One listener for the whole stream, not one made per event.
    const malformed = (kind: string) => sink.malformed(`${kind} event`);
    return runEventStream(this.endpoint, {
      path: V1_ROUTES.event,
      stallMs,
      signal,
      onOversize: () => sink.malformed(OVERSIZE),
      onItem: (item) => {
        sink.onItem();
        const event = parseEvent(item, malformed);
        if (event) sink.onEvent(event);
      },
    });
  };

  readonly listSessions: ServerApi['listSessions'] = (options) => listAllSessions(this.client(), options);

  snapshotReads(): FolderReads {
    return new FolderReads((dir) => this.client(dir));
  }

  readonly listPendingRequests: ServerApi['listPendingRequests'] = (directories) =>
    listPendingRequests((dir) => this.client(dir), directories);

  async getSession(info: SessionAddress): Promise<{ info?: SessionInfo } | undefined> {
    try {
      const answer = await unwrap(
        this.client(info.directory).session.get({ sessionID: info.id }, { signal: deadline(REQUEST_TIMEOUT_MS) }),
        'Reading the session',
      );
      return { info: sessionInfo(answer) };
    } catch (err) {
      if (err instanceof ServerError && err.status === 404) return undefined;
      throw err;
    }
  }

  async searchSessions(text: string, signal?: AbortSignal): Promise<SessionInfo[]> {
    const listed: unknown = await unwrap(
      this.client().session.list({ search: text }, { signal: deadline(REQUEST_TIMEOUT_MS, signal) }),
      'Finding sessions',
    );
    return (Array.isArray(listed) ? listed : []).map(sessionInfo).filter((s): s is SessionInfo => s !== undefined);
  }

  readonly loadRecentMessages: ServerApi['loadRecentMessages'] = async (info, sink, limit) => {
    await loadNewestMessages(this.client(info.directory), info.id, sink, { limit });
  };

  readonly loadEveryMessage: ServerApi['loadEveryMessage'] = (info, sink, signal) =>
    loadEveryMessage(this.client(info.directory), info.id, sink, signal);

  /** `GET /config/providers`: the configured providers' models with their limits. */
  async modelLimits() {
    return readModelLimits(await unwrap(this.client().config.providers({}, { signal: deadline(REQUEST_TIMEOUT_MS) }), 'Reading providers'));
  }

  /** `GET /provider`: every provider OpenCode knows (models.dev, offline too) with each model's prices. */
  async priceCatalog() {
    return readPriceCatalog(
      await unwrap(this.client().provider.list({}, { signal: deadline(REQUEST_TIMEOUT_MS) }), 'Reading the model catalog'),
    );
  }

  mayHoldCopies(info: SessionInfo): boolean {
    return v1ForkTitle(info.title);
  }

  readonly backfillTotals: ServerApi['backfillTotals'] = (sessions, sink, options) =>
    backfillMessageTotals(sessions, (dir) => this.client(dir), sink, options);

  readonly sessionTurns: ServerApi['sessionTurns'] = (info, signal) => loadTurns(this.client(info.directory), info.id, signal);

  readonly transcriptPages: ServerApi['transcriptPages'] = (info, options = {}) =>
    v1TranscriptPages(this.client(info.directory), info.id, options);

  /** 1.x has no API document: what it offers is what its SDK speaks. */
  async loadContract(): Promise<void> {
    // Nothing to read.
  }

  offers(feature: ServerFeature): boolean {
    return !V1_LACKS.has(feature);
  }

  contract(): ServerContract {
    return { source: 'sdk', features: V1_FEATURES.map((feature) => ({ feature, offered: this.offers(feature) })) };
  }

  async abort(info: SessionInfo): Promise<void> {
    await unwrap(
      this.client(info.directory).session.abort({ sessionID: info.id }, { signal: deadline(REQUEST_TIMEOUT_MS) }),
      'Aborting the session',
    );
  }

  /** 1.x cannot park a run: a pause is an abort (what was queued is not kept apart). */
  async pause(info: SessionInfo): Promise<void> {
    await this.abort(info);
  }

  resumeWay(): ResumeWay {
    return 'prompt';
  }

  /**
   * `POST /session/{id}/prompt_async`: answered once taken, the run goes on. The session's own agent and model, so a
   * sub-agent goes on as itself (without them 1.x takes the default agent).
   */
  async resume(info: SessionInfo, text: string): Promise<ResumeWay> {
    const model = info.model?.id && info.model.providerID ? { providerID: info.model.providerID, modelID: info.model.id } : undefined;
    const what = 'Resuming the session';
    const answer = await this.client(info.directory)
      .session.promptAsync(
        { sessionID: info.id, parts: [{ type: 'text', text }], ...(info.agent && { agent: info.agent }), ...(model && { model }) },
        { signal: deadline(REQUEST_TIMEOUT_MS) },
      )
      .catch((err: unknown) => {
        throw asServerError(err, what);
      });
    // 204, no body: taken. Anything else says why in unwrap's words.
    if (answer.response?.status !== 204) await unwrap(Promise.resolve(answer), what);
    return 'prompt';
  }

  async compact(info: SessionInfo, model: { providerID: string; modelID: string }): Promise<void> {
    // Blocks until the compaction is done and answers true even when it failed: the caller watches the events.
    await unwrap(this.client(info.directory).session.summarize({ sessionID: info.id, ...model }), 'Compacting');
  }

  async renameSession(info: SessionAddress, title: string): Promise<void> {
    await unwrap(this.client(info.directory).session.update({ sessionID: info.id, title }), 'Renaming the session');
  }

  async deleteSession(info: SessionAddress): Promise<void> {
    await unwrap(this.client(info.directory).session.delete({ sessionID: info.id }), 'Deleting the session');
  }

  async forkSession(info: SessionAddress): Promise<string> {
    const fork = await unwrap(this.client(info.directory).session.fork({ sessionID: info.id }), 'Forking the session');
    return fork.id;
  }

  /** `POST /tui/select-session`: a TUI attached to that server follows; without one the call just fails. */
  async selectInTui(info: SessionAddress, signal?: AbortSignal): Promise<void> {
    await unwrap(
      this.client(info.directory).tui.selectSession({ sessionID: info.id }, { signal: deadline(5_000, signal) }),
      'Selecting the session in the TUI',
    );
  }

  readonly replyToPermission: ServerApi['replyToPermission'] = (directory, request, reply, message) =>
    replyToPermission(this.client(directory), request, reply, message);

  readonly replyToQuestion: ServerApi['replyToQuestion'] = (directory, request, answers) =>
    replyToQuestion(this.client(directory), request.id, answers);

  readonly rejectQuestion: ServerApi['rejectQuestion'] = (directory, request) => rejectQuestion(this.client(directory), request.id);

  /** OpenCode 1.x has no forms (its question tool asks questions), so none is ever listed here to answer. */
  replyToForm(): Promise<void> {
    return Promise.reject(new ServerError('http', 'Answering the form: OpenCode 1.x servers have no forms.'));
  }

  cancelForm(): Promise<void> {
    return Promise.reject(new ServerError('http', 'Dismissing the form: OpenCode 1.x servers have no forms.'));
  }

  formState(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  markViewed(): Promise<void> {
    return Promise.reject(new ServerError('http', 'Marking the session as viewed: OpenCode 1.x keeps no viewed mark.', 404, true));
  }

  async revert(info: SessionInfo, messageID: string): Promise<void> {
    await unwrap(this.client(info.directory).session.revert({ sessionID: info.id, messageID }), 'Reverting the session');
  }

  async unrevert(info: SessionInfo): Promise<void> {
    await unwrap(this.client(info.directory).session.unrevert({ sessionID: info.id }), 'Undoing the revert');
  }
}
