// One attempt to connect a server (moved from ServerConnection.connectOnce and .follow): find the API it
// speaks, follow its live stream, load the snapshot once the stream is registered, then apply what the
// stream sent meanwhile. The connection's loop runs one after another (connectionLoop.ts).
import type { StoreEvent } from '../store/events';
import { SnapshotStage } from '../store/snapshotStage';
import { apiFor, detectApi } from './detectApi';
import { FIRST_PAGE, type ApiPreference, type ServerApi } from './serverApi';
import type { Logger } from './logger';
import type { ServerEndpoint } from './opencodeClient';
import { asServerError } from './serverError';
import type { SessionData } from './sessionData';

/** A listing with at least this many sessions after a page (a full first page) is shown before its last page (see SessionData.preview). */
const PREVIEW_FROM = FIRST_PAGE;

/** What an attempt reads of its connection, and what it tells it. */
export interface AttemptHost {
  readonly log: Logger;
  readonly data: SessionData;
  /** Reconnect when nothing (not even a heartbeat) arrives for this long. */
  readonly stallMs: number;
  label(): string;
  endpoint(): Promise<ServerEndpoint>;
  /** The server's setting, or `auto`. */
  preference(): ApiPreference;
  /** The API the server spoke last time (`auto` tries it first). */
  lastApi(): ServerApi;
  /** The API (and version) this attempt found; set before anything of its stream is applied. */
  found(api: ServerApi, version: string | undefined): void;
  /** List archived sessions too. */
  showArchived(): boolean;
  waitingFor(what: string): void;
  online(): void;
  resetMalformed(): void;
  noteMalformed(kind: string, count?: number): void;
  logRequestFailures(failures: string[]): void;
}

/** Resolves when the server ends the stream, or the attempt is aborted; rejects on failure. */
export async function connectOnce(host: AttemptHost, signal: AbortSignal): Promise<void> {
  const endpoint: ServerEndpoint = await host.endpoint();
  host.resetMalformed();
  // Events that arrive before the snapshot is in are buffered and applied after it.
  let buffered: StoreEvent[] | undefined = [];
  const onEvent = (event: StoreEvent) => {
    if (buffered) buffered.push(event);
    else host.data.applyLive(event);
  };
  // The health check and the subscription go out together (one round trip, not two), on the API the server
  // spoke last time (or its setting). Health is awaited first, so a 401 or a server that is not OpenCode
  // reports as the health check, whatever the stream says; should the server now speak the other API, the
  // guessed stream is dropped and the right one opened.
  const preference = host.preference();
  let api = apiFor(endpoint, preference === 'auto' ? host.lastApi().generation : preference);
  let live = follow(host, api, signal, onEvent);
  const detected = await detectApi(endpoint, preference, signal);
  if (detected.api.generation !== api.generation) {
    live.stop();
    buffered = [];
    live = follow(host, (api = detected.api), signal, onEvent);
  }
  host.found(api, detected.version);
  host.waitingFor("the event stream's first event");
  const { stream, subscribed } = live;
  // Before anything from the new stream is applied (until the snapshot is in, it is only buffered).
  host.data.reconnected();
  // The listing starts only once the server has sent the stream's first event, i.e. has registered the
  // subscription: every change after that point reaches us as an event, so nothing between the snapshot's
  // reads and the stream is lost. The listing pages and the per-folder reads below all come after it.
  await Promise.race([subscribed, stream]);
  // A server that just started answers its first listing only once its project is loaded, e.g. after
  // OpenCode has installed the plugins its config names (from npm, on first use: tens of seconds).
  host.waitingFor('the session list');
  const folders = api.snapshotReads();
  const stage = new SnapshotStage();
  let previewed = false;
  const { sessions, malformed } = await api.listSessions({
    archived: host.showArchived(),
    signal,
    // While later pages load: each folder's statuses and requests are read as soon as a page shows the
    // folder, and the page's sessions are made into records, so the snapshot below only links them.
    onPage: (page) => {
      folders.add(page.map((s) => s.directory));
      stage.add(page);
      // A long listing shows what it has after its first page, while the rest loads (the server row still
      // says it waits for the session list): at 10 000 sessions that is a second sooner on a busy machine.
      if (!previewed && stage.records.size >= PREVIEW_FROM) {
        previewed = true;
        host.data.preview(stage);
      }
    },
  });
  if (malformed) host.noteMalformed('session list entry', malformed);
  host.waitingFor("each folder's session statuses");
  const { statuses, pending } = await folders.settle();
  if (signal.aborted) return;
  host.logRequestFailures(pending.failures);
  host.data.loadSnapshot(stage, statuses, pending.requests, pending.failedDirectories);
  const early = buffered;
  buffered = undefined;
  for (const event of early) host.data.applyLive(event);
  host.log.info(
    `${host.label()}: connected to OpenCode ${detected.version ?? ''} (API ${api.generation}) — ${host.data.reader.size} sessions.`,
  );
  host.online();
  // Servers before 1.15 have no session totals: sum their messages, without holding up the tree.
  void api.backfillTotals(sessions, host.data.sink, {
    signal,
    onError: (id, err) =>
      host.log.warn(`${host.label()}: could not read the messages of ${id}: ${asServerError(err, 'Reading messages').message}`),
  });
  await stream;
}

/** Follows `api`'s live stream until `signal` aborts or `stop()`; `subscribed` settles on its first item. */
function follow(
  host: AttemptHost,
  api: ServerApi,
  signal: AbortSignal,
  onEvent: (event: StoreEvent) => void,
): { stream: Promise<void>; subscribed: Promise<void>; stop(): void } {
  const own = new AbortController();
  const stop = () => own.abort();
  // An attempt dropped while the endpoint was resolved: its 'abort' has fired already.
  if (signal.aborted) stop();
  signal.addEventListener('abort', stop, { once: true });
  let firstItem!: () => void;
  const subscribed = new Promise<void>((resolve) => (firstItem = resolve));
  const stream = api
    .streamEvents({
      stallMs: host.stallMs,
      signal: own.signal,
      onItem: () => firstItem(),
      onEvent: (event) => !own.signal.aborted && onEvent(event),
      malformed: (kind) => host.noteMalformed(kind),
    })
    .finally(() => signal.removeEventListener('abort', stop));
  // Awaited later (or dropped with stop()); failing before then must not count as unhandled.
  void stream.catch(() => undefined);
  return { stream, subscribed, stop };
}
