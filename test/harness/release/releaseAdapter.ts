// The release-shape adapter: a loopback HTTP server in the test process, in front of a real OpenCode 1.18.33
// (`opencode serve` from npm), that answers as an OpenCode 2 release does. It changes shapes only: the sessions,
// the agent loop (1.18.33's session engine: its own tools, sub-agents, permissions, questions, compaction and
// priced steps), the costs and the events are 1.18.33's, read from its routes and its `/global/event` stream and
// reshaped by the rules of releaseRecords.ts and releaseEvents.ts, each naming the OpenCode 2 file it follows.
// 1.18.33's next engine (its `/api/session/{id}/prompt`) is not used: it prices every step at 0 and has no
// sub-agent tool, so its runs could show neither costs nor children.
//
// As a 2.x release (2.0.26, zjdCander/opencode@1066927b): HTTP Basic with user `opencode` and a random password on
// every path (the password as packages/cli/src/server-process.ts makes one); `GET /api/info` and no `/api/health` (packages/protocol/src/groups/
// server.ts); its own `GET /openapi.json` naming only the routes it serves (packages/server/src/routes.ts); unknown
// `/api/*` paths 404 with an empty body and every other path the web UI's page (packages/cli/src/services/web-ui.ts).
// Routes 1.18.33 cannot back (the per-turn diff, view, the inbox) are not in its document. Pairing by code
// (releasePairing.ts) is served unless `without` leaves its routes out, as a build without it would.
//
// By default it behaves as a stock 2.x `opencode serve` does where that was recorded: its session log keeps no
// event (only `log.synced` with the latest sequence), its document has no `resume` (as 2.0.26), a turn's events
// end without `session.idle` and queued input is `session.inbox.*` (releaseEvents.ts). `ReleaseBehaviour` turns on
// what only other builds have: retention, and `resume`. Each behaviour names its source in a line: a section of
// ../shared/reference/opencode2-server.md, or "ours: not observed" where 1.18.33 stands in for what no one recorded.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ascendingId } from './releaseIds';
import { ReleaseEvents, type ReleaseEvent } from './releaseEvents';
import { copiedFigures, forkRequest, ReleaseForks } from './releaseFork';
import { ReleaseLog } from './releaseLog';
import { pageOf, releaseForm, releaseMessages, releasePermission, releaseSession, v1Answers, type V1Message } from './releaseRecords';
import { PAIRING_REFUSED, ReleasePairing } from './releasePairing';
import { ADAPTER_ROUTES, RESUME_ROUTE, releaseDocument } from './releaseRoutes';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The 1.18.33 server behind the adapter. */
export interface Engine {
  url: string;
  pid: number;
  version: string;
  /** Its working folder: the location of requests that name none. */
  directory: string;
  /** Its HOME, where the adapter keeps the forks it made (a restarted adapter over the same data knows them). */
  home?: string;
  authHeaders(): Record<string, string>;
}

/** What only some 2.x builds do; each off by default, as a stock `opencode serve` (2.0.26) has it. */
export interface ReleaseBehaviour {
  /**
   * The session log replays the events after `after`, as a server built with retention does. Off: a stock serve's
   * log answers `log.synced` alone (../shared/reference/opencode2-server.md, "Recorded from the real servers").
   */
  retention?: boolean;
  /**
   * Serves `POST /api/session/{id}/resume` and names it in `/openapi.json`, as a later upstream source has it. Off: not
   * in the August build nor in 2.0.26 (../shared/reference/opencode2-server.md, "Recorded from the real servers").
   */
  resume?: boolean;
}

/** What the adapter's stand-in for `resume` says to 1.18.33's model (ours: not observed; 2.x admits no input). */
export const RESUME_TEXT = 'Continue from where you stopped.';

/** A refused request, answered as 2.x does: `{_tag, message, …}` (recorded: SessionNotFoundError, InvalidRequestError). */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly tag: string,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

/** The heartbeat comment of `/api/event` (packages/server/src/handlers/event.ts: every 15 s). */
const HEARTBEAT_MS = 15_000;
const WEB_PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>OpenCode</title></head><body><div id="root"></div></body></html>';

type Handler = (params: string[], query: URLSearchParams, body: Json, res: ServerResponse) => unknown;

export class ReleaseAdapter {
  url = '';
  private server?: Server;
  private readonly events = new ReleaseEvents();
  /** Each session's durable events, numbered, for its log route (kept only with retention). */
  private readonly log: ReleaseLog;
  private readonly listeners = new Set<(event: ReleaseEvent) => void>();
  private readonly clients = new Set<ServerResponse>();
  /** Session logs being followed. */
  private readonly followers = new Set<ServerResponse>();
  private upstream?: AbortController;
  private stopped = false;
  /** Each session's model and agent as last chosen through the adapter (1.x takes them with each prompt). */
  private readonly choices = new Map<string, { model?: { providerID: string; modelID: string }; agent?: string }>();
  /** What each session has under way that `wait` waits for: 1.x's prompt and summarize calls, which end with the run. */
  private readonly running = new Map<string, Set<Promise<unknown>>>();
  private readonly routes: Array<{ method: string; pattern: RegExp; handle: Handler }> = [];
  private readonly pairing = new ReleasePairing();
  /** Forks as a release makes them (releaseFork.ts). */
  private readonly forks: ReleaseForks;
  /** The routes it serves and names in its document (`"GET /api/info"`-style keys). */
  private readonly served: ReadonlySet<string>;

  constructor(
    private readonly engine: Engine,
    /** 2.x takes OPENCODE_SERVER_PASSWORD, else makes up a 43-character one (packages/cli/src/server-process.ts). */
    readonly password = randomBytes(32).toString('base64url'),
    /** Routes of ADAPTER_ROUTES left out of its document and its answers. */
    without: readonly string[] = [],
    /**
     * Whether its document names `parentID` on the session list, as every 2.x release does (groups/session.ts): the
     * extension then lists roots only and reads trees below them. False only to stand for an older document.
     */
    private readonly listsByParent = true,
    /** What only some builds do (retention, `resume`): none by default, as a stock serve. */
    behaviour: ReleaseBehaviour = {},
  ) {
    this.log = new ReleaseLog(behaviour.retention === true);
    const served = [...ADAPTER_ROUTES, ...(behaviour.resume ? [RESUME_ROUTE] : [])];
    this.served = new Set(served.filter((key) => !without.includes(key)));
    this.forks = new ReleaseForks(engine.home && join(engine.home, 'release-forks.json'));
    this.defineRoutes();
  }

  /** Every pairing code issued so far is expired (time passing, for tests). */
  expirePairingCodes(): void {
    this.pairing.expireAll();
  }

  /** Listens on `port` (0: any free one) once 1.18.33's event stream is open, so nothing it says is missed. */
  async start(port = 0): Promise<this> {
    await this.followEngine();
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.upstream?.abort();
    for (const client of [...this.clients, ...this.followers]) client.end();
    this.clients.clear();
    this.followers.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Basic `opencode:<password>`, as a 2.x client sends it. */
  authHeaders(): Record<string, string> {
    return { authorization: `Basic ${Buffer.from(`opencode:${this.password}`).toString('base64')}` };
  }

  // ---- 1.18.33's event stream -------------------------------------------------------------------------------

  /** Reads `/global/event` for as long as the adapter runs (again after a drop), translating each event. */
  private async followEngine(): Promise<void> {
    let opened!: () => void;
    let failed!: (error: unknown) => void;
    let first = true;
    const open = new Promise<void>((resolve, reject) => ((opened = resolve), (failed = reject)));
    const follow = async () => {
      while (!this.stopped) {
        this.upstream = new AbortController();
        try {
          const response = await fetch(`${this.engine.url}/global/event`, {
            headers: this.engine.authHeaders(),
            signal: this.upstream.signal,
          });
          if (!response.ok || !response.body) throw new Error(`/global/event: HTTP ${response.status}`);
          const decoder = new TextDecoder();
          let partial = '';
          for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
            const lines = (partial + decoder.decode(chunk, { stream: true })).split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines) {
              if (!line.startsWith('data:')) continue;
              const item = JSON.parse(line.slice(5)) as { directory?: string; payload?: { type?: string } };
              if (item.payload?.type === 'server.connected') {
                first = false;
                opened();
              }
              const v1 = item as Parameters<ReleaseEvents['translate']>[0];
              if (item.payload?.type && this.forks.keep(v1))
                for (const event of this.events.translate(v1)) this.publish(this.forks.event(event));
            }
          }
        } catch (error) {
          if (this.stopped) return;
          if (first) return failed(error);
          console.error(`release adapter: 1.18.33's event stream dropped (${String(error)}); reading it again`);
        }
      }
    };
    void follow();
    await open;
  }

  private publish(event: ReleaseEvent): void {
    this.log.record(event);
    for (const listen of this.listeners) listen(event);
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of this.clients) client.write(frame);
  }

  /** Resolves with the first event `accept` takes (the state an answer waits for); rejects when `settled` ends first. */
  private nextEvent(accept: (event: ReleaseEvent) => boolean, settled: Promise<unknown>): Promise<ReleaseEvent> {
    return new Promise((resolve, reject) => {
      const listen = (event: ReleaseEvent) => {
        if (!accept(event)) return;
        this.listeners.delete(listen);
        resolve(event);
      };
      this.listeners.add(listen);
      settled.then(
        () => undefined,
        (error: unknown) => {
          this.listeners.delete(listen);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  // ---- calls to 1.18.33 -------------------------------------------------------------------------------------

  private async engineCall<T>(path: string, init: { method?: string; body?: unknown; directory?: string } = {}): Promise<T> {
    const url = new URL(path, this.engine.url);
    if (init.directory) url.searchParams.set('directory', init.directory);
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: { ...this.engine.authHeaders(), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    if (response.status === 404) throw new Refused(404, 'NotFoundError', text.slice(0, 300) || `${path}: not found`);
    if (!response.ok)
      throw new Refused(response.status, 'UnknownError', `1.18.33 ${init.method ?? 'GET'} ${url.pathname}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Every session, as 1.18.33's `/api/session` lists them (server-wide), through every page. */
  private async sessions(): Promise<Json[]> {
    const all: Json[] = [];
    let cursor: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) });
      const page = await this.engineCall<{ data: Json[]; cursor?: { next?: string | null } }>(`/api/session?${query.toString()}`);
      all.push(...page.data);
      if (!page.data.length || !page.cursor?.next || page.cursor.next === cursor) return all;
      cursor = page.cursor.next;
    }
  }

  private async session(id: string): Promise<Json> {
    try {
      return (await this.engineCall<{ data: Json }>(`/api/session/${encodeURIComponent(id)}`)).data;
    } catch (error) {
      if (error instanceof Refused && error.status === 404)
        throw new Refused(404, 'SessionNotFoundError', `Session not found: ${id}`, { sessionID: id });
      throw error;
    }
  }

  private async directoryOf(id: string): Promise<string> {
    const info = await this.session(id);
    return isObject(info.location) ? String(info.location.directory) : this.engine.directory;
  }

  /** The folders 1.18.33 keeps an instance for: pending permissions and questions are listed per folder. */
  private async directories(): Promise<string[]> {
    const folders = new Set([this.engine.directory]);
    for (const s of await this.sessions()) if (isObject(s.location)) folders.add(String(s.location.directory));
    return [...folders];
  }

  private async pendingPermissions(): Promise<Json[]> {
    const lists = await Promise.all((await this.directories()).map((directory) => this.engineCall<Json[]>('/permission', { directory })));
    return unique(lists.flat()).map(releasePermission);
  }

  private async pendingForms(): Promise<Json[]> {
    const lists = await Promise.all((await this.directories()).map((directory) => this.engineCall<Json[]>('/question', { directory })));
    const forms = unique(lists.flat()).map(releaseForm);
    for (const form of forms) this.events.knowForm(form);
    return forms;
  }

  /** The model 1.x runs a session's next prompt or summary with: the one chosen here, else its last step's, else the default. */
  private async modelOf(sessionID: string, directory: string): Promise<{ providerID: string; modelID: string }> {
    const chosen = this.choices.get(sessionID)?.model;
    if (chosen) return chosen;
    const messages = await this.engineCall<V1Message[]>(`/session/${encodeURIComponent(sessionID)}/message`, { directory });
    const last = messages
      .map((m) => m.info)
      .filter((i) => i.role === 'assistant' && typeof i.modelID === 'string')
      .at(-1);
    if (last) return { providerID: String(last.providerID), modelID: String(last.modelID) };
    const config = await this.engineCall<{ model?: string }>('/config', { directory });
    const [providerID, ...rest] = (config.model ?? '').split('/');
    return { providerID, modelID: rest.join('/') };
  }

  /** Keeps a 1.x call that lasts as long as the session's run, for `wait`. */
  private underWay(sessionID: string, call: Promise<unknown>): void {
    const set = this.running.get(sessionID) ?? new Set();
    this.running.set(sessionID, set);
    const settled = call.catch(() => undefined);
    set.add(settled);
    void settled.then(() => set.delete(settled));
  }

  // ---- the 2.x routes ---------------------------------------------------------------------------------------

  private defineRoutes(): void {
    const S = '/api/session/([^/]+)';
    const route = (method: string, path: string, handle: Handler) => this.routes.push({ method, pattern: new RegExp(`^${path}$`), handle });

    // server.ts `server.pair`: a code for `/auth/connect/{code}` (redeemed in `connect`, before the credential check).
    if (this.served.has('POST /api/pair')) route('POST', '/api/pair', () => this.pairing.issue());

    // Source: "2.x releases" (identity: `/api/info`, no `/api/health`) in ../shared/reference/opencode2-server.md.
    route('GET', '/api/info', () => ({
      version: this.engine.version,
      // The process that listens at its URL, as a release's own pid is: the extension sends a registered
      // service's password only once it sees that process listening there (portListener.ts).
      pid: process.pid,
      urls: [this.url],
      paths: { tmp: tmpdir() },
    }));

    // groups/session.ts: the server-wide list, `?directory`, `?parentID` (`null`: roots), `?search` (titles), order.
    // Source: "November 2026" (list) and "Recorded API shapes" (`{data, cursor}`) in ../shared/reference/opencode2-server.md.
    route('GET', '/api/session', async (_, q) => {
      let list = (await this.sessions()).map((s) => this.forks.session(releaseSession(s)));
      const directory = q.get('directory');
      const parentID = q.get('parentID');
      const search = q.get('search')?.toLowerCase();
      if (directory) list = list.filter((s) => isObject(s.location) && s.location.directory === directory);
      if (parentID === 'null') list = list.filter((s) => !s.parentID);
      else if (parentID) list = list.filter((s) => s.parentID === parentID);
      if (search) list = list.filter((s) => (typeof s.title === 'string' ? s.title : '').toLowerCase().includes(search));
      if (q.get('order') === 'asc') list.reverse();
      const key = JSON.stringify([directory, parentID, search, q.get('order')]);
      return pageOf(list, { limit: Number(q.get('limit')) || 50, cursor: q.get('cursor') ?? undefined, key });
    });

    route('POST', '/api/session', async (_, __, body) => {
      const location = isObject(body.location) ? body.location : {};
      const model = isObject(body.model) ? body.model : undefined;
      const created = await this.engineCall<Json>('/session', {
        method: 'POST',
        directory: typeof location.directory === 'string' ? location.directory : this.engine.directory,
        body: {
          ...(typeof body.title === 'string' ? { title: body.title } : {}),
          ...(typeof body.parentID === 'string' ? { parentID: body.parentID } : {}),
        },
      });
      const id = String(created.id);
      this.choices.set(id, {
        ...(model ? { model: { providerID: String(model.providerID), modelID: String(model.id) } } : {}),
        ...(typeof body.agent === 'string' ? { agent: body.agent } : {}),
      });
      return { data: this.forks.session(releaseSession(await this.session(id))) };
    });

    // Source: "Recorded API shapes" (`/api/session/active`: running sessions only) in ../shared/reference/opencode2-server.md.
    route('GET', '/api/session/active', () => ({
      data: Object.fromEntries(this.events.running().map((id) => [id, { type: 'running' }])),
    }));

    route('GET', S, async ([id]) => ({ data: this.forks.session(releaseSession(await this.session(id))) }));

    // `session.update {title?}` (PATCH) → `{data: Session.Info}`; 1.x renames with `PATCH /session/{id}`.
    // Source: "2.x releases" (rename) in ../shared/reference/opencode2-server.md.
    route('PATCH', S, async ([id], _, body) => {
      const directory = await this.directoryOf(id);
      if (typeof body.title === 'string')
        await this.engineCall(`/session/${encodeURIComponent(id)}`, { method: 'PATCH', directory, body: { title: body.title } });
      return { data: this.forks.session(releaseSession(await this.session(id))) };
    });

    // `session.delete` → 204; 1.x deletes the session with its sub-agents' sessions, each announced.
    route('DELETE', S, async ([id]) => {
      await this.engineCall(`/session/${encodeURIComponent(id)}`, { method: 'DELETE', directory: await this.directoryOf(id) });
      return undefined;
    });

    // `session.fork {before?}` → `{data: Session.Info}` (2.0.26; the recorded build's `{boundary: {type: "through"}}`
    // too): 1.x's fork `{messageID}` copies the messages before that one, `{}` all of them (2.0.26 copies finished
    // messages only: the tests fork idle sessions). The record starts at cost 0 and zero tokens, the copies keep
    // the original's cost and tokens, and `session.forked {sessionID, parentID, boundary}` says so (recorded).
    route('POST', `${S}/fork`, async ([id], _, body) => {
      const asked = forkRequest(body);
      if (!asked) throw invalid('boundary');
      const directory = await this.directoryOf(id);
      const original = await this.engineCall<V1Message[]>(`/session/${encodeURIComponent(id)}/message`, { directory });
      const last = original.at(-1)?.info.id;
      const boundary = asked.before
        ? { type: 'before' as const, messageID: asked.before }
        : { type: 'through' as const, messageID: typeof last === 'string' ? last : '' };
      // Until the fork is recorded, 1.x's news of it is known by its title (releaseFork.ts `keep`).
      const { forkID, created } = await this.forks.during(async () => {
        const made = await this.engineCall<Json>(`/session/${encodeURIComponent(id)}/fork`, { method: 'POST', directory, body: asked.v1 });
        const madeID = String(made.id);
        const at = isObject(made.time) && typeof made.time.created === 'number' ? made.time.created : Date.now();
        const copies = await this.engineCall<V1Message[]>(`/session/${encodeURIComponent(madeID)}/message`, { directory });
        this.forks.record(madeID, { from: id, boundary, created: at, copied: copiedFigures(copies, at) });
        return { forkID: madeID, created: at };
      });
      this.publish({
        id: ascendingId('evt', created),
        created,
        type: 'session.forked',
        data: { sessionID: forkID, parentID: id, boundary },
        location: { directory },
      });
      return { data: this.forks.session(releaseSession(await this.session(forkID))) };
    });

    route('POST', `${S}/model`, async ([id], _, body) => {
      const model = isObject(body.model) ? body.model : undefined;
      if (!model) throw invalid('model');
      await this.session(id);
      this.choices.set(id, { ...this.choices.get(id), model: { providerID: String(model.providerID), modelID: String(model.id) } });
      return undefined;
    });

    route('POST', `${S}/agent`, async ([id], _, body) => {
      if (typeof body.agent !== 'string') throw invalid('agent');
      await this.session(id);
      this.choices.set(id, { ...this.choices.get(id), agent: body.agent });
      return undefined;
    });

    // groups/session.ts `session.prompt {text, …}` → `{data: {id, sessionID, timeCreated, type: "user", data, delivery}}`,
    // answered once the input is in the session (its `session.inbox.enqueued`). Source: "Recorded API shapes" (prompt) and
    // "2.x releases" (queued input) in ../shared/reference/opencode2-server.md.
    route('POST', `${S}/prompt`, async ([id], _, body) => {
      if (typeof body.text !== 'string') throw invalid('text');
      const directory = await this.directoryOf(id);
      const messageID = typeof body.id === 'string' ? body.id : ascendingId('msg');
      const choice = this.choices.get(id);
      const call = this.engineCall(`/session/${encodeURIComponent(id)}/message`, {
        method: 'POST',
        directory,
        body: {
          messageID,
          parts: [{ type: 'text', text: body.text }],
          ...(choice?.model ? { model: choice.model } : {}),
          ...(choice?.agent ? { agent: choice.agent } : {}),
        },
      });
      const enqueued = this.nextEvent((e) => e.type === 'session.inbox.enqueued' && e.data.inboxID === messageID, call);
      this.underWay(id, call);
      const event = await enqueued;
      return {
        data: { id: messageID, sessionID: id, timeCreated: event.created, type: 'user', data: { text: body.text }, delivery: 'steer' },
      };
    });

    // `session.resume` (only when asked): start or join the session's run without a new input, answered (204) once it
    // settles. Source: ../shared/reference/opencode2-server.md, "November 2026" (resume, interrupt).
    if (this.served.has(RESUME_ROUTE))
      route('POST', `${S}/resume`, async ([id]) => {
        const directory = await this.directoryOf(id);
        if (this.events.running().includes(id)) {
          await this.nextEvent(
            (e) => e.data.sessionID === id && /^session\.execution\.(succeeded|failed|interrupted)$/.test(e.type),
            never,
          );
          return undefined;
        }
        // 1.18.33 runs only on a message: one synthetic text part stands for "no new input", shown as none on this
        // stream and in the message list (ours: not observed).
        const choice = this.choices.get(id);
        const call = this.engineCall(`/session/${encodeURIComponent(id)}/message`, {
          method: 'POST',
          directory,
          body: {
            parts: [{ type: 'text', text: RESUME_TEXT, synthetic: true }],
            ...(choice?.model ? { model: choice.model } : {}),
            ...(choice?.agent ? { agent: choice.agent } : {}),
          },
        });
        this.underWay(id, call);
        await call;
        return undefined;
      });

    // `session.wait` (groups/session.ts, experimental): until the session's run has settled.
    route('POST', '/api/experimental/session/([^/]+)/wait', async ([id]) => {
      await this.session(id);
      for (let calls = this.running.get(id); calls?.size; calls = this.running.get(id)) await Promise.all(calls);
      // 1.x answers a prompt as its run ends; the stream that says so may come a moment later.
      if (this.events.running().includes(id))
        await this.nextEvent((e) => e.data.sessionID === id && /^session\.execution\.(succeeded|failed|interrupted)$/.test(e.type), never);
      return undefined;
    });

    // `session.compact {id?, delivery?}` → `{data: {id, sessionID, timeCreated, type: "compaction"}}` (1.x summarizes
    // with the session's model).
    route('POST', `${S}/compact`, async ([id]) => {
      const directory = await this.directoryOf(id);
      const model = await this.modelOf(id, directory);
      const call = this.engineCall(`/session/${encodeURIComponent(id)}/summarize`, { method: 'POST', directory, body: model });
      const enqueued = this.nextEvent(
        (e) => e.type === 'session.inbox.enqueued' && e.data.sessionID === id && isObject(e.data.item) && e.data.item.type === 'compaction',
        call,
      );
      this.underWay(id, call);
      const event = await enqueued;
      return { data: { id: event.data.inboxID, sessionID: id, timeCreated: event.created, type: 'compaction' } };
    });

    // `session.interrupt` → 200 `{interrupted}`. Source: "Recorded from the real servers" (interrupt, 2.0.26) in
    // ../shared/reference/opencode2-server.md.
    route('POST', `${S}/interrupt`, async ([id]) => {
      const wasRunning = this.events.running().includes(id);
      await this.engineCall(`/session/${encodeURIComponent(id)}/abort`, { method: 'POST', directory: await this.directoryOf(id) });
      return { interrupted: wasRunning };
    });

    route('POST', `${S}/revert/stage`, async ([id], _, body) => {
      if (typeof body.messageID !== 'string') throw invalid('messageID');
      const directory = await this.directoryOf(id);
      await this.engineCall(`/session/${encodeURIComponent(id)}/revert`, {
        method: 'POST',
        directory,
        body: { messageID: body.messageID },
      });
      return undefined;
    });

    route('DELETE', `${S}/revert`, async ([id]) => {
      await this.engineCall(`/session/${encodeURIComponent(id)}/unrevert`, { method: 'POST', directory: await this.directoryOf(id) });
      return undefined;
    });

    // groups/message.ts: `{data, cursor}`, newest first unless `order=asc`, 1–200 a page.
    route('GET', `${S}/message`, async ([id], q) => {
      const messages = await this.messages(id);
      if (q.get('order') !== 'asc') messages.reverse();
      return pageOf(messages, {
        limit: Number(q.get('limit')) || 50,
        cursor: q.get('cursor') ?? undefined,
        key: `${id} ${q.get('order')}`,
      });
    });

    route('GET', `${S}/message/([^/]+)`, async ([id, messageID]) => {
      const message = (await this.messages(id)).find((m) => m.id === messageID);
      if (!message) throw new Refused(404, 'MessageNotFoundError', `Message not found: ${messageID}`, { messageID });
      return { data: message };
    });

    // groups/permission.ts
    route('GET', '/api/permission/request', async () => ({ location: this.location(), data: await this.pendingPermissions() }));
    route('GET', `${S}/permission`, async ([id]) => ({ data: (await this.pendingPermissions()).filter((p) => p.sessionID === id) }));
    route('GET', `${S}/permission/([^/]+)`, async ([id, requestID]) => {
      const request = (await this.pendingPermissions()).find((p) => p.sessionID === id && p.id === requestID);
      if (!request) throw new Refused(404, 'PermissionNotFoundError', `Permission request not found: ${requestID}`, { requestID });
      return { data: request };
    });
    // `{decision: "once"|"always"|"reject", message?}` → 204; the older build's `{reply}` is refused. Source: "2.x
    // releases" (permission reply) in ../shared/reference/opencode2-server.md.
    route('POST', `${S}/permission/([^/]+)/reply`, async ([id, requestID], _, body) => {
      if (!['once', 'always', 'reject'].includes(String(body.decision))) throw invalid('decision');
      await this.engineCall(`/permission/${encodeURIComponent(requestID)}/reply`, {
        method: 'POST',
        directory: await this.directoryOf(id),
        body: { reply: body.decision, ...(typeof body.message === 'string' ? { message: body.message } : {}) },
      });
      return undefined;
    });

    // groups/form.ts, groups/session.ts (session forms): the question tool's forms. Source: "2.x releases" (questions,
    // forms) in ../shared/reference/opencode2-server.md.
    route('GET', '/api/form', async () => ({ location: this.location(), data: await this.pendingForms() }));
    route('GET', `${S}/form`, async ([id]) => ({ data: (await this.pendingForms()).filter((f) => f.sessionID === id) }));
    // `Form.Detail`: the form with its `state` (a settled one is kept 10 minutes, packages/core/src/form.ts).
    route('GET', `${S}/form/([^/]+)`, async ([id, formID]) => {
      const pending = (await this.pendingForms()).find((f) => f.sessionID === id && f.id === formID);
      if (pending) return { data: { ...pending, state: { status: 'pending' } } };
      const settled = this.events.settledForm(formID);
      if (!settled || settled.form.sessionID !== id) throw new Refused(404, 'FormNotFoundError', `Form not found: ${formID}`, { formID });
      return { data: { ...settled.form, state: settled.state } };
    });
    route('POST', `${S}/form/([^/]+)/reply`, async ([id, formID], _, body) => {
      if (!isObject(body.answer)) throw invalid('answer');
      const form = this.events.pendingForm(formID) ?? (await this.pendingForms()).find((f) => f.id === formID);
      if (!form || form.sessionID !== id) throw new Refused(404, 'FormNotFoundError', `Form not found: ${formID}`, { formID });
      await this.engineCall(`/question/${encodeURIComponent(formID)}/reply`, {
        method: 'POST',
        directory: await this.directoryOf(id),
        body: { answers: v1Answers(form, body.answer) },
      });
      return undefined;
    });
    // Cancel: `DELETE …/form/{id}?message=` → 204 (1.x's reject takes no reason; the state keeps it).
    route('DELETE', `${S}/form/([^/]+)`, async ([id, formID], q) => {
      this.events.cancelling(formID, q.get('message') ?? undefined);
      await this.engineCall(`/question/${encodeURIComponent(formID)}/reject`, { method: 'POST', directory: await this.directoryOf(id) });
      return undefined;
    });

    // groups/model.ts, groups/provider.ts: 1.18.33's own answers are a release's shape already. Source: "Recorded API
    // shapes" (`/api/model`, `/api/provider`) in ../shared/reference/opencode2-server.md; the 503 while loading: not served.
    route('GET', '/api/model', async () => this.engineCall('/api/model'));
    route('GET', '/api/provider', async () => this.engineCall('/api/provider'));
  }

  private async messages(sessionID: string): Promise<Json[]> {
    const directory = await this.directoryOf(sessionID);
    return releaseMessages(
      await this.engineCall<V1Message[]>(`/session/${encodeURIComponent(sessionID)}/message`, { directory }),
      directory,
    );
  }

  private location(): Json {
    return { directory: this.engine.directory };
  }

  // ---- serving ----------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://adapter');
    const code = req.method === 'GET' && this.served.has('GET /auth/connect/{code}') ? pairingCodeOf(url.pathname) : undefined;
    if (code !== undefined) return this.connect(code, req, res);
    if (!this.authorized(req.headers.authorization)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="opencode"' }).end();
      return;
    }
    try {
      if (req.method === 'GET' && url.pathname === '/openapi.json') return json(res, 200, this.document());
      if (req.method === 'GET' && url.pathname === '/api/event') return this.stream(res);
      const logOf = /^\/api\/experimental\/session\/([^/]+)\/log$/.exec(url.pathname);
      if (req.method === 'GET' && logOf) return this.sessionLog(decodeURIComponent(logOf[1]), url.searchParams, res);
      // Source: "2.x releases" (unknown paths) in ../shared/reference/opencode2-server.md: the web UI's page off `/api`.
      if (!url.pathname.startsWith('/api/')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(WEB_PAGE);
        return;
      }
      for (const r of this.routes) {
        const match = req.method === r.method ? r.pattern.exec(url.pathname) : null;
        if (!match) continue;
        const body = req.method === 'GET' || req.method === 'DELETE' ? {} : await readJson(req);
        const answer = await r.handle(match.slice(1).map(decodeURIComponent), url.searchParams, body, res);
        if (answer === undefined) res.writeHead(204).end();
        else json(res, 200, answer);
        return;
      }
      res.writeHead(404).end();
    } catch (error) {
      if (res.headersSent) return void res.end();
      if (error instanceof Refused) return json(res, error.status, { _tag: error.tag, message: error.message, ...error.extra });
      json(res, 500, { _tag: 'UnknownError', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * Basic `opencode:` with the server's password or a session token it gave by pairing. Source: "Recorded API
   * shapes" (Auth) and "November 2026" (pairing) in ../shared/reference/opencode2-server.md.
   */
  private authorized(header: string | undefined): boolean {
    if (header === this.authHeaders().authorization) return true;
    const prefix = 'Basic ';
    if (!header?.startsWith(prefix)) return false;
    const decoded = Buffer.from(header.slice(prefix.length), 'base64').toString();
    return decoded.startsWith('opencode:') && this.pairing.accepts(decoded.slice('opencode:'.length));
  }

  /**
   * handlers/server.ts `server.connect`: a JSON client gets `{token}`, a browser (Accept: text/html) a cookie and a
   * redirect to the web UI; a used or expired code 401 `UnauthorizedError` (a browser: a line of text).
   */
  private connect(code: string, req: IncomingMessage, res: ServerResponse): void {
    const browser = req.headers.accept?.includes('text/html') === true;
    const token = this.pairing.consume(code);
    if (token === undefined) {
      if (!browser) return json(res, 401, { _tag: 'UnauthorizedError', message: PAIRING_REFUSED });
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end('This pairing link expired or was already used.');
      return;
    }
    if (!browser) return json(res, 200, { token });
    res.writeHead(302, { location: '/', 'set-cookie': `opencode_session=${token}; Path=/; HttpOnly; SameSite=Lax` }).end();
  }

  /** `/openapi.json`: the routes it serves, `resume` only when asked (source: ../shared/reference/opencode2-server.md, "Recorded from the real servers", resume). */
  private document(): Json {
    const document = releaseDocument(this.listsByParent ? [] : ['GET /api/session?parentID'], this.served);
    return { ...document, info: { title: 'opencode HttpApi', version: this.engine.version } };
  }

  /**
   * `GET /api/experimental/session/{id}/log?after=<seq>&follow=` (groups/session.ts): the session's durable events
   * after `after` (none unless it retains: releaseLog.ts), `log.synced` with its last sequence, then (with
   * `follow=true`) heartbeats, and each new event only where it retains (a stock serve's brought nothing during a
   * run). `after` below 0 is refused as the older build refused it. Source: ../shared/reference/opencode2-server.md,
   * "Recorded from the real servers" (session log) and "Recorded API shapes" (`log.synced`, `after` ≥ 0).
   */
  private sessionLog(sessionID: string, query: URLSearchParams, res: ServerResponse): void {
    const after = Number(query.get('after') ?? '0');
    if (!Number.isInteger(after) || after < 0)
      throw new Refused(
        400,
        'InvalidRequestError',
        `Expected a value greater than or equal to 0, got ${query.get('after')}\n  at ["after"]`,
        {
          kind: 'Query',
        },
      );
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const { events, seq } = this.log.after(sessionID, after);
    for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
    res.write(`data: ${JSON.stringify({ type: 'log.synced', aggregateID: sessionID, seq })}\n\n`);
    if (query.get('follow') !== 'true') return void res.end();
    const listen = (event: ReleaseEvent) => {
      if (this.log.retains && event.durable?.aggregateID === sessionID) res.write(`data: ${JSON.stringify(event)}\n\n`);
    };
    this.listeners.add(listen);
    const beat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    this.followers.add(res);
    res.on('close', () => {
      clearInterval(beat);
      this.listeners.delete(listen);
      this.followers.delete(res);
    });
  }

  /**
   * `/api/event`: `server.connected` first, then every translated event, `: heartbeat` every 15 s. Source: "Recorded
   * API shapes" (`GET /api/event`) in ../shared/reference/opencode2-server.md.
   */
  private stream(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`data: ${JSON.stringify({ id: ascendingId('evt'), type: 'server.connected', data: {} })}\n\n`);
    this.clients.add(res);
    const beat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(beat);
      this.clients.delete(res);
    });
  }
}

const never = new Promise<never>(() => undefined);

/** The code of `/auth/connect/{code}` (one segment, as server.ts's `PAIRING_CONNECT_PATH`); undefined for other paths. */
function pairingCodeOf(path: string): string | undefined {
  const prefix = '/auth/connect/';
  if (!path.startsWith(prefix)) return undefined;
  const segment = path.slice(prefix.length);
  if (!segment || segment.includes('/')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A body without a required key: 400 as 2.x's schema refuses it (`InvalidRequestError`, kind `Payload`). */
function invalid(key: string): Refused {
  return new Refused(400, 'InvalidRequestError', `Missing key\n  at ["${key}"]`, { kind: 'Payload' });
}

function unique(list: Json[]): Json[] {
  return [...new Map(list.map((item) => [String(item.id), item])).values()];
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function readJson(req: IncomingMessage): Promise<Json> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
  } catch {
    // answered below
  }
  throw new Refused(400, 'InvalidRequestError', 'Expected object', { kind: 'Payload' });
}
